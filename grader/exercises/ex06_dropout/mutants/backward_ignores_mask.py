"""The backward pass passes the upstream gradient straight through, ignoring the mask."""
import numpy as np

EXPECT = "backward_no_mask"


def dropout_backward(dout, mask):
    dout = np.asarray(dout, dtype=np.float64)
    if dout.shape != np.shape(mask):
        raise ValueError("shape mismatch")
    return dout.copy()
