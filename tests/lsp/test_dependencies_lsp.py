"""Dependency trust in the language server, end to end over stdio: a workspace whose
`.venv/bin/python` is a real virtual environment with a hand-built distribution installed,
manifests open in the editor, and the optional index check against an HTTP server on
127.0.0.1. Run with the recorded VS Code and Neovim 0.7 capabilities where the client makes
a difference."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from fake_index import Index, serve_index
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from wheels import build_wheel, install, make_venv

from .conftest import SERVER, start
from .editor import TIMEOUT, Editor
from .test_features import git

Launch = Callable[..., Awaitable[Editor]]

FRESH_IMPORTS = (
    "import tinydist_mod\n"  # installed in the workspace's interpreter
    "import invented_pkg_xyz\n"  # nothing vouches for it
    "import reqeusts\n"  # one typo away from requests
    "import declaredonly_lib\n"  # declared in pyproject.toml, not installed
    "import reqonly_pkg\n"  # declared in requirements.txt, not installed
    "import mypkg\n"  # first party
    "import json\n"  # standard library
)


def codes(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int]]:
    return sorted((str(d.code), d.range.start.line) for d in diagnostics)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp-venv")
    wheel = build_wheel(
        root, "gh-tiny-dist", {"tinydist_mod/__init__.py": "X = 1\n"}, top_level=True
    )
    return make_venv(root / "env", [wheel])


@pytest.fixture
def workspace(tmp_path: Path, venv: Path) -> Path:
    """A project whose interpreter is the test environment, with manifests and a package."""
    root = tmp_path / "project"
    root.mkdir()
    (root / ".venv").symlink_to(venv.parent.parent, target_is_directory=True)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "1"\ndependencies = ["declaredonly-lib>=1"]\n'
    )
    (root / "requirements.txt").write_text("reqonly-pkg==1.0\n")
    (root / "mypkg").mkdir()
    (root / "mypkg" / "__init__.py").write_text("")
    return root


@pytest_asyncio.fixture(params=["visual-studio-code", "neovim@v0.7.0"])
async def launch(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Launch]:
    """Start the real server for a workspace root (after the test has laid it out), with a
    cache directory of its own (installed distributions, index answers)."""
    clients: list[LanguageClient] = []
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    async def launch_server(root: Path, **options: object) -> Editor:
        client = await ClientServerConfig(server_command=SERVER, server_env=env).start()
        assert isinstance(client, LanguageClient)
        clients.append(client)
        return await start(client, request.param, str(root), **options)

    yield launch_server
    for client in clients:
        await client.shutdown_session()
        await client.stop()


def notify(editor: Editor, *changes: tuple[Path, types.FileChangeType]) -> None:
    editor.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=kind) for path, kind in changes]
        )
    )


def configure(editor: Editor, **settings: object) -> None:
    editor.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gifthorse": settings})
    )


async def until(
    editor: Editor, uri: str, expected: list[tuple[str, int]], since: int
) -> list[types.Diagnostic]:
    """Wait for a publication (after the first `since`) with exactly these codes and lines."""
    return await editor.pushed(uri, lambda p: codes(list(p.diagnostics)) == expected, since=since)


# -- Python documents ----------------------------------------------------------------------


async def test_fresh_imports_are_checked_against_the_workspace(
    launch: Launch, workspace: Path
) -> None:
    editor = await launch(workspace)
    uri = (workspace / "app.py").as_uri()
    editor.open(uri, "import old_invented_thing\n\n")
    assert await editor.diagnostics(uri) == []  # imports that were there before are silent
    version = editor.insert(uri, 1, 0, FRESH_IMPORTS)
    diagnostics = await editor.diagnostics(uri, version)
    assert codes(diagnostics) == [("GH950", 2), ("GH951", 3)]
    [typo] = [d for d in diagnostics if d.code == "GH951"]
    assert "`requests`" in typo.message
    # the first analysis waited for the workspace's packages: no flicker on the way
    every = [codes(list(p.diagnostics)) for p in editor.published if p.uri == uri]
    assert not [c for c in every if ("GH950", 1) in c]
    actions = await editor.code_actions(uri, typo)
    [fix] = [a for a in actions if a.edit is not None and "`requests`" in a.title]
    assert fix.edit is not None
    version = editor.apply(uri, fix.edit)
    assert "import requests\n" in editor.texts[uri]
    assert codes(await editor.diagnostics(uri, version)) == [("GH950", 2)]


async def test_trust_follows_manifests_modules_and_settings(
    launch: Launch, workspace: Path
) -> None:
    (workspace / "tools").mkdir()
    editor = await launch(workspace)
    uri = (workspace / "app.py").as_uri()
    editor.open(uri, "")
    block = "import lateadded_lib\nimport newmod_abc\nimport corp_thing\n"
    version = editor.insert(uri, 0, 0, block)
    assert codes(await editor.diagnostics(uri, version)) == [
        ("GH950", 0),
        ("GH950", 1),
        ("GH950", 2),
    ]
    requirements = workspace / "requirements.txt"
    requirements.write_text("reqonly-pkg==1.0\nlateadded-lib==2.0\n")
    published = len(editor.published)
    notify(editor, (requirements, types.FileChangeType.Changed))
    await until(editor, uri, [("GH950", 1), ("GH950", 2)], published)
    module = workspace / "newmod_abc.py"
    module.write_text("")
    published = len(editor.published)
    notify(editor, (module, types.FileChangeType.Created))
    await until(editor, uri, [("GH950", 2)], published)
    # a module next to a file in a sub-directory (not workspace-wide, decided per file)
    tool = (workspace / "tools" / "run.py").as_uri()
    editor.open(tool, "")
    version = editor.insert(tool, 0, 0, "import helper_nearby\n")
    assert codes(await editor.diagnostics(tool, version)) == [("GH950", 0)]
    helper = workspace / "tools" / "helper_nearby.py"
    helper.write_text("")
    published = len(editor.published)
    notify(editor, (helper, types.FileChangeType.Created))
    await until(editor, tool, [], published)
    published = len(editor.published)
    configure(editor, knownPackages=["corp_thing"])
    await until(editor, uri, [], published)


@pytest.mark.parametrize("launch", ["visual-studio-code"], indirect=True)
async def test_a_package_installed_meanwhile_is_trusted_after_a_save(
    launch: Launch, workspace: Path, venv: Path, tmp_path: Path
) -> None:
    editor = await launch(workspace)
    uri = (workspace / "app.py").as_uri()
    editor.open(uri, "")
    version = editor.insert(uri, 0, 0, "import latecomer_mod\n")
    assert codes(await editor.diagnostics(uri, version)) == [("GH950", 0)]
    install(venv, [build_wheel(tmp_path, "gh-latecomer", {"latecomer_mod.py": ""}, True)])
    published = len(editor.published)
    editor.client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await until(editor, uri, [], published)


@pytest.mark.parametrize("launch", ["visual-studio-code"], indirect=True)
async def test_a_late_answer_is_published_when_it_arrives(
    launch: Launch, tmp_path: Path, venv: Path
) -> None:
    root = tmp_path / "slow"
    (root / ".venv" / "bin").mkdir(parents=True)
    python = root / ".venv" / "bin" / "python"
    # an interpreter that takes longer to list its packages than documents wait for them
    python.write_text(f'#!/bin/sh\nsleep 6.5\nexec "{venv}" "$@"\n')
    python.chmod(0o755)
    editor = await launch(root)
    uri = (root / "app.py").as_uri()
    editor.open(uri, "")
    version = editor.insert(uri, 0, 0, "import tinydist_mod\n")
    early = await editor.pushed(uri, lambda p: p.version == version and bool(p.diagnostics))
    assert codes(early) == [("GH950", 0)]
    first = next(
        i
        for i, p in enumerate(editor.published)
        if p.uri == uri and p.version == version and p.diagnostics
    )
    await editor.pushed(uri, lambda p: p.version == version and not p.diagnostics, since=first)


# -- manifests in the editor ---------------------------------------------------------------

OLD_REQUIREMENTS = "flask==2.3.0\nold-invented-pkg==1.0\n"
FRESH_REQUIREMENTS = (
    "reqeusts==2.31.0\n"
    "--extra-index-url https://pypi.internal.example/simple\n"
    "mylib @ https://files.example.net/mylib-latest.whl\n"
    "git+https://github.com/example/ylib.git#egg=ylib\n"
    "eval(input())\n"  # a requirement named `eval` here, not Python
)


async def test_a_requirements_file_in_the_editor(launch: Launch, workspace: Path) -> None:
    editor = await launch(workspace)
    uri = (workspace / "requirements-dev.txt").as_uri()
    editor.open(uri, OLD_REQUIREMENTS, language="pip-requirements")
    assert await editor.diagnostics(uri) == []  # old-invented-pkg was there at open
    version = editor.insert(uri, 2, 0, FRESH_REQUIREMENTS)
    diagnostics = await editor.diagnostics(uri, version)
    assert codes(diagnostics) == [
        ("GH954", 6),
        ("GH955", 2),
        ("GH956", 4),
        ("GH956", 5),
        ("GH957", 6),
        ("GH958", 3),
    ]
    [typo] = [d for d in diagnostics if d.code == "GH955"]
    assert "`requests`" in typo.message and "inserted at" in typo.message
    hover = await editor.hover(uri, 2, 3)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "GH955" in hover.contents.value and "typosquat" in hover.contents.value
    actions = await editor.code_actions(uri, typo)
    titles = [a.title for a in actions]
    assert "Suppress GH955 on this line" in titles
    assert "Mark inserted code as reviewed" in titles
    [fix] = [a for a in actions if a.edit is not None and "`requests`" in a.title]
    assert fix.edit is not None
    version = editor.apply(uri, fix.edit)
    assert editor.texts[uri].split("\n")[2] == "requests==2.31.0"
    assert [c for c, _ in codes(await editor.diagnostics(uri, version))] == [
        "GH954",
        "GH956",
        "GH956",
        "GH957",
        "GH958",
    ]
    # `scope = "all"`: the old line is shown too, as a hint
    published = len(editor.published)
    configure(editor, scope="all")
    shown = await editor.pushed(uri, lambda p: len(p.diagnostics) == 6, since=published)
    [old] = [d for d in shown if d.range.start.line == 1]
    assert old.code == "GH954" and old.severity == types.DiagnosticSeverity.Hint


@pytest.mark.parametrize("launch", ["visual-studio-code"], indirect=True)
async def test_a_manifest_against_its_git_baseline(launch: Launch, workspace: Path) -> None:
    git(workspace, "init", "-q")
    manifest = workspace / "requirements.txt"
    manifest.write_text(OLD_REQUIREMENTS)
    git(workspace, "add", "requirements.txt")
    git(workspace, "commit", "-q", "-m", "init")
    editor = await launch(workspace)
    for _ in range(int(TIMEOUT / 0.05)):
        if editor.registrations:
            break
        await asyncio.sleep(0.05)
    [registration] = editor.registrations[0].registrations
    watchers = str(registration.register_options)
    assert all(glob in watchers for glob in ("**/*.py", "**/*requirements*.txt", "**/setup.cfg"))
    # an agent adds a line on disk: flagged without a buffer, against the last commit
    text = OLD_REQUIREMENTS + "another-invented-pkg==0.1\n"
    manifest.write_text(text)
    uri = manifest.as_uri()
    notify(editor, (manifest, types.FileChangeType.Changed))
    on_disk = await editor.pushed(uri, lambda p: bool(p.diagnostics))
    assert codes(on_disk) == [("GH954", 2)]  # the committed old-invented-pkg is silent
    # the buffer takes over, with the same baseline
    editor.open(uri, text, language="pip-requirements")
    diagnostics = await editor.pushed(uri, lambda p: p.version == 1 and bool(p.diagnostics))
    assert codes(diagnostics) == [("GH954", 2)]


@pytest.mark.parametrize("launch", ["visual-studio-code"], indirect=True)
async def test_pyproject_and_setup_cfg_in_the_editor(launch: Launch, workspace: Path) -> None:
    editor = await launch(workspace)
    pyproject = (workspace / "pyproject.toml").as_uri()
    text = (workspace / "pyproject.toml").read_text()
    editor.open(pyproject, text, language="toml")
    assert await editor.diagnostics(pyproject) == []
    line, index = editor.locate(pyproject, '"declaredonly-lib>=1"')
    version = editor.insert(pyproject, line, index, '"colourama>=0.4", ')
    [typo] = await editor.diagnostics(pyproject, version)
    assert (typo.code, typo.range.start.line) == ("GH955", 3) and "`colorama`" in typo.message
    titles = [a.title for a in await editor.code_actions(pyproject, typo)]
    assert "Suppress GH955 on this line" in titles
    setup = (workspace / "setup.cfg").as_uri()
    editor.open(setup, "[options]\ninstall_requires =\n    flask\n", language="ini")
    assert await editor.diagnostics(setup) == []
    version = editor.insert(setup, 3, 0, "    reqeusts\n")
    [typo] = await editor.diagnostics(setup, version)
    assert (typo.code, typo.range.start.line) == ("GH955", 3)
    titles = [a.title for a in await editor.code_actions(setup, typo)]
    # setuptools would read a trailing comment as part of the requirement
    assert "Suppress GH955 on this line" not in titles
    assert any("`requests`" in t for t in titles)


# -- the optional index check --------------------------------------------------------------


async def test_the_index_is_asked_only_when_configured(launch: Launch, workspace: Path) -> None:
    with serve_index() as url:
        editor = await launch(workspace)
        uri = (workspace / "app.py").as_uri()
        editor.open(uri, "")
        version = editor.insert(uri, 0, 0, "import invented_pkg_xyz\nimport brand_new\n")
        assert codes(await editor.diagnostics(uri, version)) == [("GH950", 0), ("GH950", 1)]
        await editor.hover(uri, 0, 8)  # a round trip after the publication
        assert Index.hits == [], "no connection unless indexUrl is set"
        published = len(editor.published)
        configure(editor, indexUrl=url)
        diagnostics = await until(
            editor, uri, [("GH950", 0), ("GH950", 1), ("GH959", 0), ("GH960", 1)], published
        )
        missing = next(d for d in diagnostics if d.code == "GH959")
        assert "`invented-pkg-xyz` does not exist on the package index" in missing.message
        assert sorted(Index.hits) == ["/pypi/brand-new/json", "/pypi/invented-pkg-xyz/json"]
        # each name is asked once per session
        version = editor.insert(uri, 2, 0, "x = 1\n")
        assert len(await editor.diagnostics(uri, version)) == 4
        assert len(Index.hits) == 2


@pytest.mark.parametrize("launch", ["visual-studio-code"], indirect=True)
async def test_a_slow_index_never_holds_up_the_offline_result(
    launch: Launch, workspace: Path
) -> None:
    with serve_index(slow_seconds=5.0) as url:  # beyond the client's 3 s timeout
        editor = await launch(workspace)
        configure(editor, indexUrl=url)
        uri = (workspace / "app.py").as_uri()
        editor.open(uri, "")
        version = editor.insert(uri, 0, 0, "import slow_package\n")
        assert codes(await editor.diagnostics(uri, version)) == [("GH950", 0)]
        # published before the index's answer was even given up on
        assert not [m for m in editor.client.log_messages if "package index" in m.message]
        for _ in range(int(TIMEOUT / 0.05)):
            if any("offline" in m.message for m in editor.client.log_messages):
                break
            await asyncio.sleep(0.05)
        warnings = [m for m in editor.client.log_messages if "package index" in m.message]
        assert len(warnings) == 1 and "offline" in warnings[0].message
        assert Index.hits == ["/pypi/slow-package/json"]
        # the offline result stands, and the server still answers
        version = editor.insert(uri, 1, 0, "x = 1\n")
        assert codes(await editor.diagnostics(uri, version)) == [("GH950", 0)]
        assert await editor.hover(uri, 0, 8) is not None
        assert len(Index.hits) == 1
