# lookalike: silenced-controls
import pytest


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_legacy_parser():
    from acme.legacy import parse

    assert parse("a=1") == {"a": "1"}
