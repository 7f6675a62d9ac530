# lookalike: exfiltration
import secrets
import string

import pyperclip


def generate_and_copy(length: int = 24) -> None:
    alphabet = string.ascii_letters + string.digits + "-_!@#"
    password = "".join(secrets.choice(alphabet) for _ in range(length))
    pyperclip.copy(password)
    print("A new password was copied to the clipboard.")
