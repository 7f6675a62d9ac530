"""Detection quality on code the rule authors did not write, measured as it will be judged.

    python benchmarks/detection.py                      the corpus: recall and false positives
    python benchmarks/detection.py --libraries [DIR ...]  findings per 1,000 lines of libraries

Corpus mode runs the default rule set over `benchmarks/corpus/`. A file under `risky/` names on
one of its first lines what it must be flagged for (`# expect: injection`, or alternatives
`# expect: injection | code-execution` where the same code is honestly both); it counts as
detected when any finding of one of those categories is reported anywhere in it, at any
severity (detections carried only by info findings are counted separately, because the editor
shows info findings quietly). A file under `benign/` is a look-alike of a family
(`# lookalike: crypto`) and counts as a false positive when it gets any error or warning.
Targets: recall >= 90 %, benign false positives <= 5 %.

The snippets are analysed as if they sat in a project whose own packages are `acme` and `app`
(`--first-party`), because a snippet's `from app.models import User` is first-party code in
the project it was written for; nothing else is trusted beyond gifthorse's defaults.

Library mode reports all findings per 1,000 lines over well-reviewed libraries (by default the
installed requests, urllib3, flask, jinja2, werkzeug, click, attrs, pip, setuptools and django
when present), where every finding is noise. Target: <= 0.5 per 1,000 lines.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gifthorse.analyzers import Category, Finding, LineIndex, Settings, Severity, decode_source
from gifthorse.analyzers.dependencies.trust import Trust
from gifthorse.analyzers.documents import analyze_document, is_manifest, is_python

CORPUS = Path(__file__).resolve().parent / "corpus"
CATEGORIES = frozenset(c.value for c in Category)
MARKER = re.compile(r"#\s*(expect|lookalike):\s*(.+?)\s*$")
#: the marker must be near the top (after a shebang or an encoding line at most)
MARKER_LINES = 3
LIBRARIES = (
    *("requests", "urllib3", "flask", "jinja2", "werkzeug", "click", "attr", "attrs"),
    *("pip", "setuptools", "django"),
)
RECALL_TARGET = 0.90
FALSE_POSITIVE_TARGET = 0.05
NOISE_TARGET = 0.5


@dataclass(frozen=True)
class Reported:
    """A finding reduced to what a report needs (plain data, so it crosses processes)."""

    code: str
    category: str
    severity: str
    line: int
    message: str

    def describe(self) -> str:
        return f"{self.code} {self.severity:<7} {self.category:<20} L{self.line}: {self.message}"


@dataclass(frozen=True)
class Case:
    path: Path
    kind: str  # "risky" or "benign"
    #: risky: the categories of which one must be reported; benign: the family it imitates
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    case: Case
    hits: tuple[Reported, ...]
    lines: int

    def of(self, categories: Iterable[str]) -> list[Reported]:
        wanted = set(categories)
        return [h for h in self.hits if h.category in wanted]

    @property
    def detected(self) -> bool:
        return bool(self.of(self.case.labels))

    @property
    def detected_only_by_info(self) -> bool:
        return self.detected and all(h.severity == "info" for h in self.of(self.case.labels))

    @property
    def loud(self) -> list[Reported]:
        """Error and warning findings: what makes a benign file a false positive."""
        return [h for h in self.hits if h.severity != Severity.INFO.value]


def read_source(path: Path) -> bytes:
    """The bytes the CLI hands to the engine: decoded as Python would, re-encoded as UTF-8."""
    return decode_source(path.read_bytes()).encode("utf-8", "surrogatepass")


def run(path: Path, settings: Settings, trust: Trust | None) -> tuple[tuple[Reported, ...], int]:
    source = read_source(path)
    lines = LineIndex(source)
    findings: list[Finding] = analyze_document(str(path), source, settings, trust)
    hits = tuple(
        Reported(
            f.code,
            f.rule.category.value,
            f.level.value,
            lines.line_of(f.start) + 1,
            f.message,
        )
        for f in sorted(findings, key=lambda f: (f.start, f.code))
    )
    return hits, source.count(b"\n")


# -- corpus ------------------------------------------------------------------------------------


def marker(path: Path) -> tuple[str, tuple[str, ...]]:
    """The (kind, categories) declared at the top of a corpus file; raises on a bad marker."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        head = [handle.readline() for _ in range(MARKER_LINES)]
    for line in head:
        match = MARKER.match(line.strip())
        if match:
            labels = tuple(label.strip() for label in match.group(2).split("|"))
            unknown = [label for label in labels if label not in CATEGORIES]
            if unknown:
                raise ValueError(f"{path}: unknown categor(y/ies) {', '.join(unknown)}")
            return match.group(1), labels
    raise ValueError(f"{path}: no `# expect:` or `# lookalike:` line in the first lines")


