# lookalike: obfuscation
import base64
import mimetypes
from pathlib import Path


def data_uri(image: Path) -> str:
    """Inline small images into the HTML report so it is a single file."""
    mime = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    encoded = base64.b64encode(image.read_bytes()).decode("ascii")
    return f"data:{mime};base64,{encoded}"
