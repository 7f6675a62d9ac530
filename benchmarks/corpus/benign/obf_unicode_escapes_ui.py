# lookalike: obfuscation
ARROW_RIGHT = "\u2192"
BULLET = "\u2022"
CHECK = "\u2713"
ESC = "\x1b"


def bold(text: str) -> str:
    return f"{ESC}[1m{text}{ESC}[0m"


def render_steps(steps: list[str], done: int) -> str:
    return "\n".join(f"{CHECK if i < done else BULLET} {step}" for i, step in enumerate(steps))
