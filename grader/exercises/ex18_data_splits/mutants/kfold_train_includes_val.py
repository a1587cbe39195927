"""Trains every fold on all n samples, the validation fold included."""
import numpy as np

EXPECT = "val_in_train_hint"


def kfold_indices(n, k, rng=None):
    n = _count("n", n, 0)
    k = _count("k", k, 2)
    if k > n:
        raise ValueError("k > n")
    order = np.arange(n, dtype=np.int64) if rng is None else rng.permutation(n)
    return [(order.copy(), fold) for fold in np.array_split(order, k)]
