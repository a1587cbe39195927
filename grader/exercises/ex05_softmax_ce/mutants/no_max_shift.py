"""Softmax as exp(z) / sum(exp(z)) without subtracting the max: inf / inf = nan for large logits."""
import numpy as np

EXPECT = "no_max_shift"


def softmax(z, axis=-1):
    z, axis = _logits(z, axis)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
