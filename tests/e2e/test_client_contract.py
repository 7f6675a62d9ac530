"""The VS Code extension's contributed settings are the server's settings (DESIGN §9).

A setting the extension contributes but the server does not know would be reported as unknown on
every start; one the server knows but the extension lacks cannot be set from the editor. Both
sides are read, not restated: package.json and the engine's Settings dataclass.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from gifthorse.analyzers import Settings, Severity
from gifthorse.analyzers.config import BASELINES, SCOPES

MANIFEST = Path(__file__).resolve().parents[2] / "vscode-client" / "package.json"


def contributed() -> dict[str, dict[str, Any]]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    properties: dict[str, dict[str, Any]] = manifest["contributes"]["configuration"]["properties"]
    return properties


def test_every_server_setting_is_contributed_and_nothing_else() -> None:
    analysis = {
        key.removeprefix("gifthorse.")
        for key in contributed()
        if not key.startswith(("gifthorse.server.", "gifthorse.trace."))
    }
    assert analysis == {f.name for f in dataclasses.fields(Settings)}


def test_defaults_and_enums_match_the_server() -> None:
    properties = contributed()
    defaults = Settings()
    for field in dataclasses.fields(Settings):
        declared = properties[f"gifthorse.{field.name}"]
        assert declared.get("markdownDescription") or declared.get("description"), field.name
        value = getattr(defaults, field.name)
        if isinstance(value, tuple):
            value = list(value)
        elif field.name == "severity":
            value = dict(value)
        expected = value
        assert declared["default"] == expected, field.name
    assert tuple(properties["gifthorse.scope"]["enum"]) == SCOPES
    assert tuple(properties["gifthorse.baseline"]["enum"]) == BASELINES
    levels = properties["gifthorse.severity"]["additionalProperties"]["enum"]
    assert levels == [s.value for s in Severity]


def test_manifest_is_publishable() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert manifest["name"] == "gifthorse" and manifest["version"] == "0.1.0"
    for key in (
        "publisher",
        "repository",
        "license",
        "icon",
        "engines",
        "displayName",
        "description",
    ):
        assert manifest.get(key), key
    assert "onLanguage:python" in manifest["activationEvents"]
    commands = {c["command"] for c in manifest["contributes"]["commands"]}
    assert commands == {
        "gifthorse.markAsReviewed",
        "gifthorse.restartServer",
        "gifthorse.showOutput",
    }
    # the server's own executeCommand id is registered by the language client; a contributed
    # command of the same id would collide with it
    assert "gifthorse.markReviewed" not in commands
    lock = MANIFEST.with_name("package-lock.json")
    assert json.loads(lock.read_text(encoding="utf-8"))["packages"][""]["version"] == "0.1.0"
