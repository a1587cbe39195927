"""Pooling's stride defaults to 1 instead of kernel_size (overlapping windows)."""
EXPECT = "pool_stride_default"


def pool2d_output_shape(h, w, kernel_size, stride=None, padding=0, ceil_mode=False):
    h, w = _pair((h, w), "input size", 1)
    k = _pair(kernel_size, "kernel_size", 1)
    s = (1, 1) if stride is None else _pair(stride, "stride", 1)
    p = _pair(padding, "padding", 0)
    return _pool_axis(h, k[0], s[0], p[0], bool(ceil_mode)), _pool_axis(w, k[1], s[1], p[1], bool(ceil_mode))
