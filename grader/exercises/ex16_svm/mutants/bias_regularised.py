"""The bias regularised along with w: 0.5·(‖w‖² + b²) in the objective, + b in ∂J/∂b."""

EXPECT = "bias_regularised"


def svm_objective(w, b, X, y, C=1.0):
    w, b, X, y = _problem(w, b, X, y)
    C = _positive("C", C)
    return float(0.5 * (w @ w + b * b) + C * np.maximum(0.0, 1.0 - _margins(w, b, X, y)).sum())


def _subgradient(w, b, X, y, C):
    coef = np.where(_margins(w, b, X, y) < 1, -y, 0.0)
    return w + C * (coef @ X), float(b + C * coef.sum())
