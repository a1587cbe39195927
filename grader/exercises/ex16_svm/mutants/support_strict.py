"""Support vectors with a strict y·f < 1: the samples exactly on the margin are left out."""

EXPECT = "support_strict"


def support_vectors(w, b, X, y, tol=1e-6):
    w, b, X, y = _problem(w, b, X, y)
    tol = float(tol)
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError("bad tol")
    return np.flatnonzero(_margins(w, b, X, y) < 1).astype(np.int64)
