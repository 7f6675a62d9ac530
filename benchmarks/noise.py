"""Findings per 1,000 lines on code where every finding is noise (well-reviewed libraries).

    python benchmarks/noise.py [DIR ...]      (default: the running Python's standard library)

Prints the rate overall and per rule, with a few example locations per rule, so that a
rule's precision can be checked while it is written. Target: <= 0.5 findings per 1,000 lines.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from gifthorse.analyzers import analyze, decode_source, parse


def scan(path: str) -> tuple[int, list[tuple[str, int, str]]]:
    try:
        text = decode_source(Path(path).read_bytes())
    except (OSError, ValueError):
        return 0, []
    source = text.encode()
    module = parse(source, path)
    findings = analyze(module).findings
    return source.count(b"\n"), [
        (f.code, module.lines.line_of(f.start) + 1, f.message) for f in findings
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dirs", nargs="*", default=[sysconfig.get_paths()["stdlib"]])
    parser.add_argument("--examples", type=int, default=3)
    options = parser.parse_args()
    files = [str(p) for d in options.dirs for p in Path(d).rglob("*.py")]
    total_lines = 0
    per_rule: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    with ProcessPoolExecutor() as pool:
        for path, (lines, findings) in zip(files, pool.map(scan, files, chunksize=16), strict=True):
            total_lines += lines
            for code, line, message in findings:
                per_rule[code] += 1
                if len(examples[code]) < options.examples:
                    examples[code].append(f"{path}:{line}: {message}")
    total = sum(per_rule.values())
    print(
        f"{len(files)} files, {total_lines} lines, {total} findings, "
        f"{1000 * total / max(total_lines, 1):.3f} per 1,000 lines"
    )
    for code, count in per_rule.most_common():
        print(f"  {code} {count:6d}  {1000 * count / max(total_lines, 1):.3f}/kLOC")
        for example in examples[code]:
            print(f"        {example}")
    sys.exit(0)


if __name__ == "__main__":
    main()
