# lookalike: silenced-controls
"""Count suppression comments so that the team can track lint debt over time."""
import re
from collections import Counter
from pathlib import Path

PATTERNS = {
    "noqa": re.compile(r"#\s*noqa\b"),
    "nosec": re.compile(r"#\s*nosec\b"),
    "type-ignore": re.compile(r"#\s*type:\s*ignore"),
    "pylint": re.compile(r"#\s*pylint:\s*disable"),
}


def suppression_counts(root: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in root.rglob("*.py"):
        text = path.read_text(errors="replace")
        for name, pattern in PATTERNS.items():
            counts[name] += len(pattern.findall(text))
    return counts
