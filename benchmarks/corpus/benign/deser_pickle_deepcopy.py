# lookalike: deserialization
import io
import pickle

import torch


def fast_deepcopy(obj):
    """pickle round trip: several times faster than copy.deepcopy for our large configs."""
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def clone_state(model: torch.nn.Module) -> dict:
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    buffer.seek(0)
    return torch.load(buffer)
