"""Draws new folds for every candidate, so with an rng the candidates are scored on different folds."""
import numpy as np

EXPECT = "folds_redrawn"


def cross_validate(candidates, n, k, evaluate, rng=None):
    candidates = list(candidates)
    if not candidates:
        raise ValueError("no candidates")
    kfold_indices(n, k, None)  # validates n and k
    cv_losses = np.array([np.mean([float(evaluate(c, tr, va)) for tr, va in kfold_indices(n, k, rng)])
                          for c in candidates])
    return candidates[_argmin_first(list(cv_losses))], cv_losses
