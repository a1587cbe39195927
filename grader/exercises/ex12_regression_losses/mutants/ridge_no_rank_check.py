"""Ridge that trusts np.linalg.solve to notice a singular system (it misses duplicated columns)."""
import numpy as np

EXPECT = "ridge_rank"


def ridge_closed_form(X, y, lam):
    X, y = _design(X, y)
    if lam < 0:
        raise ValueError("lam must be >= 0")
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
