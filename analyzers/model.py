"""The vocabulary shared by the engine, the rules and every front end.

Rule metadata is the single source for hover text, docs/rules.md, SARIF and `gifthorse rules`;
nothing else restates a rule's description.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Confidence(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Category(str, Enum):
    META = "meta"
    EXECUTION = "code-execution"
    OBFUSCATION = "obfuscation"
    DOWNLOAD_EXEC = "download-and-execute"
    REVERSE_SHELL = "reverse-shell"
    EXFILTRATION = "exfiltration"
    PERSISTENCE = "persistence"
    BACKDOOR = "backdoor"
    INJECTION = "injection"
    DESERIALIZATION = "deserialization"
    CRYPTO = "crypto"
    TLS = "tls"
    SECRETS = "secrets"
    UNICODE = "unicode"
    FILES = "files"
    CONFIG = "insecure-config"
    SILENCED = "silenced-controls"
    DEPENDENCIES = "dependencies"


DOCS_URL = "https://github.com/gifthorse/gifthorse/blob/main/docs/rules.md"


@dataclass(frozen=True)
class RuleMeta:
    """Everything a person needs to understand a rule, in the style of ruff's catalogue."""

    code: str
    name: str
    category: Category
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    message: str
    why: str
    example: str
    fixed_example: str
    fixable: bool = False
    #: off unless selected explicitly: for rules too noisy for every project
    default: bool = True
    #: False for findings about suppression comments, which must not silence themselves
    suppressible: bool = True

    @property
    def anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"

    @property
    def url(self) -> str:
        return f"{DOCS_URL}#{self.anchor}"


@dataclass(frozen=True)
class Edit:
    """Replace source bytes [start, end) with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    #: safe fixes keep behaviour for legitimate code; they may be applied without review
    safe: bool = True


@dataclass(frozen=True)
class Related:
    """A second location that explains a finding, e.g. the source of a data flow."""

    start: int
    end: int
    message: str


@dataclass(frozen=True)
class Finding:
    """One match of one rule; offsets are bytes into the analysed module's source."""

    rule: RuleMeta
    start: int
    end: int
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = field(default=())
    #: the effective severity: the rule's default unless settings override it
    severity: Severity | None = None
    #: the values that filled the message template (e.g. the package name)
    args: Mapping[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def level(self) -> Severity:
        return self.severity or self.rule.severity

    def shifted(self, delta: int) -> Finding:
        """The same finding moved by `delta` bytes, for code that moved but did not change."""
        fix = self.fix
        if fix is not None:
            fix = Fix(
                fix.title,
                tuple(Edit(e.start + delta, e.end + delta, e.text) for e in fix.edits),
                fix.safe,
            )
        related = tuple(Related(r.start + delta, r.end + delta, r.message) for r in self.related)
        return Finding(
            self.rule,
            self.start + delta,
            self.end + delta,
            self.message,
            fix,
            related,
            self.severity,
            self.args,
        )


def apply_edits(source: bytes, edits: tuple[Edit, ...] | list[Edit]) -> bytes:
    """Apply non-overlapping edits (any order) to source bytes."""
    out = source
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.text.encode("utf-8") + out[edit.end :]
    return out
