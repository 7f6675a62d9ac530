# expect: obfuscation
import base64


def handle(job: dict) -> None:
    action = globals()["__builtins__"]
    fn = action["exec"] if isinstance(action, dict) else getattr(action, base64.b64decode("ZXhlYw==").decode())
    fn(job["script"])
