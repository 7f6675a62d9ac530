# expect: silenced-controls
def apply_rule(rule_expression: str, record: dict) -> bool:
    # nosemgrep: python.lang.security.audit.eval-detected.eval-detected
    return bool(eval(rule_expression, {}, record))
