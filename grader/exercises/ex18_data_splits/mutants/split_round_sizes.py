"""Rounds fraction · n to the nearest integer instead of taking the floor."""

EXPECT = "sizes_not_floor"


def _cut(order, val_frac, test_frac):
    n = len(order)
    n_val, n_test = round(val_frac * n), round(test_frac * n)
    n_train = n - n_val - n_test
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
