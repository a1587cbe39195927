"""Hard-margin thinking: only the samples on the margin (|y·f − 1| ≤ tol) are support vectors."""

EXPECT = "support_only_on_margin"


def support_vectors(w, b, X, y, tol=1e-6):
    w, b, X, y = _problem(w, b, X, y)
    tol = float(tol)
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError("bad tol")
    return np.flatnonzero(np.abs(_margins(w, b, X, y) - 1) <= tol).astype(np.int64)
