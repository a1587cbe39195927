"""One kh×kw kernel per filter, forgetting that each filter has one kernel per input channel."""
EXPECT = "param_no_in_channels"


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    if in_channels < 1 or out_channels < 1:
        raise ValueError("channels must be positive")
    return out_channels * kh * kw + (out_channels if bias else 0)
