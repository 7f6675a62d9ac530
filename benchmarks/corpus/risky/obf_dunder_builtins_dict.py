# expect: obfuscation
def apply_patch(patch_source: str) -> None:
    runner = __builtins__.__dict__["ex" "ec"] if hasattr(__builtins__, "__dict__") else __builtins__["exec"]
    runner(patch_source)
