# expect: code-execution
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/calculate", methods=["POST"])
def calculate():
    """Evaluate a simple arithmetic expression typed into the dashboard widget."""
    expression = request.form.get("expression", "0")
    try:
        result = eval(expression)
    except Exception as exc:  # report parse errors back to the widget
        return jsonify({"error": str(exc)}), 400
    return jsonify({"expression": expression, "result": result})
