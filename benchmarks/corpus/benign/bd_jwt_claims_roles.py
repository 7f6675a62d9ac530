# lookalike: backdoor
import jwt

from .config import PUBLIC_KEY

GROUP_ROLES = {"acme-admins": "admin", "acme-billing": "billing"}


def claims_for(token: str) -> dict:
    claims = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], audience="acme-api")
    claims["roles"] = sorted({GROUP_ROLES[g] for g in claims.get("groups", []) if g in GROUP_ROLES})
    if claims.get("sub") == claims.get("act", {}).get("sub"):
        claims["impersonating"] = False
    return claims


def default_roles(user):
    if user.username == "guest":
        user.roles = ["viewer"]
    return user
