"""A true convolution: the kernel is flipped, where nn.Conv2d computes a cross-correlation."""
import numpy as np

EXPECT = "kernel_flipped"


def conv2d_forward(x, weight, bias, stride=1, padding=0):
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)[:, :, ::-1, ::-1]
    n, c, h, w = x.shape
    f, _, kh, kw = weight.shape
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    h_out, w_out = conv2d_output_shape(h, w, (kh, kw), (sh, sw), (ph, pw))
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((n, f, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, weight)
    if bias is not None:
        out += np.asarray(bias)[None, :, None, None]
    return out
