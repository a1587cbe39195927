"""Gives every fold n // k samples and the last fold whatever is left over."""
import numpy as np

EXPECT = "remainder_last"


def kfold_indices(n, k, rng=None):
    n = _count("n", n, 0)
    k = _count("k", k, 2)
    if k > n:
        raise ValueError("k > n")
    order = np.arange(n) if rng is None else rng.permutation(n)
    size = n // k
    folds = [order[i * size:(i + 1) * size] for i in range(k - 1)] + [order[(k - 1) * size:]]
    return [(np.concatenate(folds[:i] + folds[i + 1:]), fold) for i, fold in enumerate(folds)]
