# expect: files
import os

from flask import Flask, request, send_file

app = Flask(__name__)
REPORT_DIR = "/srv/acme/reports"


@app.get("/reports/download")
def download_report():
    filename = request.args["file"]
    return send_file(os.path.join(REPORT_DIR, filename), as_attachment=True)
