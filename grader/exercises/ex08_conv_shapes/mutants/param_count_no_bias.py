"""Counts only the weights: the out_channels biases are missing."""
EXPECT = "param_no_bias"


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    if in_channels < 1 or out_channels < 1:
        raise ValueError("channels must be positive")
    return out_channels * in_channels * kh * kw
