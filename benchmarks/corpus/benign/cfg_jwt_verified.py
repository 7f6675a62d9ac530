# lookalike: insecure-config
import jwt
from jwt import PyJWKClient

JWKS = PyJWKClient("https://login.acme.com/.well-known/jwks.json")


def claims(token: str) -> dict:
    header = jwt.get_unverified_header(token)
    key = JWKS.get_signing_key(header["kid"]).key
    return jwt.decode(token, key, algorithms=["RS256"], audience="acme-api", issuer="https://login.acme.com/")
