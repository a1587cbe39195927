"""Softmax normalised over axis 0 (the batch) whatever `axis` says."""
import numpy as np

EXPECT = "softmax_wrong_axis"


def softmax(z, axis=-1):
    z, axis = _logits(z, axis)
    e = np.exp(z - z.max())
    return e / e.sum(axis=0, keepdims=True)
