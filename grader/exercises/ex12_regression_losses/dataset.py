"""Small tabular data sets shipped with the kit (grader side only: a child never sees the grader's files).

``breast_cancer.csv.gz`` is the Breast Cancer Wisconsin (Diagnostic) data set — 569 samples,
30 real-valued features computed from images of fine-needle aspirates, label 0 = malignant (212),
1 = benign (357) — in the layout of scikit-learn's ``load_breast_cancer``. Source: UCI Machine
Learning Repository, W. Wolberg, O. Mangasarian, N. Street, W. Street (1993),
https://doi.org/10.24432/C5DW2B, licensed CC BY 4.0. The file is a plain CSV: a header of 30
feature names and ``target``, then one row per sample.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
BREAST_CANCER = DATA_DIR / "breast_cancer.csv.gz"


@dataclass(frozen=True)
class Split:
    """A fixed train/test split; features standardised with the TRAINING mean and std only."""

    X_train: np.ndarray  # (N_train, D) float64
    y_train: np.ndarray  # (N_train,) int64 in {0, 1}
    X_test: np.ndarray  # (N_test, D) float64
    y_test: np.ndarray  # (N_test,) int64 in {0, 1}
    feature_names: tuple[str, ...]


def load_breast_cancer() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """(X of shape (569, 30) float64, y of shape (569,) int64, the 30 feature names)."""
    with gzip.open(BREAST_CANCER, "rt", encoding="ascii") as f:
        header = f.readline().strip().split(",")
        table = np.loadtxt(f, delimiter=",", dtype=np.float64, ndmin=2)
    if header[-1] != "target" or table.shape[1] != len(header):
        raise ValueError(f"{BREAST_CANCER.name}: unexpected layout")
    return table[:, :-1], table[:, -1].astype(np.int64), tuple(header[:-1])


def breast_cancer_split(seed: int = 0, test_fraction: float = 0.25, standardize: bool = True) -> Split:
    """Shuffle with ``numpy.random.default_rng(seed)``, hold out ``test_fraction``, standardise.

    Stratified, so both parts keep the data set's class balance (about 37 % malignant).
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError("test_fraction must be in (0, 1)")
    X, y, names = load_breast_cancer()
    rng = np.random.default_rng(seed)
    test_idx, train_idx = [], []
    for label in (0, 1):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_test = int(round(test_fraction * len(idx)))
        test_idx.append(idx[:n_test])
        train_idx.append(idx[n_test:])
    train = rng.permutation(np.concatenate(train_idx))
    test = rng.permutation(np.concatenate(test_idx))
    X_train, X_test = X[train], X[test]
    if standardize:
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    return Split(X_train, y[train], X_test, y[test], names)
