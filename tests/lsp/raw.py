"""A raw LSP connection to the server, for messages no well-behaved client library sends."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from typing import Any, BinaryIO

SERVER = [sys.executable, "-m", "gifthorse.server", "--stdio"]


class RawServer:
    def __init__(self, command: list[str] = SERVER) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(
            target=read_messages, args=(self.process.stdout, self.messages), daemon=True
        ).start()

    def write(self, body: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.write(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def wait(self, accept: Any, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if "id" in message and "method" in message:  # a request from the server
                self.send({"id": message["id"], "result": None})
                continue
            if accept(message):
                return message

    def response(self, ident: Any, timeout: float = 60.0) -> dict[str, Any]:
        return self.wait(lambda m: m.get("id") == ident and "method" not in m, timeout)

    def initialize(self, root: str, capabilities: dict[str, Any] | None = None) -> dict[str, Any]:
        self.send(
            {
                "id": 0,
                "method": "initialize",
                "params": {"processId": None, "rootUri": root, "capabilities": capabilities or {}},
            }
        )
        result = self.response(0)
        self.send({"method": "initialized", "params": {}})
        return result

    def close(self) -> int:
        try:
            self.send({"id": "bye", "method": "shutdown"})
            self.response("bye", timeout=30)
            self.send({"method": "exit"})
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def read_messages(stream: BinaryIO, messages: queue.Queue[dict[str, Any]]) -> None:
    while True:
        length = 0
        while True:
            line = stream.readline()
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        messages.put(json.loads(stream.read(length)))
