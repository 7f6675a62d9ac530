# expect: silenced-controls
class RuleEngine:
    def __init__(self, rules: list[str]):
        self.rules = rules

    def matches(self, context: dict) -> bool:
        # pylint: disable=eval-used
        return all(eval(rule, {}, context) for rule in self.rules)
