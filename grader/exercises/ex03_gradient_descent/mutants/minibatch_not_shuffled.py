"""Mini-batches are taken in the same fixed order every epoch; rng is never used."""
import numpy as np

EXPECT = "not_shuffled"


def fit_linear_regression(X, y, lr=0.1, epochs=100, batch_size=None, rng=None):
    X = np.asarray(X, dtype=np.float64)
    w, X, y = _check_problem(np.zeros(X.shape[1] if X.ndim == 2 else 0), X, y)
    if not lr > 0 or epochs < 0 or (batch_size is not None and batch_size < 1):
        raise ValueError("lr must be > 0, epochs >= 0 and batch_size >= 1")
    n = X.shape[0]
    b = 0.0
    bs = n if batch_size is None else batch_size
    for _ in range(epochs):
        for k in range(0, n, bs):
            w, b = gd_step(w, b, X[k:k + bs], y[k:k + bs], lr)
    return w, b
