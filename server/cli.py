"""The `gifthorse` command: `check` for CI, `serve` for editors, `rules` for people.

Exit codes (DESIGN §7): 0 no findings, 1 findings, 2 usage or internal error. A file that
cannot be read is reported and does not change the exit code on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn, TextIO

from gifthorse.analyzers import Settings, default_rules
from gifthorse.analyzers.catalogue import catalogue_markdown, rule_json
from gifthorse.analyzers.config import apply, find_pyproject, load_pyproject
from gifthorse.analyzers.dependencies.index import DEFAULT_INDEX, IndexClient
from gifthorse.analyzers.dependencies.trust import workspace_trust

from .discover import discover
from .gitdiff import GitError, added_lines
from .online import check_index
from .report import FileResult, json_report, sarif, text
from .scan import Progress, scan

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def package_version() -> str:
    try:
        return version("gifthorse")
    except PackageNotFoundError:
        return "0+unknown"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"gifthorse: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gifthorse",
        description="Look AI-inserted Python code in the mouth: a language server and a CI check.",
    )
    parser.add_argument("--version", action="version", version=f"gifthorse {package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="analyse files and directories")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument("--diff", metavar="GIT_REV", help="only report lines added since GIT_REV")
    check.add_argument("--select", metavar="CODES", help="comma-separated codes, prefixes, ALL")
    check.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--config", metavar="PYPROJECT", help="pyproject.toml to read settings from")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)"
    )
    check.add_argument("--no-color", action="store_true", help="never colour text output")
    check.add_argument(
        "--check-index",
        nargs="?",
        const=DEFAULT_INDEX,
        metavar="URL",
        help="ask the package index (JSON API; default: PyPI) about unknown packages",
    )

    serve = commands.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead")

    rules = commands.add_parser("rules", help="print the rule catalogue")
    rules.add_argument("--format", choices=("markdown", "json"), default="markdown")
    return parser


def _settings(options: argparse.Namespace) -> Settings:
    settings = Settings()
    config = Path(options.config) if options.config else None
    if config is None:
        start = Path(options.paths[0]) if options.paths else Path.cwd()
        config = find_pyproject(start.resolve())
    if config is not None:
        settings, problems = load_pyproject(config, settings)
        for problem in problems:
            print(f"gifthorse: warning: {problem}", file=sys.stderr)
    overrides = {k: getattr(options, k) for k in ("select", "ignore") if getattr(options, k)}
    settings, problems = apply(settings, overrides)
    for problem in problems:
        print(f"gifthorse: warning: {problem}", file=sys.stderr)
    return settings


def _workspace_root(options: argparse.Namespace) -> Path:
    """The project the paths belong to: where pyproject.toml or .git is, else the first path."""
    start = Path(options.paths[0] if options.paths else ".").resolve()
    start = start if start.is_dir() else start.parent
    for candidate in (start, *start.parents):
        if (candidate / "pyproject.toml").is_file() or (candidate / ".git").exists():
            return candidate
    return start


def _filter_diff(results: list[FileResult], added: dict[str, set[int]]) -> None:
    for result in results:
        lines = added.get(os.path.realpath(result.path))
        if not lines:
            result.findings = []
            continue
        result.findings = [
            f
            for f in result.findings
            if any(n in lines for n in range(f.span.start.line, f.span.end.line + 1))
        ]


def run_check(options: argparse.Namespace) -> int:
    settings = _settings(options)
    known = {meta.code for meta in default_rules().metas}
    for entry in (*settings.select, *settings.ignore):
        if entry.upper() != "ALL" and not any(code.startswith(entry.upper()) for code in known):
            categories = {meta.category.value for meta in default_rules().metas}
            if entry not in categories:
                print(f"gifthorse: warning: `{entry}` matches no rule", file=sys.stderr)
    added = None
    if options.diff:
        try:
            added = added_lines(options.diff)
        except GitError as exc:
            print(f"gifthorse: error: --diff {options.diff}: {exc}", file=sys.stderr)
            return EXIT_ERROR
    found = discover(options.paths or ["."])
    results = [FileResult(path, error=reason) for path, reason in found.errors]
    trust = workspace_trust(_workspace_root(options), settings.python, settings.knownPackages)
    progress = Progress(len(found.files))
    try:
        results.extend(scan(found.files, settings, options.jobs, progress.advance, trust))
    finally:
        progress.close()
    index_url = options.check_index or settings.indexUrl
    if index_url:
        check_index(results, IndexClient(index_url))
    results.sort(key=lambda r: r.path)
    for result in results:
        result.findings.sort(key=lambda f: (f.span.start.line, f.span.start.column, f.rule.code))
    if added is not None:
        _filter_diff(results, added)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as out:
            _write(options, results, out)
    else:
        _write(options, results, sys.stdout)
    if any(r.findings for r in results) and not options.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _write(options: argparse.Namespace, results: list[FileResult], out: TextIO) -> None:
    if options.format == "json":
        json_report.write(results, out)
    elif options.format == "sarif":
        sarif.write(results, out, package_version())
    else:
        colour = out.isatty() and not options.no_color and "NO_COLOR" not in os.environ
        text.write(results, out, sys.stderr, colour)


def run_rules(options: argparse.Namespace) -> int:
    metas = list(default_rules().metas)
    if options.format == "json":
        json.dump(
            {"rules": [rule_json(m) for m in metas]}, sys.stdout, indent=2, ensure_ascii=False
        )
        sys.stdout.write("\n")
    else:
        sys.stdout.write(catalogue_markdown(metas))
    return EXIT_CLEAN


def run_serve(options: argparse.Namespace) -> int:
    from .lsp import serve

    serve(options.tcp)
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        if options.command == "check":
            return run_check(options)
        if options.command == "rules":
            return run_rules(options)
        return run_serve(options)
    except KeyboardInterrupt:
        print("gifthorse: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
    except OSError as exc:
        print(f"gifthorse: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def entry() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    entry()
