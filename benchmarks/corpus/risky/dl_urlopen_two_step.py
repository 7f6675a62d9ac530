# expect: download-and-execute
from urllib.request import urlopen

PLUGIN_INDEX = "http://plugins.acme-internal.net/latest/loader.py"


def load_remote_plugins():
    with urlopen(PLUGIN_INDEX) as resp:
        source = resp.read().decode("utf-8")
    code = compile(source, PLUGIN_INDEX, "exec")
    namespace = {}
    exec(code, namespace)
    return namespace.get("PLUGINS", [])
