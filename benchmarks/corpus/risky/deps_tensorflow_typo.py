# expect: dependencies
import numpy as np
import tensorfow as tf


def build_model(input_dim: int):
    model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation="relu", input_shape=(input_dim,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model, np.zeros((1, input_dim))
