"""ReLU that zeroes the negative entries of the caller's array in place (x[x < 0] = 0)."""
import numpy as np

EXPECT = "in_place"


def relu(x):
    x = np.asarray(x, dtype=np.float64)
    x[x < 0] = 0.0
    return x
