"""The language server: pygls wiring only. Every handler is a thin call into the session.

pygls' own copy of each document is switched off (the session keeps the only one), and the
message loop is ours (see transport.py), so that malformed requests get JSON-RPC errors and
bursts of changes are analysed once.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import sys
from collections.abc import Callable, Generator
from typing import Any

from gifthorse.analyzers import Encoding
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from .actions import FIX_ALL, MARK_REVIEWED, code_actions
from .diagnostics import SOURCE, Shown
from .documents import encoding_of, uri_to_path
from .hover import hover_markdown
from .incremental import preload
from .session import Session
from .transport import BufferedStream, pump
from .transport import serve as serve_messages

log = logging.getLogger("gifthorse.server")

VERSION = "0.1.0"
#: how long hover and code actions wait for the newest version to be analysed
REQUEST_WAIT_SECONDS = 2.0
_LEVELS = {
    logging.ERROR: types.MessageType.Error,
    logging.WARNING: types.MessageType.Warning,
    logging.INFO: types.MessageType.Info,
    logging.DEBUG: types.MessageType.Log,
}
#: loggers of work done in the background (the package index, the workspace's interpreter)
BACKGROUND_LOGGERS = ("gifthorse.index", "gifthorse.dependencies", "gifthorse.server.trust")
#: files whose changes the server hears about: Python, and what declares dependencies
WATCHED = (
    "**/*.py",
    "**/pyproject.toml",
    "**/setup.cfg",
    "**/*requirements*.txt",
    "**/constraints*.txt",
    "**/requirements/*.txt",
)


class EditorLog(logging.StreamHandler):  # type: ignore[type-arg]
    """Messages of background work go to the editor's log, where the user looks for them,
    once; stderr only until the protocol's loop runs. They may come from any thread."""

    def __init__(self, server: GifthorseServer) -> None:
        super().__init__(sys.stderr)
        self.server = server

    def emit(self, record: logging.LogRecord) -> None:
        loop = self.server.main_loop
        if loop is None or loop.is_closed():
            super().emit(record)
            return
        message = record.getMessage()
        if record.exc_info and self.formatter is not None:
            message += "\n" + self.formatter.formatException(record.exc_info)
        try:
            loop.call_soon_threadsafe(self.server.log_to_editor, message, record.levelno)
        except RuntimeError:  # the loop closed meanwhile
            super().emit(record)


class GifthorseProtocol(LanguageServerProtocol):
    """pygls' protocol minus its text store: the session keeps the documents."""

    _server: GifthorseServer

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        # Pull diagnostics only where the client can also be told to pull again (after
        # "mark as reviewed"); elsewhere diagnostics are pushed, never both.
        if not self._server.pull:
            result.capabilities.diagnostic_provider = None
        return result

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


_SAMPLE_CHANGE = {
    "textDocument": {"uri": "file:///sample.py", "version": 2},
    "contentChanges": [
        {
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "text": "x",
        },
        {"text": "x"},
    ],
}


_SAMPLE_RANGE = types.Range(
    start=types.Position(line=0, character=0), end=types.Position(line=0, character=1)
)
#: a publication with every field the server's diagnostics use
_SAMPLE_PUBLICATION = types.PublishDiagnosticsNotification(
    params=types.PublishDiagnosticsParams(
        uri="file:///sample.py",
        version=2,
        diagnostics=[
            types.Diagnostic(
                range=_SAMPLE_RANGE,
                severity=types.DiagnosticSeverity.Error,
                code="GH100",
                code_description=types.CodeDescription(href="https://example.invalid/"),
                source="gifthorse",
                message="sample",
                related_information=[
                    types.DiagnosticRelatedInformation(
                        location=types.Location(uri="file:///sample.py", range=_SAMPLE_RANGE),
                        message="sample",
                    )
                ],
                data={"id": 1, "code": "GH100", "start": 0, "end": 1, "version": 2},
            )
        ],
    )
)


