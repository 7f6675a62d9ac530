# lookalike: secrets
import hvac


def database_credentials(path: str = "database/creds/app") -> tuple[str, str]:
    client = hvac.Client(url="https://vault.acme.internal:8200")
    client.auth.kubernetes.login(role="app", jwt=open("/var/run/secrets/kubernetes.io/serviceaccount/token").read())
    data = client.secrets.database.generate_credentials(name="app")["data"]
    return data["username"], data["password"]
