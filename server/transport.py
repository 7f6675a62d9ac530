"""Reading LSP messages: framing, malformed input, and bursts.

Two things pygls' own loop does not do. A request whose JSON or parameters are malformed
gets a JSON-RPC error response (pygls only logs it, leaving the client waiting). And
messages that have already arrived are handled back to back without returning to the event
loop, so that the analysis scheduled by the first didChange of a burst runs once, after the
last one: stdin is read by a thread into a buffer that the loop drains without awaiting.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, BinaryIO, Protocol

from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
)
from pygls.protocol import JsonRPCProtocol

log = logging.getLogger("gifthorse.server.transport")

_CONTENT_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.IGNORECASE)
_READ_SIZE = 1 << 16


class Reader(Protocol):
    async def readline(self) -> bytes: ...

    async def readexactly(self, n: int) -> bytes: ...


class BufferedStream:
    """Bytes pushed by a reader thread; reads return at once while enough is buffered."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._more = asyncio.Event()
        self._eof = False

    def feed(self, data: bytes) -> None:
        self._buffer.extend(data)
        self._more.set()

    def feed_eof(self) -> None:
        self._eof = True
        self._more.set()

    async def _wait(self) -> bool:
        if self._eof:
            return False
        self._more.clear()
        await self._more.wait()
        return True

    async def readline(self) -> bytes:
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                return line
            if not await self._wait():
                line = bytes(self._buffer)
                self._buffer.clear()
                return line

    async def readexactly(self, n: int) -> bytes:
        while len(self._buffer) < n:
            if not await self._wait():
                raise asyncio.IncompleteReadError(bytes(self._buffer), n)
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data


def pump(stream: BinaryIO, loop: asyncio.AbstractEventLoop, target: BufferedStream) -> None:
    """Start a daemon thread that copies `stream` into `target`."""
    descriptor = stream.fileno()

    def run() -> None:
        while True:
            try:
                data = os.read(descriptor, _READ_SIZE)
            except OSError:
                data = b""
            try:
                if not data:
                    loop.call_soon_threadsafe(target.feed_eof)
                    return
                loop.call_soon_threadsafe(target.feed, data)
            except RuntimeError:  # the loop is closed: the server is exiting
                return

    threading.Thread(target=run, name="gifthorse-stdin", daemon=True).start()


def _error(protocol: JsonRPCProtocol, msg_id: Any, exc: JsonRpcException) -> None:
    protocol._send_data(
        {"jsonrpc": "2.0", "id": msg_id, "error": {"code": exc.code, "message": exc.message}}
    )


#: notifications handled without pygls' dispatch (its per-message futures, ids and protocol
#: checks cost ~0.3 ms, a tenth of a keystroke's budget), by method: params in, nothing out
Direct = Mapping[str, Callable[[Any], None]]


def dispatch(protocol: JsonRPCProtocol, body: bytes, direct: Direct | None = None) -> None:
    """Hand one message to pygls, answering what it would drop with the right error."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        _error(protocol, None, JsonRpcParseError(f"invalid JSON: {exc}"))
        return
    if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
        msg_id = data.get("id") if isinstance(data, dict) else None
        _error(protocol, msg_id, JsonRpcInvalidRequest("not a JSON-RPC 2.0 message"))
        return
    msg_id = data.get("id")
    method = data.get("method")
    if method is not None and not isinstance(method, str):
        _error(protocol, msg_id, JsonRpcInvalidRequest("`method` must be a string"))
        return
    if method is None and "id" in data and "result" not in data and "error" not in data:
        _error(protocol, msg_id, JsonRpcInvalidRequest("a request needs a `method`"))
        return
    handler = None if direct is None or "id" in data else direct.get(method or "")
    if handler is not None:
        try:
            handler(data.get("params"))
        except JsonRpcException:
            log.warning("dropped a malformed %s notification", method)
        return
    try:
        message = protocol.structure_message(data)
    except JsonRpcException as exc:
        if method is not None and "id" in data:
            _error(protocol, msg_id, type(exc)(f"invalid parameters for {method}"))
        else:
            log.warning("dropped a malformed %s notification", method)
        return
    except Exception:
        log.exception("cannot read message %r", method)
        if method is not None and "id" in data:
            _error(protocol, msg_id, JsonRpcInternalError(f"cannot read {method}"))
        return
    protocol.handle_message(message)


async def serve(reader: Reader, protocol: JsonRPCProtocol, direct: Direct | None = None) -> None:
    """Read framed messages until end of input."""
    while True:
        length: int | None = None
        while True:
            line = await reader.readline()
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                break
            match = _CONTENT_LENGTH.match(line.strip())
            if match is not None:
                length = int(match.group(1))
        if length is None:
            log.warning("a message without Content-Length was skipped")
            continue
        try:
            body = await reader.readexactly(length)
        except asyncio.IncompleteReadError:
            return
        try:
            dispatch(protocol, body, direct)
        except Exception:  # never let one message end the session
            log.exception("handling a message failed")
