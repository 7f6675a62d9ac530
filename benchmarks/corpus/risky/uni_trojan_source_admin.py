# expect: unicode
from .models import User


def is_admin(user: User) -> bool:
    access_level = user.access_level
    if access_level != "user‮ ⁦# Check if admin⁩ ⁦":
        return True
    return False
