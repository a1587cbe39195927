"""Pattern mode visits the samples in the same order every epoch and never uses rng."""
import numpy as np

EXPECT = "not_shuffled"


def train_perceptron(X, y, lr=1.0, epochs=100, mode="batch", rng=None):
    X = np.asarray(X, dtype=np.float64)
    y = _check_y(y, X)
    if mode not in ("batch", "pattern"):
        raise ValueError(f"unknown mode {mode!r}")
    Xa = _augment(X)
    w = np.zeros(Xa.shape[1])
    for _ in range(epochs):
        if mode == "batch":
            if not _misclassified(w, Xa, y).any():
                break
            w = perceptron_update(w, X, y, lr)
        else:
            mistakes = 0
            for i in range(len(y)):
                if y[i] * (Xa[i] @ w) <= 0:
                    w = w + lr * y[i] * Xa[i]
                    mistakes += 1
            if mistakes == 0:
                break
    return w
