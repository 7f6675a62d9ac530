# lookalike: persistence
import time

import pytest

from acme.cache import TTLCache


@pytest.fixture
def frozen_time(monkeypatch):
    now = [1_700_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_entries_expire(frozen_time):
    cache = TTLCache(ttl=10)
    cache["a"] = 1
    frozen_time[0] += 11
    assert "a" not in cache
