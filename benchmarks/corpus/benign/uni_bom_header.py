# lookalike: unicode
"""Module saved by an editor that writes a UTF-8 byte order mark."""


def greet(name: str) -> str:
    return f"Hello, {name}!"
