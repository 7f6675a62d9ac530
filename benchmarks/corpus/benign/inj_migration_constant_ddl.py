# lookalike: injection
TABLE = "audit_events"
COLUMNS = ("id SERIAL PRIMARY KEY", "actor TEXT NOT NULL", "action TEXT NOT NULL", "at TIMESTAMPTZ DEFAULT now()")


def upgrade(cursor) -> None:
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({', '.join(COLUMNS)})")
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_actor_idx ON {TABLE} (actor)")
