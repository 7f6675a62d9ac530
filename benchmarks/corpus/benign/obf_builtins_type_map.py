# lookalike: obfuscation
import builtins

ALLOWED_TYPES = ("int", "float", "str", "bool")


def parse_typed(value: str, type_name: str):
    """Coerce CLI values with a type named in the schema (int, float, str, bool)."""
    if type_name not in ALLOWED_TYPES:
        raise ValueError(f"unsupported type {type_name}")
    caster = getattr(builtins, type_name)
    if caster is bool:
        return value.lower() in {"1", "true", "yes"}
    return caster(value)
