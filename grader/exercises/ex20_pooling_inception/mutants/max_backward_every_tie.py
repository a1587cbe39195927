"""The max-pooling gradient goes to every entry equal to the window's maximum (a mask x == max)."""
import numpy as np

EXPECT = "ties_every"


def max_pool2d_backward(grad_out, x, kernel_size, stride=None, padding=0):
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    n, c = x.shape[:2]
    g = _grad_out(grad_out, (n, c, *out))
    xp = _pad(x, p, -np.inf)
    dxp = np.zeros(xp.shape)
    for i in range(out[0]):
        for j in range(out[1]):
            win = xp[:, :, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]]
            mask = win == win.max(axis=(2, 3), keepdims=True)
            dxp[:, :, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]] += mask * g[:, :, i:i + 1, j:j + 1]
    return dxp[:, :, p[0]:p[0] + x.shape[2], p[1]:p[1] + x.shape[3]]
