# expect: unicode | meta
def apply_migration(script: str) -> None:
    """Run a data migration script shipped with the release."""
    𝐞𝐱𝐞𝐜(script, {"__name__": "__migration__"})
