"""Accepts labels but ignores them: the split is never stratified."""
import numpy as np

EXPECT = "not_stratified"


def train_val_test_split(n, val_frac, test_frac, rng, labels=None):
    n = _count("n", n, 0)
    val_frac, test_frac = _fraction("val_frac", val_frac), _fraction("test_frac", test_frac)
    if val_frac + test_frac > 1.0:
        raise ValueError("val_frac + test_frac > 1")
    if labels is not None and np.shape(labels) != (n,):
        raise ValueError("labels must have shape (n,)")
    return _cut(rng.permutation(n), val_frac, test_frac)
