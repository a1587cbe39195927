"""The violation term averages the hinge losses (C·mean) instead of summing them."""

EXPECT = "hinge_mean"


def svm_objective(w, b, X, y, C=1.0):
    w, b, X, y = _problem(w, b, X, y)
    C = _positive("C", C)
    return float(0.5 * w @ w + C * np.maximum(0.0, 1.0 - _margins(w, b, X, y)).mean())
