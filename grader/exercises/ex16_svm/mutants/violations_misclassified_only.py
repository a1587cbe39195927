"""Counts only the misclassified samples (y·f < 0) as margin violations."""

EXPECT = "violations_misclassified_only"


def margin_violations(w, b, X, y):
    w, b, X, y = _problem(w, b, X, y)
    return int(np.count_nonzero(_margins(w, b, X, y) < 0))
