# expect: deserialization
import io

import numpy as np
from flask import request


def upload_embeddings():
    blob = request.files["embeddings"].read()
    vectors = np.load(io.BytesIO(blob), allow_pickle=True)
    return {"shape": list(vectors.shape)}
