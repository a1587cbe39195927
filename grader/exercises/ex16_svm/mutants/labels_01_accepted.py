"""Labels are taken as they come: 0/1 labels (or any number) pass without a ValueError."""

EXPECT = "labels_01"


def _labels(y, n=None):
    y = np.asarray(y)
    if y.ndim != 1 or (n is not None and y.shape != (n,)):
        raise ValueError("y must have shape (N,)")
    return y.astype(np.float64)
