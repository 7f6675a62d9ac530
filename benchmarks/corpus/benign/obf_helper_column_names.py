# lookalike: obfuscation
import string

LETTERS = string.ascii_uppercase
DIGITS = "0123456789"


def _letters(codes):
    return "".join(chr(c) for c in codes)


def _backwards(text):
    return text[::-1]


def column_header(index: int) -> str:
    name = ""
    while index >= 0:
        name = LETTERS[index % 26] + name
        index = index // 26 - 1
    return name


def demo_headers() -> list[str]:
    return [_letters([65, 66, 67]), _backwards("ZYX"), DIGITS[::-1]]
