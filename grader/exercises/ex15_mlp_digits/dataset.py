"""The 8×8 handwritten digits shipped with the kit (grader side only: a child never sees the grader's files).

``digits.csv.gz`` is scikit-learn's ``load_digits`` data: 1797 images of the digits 0–9, each 8×8
pixels whose values count the "on" pixels of a 4×4 block of the original 32×32 bitmap (integers
0..16). It is the test set of the UCI *Optical Recognition of Handwritten Digits* data set —
E. Alpaydin, C. Kaynak (1998), https://doi.org/10.24432/C50P49, licensed CC BY 4.0. The file is a
plain CSV without a header: one row per image, 64 pixel values in row-major order, then the label.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
DIGITS = DATA_DIR / "digits.csv.gz"
NUM_CLASSES = 10


@dataclass(frozen=True)
class Split:
    """A fixed train/test split of the raw pixel counts (0..16; scale them yourself)."""

    X_train: np.ndarray  # (N_train, 64) int64 in 0..16
    y_train: np.ndarray  # (N_train,) int64 in 0..9
    X_test: np.ndarray  # (N_test, 64) int64 in 0..16
    y_test: np.ndarray  # (N_test,) int64 in 0..9


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """(X of shape (1797, 64) int64 with pixel counts 0..16, y of shape (1797,) int64 in 0..9)."""
    with gzip.open(DIGITS, "rt", encoding="ascii") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float64, ndmin=2)
    if table.shape != (1797, 65) or np.any(table != np.round(table)):
        raise ValueError(f"{DIGITS.name}: unexpected layout {table.shape}")
    table = table.astype(np.int64)
    return table[:, :-1], table[:, -1]


def digits_split(seed: int = 0, test_fraction: float = 0.2) -> Split:
    """Shuffle with ``numpy.random.default_rng(seed)`` and hold out ``test_fraction`` of each class.

    Stratified, so train and test keep the data set's class balance (about 180 images per digit).
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError("test_fraction must be in (0, 1)")
    X, y = load_digits()
    rng = np.random.default_rng(seed)
    test_idx, train_idx = [], []
    for label in range(NUM_CLASSES):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_test = int(round(test_fraction * len(idx)))
        test_idx.append(idx[:n_test])
        train_idx.append(idx[n_test:])
    train = rng.permutation(np.concatenate(train_idx))
    test = rng.permutation(np.concatenate(test_idx))
    return Split(X[train], y[train], X[test], y[test])
