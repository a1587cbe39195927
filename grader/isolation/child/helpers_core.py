"""Kit helpers that every child gets, next to the student's module (no grading here).

Loaded before the student's module; ``bind_student`` hands them that module once it is imported.
Everything a helper calls after that is bound now, at load: the copier below and the numpy and
builtin functions it uses are module-level aliases, so a submission that edits
``copy._deepcopy_dispatch``, replaces ``numpy.array`` or rebinds a builtin at import does not change
the copy the grader compares with what it sent.
"""
from __future__ import annotations

import copy
from typing import Any

import numpy as np

_student: Any = None
_np_array, _ndarray, _generic = np.array, np.ndarray, np.generic
_type, _len, _isinstance, _list, _tuple, _dict = type, len, isinstance, list, tuple, dict
_list_append, _dict_items, _getattr, _enumerate = list.append, dict.items, getattr, enumerate
_shares_memory = np.shares_memory
_deepcopy = copy.deepcopy  # only for a type the copier below does not know (its dispatch is the student's to edit)
_SCALARS = (type(None), bool, int, float, complex, str, bytes)
MAX_DEPTH = 64


def bind_student(module: Any) -> None:
    global _student
    _student = module


def _snapshot(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` as it is now: arrays (their subclass dropped) with the bound ``np.array``,
    lists, tuples and dicts element by element, plain scalars as they are; any other type with
    ``copy.deepcopy`` as bound at load. Exact type checks, so a subclass cannot steer the copy."""
    t = _type(value)
    if depth > MAX_DEPTH:
        return _deepcopy(value)
    if t in _SCALARS:
        return value
    if _isinstance(value, _ndarray):
        return _np_array(value, copy=True, subok=False)
    if _isinstance(value, _generic):  # numpy scalars are immutable
        return value
    if t is _list:
        out: list[Any] = []
        for v in value:
            _list_append(out, _snapshot(v, depth + 1))
        return out
    if t is _tuple:
        return _tuple(_snapshot(v, depth + 1) for v in value)
    if t is _dict:
        return {_snapshot(k, depth + 1): _snapshot(v, depth + 1) for k, v in _dict_items(value)}
    return _deepcopy(value)


def call_and_return_args(fn: str, *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
    """Call the student's ``fn(*args, **kwargs)`` and also return the arguments as they are afterwards.

    The grader compares them with what it sent, to catch functions that modify their input in place.
    The returned copy is taken right after the call (``_snapshot``, bound before the student's
    module loaded), so later tampering cannot hide an edit.
    """
    result = _getattr(_student, fn)(*args, **kwargs)
    return result, _snapshot(_list(args))


def call_and_find_aliases(fn: str, *args: Any, **kwargs: Any) -> tuple[Any, list[tuple[int, int]]]:
    """Call the student's ``fn(*args, **kwargs)`` and also name the returned arrays that share memory with an
    argument: pairs (i, j) for the i-th returned value (the result itself is 0 when it is not a tuple or list)
    and the j-th argument. A function whose docstring promises NEW arrays returns none. Like the copier,
    it uses only functions bound at load."""
    result = _getattr(_student, fn)(*args, **kwargs)
    items = result if _type(result) in (_tuple, _list) else (result,)
    pairs = [(i, j) for i, r in _enumerate(items) if _isinstance(r, _ndarray)
             for j, a in _enumerate(args) if _isinstance(a, _ndarray) and _shares_memory(r, a)]
    return result, pairs
