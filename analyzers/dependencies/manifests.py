"""Dependency manifests: requirements files, pyproject.toml and setup.cfg, with positions.

Each entry keeps the byte offsets of the distribution name so that findings point at it and
quick fixes can replace it. Parsing never fails: an unreadable manifest yields no entries.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath

REQUIREMENTS = re.compile(
    r"(^|/)(requirements[^/]*\.txt|[^/]*requirements\.txt|constraints[^/]*\.txt)$"
)
_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_REQUIREMENT = re.compile(
    r"""(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*
        (?:\[[^\]]*\])?\s*
        (?P<rest>[^;]*?)\s*(?:;.*)?$""",
    re.VERBOSE,
)
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git\+|hg\+|svn\+|bzr\+|file:)", re.IGNORECASE)
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_INDEX_OPTIONS = ("--extra-index-url", "--index-url", "-i")
_OPTIONS_WITH_VALUE = (
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-f",
    "--find-links",
    "--trusted-host",
    "--no-binary",
    "--only-binary",
    "--hash",
)


@dataclass(frozen=True)
class Requirement:
    name: str
    #: byte offsets of the name (or of the whole entry when there is no name)
    start: int
    end: int
    #: the whole requirement text
    text: str
    pinned: bool
    url: str | None = None


@dataclass(frozen=True)
class IndexOption:
    option: str
    url: str
    start: int
    end: int


@dataclass
class Manifest:
    kind: str
    requirements: list[Requirement] = field(default_factory=list)
    index_options: list[IndexOption] = field(default_factory=list)


def manifest_kind(path: str) -> str | None:
    name = PurePath(path).name
    if name == "pyproject.toml":
        return "pyproject"
    if name == "setup.cfg":
        return "setup.cfg"
    if REQUIREMENTS.search(PurePath(path).as_posix()):
        return "requirements"
    return None


def parse_requirement(text: str, offset: int) -> Requirement | None:
    """One PEP 508 requirement (or a pip URL line) starting at byte `offset`."""
    stripped = text.strip()
    if not stripped:
        return None
    lead = offset + len(text[: len(text) - len(text.lstrip())].encode())
    if _URL.match(stripped):
        egg = _EGG.search(stripped)
        name = egg.group(1) if egg else ""
        if egg:
            start = lead + len(stripped[: egg.start(1)].encode())
            return Requirement(name, start, start + len(name.encode()), stripped, True, stripped)
        return Requirement("", lead, lead + len(stripped.encode()), stripped, True, stripped)
    match = _REQUIREMENT.match(stripped)
    if match is None:
        return None
    name = match.group("name")
    rest = match.group("rest").strip()
    url = None
    if rest.startswith("@"):
        url = rest[1:].strip()
    pinned = url is not None or bool(re.match(r"^(===|==)\s*[^*,\s]+$", rest))
    return Requirement(name, lead, lead + len(name.encode()), stripped, pinned, url)


def parse_requirements(source: bytes) -> Manifest:
    manifest = Manifest("requirements")
    offset = 0
    for raw in source.split(b"\n"):
        line_start = offset
        offset += len(raw) + 1
        text = raw.decode("utf-8", "replace").rstrip("\r")
        # a comment starts at line start or after whitespace
        comment = re.search(r"(^|\s)#", text)
        if comment:
            text = text[: comment.start()]
        if not text.strip():
            continue
        stripped = text.strip()
        if stripped.startswith("-"):
            _option(manifest, text, line_start)
            continue
        requirement = parse_requirement(text, line_start)
        if requirement is not None:
            manifest.requirements.append(requirement)
    return manifest


def _option(manifest: Manifest, text: str, line_start: int) -> None:
    parts = re.split(r"[\s=]+", text.strip(), maxsplit=1)
    option = parts[0]
    value = parts[1].strip() if len(parts) > 1 else ""
    if option in _INDEX_OPTIONS:
        start = line_start + len(text[: len(text) - len(text.lstrip())].encode())
        manifest.index_options.append(
            IndexOption(option, value, start, line_start + len(text.rstrip().encode()))
        )
    elif option in ("-e", "--editable") and value:
        at = line_start + len(text[: text.find(value)].encode())
        requirement = parse_requirement(value, at)
        if requirement is not None and requirement.url is not None:
            manifest.requirements.append(requirement)


def _locate(source: bytes, value: str, after: int) -> tuple[int, int] | None:
    """Byte offsets of a quoted string `value` in TOML/INI text, searching from `after`."""
    encoded = value.encode()
    for quote in (b'"', b"'", b""):
        needle = quote + encoded + quote
        at = source.find(needle, after)
        if at >= 0:
            start = at + len(quote)
            return start, start + len(encoded)
    return None


def parse_pyproject(source: bytes) -> Manifest:
    manifest = Manifest("pyproject")
    try:
        data = tomllib.loads(source.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return manifest
    strings: list[str] = []
    project = data.get("project", {})
    if isinstance(project, dict):
        strings += _string_list(project.get("dependencies"))
        optional = project.get("optional-dependencies", {})
        if isinstance(optional, dict):
            for group in optional.values():
                strings += _string_list(group)
    groups = data.get("dependency-groups", {})
    if isinstance(groups, dict):
        for group in groups.values():
            strings += _string_list(group)
    cursor = 0
    for value in strings:
        found = _locate(source, value, cursor)
        if found is None:
            continue
        cursor = found[1]
        requirement = parse_requirement(value, found[0])
        if requirement is not None:
            manifest.requirements.append(requirement)
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict):
        tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
        for group in (
            (poetry.get("group") or {}).values() if isinstance(poetry.get("group"), dict) else ()
        ):
            if isinstance(group, dict):
                tables.append(group.get("dependencies"))
        for table in tables:
            if not isinstance(table, dict):
                continue
            for name, spec in table.items():
                if name.lower() == "python":
                    continue
                match = re.search(rb"(?m)^\s*" + re.escape(name.encode()) + rb"\s*=", source)
                if match is None:
                    continue
                start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
                url = None
                if isinstance(spec, dict):
                    url = spec.get("git") or spec.get("url") or None
                # poetry: a bare version ("2.0.1") is an exact pin
                pinned = isinstance(spec, str) and bool(re.match(r"^(==?)?\s*\d[\w.+!-]*$", spec))
                manifest.requirements.append(
                    Requirement(name, start, start + len(name.encode()), name, pinned, url)
                )
    return manifest


def _string_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def parse_setup_cfg(source: bytes) -> Manifest:
    manifest = Manifest("setup.cfg")
    text = source.decode("utf-8", "replace")
    section = ""
    key = ""
    offset = 0
    for raw in text.split("\n"):
        line_start = offset
        offset += len(raw.encode()) + 1
        line = raw.rstrip("\r")
        if re.match(r"^\[.*\]\s*$", line):
            section = line.strip()[1:-1].strip()
            key = ""
            continue
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        indented = line[:1].isspace()
        value = line
        if not indented:
            key, _, value = line.partition("=")
            key = key.strip()
            value_offset = line_start + len((line[: len(line) - len(value)]).encode())
        else:
            value_offset = line_start
        wanted = (section == "options" and key in {"install_requires", "setup_requires"}) or (
            section == "options.extras_require"
        )
        if not wanted or not value.strip():
            continue
        requirement = parse_requirement(value, value_offset)
        if requirement is not None:
            manifest.requirements.append(requirement)
    return manifest


def parse_manifest(path: str, source: bytes) -> Manifest | None:
    kind = manifest_kind(path)
    if kind == "pyproject":
        return parse_pyproject(source)
    if kind == "setup.cfg":
        return parse_setup_cfg(source)
    if kind == "requirements":
        return parse_requirements(source)
    return None


def manifest_files(directory: str) -> list[str]:
    """The manifests a project directory declares its dependencies in: pyproject.toml,
    setup.cfg, requirements files next to them and in a `requirements/` directory."""
    base = Path(directory)
    found = [str(base / "pyproject.toml"), str(base / "setup.cfg")]
    for folder in (base, base / "requirements"):
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries if e.name.endswith(".txt"))
        except OSError:
            continue
        found += [str(folder / n) for n in names if folder != base or "requirements" in n]
    return found


@lru_cache(maxsize=1024)
def _declared_in(path: str, stamp: tuple[int, int]) -> frozenset[str]:
    """The names one manifest declares; `stamp` (modification time, size) keys the cache,
    so an edited manifest is read again and an unchanged one is not."""
    try:
        source = Path(path).read_bytes()
    except OSError:
        return frozenset()
    manifest = parse_manifest(path, source) or parse_requirements(source)
    return frozenset(r.name for r in manifest.requirements if r.name and _NAME.fullmatch(r.name))


def declared_distributions(root: str) -> frozenset[str]:
    """Names declared by the manifests at the top of a project directory."""
    names: set[str] = set()
    for path in manifest_files(root):
        try:
            status = os.stat(path)
        except OSError:
            continue
        names |= _declared_in(path, (status.st_mtime_ns, status.st_size))
    return frozenset(names)
