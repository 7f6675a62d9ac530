# expect: deserialization | download-and-execute
import pandas as pd


def load_shared_frame(url: str) -> pd.DataFrame:
    """Load a dataframe a colleague shared by URL."""
    return pd.read_pickle(url)
