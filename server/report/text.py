"""`path:line:col: CODE message`, one per line, coloured on a terminal."""

from __future__ import annotations

from typing import TextIO

from . import FileResult

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def write(results: list[FileResult], out: TextIO, err: TextIO, colour: bool) -> None:
    count = 0
    files = 0
    for result in results:
        if result.error is not None:
            err.write(f"{result.path}: error: {result.error}\n")
            continue
        if result.findings:
            files += 1
        for finding in result.findings:
            count += 1
            where = f"{finding.path}:{finding.span.start.line}:{finding.span.start.column}:"
            code = finding.rule.code
            fixable = " [*]" if finding.fix is not None else ""
            if colour:
                tint = _COLOURS.get(finding.severity, "")
                out.write(
                    f"{_BOLD}{where}{_RESET} {tint}{_BOLD}{code}{_RESET}{fixable} "
                    f"{finding.message} {_DIM}({finding.rule.name}){_RESET}\n"
                )
            else:
                out.write(f"{where} {code}{fixable} {finding.message} ({finding.rule.name})\n")
            for related in finding.related:
                out.write(
                    f"    {finding.path}:{related.span.start.line}:{related.span.start.column}: "
                    f"{related.message}\n"
                )
    errors = sum(1 for r in results if r.error is not None)
    if count:
        noun = "finding" if count == 1 else "findings"
        out.write(f"Found {count} {noun} in {files} file{'s' if files != 1 else ''}.\n")
        if any(f.fix is not None for r in results for f in r.findings):
            out.write("[*] a quick fix is available in the editor.\n")
    elif not errors:
        out.write("No findings.\n")
    if errors:
        err.write(f"{errors} file{'s' if errors != 1 else ''} could not be analysed.\n")
