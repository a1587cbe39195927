"""Sigmoid written as e^x / (1 + e^x): inf / inf = NaN once x > 709.78."""
import numpy as np

EXPECT = "sigmoid_overflow"


def sigmoid(x):
    x = _as_float(x)
    return np.exp(x) / (1.0 + np.exp(x))
