# expect: deserialization
import keras


def load_user_model(path: str):
    return keras.models.load_model(path, safe_mode=False)
