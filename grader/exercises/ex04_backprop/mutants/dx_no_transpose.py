"""dx = dout @ W, missing the transpose of W (right only by accident, and only for a square W)."""
EXPECT = "dx_no_transpose"


def linear_backward(dout, x, W):
    dout, x, W = _float2d(dout, "dout"), _float2d(x, "x"), _float2d(W, "W")
    if x.shape[1] != W.shape[0] or dout.shape != (x.shape[0], W.shape[1]):
        raise ValueError("shapes do not fit")
    return dout @ W, x.T @ dout, dout.sum(axis=0)
