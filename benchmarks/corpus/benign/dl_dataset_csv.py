# lookalike: download-and-execute
import urllib.request
from pathlib import Path

import pandas as pd

DATA_URL = "https://archive.ics.uci.edu/ml/machine-learning-databases/iris/iris.data"
CACHE = Path.home() / ".cache" / "acme-demo" / "iris.csv"


def load_iris() -> pd.DataFrame:
    if not CACHE.exists():
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        urllib.request.urlretrieve(DATA_URL, CACHE)
    return pd.read_csv(CACHE, header=None, names=["sl", "sw", "pl", "pw", "species"])
