"""C multiplies the norm term instead of the violations: 0.5·C·‖w‖² + Σ hinge (the trade-off turned round)."""

EXPECT = "c_on_norm"


def svm_objective(w, b, X, y, C=1.0):
    w, b, X, y = _problem(w, b, X, y)
    C = _positive("C", C)
    return float(0.5 * C * (w @ w) + np.maximum(0.0, 1.0 - _margins(w, b, X, y)).sum())


def _subgradient(w, b, X, y, C):
    coef = np.where(_margins(w, b, X, y) < 1, -y, 0.0)
    return C * w + coef @ X, float(coef.sum())
