"""The fit keeps the step size lr at every step instead of lr / t."""

EXPECT = "fit_constant_step"


def fit_svm(X, y, C=1.0, lr=1.0, epochs=1000):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    y = _labels(y, X.shape[0])
    C, lr = _positive("C", C), _positive("lr", lr)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError("epochs must be an int >= 1")
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(int(epochs)):
        dw, db = _subgradient(w, b, X, y, C)
        w, b = w - lr * dw, b - lr * db
    return w, float(b)
