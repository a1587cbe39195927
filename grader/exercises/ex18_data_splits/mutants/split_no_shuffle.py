"""Cuts the indices in their original order instead of shuffling them first."""
import numpy as np

EXPECT = "no_shuffle"


def _cut(order, val_frac, test_frac):
    n = len(order)
    n_val, n_test = int(val_frac * n), int(test_frac * n)
    n_train = n - n_val - n_test
    order = np.sort(order)
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
