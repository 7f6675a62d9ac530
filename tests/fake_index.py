"""A package index's JSON API on 127.0.0.1: established, brand-new, single-release, missing,
slow, broken (500) and garbled projects, with a record of the requests it received."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar


def _release(days_ago: float) -> list[dict[str, str]]:
    stamp = datetime.now(UTC) - timedelta(days=days_ago)
    return [{"upload_time_iso_8601": stamp.isoformat().replace("+00:00", "Z")}]


PROJECTS: dict[str, object] = {
    "established": {
        "info": {"name": "established"},
        "releases": {f"1.{n}": _release(3000 - n * 100) for n in range(12)},
    },
    "brand-new": {"info": {"name": "brand-new"}, "releases": {"0.0.1": _release(3)}},
    "lonely": {"info": {"name": "lonely"}, "releases": {"1.0": _release(900)}},
}


class Index(BaseHTTPRequestHandler):
    #: request paths, in the order they arrived
    hits: ClassVar[list[str]] = []
    #: how long `slow-package` takes to answer
    slow_seconds: ClassVar[float] = 2.0

    def do_GET(self) -> None:
        Index.hits.append(self.path)
        name = self.path.strip("/").split("/")[-2]
        if name == "slow-package":
            time.sleep(Index.slow_seconds)
        if name == "broken-package":
            self._reply(500, b"oops")
        elif name == "garbled-package":
            self._reply(200, b"{not json")
        elif name in PROJECTS:
            self._reply(200, json.dumps(PROJECTS[name]).encode())
        else:
            self._reply(404, b'{"message": "Not Found"}')

    def _reply(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    # A slow answer still being sent must not hold up the end of a test.
    daemon_threads = True
    block_on_close = False


@contextmanager
def serve_index(slow_seconds: float = 2.0) -> Iterator[str]:
    """Run the index in a thread; yields its base URL (`http://127.0.0.1:PORT/pypi`)."""
    server = _Server(("127.0.0.1", 0), Index)
    Index.hits = []
    Index.slow_seconds = slow_seconds
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    finally:
        server.shutdown()
        server.server_close()
