# lookalike: deserialization
import torch

from .model import Classifier


def load_classifier(checkpoint: str, device: str = "cpu") -> Classifier:
    model = Classifier()
    state = torch.load(checkpoint, map_location=device, weights_only=True)
    model.load_state_dict(state)
    return model.eval()
