"""Hypothesis strategies of this exercise: label vectors and confusion matrices."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from grader.author import labels


@st.composite
def label_pairs(draw: st.DrawFn, max_classes: int = 6, min_size: int = 0,
                max_size: int = 24) -> tuple[np.ndarray, np.ndarray, int]:
    """(y_true, y_pred, num_classes) of equal length."""
    k = draw(st.integers(1, max_classes))
    n = draw(st.integers(min_size, max_size))
    y_true = draw(labels(k, n, n))
    y_pred = draw(labels(k, n, n))
    return y_true, y_pred, k


@st.composite
def confusion_matrices(draw: st.DrawFn, max_classes: int = 5, max_count: int = 30) -> np.ndarray:
    k = draw(st.integers(1, max_classes))
    # a flat list reshaped: the same examples' shape as hnp.arrays, at a fraction of the drawing cost
    counts = draw(st.lists(st.integers(0, max_count), min_size=k * k, max_size=k * k))
    return np.asarray(counts, dtype=np.int64).reshape(k, k)
