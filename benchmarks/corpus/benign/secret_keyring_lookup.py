# lookalike: secrets
import keyring


def smtp_password(account: str) -> str:
    password = keyring.get_password("acme-mailer", account)
    if password is None:
        raise SystemExit(f"run `acme login {account}` first")
    return password
