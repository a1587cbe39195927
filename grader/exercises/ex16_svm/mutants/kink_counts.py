"""A sample exactly on the margin (y·s = 1) gets the subgradient −y: the comparison is ≤ 1 instead of < 1."""

EXPECT = "kink_convention"


def hinge_subgradient(scores, y):
    scores, y = _scores_labels(scores, y)
    return np.where(y * scores <= 1, -y, 0.0)


def _subgradient(w, b, X, y, C):
    coef = np.where(_margins(w, b, X, y) <= 1, -y, 0.0)
    return w + C * (coef @ X), float(C * coef.sum())