class GifthorseServer(LanguageServer):
    """The pygls server plus what the session needs from the client side."""

    def __init__(self) -> None:
        super().__init__(
            "gifthorse",
            VERSION,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=GifthorseProtocol,
        )
        self.session = Session(self)
        self.encoding = Encoding.UTF16
        self.pull = False
        self.refresh_support = False
        self.configuration_support = False
        self.versioned_edits = False
        #: counts settings pushed by the client, so that an older pulled answer is dropped
        self.configuration_generation = 0
        #: the loop the protocol runs on, once it runs (background threads log through it)
        self.main_loop: asyncio.AbstractEventLoop | None = None

    # -- the session's view of the client -------------------------------------------------

    def publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def log(self, message: str, level: int = logging.INFO) -> None:
        log.log(level, "%s", message)
        self.window_log_message(
            types.LogMessageParams(type=_LEVELS.get(level, types.MessageType.Log), message=message)
        )

    def log_to_editor(self, message: str, level: int) -> None:
        """window/logMessage only (the message was already logged where it came from)."""
        self.window_log_message(
            types.LogMessageParams(type=_LEVELS.get(level, types.MessageType.Log), message=message)
        )

    def show(self, message: str) -> None:
        log.warning("%s", message)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=message)
        )

    def refresh(self) -> None:
        if self.refresh_support:
            self.workspace_diagnostic_refresh(None)

    # -- transports ---------------------------------------------------------------------

    def direct(self) -> dict[str, Callable[[Any], None]]:
        """Handlers the message loop calls without pygls: didChange, on every keystroke."""
        converter = self.protocol._converter
        session = self.session
        # cattrs builds its (un)structuring code on first use: ~3 ms for didChange, ~5 ms for
        # a publication with findings; not on the first keystroke or the first finding shown
        converter.structure(_SAMPLE_CHANGE, types.DidChangeTextDocumentParams)
        json.dumps(_SAMPLE_PUBLICATION, default=self.protocol._serialize_message)

        def did_change(params: Any) -> None:
            try:
                change = converter.structure(params, types.DidChangeTextDocumentParams)
            except Exception as exc:
                raise JsonRpcInvalidParams() from exc
            document = change.text_document
            session.change(document.uri, document.version, change.content_changes)

        return {types.TEXT_DOCUMENT_DID_CHANGE: did_change}

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        async def main() -> None:
            stream = BufferedStream()
            pump(stdin or sys.stdin.buffer, asyncio.get_running_loop(), stream)
            await serve_messages(stream, self.protocol, self.direct())

        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(main())
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    def start_tcp(self, host: str, port: int) -> None:
        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.protocol.set_writer(writer)
            await serve_messages(reader, self.protocol, self.direct())
            self.shutdown()  # type: ignore[no-untyped-call]

        async def main() -> None:
            server = await asyncio.start_server(connection, host, port)
            log.info("listening on %s:%s", host, port)
            async with server:
                await server.serve_forever()

        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(main())


def _initialize(ls: GifthorseServer, params: types.InitializeParams) -> None:
    ls.main_loop = asyncio.get_running_loop()
    caps = params.capabilities
    ls.encoding = encoding_of(ls.workspace.position_encoding)
    text = caps.text_document
    workspace = caps.workspace
    ls.refresh_support = bool(
        workspace and workspace.diagnostics and workspace.diagnostics.refresh_support
    )
    ls.pull = bool(text and text.diagnostic) and ls.refresh_support
    ls.configuration_support = bool(workspace and workspace.configuration)
    ls.versioned_edits = bool(
        workspace and workspace.workspace_edit and workspace.workspace_edit.document_changes
    )
    root = None
    if params.workspace_folders:
        root = uri_to_path(params.workspace_folders[0].uri)
    elif params.root_uri:
        root = uri_to_path(params.root_uri)
    elif params.root_path:
        root = params.root_path
    ls.session.settings.root = root
    if params.initialization_options is not None:
        ls.session.configure(params.initialization_options)


async def _initialized(ls: GifthorseServer) -> None:
    await _pull_configuration(ls)
    ls.session.start_trust()
    watched = ls.client_capabilities.workspace
    if (
        watched
        and watched.did_change_watched_files
        and (watched.did_change_watched_files.dynamic_registration)
    ):
        watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        registration = types.Registration(
            id="gifthorse-watched-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception as exc:  # the client may refuse; files on disk are then not watched
            log.info("file watching not registered: %s", exc)


async def _pull_configuration(ls: GifthorseServer) -> None:
    if not ls.configuration_support:
        return
    generation = ls.configuration_generation
    try:
        result = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="gifthorse")])
        )
    except Exception as exc:
        log.info("workspace/configuration failed: %s", exc)
        return
    # Settings pushed by didChangeConfiguration while the answer was on its way are newer.
    if result and generation == ls.configuration_generation:
        ls.session.configure(result[0])


def _line_range(ls: GifthorseServer, uri: str, value: Any) -> tuple[int, int] | None:
    """The whole lines of an LSP range, in bytes of the open document."""
    item = ls.session.documents.get(uri)
    if item is None or value is None:
        return None
    try:
        parsed = ls.protocol._converter.structure(value, types.Range)
    except Exception as exc:
        raise JsonRpcInvalidParams(f"not an LSP range: {value!r}") from exc
    document = item.document
    start, end = document.byte_range(parsed, ls.encoding)
    lines = document.lines
    first = lines.line_of(start)
    last = lines.line_of(end)
    if last > first and end == lines.line_start(last):
        last -= 1
    return lines.line_start(first), lines.line_end(last)


