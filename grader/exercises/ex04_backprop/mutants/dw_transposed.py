"""dW computed as dout.T @ x: the transpose of the weight gradient, shape (H, D) instead of (D, H)."""
EXPECT = "dw_transposed"


def linear_backward(dout, x, W):
    dout, x, W = _float2d(dout, "dout"), _float2d(x, "x"), _float2d(W, "W")
    if x.shape[1] != W.shape[0] or dout.shape != (x.shape[0], W.shape[1]):
        raise ValueError("shapes do not fit")
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)
