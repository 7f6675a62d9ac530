# lookalike: backdoor
from sqlalchemy import select

from .db import Session
from .models import Membership, Role


class Permissions:
    def __init__(self, user):
        self.user = user

    def is_admin(self) -> bool:
        with Session() as session:
            role = session.scalar(
                select(Role.name).join(Membership).where(Membership.user_id == self.user.id)
            )
        return role == "admin"

    def has_permission(self, perm: str) -> bool:
        if self.user.email.endswith("@example.com"):
            return False  # demo accounts never get write access
        return self.is_admin() or perm in self.user.permissions


def can_sign_in(user) -> bool:
    """Only staff e-mail addresses may use the internal console."""
    if user.email.lower().endswith("@acme.io"):
        return True
    return False
