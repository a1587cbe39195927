"""Max pooling pads with zeros instead of −∞, so a padded position can win a window of negative inputs."""
EXPECT = "pad_neg_inf"


def max_pool2d(x, kernel_size, stride=None, padding=0):
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    return _windows(_pad(x, p, 0.0), k, s, out).max(axis=(4, 5))
