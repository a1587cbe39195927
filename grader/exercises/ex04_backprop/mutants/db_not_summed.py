"""db returned as dout itself: the bias gradient is not summed over the batch."""
EXPECT = "db_not_summed"


def linear_backward(dout, x, W):
    dout, x, W = _float2d(dout, "dout"), _float2d(x, "x"), _float2d(W, "W")
    if x.shape[1] != W.shape[0] or dout.shape != (x.shape[0], W.shape[1]):
        raise ValueError("shapes do not fit")
    return dout @ W.T, x.T @ dout, dout
