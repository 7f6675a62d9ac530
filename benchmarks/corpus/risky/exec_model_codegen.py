# expect: code-execution
"""Generate lightweight record classes from a JSON schema shipped by the API server."""
import json
import urllib.request


def build_record_class(schema_url: str):
    schema = json.load(urllib.request.urlopen(schema_url))
    name = schema["title"]
    fields = schema["properties"].keys()
    lines = [f"class {name}:", f"    __slots__ = {tuple(fields)!r}", "    def __init__(self, data):"]
    for field in fields:
        lines.append(f"        self.{field} = data.get({field!r}, {schema['properties'][field].get('default')!r})")
    namespace: dict = {}
    exec("\n".join(lines), namespace)
    return namespace[name]
