# lookalike: insecure-config
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
# public, read-only, unauthenticated data: any origin may read it
CORS(app, resources={r"/public/*": {"origins": "*"}}, supports_credentials=False)


@app.get("/public/exchange-rates")
def rates():
    return jsonify({"EUR": 1.0, "USD": 1.08})
