"""The backward pass never compares the shapes: numpy broadcasts a (3, 1) dout against a (3,) mask."""
import numpy as np

EXPECT = "backward_broadcasts"


def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)
