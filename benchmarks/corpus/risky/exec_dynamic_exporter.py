# expect: code-execution
import importlib

from flask import Blueprint, request, send_file

exports = Blueprint("exports", __name__)


@exports.get("/export")
def export_report():
    fmt = request.args.get("format", "csv")
    backend = importlib.import_module(f"reports.exporters.{fmt}") if "." not in fmt else importlib.import_module(fmt)
    path = backend.render(request.args.get("report_id"))
    return send_file(path, as_attachment=True)
