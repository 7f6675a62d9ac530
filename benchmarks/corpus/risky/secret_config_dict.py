# expect: secrets
CONFIG = {
    "service_name": "billing-sync",
    "region": "eu-central-1",
    "api_secret": "86532d5eba809f2783537f0b3b8c26c9cd2276ba",
    "retry": 3,
}


def auth_headers() -> dict[str, str]:
    return {"X-Api-Secret": CONFIG["api_secret"]}
