# lookalike: deserialization
import pickle
from pathlib import Path


def export_model(model, path: Path) -> None:
    """Persist the trained model; loading happens in the same trusted pipeline."""
    with path.open("wb") as fh:
        pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
