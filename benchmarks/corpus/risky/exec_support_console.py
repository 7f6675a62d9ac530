# expect: code-execution | backdoor
import contextlib
import io

from flask import Flask, request

app = Flask(__name__)


@app.post("/internal/console")
def console():
    """Interactive console for support engineers."""
    source = request.get_data(as_text=True)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, {"app": app})
    return out.getvalue()
