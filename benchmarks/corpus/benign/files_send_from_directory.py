# lookalike: files
from flask import Flask, send_from_directory

app = Flask(__name__)
REPORT_DIR = "/srv/acme/reports"


@app.get("/reports/<path:filename>")
def download_report(filename: str):
    return send_from_directory(REPORT_DIR, filename, as_attachment=True)
