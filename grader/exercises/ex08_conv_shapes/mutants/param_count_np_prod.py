"""Counts the weights with np.prod, so the parameter count comes back as a NumPy integer, not a Python int."""
import numpy as np

EXPECT = "not_python_int"


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    c, f = _pair((in_channels, out_channels), "channels", 1)
    kernel = _pair(kernel_size, "kernel_size", 1)
    return np.prod((f, c, *kernel)) + (f if bias else 0)
