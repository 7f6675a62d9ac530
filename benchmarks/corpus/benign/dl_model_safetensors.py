# lookalike: download-and-execute
from huggingface_hub import hf_hub_download
from safetensors.torch import load_file


def load_weights(repo_id: str, revision: str = "main") -> dict:
    path = hf_hub_download(repo_id=repo_id, filename="model.safetensors", revision=revision)
    return load_file(path, device="cpu")
