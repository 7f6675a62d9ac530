"""The optional package-index check, shared by the CLI and the language server.

Only names that nothing vouched for offline are looked up, each once; a name the index does
not know, or first saw recently, gets a finding of its own beside the offline one. The CLI
asks after its scan, a few names at a time; the language server asks in the background after
a document's analysis and re-publishes when an answer calls for it, so that the network is
never on the editor's path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from gifthorse.analyzers import Finding, RuleMeta, Settings
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
#: lookups the language server runs at once (each holds a thread for up to the timeout)
SERVER_LOOKUPS = 4


def package_name(code: str, args: Mapping[str, str]) -> str | None:
    """The distribution an offline dependency finding is about, or None for other findings."""
    name = args.get("name")
    if name is None:
        return None
    if code in MODULE_CODES:
        return distribution_for_module(name)
    if code in DISTRIBUTION_CODES:
        return name
    return None


def index_verdict(answer: IndexAnswer, index: str) -> tuple[RuleMeta, str] | None:
    """The rule and message an index answer calls for, or None when it is reassuring."""
    verdict = answer.suspicious()
    if verdict is None:
        return None
    if not answer.exists:
        return NOT_ON_INDEX, NOT_ON_INDEX.message.format(name=answer.name, index=index)
    return BRAND_NEW, BRAND_NEW.message.format(name=answer.name, age=verdict)


def index_findings(finding: Reported, answer: IndexAnswer, index: str) -> Reported | None:
    """The CLI's index finding beside a reported offline finding."""
    found = index_verdict(answer, index)
    if found is None:
        return None
    meta, message = found
    return replace(
        finding, rule=meta, severity=meta.severity.value, message=message, fix=None, related=()
    )


def index_finding(
    finding: Finding, answer: IndexAnswer, index: str, settings: Settings
) -> Finding | None:
    """The language server's index finding beside an offline finding, if it is selected."""
    found = index_verdict(answer, index)
    if found is None:
        return None
    meta, message = found
    if not settings.enabled(meta.code, meta.category.value, meta.default):
        return None
    return replace(
        finding,
        rule=meta,
        message=message,
        fix=None,
        related=(),
        severity=settings.severity.get(meta.code),
        args={"name": answer.name},
    )


def check_index(results: list[FileResult], client: IndexClient, workers: int = 8) -> None:
    """Add index findings to `results` in place."""
    wanted: dict[str, list[tuple[FileResult, Reported]]] = {}
    for result in results:
        for finding in result.findings:
            package = package_name(finding.rule.code, dict(finding.args))
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


class BackgroundIndex:
    """The language server's lookups: each name once per index and session, in threads of
    their own (a slow index must not hold up the git baseline or the trust, which share the
    loop's default threads).

    The client's disk cache (with expiry) spans sessions; this remembers what was asked in
    this one, including names the index could not answer for (a time-out is not retried on
    every keystroke). The first lookup of an index runs alone, so that an unreachable index
    is reported once (the client says so once, but not thread-safely). `answered(url)` is
    called when an answer is worth showing.
    """

    def __init__(self, answered: Callable[[str], None], lookups: int = SERVER_LOOKUPS) -> None:
        self._answered = answered
        self._pool = ThreadPoolExecutor(max_workers=lookups, thread_name_prefix="gifthorse-index")
        self._clients: dict[str, tuple[IndexClient, asyncio.Event]] = {}
        self._answers: dict[tuple[str, str], IndexAnswer | None] = {}
        self._asked: set[tuple[str, str]] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    def answer(self, url: str, name: str) -> IndexAnswer | None:
        return self._answers.get((url, name))

    def ask(self, url: str, names: Iterable[str]) -> None:
        """Look up the names not asked about yet; returns at once."""
        for name in sorted(names):
            key = (url, name)
            if key in self._asked:
                continue
            self._asked.add(key)
            task = asyncio.get_running_loop().create_task(self._lookup(url, name))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _lookup(self, url: str, name: str) -> None:
        first = url not in self._clients
        if first:
            self._clients[url] = (IndexClient(url), asyncio.Event())
        client, probed = self._clients[url]
        if not first:
            await probed.wait()
        try:
            # The client degrades by itself: None, and one log message per index.
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(self._pool, client.lookup, name)
        finally:
            probed.set()
        self._answers[(url, name)] = answer
        if answer is not None and answer.suspicious() is not None:
            self._answered(url)
