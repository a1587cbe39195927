"""The average-pooling gradient copies grad_out to every input of the window, without dividing by kh·kw."""
import numpy as np

EXPECT = "avg_backward_scale"


def avg_pool2d_backward(grad_out, x, kernel_size, stride=None, padding=0):
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    n, c, h, w = x.shape
    g = _grad_out(grad_out, (n, c, *out))
    dxp = np.zeros((n, c, h + 2 * p[0], w + 2 * p[1]))
    for i in range(out[0]):
        for j in range(out[1]):
            dxp[:, :, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]] += g[:, :, i:i + 1, j:j + 1]
    return dxp[:, :, p[0]:p[0] + h, p[1]:p[1] + w]
