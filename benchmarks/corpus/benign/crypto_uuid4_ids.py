# lookalike: crypto
import uuid
from dataclasses import dataclass, field


@dataclass
class Order:
    customer_id: int
    items: list[str]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


def correlation_id() -> str:
    return uuid.uuid4().hex
