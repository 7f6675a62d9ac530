"""The CLI's optional package-index check, run after the offline analysis.

Only names that nothing vouched for offline are looked up, each once, a few at a time; a
name the index does not know, or first saw recently, gets a finding of its own beside the
offline one.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from gifthorse.analyzers.dependencies.index import IndexAnswer, IndexClient
from gifthorse.analyzers.rules.dependencies import (
    BRAND_NEW,
    NOT_ON_INDEX,
    distribution_for_module,
)

from .report import FileResult, Reported

#: offline findings whose `name` argument is a module (imports) or a distribution (the rest)
MODULE_CODES = frozenset({"GH950", "GH951"})
DISTRIBUTION_CODES = frozenset({"GH952", "GH953", "GH954", "GH955"})


def _package(finding: Reported) -> str | None:
    args = dict(finding.args)
    name = args.get("name")
    if name is None:
        return None
    if finding.rule.code in MODULE_CODES:
        return distribution_for_module(name)
    if finding.rule.code in DISTRIBUTION_CODES:
        return name
    return None


def index_findings(finding: Reported, answer: IndexAnswer, index: str) -> Reported | None:
    verdict = answer.suspicious()
    if verdict is None:
        return None
    if not answer.exists:
        meta = NOT_ON_INDEX
        message = meta.message.format(name=answer.name, index=index)
    else:
        meta = BRAND_NEW
        message = meta.message.format(name=answer.name, age=verdict)
    return replace(
        finding, rule=meta, severity=meta.severity.value, message=message, fix=None, related=()
    )


def check_index(results: list[FileResult], client: IndexClient, workers: int = 8) -> None:
    """Add index findings to `results` in place."""
    wanted: dict[str, list[tuple[FileResult, Reported]]] = {}
    for result in results:
        for finding in result.findings:
            package = _package(finding)
            if package is not None:
                wanted.setdefault(package, []).append((result, finding))
    if not wanted:
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = dict(zip(wanted, pool.map(client.lookup, wanted), strict=True))
    for package, places in wanted.items():
        answer = answers.get(package)
        if answer is None:
            continue
        for result, finding in places:
            extra = index_findings(finding, answer, client.base_url)
            if extra is not None:
                result.findings.append(extra)
