# expect: secrets
from huggingface_hub import login, snapshot_download

login(token="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")


def fetch_weights(repo: str) -> str:
    return snapshot_download(repo)
