"""Ties go to the LAST maximum of the window (a scan that updates on >=), where torch keeps the first."""
import numpy as np

EXPECT = "ties_last"


def max_pool2d_backward(grad_out, x, kernel_size, stride=None, padding=0):
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    n, c = x.shape[:2]
    g = _grad_out(grad_out, (n, c, *out))
    xp = _pad(x, p, -np.inf)
    dxp = np.zeros(xp.shape)
    for a in range(n):
        for b in range(c):
            for i in range(out[0]):
                for j in range(out[1]):
                    best, where = -np.inf, None
                    for u in range(k[0]):
                        for v in range(k[1]):
                            value = xp[a, b, i * s[0] + u, j * s[1] + v]
                            if value >= best:
                                best, where = value, (i * s[0] + u, j * s[1] + v)
                    dxp[a, b, where[0], where[1]] += g[a, b, i, j]
    return dxp[:, :, p[0]:p[0] + x.shape[2], p[1]:p[1] + x.shape[3]]
