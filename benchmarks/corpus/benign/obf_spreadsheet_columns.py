# lookalike: obfuscation
def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, like spreadsheet column headers."""
    letters = []
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters.append(chr(ord("A") + remainder))
    return "".join(reversed(letters))


def header_row(count: int) -> list[str]:
    return [column_letter(i) for i in range(count)]
