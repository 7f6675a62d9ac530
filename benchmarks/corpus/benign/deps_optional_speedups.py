# lookalike: dependencies
try:
    import orjson as _json

    def dumps(obj) -> str:
        return _json.dumps(obj).decode()
except ImportError:  # pragma: no cover
    import json as _json

    def dumps(obj) -> str:
        return _json.dumps(obj, separators=(",", ":"))
