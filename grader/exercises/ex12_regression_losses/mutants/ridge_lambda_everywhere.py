"""Ridge that adds lambda to every entry of X^T X (X.T @ X + lam) instead of to the diagonal."""
import numpy as np

EXPECT = "ridge_lambda_everywhere"


def ridge_closed_form(X, y, lam):
    X, y = _design(X, y)
    if lam < 0:
        raise ValueError("lam must be >= 0")
    return np.linalg.solve(X.T @ X + lam, X.T @ y)
