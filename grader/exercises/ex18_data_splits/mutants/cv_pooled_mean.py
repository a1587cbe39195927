"""Averages the loss over samples (folds weighted by their size) instead of taking the mean of the k fold losses."""
import numpy as np

EXPECT = "cv_pooled_mean"


def cross_validate(candidates, n, k, evaluate, rng=None):
    candidates = list(candidates)
    if not candidates:
        raise ValueError("no candidates")
    folds = kfold_indices(n, k, rng)
    cv_losses = np.array([sum(float(evaluate(c, tr, va)) * len(va) for tr, va in folds) / n for c in candidates])
    return candidates[_argmin_first(list(cv_losses))], cv_losses
