# expect: crypto
import random
import string
from datetime import datetime, timedelta


def create_password_reset(user):
    token = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))
    user.reset_token = token
    user.reset_expires = datetime.utcnow() + timedelta(hours=2)
    user.save()
    return token
