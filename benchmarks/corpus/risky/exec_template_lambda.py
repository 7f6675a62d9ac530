# expect: code-execution
"""Spreadsheet-style computed columns."""
import csv


def add_computed_column(rows: list[dict], column: str, expression: str) -> None:
    fn = eval("lambda row: " + expression)
    for row in rows:
        row[column] = fn(row)


def process(path: str, column: str, expression: str) -> list[dict]:
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    add_computed_column(rows, column, expression)
    return rows