def create_server() -> GifthorseServer:
    server = GifthorseServer()
    session = server.session

    @server.feature(types.INITIALIZE)
    def initialize(ls: GifthorseServer, params: types.InitializeParams) -> None:
        _initialize(ls, params)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: GifthorseServer, params: types.InitializedParams) -> None:
        await _initialized(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GifthorseServer, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        session.open(doc.uri, doc.language_id, doc.version, doc.text)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GifthorseServer, params: types.DidChangeTextDocumentParams) -> None:
        doc = params.text_document
        session.change(doc.uri, doc.version, params.content_changes)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GifthorseServer, params: types.DidCloseTextDocumentParams) -> None:
        session.close(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: GifthorseServer, params: types.DidSaveTextDocumentParams) -> None:
        session.save(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: GifthorseServer, params: types.DidChangeConfigurationParams
    ) -> None:
        settings = params.settings
        ls.configuration_generation += 1
        if isinstance(settings, dict) and "gifthorse" in settings:
            session.configure(settings["gifthorse"])
        else:
            await _pull_configuration(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: GifthorseServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        session.disk.changed(list(params.changes))

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    async def diagnostic(
        ls: GifthorseServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        item = session.documents.get(params.text_document.uri)
        if item is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        await session.settled(item)
        result_id, diagnostics = session.report(item)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=diagnostics, result_id=result_id)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: GifthorseServer, params: types.HoverParams) -> types.Hover | None:
        item = session.documents.get(params.text_document.uri)
        if item is None:
            return None
        await session.settled(item, REQUEST_WAIT_SECONDS)
        document = item.document
        offset = document.offset(params.position, ls.encoding)
        hits = [s for s in session.shown(item) if s.finding.start <= offset < s.finding.end]
        if not hits:
            return None
        first = hits[0].finding
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown,
                value=hover_markdown([h.finding for h in hits], item.freshness),
            ),
            range=document.range(first.start, first.end, ls.encoding),
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL],
            resolve_provider=False,
        ),
    )
    async def code_action(
        ls: GifthorseServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        item = session.documents.get(params.text_document.uri)
        if item is None:
            return None
        await session.settled(item, REQUEST_WAIT_SECONDS)
        every = session.shown(item)
        start, end = item.document.byte_range(params.range, ls.encoding)
        targets = _targets(every, list(params.context.diagnostics), start, end)
        offer = code_actions(
            item.document,
            item.freshness,
            targets,
            every,
            list(params.context.only) if params.context.only else None,
            ls.encoding,
            ls.versioned_edits,
        )
        if len(item.hand_made) > 1000:
            item.hand_made.clear()
        item.hand_made.update(offer.texts)
        return offer.actions or None

    @server.command(MARK_REVIEWED)
    def mark_reviewed(ls: GifthorseServer, *args: Any) -> bool:
        if not args or not isinstance(args[0], str):
            raise JsonRpcInvalidParams(f"{MARK_REVIEWED} expects [uri] or [uri, range]")
        uri = args[0]
        if uri not in session.documents:
            raise JsonRpcInvalidParams(f"{uri} is not open")
        byte_range = _line_range(ls, uri, args[1] if len(args) > 1 else None)
        return session.review(uri, byte_range)

    return server


def _targets(
    every: list[Shown],
    diagnostics: list[types.Diagnostic],
    start: int,
    end: int,
) -> list[tuple[Shown, types.Diagnostic | None]]:
    """The findings a code action request is about: the diagnostics it carries (found by the
    id in their data), then whatever shown finding the requested range touches."""
    by_id = {s.ident: s for s in every}
    targets: list[tuple[Shown, types.Diagnostic | None]] = []
    taken: set[int] = set()
    for diagnostic in diagnostics:
        data = diagnostic.data
        if diagnostic.source != SOURCE or not isinstance(data, dict):
            continue
        found = by_id.get(data.get("id", -1))
        if found is None:
            found = next(
                (
                    s
                    for s in every
                    if s.finding.code == data.get("code")
                    and s.finding.start == data.get("start")
                    and s.finding.end == data.get("end")
                ),
                None,
            )
        if found is not None and found.ident not in taken:
            taken.add(found.ident)
            targets.append((found, diagnostic))
    for s in every:
        if s.ident not in taken and s.finding.start <= end and start <= s.finding.end:
            taken.add(s.ident)
            targets.append((s, None))
    return targets


def serve(tcp: str | None = None) -> None:
    """Run the language server over stdio, or on a TCP socket given as HOST:PORT."""
    logging.basicConfig(
        stream=sys.stderr, level=logging.WARNING, format="gifthorse: %(levelname)s %(message)s"
    )
    server = create_server()
    handler = EditorLog(server)
    handler.setFormatter(logging.Formatter("gifthorse: %(levelname)s %(message)s"))
    for name in BACKGROUND_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.propagate = False
    # Everything built so far (the rule tables, lsprotocol's classes) lives as long as the
    # server: keep it out of the cycle collector's way, so that its full collections, which
    # run in the middle of some keystroke's analysis, do not walk it again every time.
    preload()
    gc.collect()
    gc.freeze()
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
