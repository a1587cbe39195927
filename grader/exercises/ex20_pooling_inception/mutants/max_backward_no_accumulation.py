"""`dx[idx] += g` with fancy indexing: an input that wins several overlapping windows keeps only one
window's gradient (repeated indices are not accumulated)."""
import numpy as np

EXPECT = "overlap_accumulate"


def max_pool2d_backward(grad_out, x, kernel_size, stride=None, padding=0):
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    n, c = x.shape[:2]
    g = _grad_out(grad_out, (n, c, *out))
    windows = _windows(_pad(x, p, -np.inf), k, s, out).reshape(n, c, *out, k[0] * k[1])
    first = windows.argmax(axis=-1)
    rows = np.arange(out[0])[:, None] * s[0] + first // k[1]
    cols = np.arange(out[1])[None, :] * s[1] + first % k[1]
    dxp = np.zeros((n, c, x.shape[2] + 2 * p[0], x.shape[3] + 2 * p[1]))
    ni, ci = np.indices((n, c, *out))[:2]
    dxp[ni, ci, rows, cols] += g
    return dxp[:, :, p[0]:p[0] + x.shape[2], p[1]:p[1] + x.shape[3]]
