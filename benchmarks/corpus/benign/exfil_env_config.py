# lookalike: exfiltration
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str
    sentry_dsn: str | None
    debug: bool


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ["DATABASE_URL"],
        redis_url=os.environ.get("REDIS_URL", "redis://localhost:6379/0"),
        sentry_dsn=os.getenv("SENTRY_DSN"),
        debug=os.getenv("APP_DEBUG", "0") == "1",
    )