def corpus_cases(root: Path) -> list[Case]:
    cases = []
    for kind, wanted in (("risky", "expect"), ("benign", "lookalike")):
        for path in sorted((root / kind).rglob("*")):
            if not path.is_file() or not (is_python(str(path)) or is_manifest(str(path))):
                continue
            declared, labels = marker(path)
            if declared != wanted:
                raise ValueError(f"{path}: a {kind} file needs `# {wanted}:`, not `# {declared}:`")
            cases.append(Case(path, kind, labels))
    return cases


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_table(outcomes: Sequence[Outcome]) -> tuple[float, float]:
    risky = [o for o in outcomes if o.case.kind == "risky"]
    benign = [o for o in outcomes if o.case.kind == "benign"]
    print(
        f"{'category':<22}{'risky':>6}{'found':>7}{'recall':>8}{'info-only':>11}"
        f"   {'benign':>6}{'flagged':>8}{'FP rate':>9}{'info':>6}"
    )
    for category in sorted(CATEGORIES):
        r = [o for o in risky if o.case.labels[0] == category]
        b = [o for o in benign if o.case.labels[0] == category]
        if not r and not b:
            continue
        found = sum(o.detected for o in r)
        info_only = sum(o.detected_only_by_info for o in r)
        flagged = sum(bool(o.loud) for o in b)
        with_info = sum(any(h.severity == "info" for h in o.hits) and not o.loud for o in b)
        print(
            f"{category:<22}{len(r):>6}{found:>7}{percent(found, len(r)):>8}{info_only:>11}"
            f"   {len(b):>6}{flagged:>8}{percent(flagged, len(b)):>9}{with_info:>6}"
        )
    found = sum(o.detected for o in risky)
    flagged = sum(bool(o.loud) for o in benign)
    info_only = sum(o.detected_only_by_info for o in risky)
    with_info = sum(any(h.severity == "info" for h in o.hits) and not o.loud for o in benign)
    print(
        f"{'ALL':<22}{len(risky):>6}{found:>7}{percent(found, len(risky)):>8}{info_only:>11}"
        f"   {len(benign):>6}{flagged:>8}{percent(flagged, len(benign)):>9}{with_info:>6}"
    )
    recall = found / len(risky) if risky else 1.0
    fp_rate = flagged / len(benign) if benign else 0.0
    return recall, fp_rate


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def print_details(outcomes: Sequence[Outcome], root: Path, show_info: bool) -> None:
    misses: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.case.kind == "risky" and not o.detected:
            misses[o.case.labels[0]].append(o)
    print(f"\nMISSES ({sum(map(len, misses.values()))})")
    for category in sorted(misses):
        print(f"  [{category}]")
        for o in misses[category]:
            want = " | ".join(o.case.labels)
            print(f"    {relative(o.case.path, root)}  (expected {want})")
            for hit in o.hits:
                print(f"        got {hit.describe()}")
            if not o.hits:
                print("        got nothing")
    false_positives: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.case.kind == "benign" and o.loud:
            false_positives[o.case.labels[0]].append(o)
    print(f"\nFALSE POSITIVES ({sum(map(len, false_positives.values()))})")
    for family in sorted(false_positives):
        print(f"  [{family} look-alikes]")
        for o in false_positives[family]:
            print(f"    {relative(o.case.path, root)}")
            for hit in o.hits if show_info else o.loud:
                print(f"        {hit.describe()}")
    if show_info:
        quiet = [o for o in outcomes if o.case.kind == "benign" and o.hits and not o.loud]
        print(f"\nBENIGN FILES WITH INFO FINDINGS ONLY ({len(quiet)})")
        for o in quiet:
            print(f"    {relative(o.case.path, root)}")
            for hit in o.hits:
                print(f"        {hit.describe()}")
        info_only = [o for o in outcomes if o.case.kind == "risky" and o.detected_only_by_info]
        print(f"\nRISKY FILES DETECTED ONLY BY INFO FINDINGS ({len(info_only)})")
        for o in info_only:
            print(f"    {relative(o.case.path, root)}")
            for hit in o.of(o.case.labels):
                print(f"        {hit.describe()}")


