"""Hypothesis strategies any exercise may use (bounded, so examples stay small and fast).

Strategies for one exercise only live in that exercise's folder (``strategies.py``)."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def floats(min_value: float = -10.0, max_value: float = 10.0, width: int = 64) -> st.SearchStrategy[float]:
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, width=width)


def float_arrays(shape: tuple[int, ...] | st.SearchStrategy, min_value: float = -10.0,
                 max_value: float = 10.0) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays with bounded, finite entries."""
    return hnp.arrays(np.float64, shape, elements=floats(min_value, max_value))


def shapes(min_dims: int = 1, max_dims: int = 2, min_side: int = 1, max_side: int = 6) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


@st.composite
def labels(draw: st.DrawFn, num_classes: int, min_size: int = 0, max_size: int = 40) -> np.ndarray:
    n = draw(st.integers(min_size, max_size))
    return np.asarray(draw(st.lists(st.integers(0, num_classes - 1), min_size=n, max_size=n)), dtype=np.int64)
