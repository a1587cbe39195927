"""sigmoid_backward treats its argument as the pre-activation: σ(out)(1 − σ(out)) instead of out(1 − out)."""
EXPECT = "sigmoid_preactivation"


def sigmoid_backward(dout, out):
    dout, out = _same_shape(dout, out, "out")
    s = _sigmoid(out)
    return dout * s * (1.0 - s)
