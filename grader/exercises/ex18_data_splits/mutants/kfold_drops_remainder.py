"""Makes k folds of n // k samples each, so the n mod k leftover samples are never validated."""
import numpy as np

EXPECT = "samples_never_validated"


def kfold_indices(n, k, rng=None):
    n = _count("n", n, 0)
    k = _count("k", k, 2)
    if k > n:
        raise ValueError("k > n")
    order = np.arange(n) if rng is None else rng.permutation(n)
    size = n // k
    folds = [order[i * size:(i + 1) * size] for i in range(k)]
    rest = order[k * size:]
    return [(np.concatenate(folds[:i] + folds[i + 1:] + [rest]), fold) for i, fold in enumerate(folds)]
