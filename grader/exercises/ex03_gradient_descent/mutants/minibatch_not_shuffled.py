"""Mini-batches are taken in the same fixed order every epoch; rng is never used."""
import numpy as np

EXPECT = "not_shuffled"


def fit_linear_regression(X, y, lr=0.1, epochs=100, batch_size=None, rng=None):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if batch_size is not None and batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    n = X.shape[0]
    w, b = np.zeros(X.shape[1]), 0.0
    bs = n if batch_size is None else batch_size
    for _ in range(epochs):
        for k in range(0, n, bs):
            w, b = gd_step(w, b, X[k:k + bs], y[k:k + bs], lr)
    return w, b
