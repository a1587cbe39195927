"""Kit helpers that every child gets, next to the student's module (no grading here).

Loaded before the student's module; ``bind_student`` hands them that module once it is imported.
"""
from __future__ import annotations

import copy
from typing import Any

import numpy as np

_student: Any = None


def bind_student(module: Any) -> None:
    global _student
    _student = module


def call_and_return_args(fn: str, *args: Any, _deepcopy: Any = copy.deepcopy, **kwargs: Any) -> tuple[Any, list[Any]]:
    """Call the student's ``fn(*args, **kwargs)`` and also return the arguments as they are afterwards.

    The grader compares them with what it sent, to catch functions that modify their input in place.
    The returned copy is taken right after the call, so later tampering cannot hide an edit.
    """
    result = getattr(_student, fn)(*args, **kwargs)
    return result, _deepcopy(list(args))


def call_and_find_aliases(fn: str, *args: Any, **kwargs: Any) -> tuple[Any, list[tuple[int, int]]]:
    """Call the student's ``fn(*args, **kwargs)`` and also name the returned arrays that share memory with an
    argument: pairs (i, j) for the i-th returned value (the result itself is 0 when it is not a tuple or list)
    and the j-th argument. A function whose docstring promises NEW arrays returns none."""
    result = getattr(_student, fn)(*args, **kwargs)
    items = result if isinstance(result, (tuple, list)) else (result,)
    pairs = [(i, j) for i, r in enumerate(items) if isinstance(r, np.ndarray)
             for j, a in enumerate(args) if isinstance(a, np.ndarray) and np.shares_memory(r, a)]
    return result, pairs
