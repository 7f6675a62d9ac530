# expect: download-and-execute | deserialization
import io
import pickle

import requests

MODEL_URL = "https://models.acme-ml.io/churn/v3/model.pkl"


class ChurnModel:
    def __init__(self):
        blob = requests.get(MODEL_URL, timeout=30).content
        self.model = pickle.load(io.BytesIO(blob))

    def predict(self, features):
        return self.model.predict([features])[0]
