"""Shuffles with numpy's global generator (np.random.permutation), ignoring the rng argument."""
import numpy as np

EXPECT = "ignores_rng"


def train_val_test_split(n, val_frac, test_frac, rng, labels=None):
    n = _count("n", n, 0)
    val_frac, test_frac = _fraction("val_frac", val_frac), _fraction("test_frac", test_frac)
    if val_frac + test_frac > 1.0:
        raise ValueError("val_frac + test_frac > 1")
    if labels is None:
        return _cut(np.random.permutation(n), val_frac, test_frac)
    labels = np.asarray(labels)
    if labels.shape != (n,):
        raise ValueError("labels must have shape (n,)")
    parts = ([], [], [])
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        for part, chunk in zip(parts, _cut(np.random.permutation(members), val_frac, test_frac)):
            part.append(chunk)
    return tuple(np.concatenate(p).astype(np.int64) if p else np.zeros(0, np.int64) for p in parts)
