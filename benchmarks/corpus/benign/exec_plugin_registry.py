# lookalike: code-execution
import importlib
from importlib.metadata import entry_points

BUILTIN_EXPORTERS = {
    "csv": "reports.exporters.csv_exporter",
    "xlsx": "reports.exporters.xlsx_exporter",
    "pdf": "reports.exporters.pdf_exporter",
}


def load_exporter(fmt: str):
    try:
        module_name = BUILTIN_EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unsupported format {fmt!r}") from None
    return importlib.import_module(module_name)


def third_party_exporters() -> dict:
    return {ep.name: ep.load() for ep in entry_points(group="reports.exporters")}
