"""Batch speed: `gifthorse check` against `bandit -r` and `ruff check --select S`, same corpus.

    python benchmarks/cli_speed.py [--corpus DIR] [--runs N]

The corpus defaults to the running Python's standard library (`Lib/`, site-packages
excluded). Each tool runs N times; the table reports the median wall time, lines/s and the
peak resident memory of the whole process tree (sampled from /proc), then gifthorse's ratios.
The machines are shared and noisy: compare ratios from one run, not absolute numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measure:
    name: str
    seconds: list[float]
    peak_rss_mb: float


def count_lines(corpus: Path) -> int:
    total = 0
    for path in corpus.rglob("*.py"):
        if "site-packages" in path.parts:
            continue
        with contextlib.suppress(OSError):
            total += path.read_bytes().count(b"\n")
    return total


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * page
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"{command[0]} failed with exit code {code}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    corpus = options.corpus.resolve()
    lines = count_lines(corpus)
    exclude = str(corpus / "site-packages")
    bin_dir = Path(sys.executable).parent
    tools = {
        "gifthorse": [
            str(bin_dir / "gifthorse"),
            "check",
            "--exit-zero",
            "--format",
            "json",
            "-o",
            os.devnull,
            str(corpus),
        ],
        "bandit": [
            shutil.which("bandit") or str(bin_dir / "bandit"),
            "-r",
            str(corpus),
            "-x",
            exclude,
            "-q",
            "-f",
            "json",
            "-o",
            os.devnull,
        ],
        "ruff": [
            shutil.which("ruff") or str(bin_dir / "ruff"),
            "check",
            "--select",
            "S",
            "--no-cache",
            "--exit-zero",
            "--output-format",
            "json",
            "-o",
            os.devnull,
            str(corpus),
        ],
    }
    print(
        f"corpus: {corpus} ({lines:,} lines, site-packages excluded), {os.cpu_count()} cores, "
        f"{options.runs} runs each"
    )
    results: dict[str, Measure] = {}
    for name, command in tools.items():
        seconds: list[float] = []
        peak = 0
        for _ in range(options.runs):
            elapsed, rss = run(command)
            seconds.append(elapsed)
            peak = max(peak, rss)
        results[name] = Measure(name, seconds, peak / 1048576)
    print("\n| tool | median wall (s) | lines/s | peak RSS (MB) |")
    print("|---|---:|---:|---:|")
    for measure in results.values():
        median = statistics.median(measure.seconds)
        print(
            f"| {measure.name} | {median:.2f} | {lines / median:,.0f} | {measure.peak_rss_mb:.0f} |"
        )
    ours = statistics.median(results["gifthorse"].seconds)
    for other in ("bandit", "ruff"):
        theirs = statistics.median(results[other].seconds)
        print(f"\ngifthorse vs {other}: {theirs / ours:.2f}x the lines/s", end="")
    print()


if __name__ == "__main__":
    main()
