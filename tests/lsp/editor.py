"""A scripted editor for driving the real server over stdio in tests.

It keeps its own copy of each document, turns (line, character index) positions into the
negotiated encoding, sends didChange the way an editor does (one notification per keystroke
when typing) and waits for the diagnostics of the newest version, pushed or pulled.
"""

from __future__ import annotations

import ast
import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

TIMEOUT = 30.0

#: recorded client capabilities, plus a VS Code that pulls diagnostics (VS Code >= 1.70)
PROFILES = ("visual-studio-code", "neovim@v0.7.0", "neovim@v0.11.0", "emacs@29.1")


def capabilities(profile: str) -> types.ClientCapabilities:
    if profile == "vscode-pull":
        caps = client_capabilities("visual-studio-code")
        assert caps.text_document is not None and caps.workspace is not None
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
            dynamic_registration=True, related_document_support=False
        )
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
            refresh_support=True
        )
        return caps
    return client_capabilities(profile)


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def from_units(line: str, count: int, encoding: str) -> int:
    """Index into `line` of a column counted in `encoding` units."""
    for index in range(len(line) + 1):
        if units(line[:index], encoding) >= count:
            return index
    return len(line)


def _action(item: types.Command | types.CodeAction) -> types.CodeAction:
    """lsprotocol reads any code action that carries a command as a bare Command (its
    union hook only checks for a "command" key) and keeps the nested command as a string;
    undo that, as a real editor would read the same JSON."""
    if isinstance(item, types.CodeAction):
        return item
    nested = ast.literal_eval(item.command)
    return types.CodeAction(
        title=item.title,
        command=types.Command(
            title=nested["title"], command=nested["command"], arguments=nested.get("arguments")
        ),
    )


@dataclass
class Editor:
    client: LanguageClient
    encoding: str
    pull: bool
    texts: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    published: list[types.PublishDiagnosticsParams] = field(default_factory=list)
    registrations: list[types.RegistrationParams] = field(default_factory=list)

    # -- positions -------------------------------------------------------------------------

    def position(self, uri: str, line: int, index: int) -> types.Position:
        """(line, character index in the Python string) -> an LSP position."""
        lines = self.texts[uri].split("\n")
        text = lines[line] if line < len(lines) else ""
        return types.Position(line=line, character=units(text[:index], self.encoding))

    def offset(self, uri: str, position: types.Position) -> int:
        lines = self.texts[uri].split("\n")
        before = sum(len(x) + 1 for x in lines[: position.line])
        return before + from_units(lines[position.line], position.character, self.encoding)

    def locate(self, uri: str, needle: str, nth: int = 0) -> tuple[int, int]:
        """(line, index) of the nth occurrence of `needle`."""
        text = self.texts[uri]
        at = -1
        for _ in range(nth + 1):
            at = text.index(needle, at + 1)
        line = text.count("\n", 0, at)
        return line, at - (text.rfind("\n", 0, at) + 1)

    def line_of(self, uri: str, needle: str) -> int:
        return self.locate(uri, needle)[0]

    # -- document changes ------------------------------------------------------------------

    def open(self, uri: str, text: str, language: str = "python") -> None:
        self.texts[uri] = text
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
            )
        )

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri))
        )

    def edit(self, uri: str, *changes: tuple[tuple[int, int], tuple[int, int], str]) -> int:
        """One didChange with one or more ((line, index), (line, index), text) changes."""
        events: list[types.TextDocumentContentChangeEvent] = []
        for (l1, c1), (l2, c2), new in changes:
            start = self.position(uri, l1, c1)
            end = self.position(uri, l2, c2)
            events.append(
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=start, end=end), text=new
                )
            )
            text = self.texts[uri]
            a, b = self.offset(uri, start), self.offset(uri, end)
            self.texts[uri] = text[:a] + new + text[b:]
        return self._send(uri, events)

    def replace_all(self, uri: str, text: str) -> int:
        self.texts[uri] = text
        return self._send(uri, [types.TextDocumentContentChangeWholeDocument(text=text)])

    def _send(self, uri: str, events: list[types.TextDocumentContentChangeEvent]) -> int:
        self.versions[uri] += 1
        version = self.versions[uri]
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=events,
            )
        )
        return version

    def insert(self, uri: str, line: int, index: int, text: str) -> int:
        return self.edit(uri, ((line, index), (line, index), text))

    def type(self, uri: str, line: int, index: int, text: str) -> list[int]:
        """Type `text` one character per didChange, as editors send keystrokes."""
        versions = []
        for char in text:
            versions.append(self.insert(uri, line, index, char))
            if char == "\n":
                line, index = line + 1, 0
            else:
                index += 1
        return versions

    def apply(self, uri: str, edit: types.WorkspaceEdit) -> int:
        """Apply a workspace edit from the server, as the editor would (one didChange)."""
        edits: list[types.TextEdit] = []
        if edit.document_changes:
            for change in edit.document_changes:
                assert isinstance(change, types.TextDocumentEdit)
                assert change.text_document.uri == uri
                edits.extend(e for e in change.edits if isinstance(e, types.TextEdit))
        elif edit.changes:
            edits.extend(edit.changes[uri])
        events: list[types.TextDocumentContentChangeEvent] = []
        for text_edit in sorted(
            edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
        ):
            a = self.offset(uri, text_edit.range.start)
            b = self.offset(uri, text_edit.range.end)
            text = self.texts[uri]
            self.texts[uri] = text[:a] + text_edit.new_text + text[b:]
            events.append(
                types.TextDocumentContentChangePartial(
                    range=text_edit.range, text=text_edit.new_text
                )
            )
        return self._send(uri, events)

    # -- results ---------------------------------------------------------------------------

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics of the newest version (or `version`), pushed or pulled."""
        want = self.versions[uri] if version is None else version
        if self.pull:
            report = await self.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
            return list(report.items)
        return await self.pushed(uri, lambda p: p.version == want)

    async def pushed(
        self, uri: str, accept: Any = None, timeout: float = TIMEOUT, since: int = 0
    ) -> list[types.Diagnostic]:
        """The newest pushed diagnostics for `uri` (after the first `since` publications)
        that `accept` accepts."""
        deadline = time.monotonic() + timeout
        while True:
            for params in reversed(self.published[since:]):
                if params.uri == uri and (accept is None or accept(params)):
                    return list(params.diagnostics)
            if time.monotonic() > deadline:
                raise AssertionError(f"no diagnostics for {uri} within {timeout} s")
            await asyncio.sleep(0.01)

    async def code_actions(
        self, uri: str, diagnostic: types.Diagnostic, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic], only=only),
            )
        )
        return [_action(a) for a in result or []]

    async def hover(self, uri: str, line: int, index: int) -> types.Hover | None:
        return await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=self.position(uri, line, index),
            )
        )

    async def execute(self, command: str, *arguments: Any) -> Any:
        return await self.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=command, arguments=list(arguments))
        )

    def lines(self, uri: str, diagnostics: list[types.Diagnostic]) -> list[int]:
        return sorted(d.range.start.line for d in diagnostics)
