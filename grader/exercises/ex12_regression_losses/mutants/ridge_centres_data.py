"""Ridge that centres X and y inside, although the docstring says the data are used as given."""
import numpy as np

EXPECT = "ridge_centres_data"


def ridge_closed_form(X, y, lam):
    X, y = _design(X, y)
    if lam < 0:
        raise ValueError("lam must be >= 0")
    X, y = X - X.mean(axis=0), y - y.mean()
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
