"""Analysing files on disk, in parallel: the CLI's half of the engine.

Each worker reads, decodes, parses and analyses one file and returns positions, never trees
or source, so little crosses the process boundary. A file that cannot be analysed becomes an
error entry; it never stops the run.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TextIO

from gifthorse.analyzers import LineIndex, Settings, decode_source, default_rules
from gifthorse.analyzers.dependencies.trust import Trust
from gifthorse.analyzers.documents import analyze_document

from .report import FileResult, reported

#: larger files are reported, not parsed: a generated 50 MB module is not code anyone reviews
MAX_FILE_BYTES = 20 * 1024 * 1024


def analyze_file(path: str, settings: Settings, trust: Trust | None = None) -> FileResult:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
            return FileResult(path, error=f"not a regular file ({kind}); skipped")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return FileResult(
                path,
                error=f"file too large ({size / 1048576:.1f} MiB, limit "
                f"{MAX_FILE_BYTES // 1048576} MiB); skipped",
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return FileResult(path, error=f"cannot read: {exc.strerror or exc}")
    try:
        text = decode_source(data)
    except ValueError as exc:
        return FileResult(path, error=str(exc))
    source = text.encode("utf-8", "surrogatepass") if not text.isascii() else text.encode()
    try:
        findings = analyze_document(path, source, settings, trust)
    except Exception as exc:  # the engine guards rules; this guards the engine itself
        return FileResult(path, error=f"internal error: {type(exc).__name__}: {exc}")
    lines = LineIndex(source)
    return FileResult(path, [reported(path, lines, f) for f in findings], lines=lines.line_count)


def _analyze_many(batch: list[str], settings: Settings, trust: Trust | None) -> list[FileResult]:
    return [analyze_file(path, settings, trust) for path in batch]


def _batches(paths: list[str], count: int) -> list[list[str]]:
    """Spread files over `count` batches, largest first, so that workers finish together."""

    def size(path: str) -> int:
        try:
            return os.path.getsize(path)
        except OSError:
            return 0

    ordered = sorted(paths, key=size, reverse=True)
    batches: list[list[str]] = [[] for _ in range(count)]
    for index, path in enumerate(ordered):
        round_, offset = divmod(index, count)
        batches[offset if round_ % 2 == 0 else count - 1 - offset].append(path)
    return [b for b in batches if b]


class Progress:
    """A one-line counter on stderr, shown only on a terminal and only for runs over ~1 s."""

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.started = time.monotonic()
        self.enabled = stream.isatty()
        self.shown = False

    def advance(self, count: int) -> None:
        self.done += count
        if self.enabled and time.monotonic() - self.started > 1.0:
            self.shown = True
            self.stream.write(f"\rgifthorse: {self.done}/{self.total} files")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def scan(
    paths: list[str],
    settings: Settings,
    jobs: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    trust: Trust | None = None,
) -> Iterator[FileResult]:
    """Results for every path, in no particular order."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(paths) < 4:
        for path in paths:
            yield analyze_file(path, settings, trust)
            if on_progress:
                on_progress(1)
        return
    # Build lazily computed tables once, before forking, so that workers inherit them.
    default_rules()
    if trust is not None:
        _ = trust.module_targets, trust.distribution_targets
    chunks = _batches(paths, max(jobs * 16, 1))
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_analyze_many, chunk, settings, trust) for chunk in chunks]
        from concurrent.futures import as_completed

        for future in as_completed(futures):
            batch = future.result()
            yield from batch
            if on_progress:
                on_progress(len(batch))
