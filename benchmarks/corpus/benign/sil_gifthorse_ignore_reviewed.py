# lookalike: silenced-controls
import os


def rotate(path: str) -> None:
    # reviewed 2024-03-02: path comes from our own config, never from users
    os.system(path)  # gifthorse: ignore[GH103]


def note() -> str:
    return "add `# gifthorse: ignore` only after a review"
