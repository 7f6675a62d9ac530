# lookalike: secrets
import getpass

PASSWORD_FIELD = "password"
PASSWORD_MIN_LENGTH = 12
PASSWORD_RESET_URL = "/accounts/password/reset/"
TOKEN_HEADER = "Authorization"


def prompt_credentials() -> tuple[str, str]:
    username = input("Username: ")
    password = getpass.getpass("Password: ")
    return username, password


FORM_LABELS = {"username": "User name", "password": "Password", "password_confirm": "Repeat password"}
