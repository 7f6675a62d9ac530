# lookalike: crypto
import hashlib


def git_blob_id(content: bytes) -> str:
    """The object id git would give this file content (`git hash-object`)."""
    header = f"blob {len(content)}\0".encode()
    return hashlib.sha1(header + content).hexdigest()
