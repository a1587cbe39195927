"""The shipped breast-cancer data and its loader: the file is intact and the split is fixed."""
from __future__ import annotations

import gzip
import hashlib

import numpy as np

from grader.exercises.ex12_regression_losses import dataset as tabular_data

CSV_SHA256 = "432ff316e7bfb60b70a275064b4401315cc39f09c9099d031013a23647e98687"  # of the decompressed CSV


def test_file_checksum():
    with gzip.open(tabular_data.BREAST_CANCER, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == CSV_SHA256


def test_shape_and_label_balance():
    X, y, names = tabular_data.load_breast_cancer()
    assert X.shape == (569, 30) and X.dtype == np.float64
    assert y.shape == (569,) and set(np.unique(y)) == {0, 1}
    assert np.bincount(y).tolist() == [212, 357]  # malignant, benign
    assert len(names) == 30 and names[0] == "mean_radius" and names[-1] == "worst_fractal_dimension"
    assert np.isfinite(X).all() and (X >= 0).all()
    assert X[0, 0] == 17.99 and X[-1, -1] == 0.07039


def test_split_is_fixed_stratified_and_standardised():
    a = tabular_data.breast_cancer_split(seed=0)
    b = tabular_data.breast_cancer_split(seed=0)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert a.X_train.shape == (427, 30) and a.X_test.shape == (142, 30)
    assert np.bincount(a.y_train).tolist() == [159, 268] and np.bincount(a.y_test).tolist() == [53, 89]
    np.testing.assert_allclose(a.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(a.X_train.std(axis=0), 1, rtol=1e-12)
    c = tabular_data.breast_cancer_split(seed=1)
    assert not np.array_equal(a.y_train, c.y_train)


def test_split_covers_every_sample_once():
    X, _, _ = tabular_data.load_breast_cancer()
    s = tabular_data.breast_cancer_split(seed=3, standardize=False)
    both = np.concatenate([s.X_train, s.X_test])
    assert both.shape == X.shape
    key = lambda A: A[np.lexsort(A.T[::-1])]  # noqa: E731
    assert np.array_equal(key(both), key(X))
