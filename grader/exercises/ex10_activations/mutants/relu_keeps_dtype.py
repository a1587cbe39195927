"""ReLU and its derivative as np.maximum(x, 0) and (x > 0) * 1 on the input as given: float32 stays
float32 and integers stay integers."""
import numpy as np

EXPECT = "not_float64"


def relu(x):
    return np.maximum(np.asarray(x), 0)


def relu_grad(x):
    return (np.asarray(x) > 0) * 1
