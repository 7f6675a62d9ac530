# lookalike: unicode
def format_distance(km: float) -> str:
    # narrow no-break space between number and unit, as the style guide asks
    return f"{km:.1f} km"


def quote(text: str) -> str:
    return f"« {text} »"


ELLIPSIS = "…"
EM_DASH = "—"
