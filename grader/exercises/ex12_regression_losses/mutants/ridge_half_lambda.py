"""Ridge that adds lambda/2 to the diagonal (mixing in the 1/2 of another convention)."""
import numpy as np

EXPECT = "ridge_half_lambda"


def ridge_closed_form(X, y, lam):
    X, y = _design(X, y)
    if lam < 0:
        raise ValueError("lam must be >= 0")
    return np.linalg.solve(X.T @ X + lam / 2 * np.eye(X.shape[1]), X.T @ y)
