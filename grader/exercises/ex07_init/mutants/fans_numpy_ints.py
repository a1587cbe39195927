"""Multiplies the kernel dims with np.prod, so the fans come back as NumPy integers, not Python ints."""
import numpy as np

EXPECT = "fans_not_python_int"


def compute_fans(shape):
    dims = _check_shape(shape)
    if len(dims) == 2:
        return dims[0], dims[1]
    receptive = np.prod(dims[2:])
    return dims[1] * receptive, dims[0] * receptive
