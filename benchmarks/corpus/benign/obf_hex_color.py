# lookalike: obfuscation
def hex_to_rgb(color: str) -> tuple[int, int, int]:
    raw = bytes.fromhex(color.lstrip("#"))
    if len(raw) != 3:
        raise ValueError(f"expected #rrggbb, got {color!r}")
    return raw[0], raw[1], raw[2]


def rgb_to_hex(r: int, g: int, b: int) -> str:
    return "#" + bytes([r, g, b]).hex()
