"""The hinge's subgradient with the wrong sign: +y for a violating sample instead of −y."""

EXPECT = "subgradient_sign"


def _subgradient(w, b, X, y, C):
    coef = np.where(_margins(w, b, X, y) < 1, y, 0.0)
    return w + C * (coef @ X), float(C * coef.sum())
