# lookalike: obfuscation
def reverse_domain(hostname: str) -> str:
    """com.example.www style keys sort sub-domains next to their parent."""
    return ".".join(hostname.split(".")[::-1])


def is_palindrome(text: str) -> bool:
    cleaned = "".join(ch.lower() for ch in text if ch.isalnum())
    return cleaned == cleaned[::-1]
