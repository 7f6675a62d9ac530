# lookalike: unicode
REACTIONS = {
    "love": "❤️",
    "family": "👨‍👩‍👧",
    "thumbs_up_dark": "👍🏿",
    "rainbow_flag": "🏳️‍🌈",
}


def react(kind: str) -> str:
    return REACTIONS.get(kind, "👍")
