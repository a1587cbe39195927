"""The shipped digits data and its loader: the file is intact and the split is fixed."""
from __future__ import annotations

import gzip
import hashlib

import numpy as np

from grader.exercises.ex15_mlp_digits import dataset as digits_data

CSV_SHA256 = "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8"  # of the decompressed CSV


def test_file_checksum():
    with gzip.open(digits_data.DIGITS, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == CSV_SHA256


def test_shape_classes_and_values():
    X, y = digits_data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.int64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert X.min() == 0 and X.max() == 16
    assert X[0].reshape(8, 8)[1].tolist() == [0, 0, 13, 15, 10, 15, 5, 0]  # the first image is a 0
    assert y[:10].tolist() == list(range(10))


def test_split_is_fixed_and_stratified():
    a, b = digits_data.digits_split(seed=3), digits_data.digits_split(seed=3)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert a.X_train.shape == (1438, 64) and a.X_test.shape == (359, 64)
    assert np.bincount(a.y_test).tolist() == [36, 36, 35, 37, 36, 36, 36, 36, 35, 36]
    assert np.bincount(a.y_train).tolist() == [142, 146, 142, 146, 145, 146, 145, 143, 139, 144]
    c = digits_data.digits_split(seed=0)
    assert not np.array_equal(a.y_train, c.y_train)


def test_split_covers_every_sample_once():
    X, y = digits_data.load_digits()
    s = digits_data.digits_split(seed=3)
    both = np.concatenate([np.column_stack([s.X_train, s.y_train]), np.column_stack([s.X_test, s.y_test])])
    full = np.column_stack([X, y])
    key = lambda A: A[np.lexsort(A.T[::-1])]  # noqa: E731
    assert np.array_equal(key(both), key(full))
