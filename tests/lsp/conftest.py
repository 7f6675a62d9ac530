"""Fixtures that start the real server (`python -m gifthorse.server`) over stdio."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .editor import PROFILES, Editor, capabilities

SERVER = [sys.executable, "-m", "gifthorse.server", "--stdio"]


async def start(client: LanguageClient, profile: str, root: str, **options: Any) -> Editor:
    editor_box: list[Editor] = []
    original = client.protocol._handle_notification

    def record(method_name: str, params: Any) -> None:
        if method_name == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS and editor_box:
            editor_box[0].published.append(params)
        original(method_name, params)  # type: ignore[no-untyped-call]

    client.protocol._handle_notification = record  # type: ignore[method-assign]
    registrations: list[types.RegistrationParams] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(params: types.RegistrationParams) -> None:
        registrations.append(params)

    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(profile),
            root_uri=f"file://{root}",
            workspace_folders=[types.WorkspaceFolder(uri=f"file://{root}", name="root")],
            **options,
        )
    )
    encoding = str(getattr(result.capabilities.position_encoding, "value", None) or "utf-16")
    editor = Editor(client, encoding, pull=result.capabilities.diagnostic_provider is not None)
    editor.registrations = registrations
    editor_box.append(editor)
    client.gifthorse_editor = editor  # type: ignore[attr-defined]
    return editor


# pytest-lsp fixtures yield the client itself; the Editor rides along on it.


@pytest_lsp.fixture(params=PROFILES, config=ClientServerConfig(server_command=SERVER))  # type: ignore[untyped-decorator]
async def any_client(
    request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path: Any
) -> AsyncIterator[None]:
    await start(lsp_client, request.param, str(tmp_path))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))  # type: ignore[untyped-decorator]
async def vscode_client(lsp_client: LanguageClient, tmp_path: Any) -> AsyncIterator[None]:
    await start(lsp_client, "visual-studio-code", str(tmp_path))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))  # type: ignore[untyped-decorator]
async def pull_client(lsp_client: LanguageClient, tmp_path: Any) -> AsyncIterator[None]:
    await start(lsp_client, "vscode-pull", str(tmp_path))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def editor(any_client: LanguageClient) -> Editor:
    """The real server, driven with each recorded client's capabilities in turn."""
    return any_client.gifthorse_editor  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def vscode(vscode_client: LanguageClient) -> Editor:
    """One client, for scenarios that do not depend on the client's capabilities."""
    return vscode_client.gifthorse_editor  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def puller(pull_client: LanguageClient) -> Editor:
    """A VS Code that pulls diagnostics (textDocument/diagnostic, with refresh)."""
    return pull_client.gifthorse_editor  # type: ignore[attr-defined, no-any-return]
