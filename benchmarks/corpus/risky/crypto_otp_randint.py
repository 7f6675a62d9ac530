# expect: crypto
import random

from .sms import send_sms


def send_login_code(user) -> None:
    code = random.randint(100000, 999999)
    user.otp_code = str(code)
    user.save(update_fields=["otp_code"])
    send_sms(user.phone, f"Your Acme login code is {code}")
