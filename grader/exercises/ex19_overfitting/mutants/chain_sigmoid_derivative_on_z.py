"""Computes the sigmoid's derivative as z·(1 − z), from the unit's input instead of its output."""

EXPECT = "sigmoid_derivative_on_z"


def chain_gradients(x, weights, activation="sigmoid"):
    weights = np.asarray(weights, dtype=np.float64)
    if weights.ndim != 1 or weights.size == 0:
        raise ValueError("weights must have shape (L,)")
    if activation == "sigmoid":
        f, df = _sigmoid, lambda z, h: z * (1.0 - z)
    elif activation == "tanh":
        f, df = np.tanh, lambda z, h: 1.0 - h * h
    elif activation == "relu":
        f, df = (lambda z: max(z, 0.0)), (lambda z, h: 1.0 if z > 0 else 0.0)
    else:
        raise ValueError("unknown activation")
    hs, zs = [float(x)], []
    for w in weights:
        zs.append(w * hs[-1])
        hs.append(float(f(zs[-1])))
    upstream, dw = 1.0, np.zeros_like(weights)
    for layer in range(len(weights) - 1, -1, -1):
        dz = upstream * df(zs[layer], hs[layer + 1])
        dw[layer] = dz * hs[layer]
        upstream = dz * weights[layer]
    return float(upstream), dw
