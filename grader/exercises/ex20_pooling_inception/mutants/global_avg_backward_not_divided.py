"""Global average pooling's gradient: grad_out broadcast over the map, forgetting the 1/(H·W)."""
import numpy as np

EXPECT = "global_avg_scale"


def global_pool2d_backward(grad_out, x, mode="avg"):
    if mode not in ("avg", "max"):
        raise ValueError(f"unknown mode {mode!r}")
    x = _as_maps(x)
    n, c, h, w = x.shape
    g = _grad_out(grad_out, (n, c))
    if mode == "avg":
        return np.broadcast_to(g[:, :, None, None], x.shape).copy()
    first = x.reshape(n, c, h * w).argmax(axis=-1)
    dx = np.zeros((n, c, h * w))
    np.put_along_axis(dx, first[:, :, None], g[:, :, None], axis=-1)
    return dx.reshape(x.shape)