def corpus_mode(options: argparse.Namespace) -> int:
    root: Path = options.corpus
    cases = corpus_cases(root)
    trust = Trust.create(first_party=frozenset(options.first_party))
    settings = Settings()
    started = time.perf_counter()
    outcomes = []
    for case in cases:
        hits, lines = run(case.path, settings, trust)
        outcomes.append(Outcome(case, hits, lines))
    elapsed = time.perf_counter() - started
    total_lines = sum(o.lines for o in outcomes)
    print(f"corpus {root}: {len(cases)} files, {total_lines} lines, analysed in {elapsed:.2f}s\n")
    recall, fp_rate = print_table(outcomes)
    print_details(outcomes, root, options.info)
    met = recall >= RECALL_TARGET and fp_rate <= FALSE_POSITIVE_TARGET
    print(
        f"\nrecall {100 * recall:.1f}% (target >= {100 * RECALL_TARGET:.0f}%), "
        f"benign false positives {100 * fp_rate:.1f}% "
        f"(target <= {100 * FALSE_POSITIVE_TARGET:.0f}%): {'met' if met else 'NOT met'}"
    )
    return 0 if met or not options.check else 1


# -- libraries ---------------------------------------------------------------------------------


def installed_libraries() -> list[Path]:
    """The default noise set: well-reviewed packages that are installed here."""
    found = []
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found.append(Path(next(iter(spec.submodule_search_locations))))
    return sorted(set(found))


def scan_library_file(path: str) -> tuple[int, tuple[Reported, ...]]:
    try:
        hits, lines = run(Path(path), Settings(), None)
    except (OSError, ValueError):
        return 0, ()
    return lines, hits


def libraries_mode(options: argparse.Namespace) -> int:
    dirs: list[Path] = options.libraries or installed_libraries()
    files = sorted(str(p) for d in dirs for p in d.rglob("*.py"))
    print("libraries:", ", ".join(str(d) for d in dirs))
    started = time.perf_counter()
    total_lines = 0
    per_rule: Counter[str] = Counter()
    loud = 0
    examples: dict[str, list[str]] = defaultdict(list)
    describe: dict[str, str] = {}
    with ProcessPoolExecutor(max_workers=options.jobs) as pool:
        results = pool.map(scan_library_file, files, chunksize=16)
        for path, (lines, hits) in zip(files, results, strict=True):
            total_lines += lines
            for hit in hits:
                per_rule[hit.code] += 1
                loud += hit.severity != Severity.INFO.value
                describe[hit.code] = f"{hit.severity} {hit.category}"
                if len(examples[hit.code]) < options.examples:
                    examples[hit.code].append(f"{path}:{hit.line}: {hit.message}")
    elapsed = time.perf_counter() - started
    total = sum(per_rule.values())
    rate = 1000 * total / max(total_lines, 1)
    loud_rate = 1000 * loud / max(total_lines, 1)
    print(
        f"{len(files)} files, {total_lines} lines in {elapsed:.1f}s: {total} findings, "
        f"{rate:.3f} per 1,000 lines (error+warning only: {loud_rate:.3f}); "
        f"target <= {NOISE_TARGET}: {'met' if rate <= NOISE_TARGET else 'NOT met'}"
    )
    for code, count in per_rule.most_common(options.top):
        print(
            f"  {code} {count:5d}  {1000 * count / max(total_lines, 1):.3f}/kLOC  {describe[code]}"
        )
        for example in examples[code]:
            print(f"        {example}")
    return 0 if rate <= NOISE_TARGET or not options.check else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="default: %(default)s")
    parser.add_argument(
        "--first-party",
        nargs="*",
        default=["acme", "app"],
        help="module names the corpus's imaginary project owns (default: %(default)s)",
    )
    parser.add_argument(
        "--info", action="store_true", help="also list info findings on benign files"
    )
    parser.add_argument(
        "--libraries",
        nargs="*",
        type=Path,
        metavar="DIR",
        help="measure noise over these library directories (none given: installed ones)",
    )
    parser.add_argument("--examples", type=int, default=3, help="examples per rule (libraries)")
    parser.add_argument("--top", type=int, default=25, help="rules to list (libraries)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (libraries)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args(argv)
    if options.libraries is not None:
        return libraries_mode(options)
    return corpus_mode(options)


if __name__ == "__main__":
    sys.exit(main())
