"""The optional online check: ask a package index whether a name exists, and since when.

Off unless the user sets `indexUrl` (or passes `--check-index`): gifthorse opens no connection
otherwise. Answers are cached on disk; a slow, broken or unreachable index degrades to the
offline answer with one log message and never blocks longer than the timeout.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .environment import cache_dir
from .known import normalize

log = logging.getLogger("gifthorse.index")

DEFAULT_INDEX = "https://pypi.org/pypi"
NEW_PACKAGE_DAYS = 30


@dataclass(frozen=True)
class IndexAnswer:
    name: str
    exists: bool
    first_upload: datetime | None = None
    releases: int = 0

    def age_days(self, now: datetime | None = None) -> float | None:
        if self.first_upload is None:
            return None
        return ((now or datetime.now(UTC)) - self.first_upload).total_seconds() / 86400

    def suspicious(self, now: datetime | None = None) -> str | None:
        """Why the index's answer is worrying ("first uploaded 3 days ago"), or None."""
        if not self.exists:
            return "not found"
        age = self.age_days(now)
        reasons = []
        if age is not None and age < NEW_PACKAGE_DAYS:
            reasons.append(f"first uploaded {max(int(age), 0)} days ago")
        if self.releases <= 1:
            reasons.append(
                "with a single release" if reasons else "a project with a single release"
            )
        return ", ".join(reasons) or None


class IndexUnavailable(Exception):
    """The index could not answer (network, timeout, HTTP error, malformed reply)."""


def parse_answer(name: str, payload: Any) -> IndexAnswer:
    """Read the JSON API's reply: `releases` maps versions to uploaded files."""
    if not isinstance(payload, dict) or not isinstance(payload.get("info"), dict):
        raise IndexUnavailable("malformed reply: no `info` object")
    releases = payload.get("releases")
    uploads: list[datetime] = []
    count = 0
    if isinstance(releases, dict):
        for files in releases.values():
            if not isinstance(files, list) or not files:
                continue
            count += 1
            for item in files:
                stamp = item.get("upload_time_iso_8601") if isinstance(item, dict) else None
                if isinstance(stamp, str):
                    try:
                        uploads.append(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
                    except ValueError:
                        continue
    else:
        raise IndexUnavailable("malformed reply: no `releases` table")
    first = min(uploads) if uploads else None
    return IndexAnswer(name, True, first, count)


class IndexClient:
    """Looks names up in `{base}/{name}/json`, with a disk cache."""

    def __init__(
        self,
        base_url: str = DEFAULT_INDEX,
        cache: Path | None = None,
        timeout: float = 3.0,
        ttl: float = 24 * 3600,
        negative_ttl: float = 3600,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        digest = hashlib.sha256(self.base_url.encode()).hexdigest()[:16]
        self.cache = (cache or cache_dir() / "index") / digest
        self.timeout = timeout
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self._warned = False

    def _cache_path(self, name: str) -> Path:
        return self.cache / f"{normalize(name)}.json"

    def _cached(self, name: str) -> IndexAnswer | None:
        try:
            data = json.loads(self._cache_path(name).read_text(encoding="utf-8"))
            age = time.time() - float(data["fetched"])
            if age > (self.ttl if data["exists"] else self.negative_ttl):
                return None
            first = datetime.fromisoformat(data["first"]) if data["first"] else None
            return IndexAnswer(name, bool(data["exists"]), first, int(data["releases"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _store(self, answer: IndexAnswer) -> None:
        record = {
            "fetched": time.time(),
            "exists": answer.exists,
            "first": answer.first_upload.isoformat() if answer.first_upload else None,
            "releases": answer.releases,
        }
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            self._cache_path(answer.name).write_text(json.dumps(record), encoding="utf-8")
        except OSError:
            pass

    def fetch(self, name: str) -> IndexAnswer:
        """Ask the index (no cache); raises IndexUnavailable when it cannot answer."""
        url = f"{self.base_url}/{urllib.parse.quote(normalize(name))}/json"
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": "gifthorse"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(8 * 1024 * 1024)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return IndexAnswer(name, False)
            raise IndexUnavailable(f"HTTP {exc.code} from {url}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise IndexUnavailable(f"{url}: {getattr(exc, 'reason', exc)}") from exc
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise IndexUnavailable(f"malformed reply from {url}: {exc}") from exc
        return parse_answer(name, payload)

    def lookup(self, name: str) -> IndexAnswer | None:
        """The index's answer, or None when it cannot be had (logged once per client)."""
        cached = self._cached(name)
        if cached is not None:
            return cached
        try:
            answer = self.fetch(name)
        except IndexUnavailable as exc:
            if not self._warned:
                log.warning("package index check unavailable, using offline results: %s", exc)
                self._warned = True
            return None
        self._store(answer)
        return answer
