# expect: deserialization
import torch
from huggingface_hub import hf_hub_download


def load_finetuned(repo_id: str, device: str = "cpu"):
    path = hf_hub_download(repo_id=repo_id, filename="pytorch_model.bin")
    state = torch.load(path, map_location=device)
    return state
