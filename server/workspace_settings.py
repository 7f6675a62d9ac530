"""Settings for a document: defaults, then the nearest `[tool.gifthorse]`, then the editor's.

The editor's `gifthorse` section arrives by `workspace/configuration` or
`workspace/didChangeConfiguration` with the same keys as pyproject.toml; a bad value is
reported by key and the rest still applies (a typo must not switch a security tool off).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gifthorse.analyzers.config import Settings, apply, find_pyproject, load_pyproject

#: keys the editor extensions keep in the same section for themselves (how to start the
#: server, tracing); they are not analysis settings and are not reported as unknown
CLIENT_KEYS = frozenset({"serverCommand", "trace", "enable", "interpreter", "path", "args"})


def client_section(value: Any) -> Mapping[str, Any] | None:
    """The `gifthorse` mapping out of whatever a client sent: the section itself, or a
    settings object that contains it. Unset (null) values mean "not configured"."""
    if not isinstance(value, Mapping):
        return None
    inner = value.get("gifthorse")
    if isinstance(inner, Mapping):
        value = inner
    return {k: v for k, v in value.items() if v is not None and k not in CLIENT_KEYS}


class WorkspaceSettings:
    """Effective settings per document, with the problems found while merging them."""

    def __init__(self, root: str | None = None) -> None:
        self.root = root
        self.client: Mapping[str, Any] | None = None
        self.client_problems: list[str] = []
        self._pyprojects: dict[str, tuple[float, Settings, list[str]]] = {}
        self.generation = 0

    def set_client(self, section: Any) -> list[str]:
        """Take the editor's settings; return the problems with them."""
        mapping = client_section(section)
        if mapping is None and section is not None and not isinstance(section, Mapping):
            self.client = None
            self.client_problems = [
                f"the `gifthorse` settings must be an object, got {type(section).__name__}"
            ]
        else:
            self.client = mapping
            _, problems = apply(Settings(), mapping)
            self.client_problems = [f"gifthorse settings: {p}" for p in problems]
        self.generation += 1
        return list(self.client_problems)

    def forget_pyproject(self, path: str) -> None:
        if self._pyprojects.pop(os.path.realpath(path), None) is not None:
            self.generation += 1

    def _project(self, document_path: str | None) -> tuple[Settings, list[str]]:
        start = Path(document_path).parent if document_path else None
        if start is None and self.root:
            start = Path(self.root)
        if start is None:
            return Settings(), []
        pyproject = find_pyproject(start)
        if pyproject is None:
            return Settings(), []
        key = os.path.realpath(pyproject)
        try:
            mtime = pyproject.stat().st_mtime
        except OSError:
            return Settings(), []
        cached = self._pyprojects.get(key)
        if cached is not None and cached[0] == mtime:
            return cached[1], cached[2]
        settings, problems = load_pyproject(pyproject)
        self._pyprojects[key] = (mtime, settings, problems)
        return settings, problems

    def for_document(self, document_path: str | None) -> tuple[Settings, list[str]]:
        """The merged settings for a document and the pyproject problems behind them."""
        base, problems = self._project(document_path)
        settings, _ = apply(base, self.client)
        return settings, problems
