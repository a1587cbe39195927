"""Values in feedback: shown as Python a student can paste, with the digits that tell two apart.

* ``as_code(value)`` — ``np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float64)``, ``np.float64(0.5)``,
  ``(np.array([0]), 2)``: code that rebuilds the value when pasted (``import numpy as np``), rows of a
  matrix aligned under each other. Floats are written with the fewest digits that read back as the
  same number. An array too large to show whole is summarised, and the summary says so.
* ``compare(expected, got)`` — both rendered with as many significant digits as it takes for the
  entries that differ to read differently, and the first differing entries listed with their index.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_SHOWN = 400  # array entries shown whole; a larger array is summarised
MAX_EXACT = 64  # float entries written with every digit; a larger array is written with ROUNDED digits
ROUNDED = 8
MIN_DIGITS, MAX_DIGITS = 6, 17
_DTYPE_NAMES = {np.dtype(t): f"np.{name}" for name, t in (
    ("float64", np.float64), ("float32", np.float32), ("float16", np.float16), ("int64", np.int64),
    ("int32", np.int32), ("int16", np.int16), ("int8", np.int8), ("uint8", np.uint8), ("uint16", np.uint16),
    ("uint32", np.uint32), ("uint64", np.uint64), ("bool_", np.bool_), ("complex128", np.complex128),
    ("complex64", np.complex64))}


def dtype_code(dtype: np.dtype) -> str:
    return _DTYPE_NAMES.get(np.dtype(dtype), repr(str(dtype)))


def _float(x: float, digits: int | None = None) -> str:
    if math.isnan(x):
        return "np.nan"
    if math.isinf(x):
        return "np.inf" if x > 0 else "-np.inf"
    if digits is None:
        return repr(float(x))
    text = np.format_float_positional(x, precision=digits, unique=False, fractional=False, trim="-")
    if abs(x) >= 1e16 or (x != 0 and abs(x) < 1e-5):
        text = np.format_float_scientific(x, precision=digits - 1, unique=False, trim="-")
    return text if any(c in text for c in ".en") else text + ".0"


def _scalar(x: Any, kind: str, digits: int | None) -> str:
    if kind == "b":
        return "True" if bool(x) else "False"
    if kind in "iu":
        return str(int(x))
    if kind == "c":
        return f"complex({_float(x.real, digits)}, {_float(x.imag, digits)})"
    return _float(float(x), digits)


def _nested(arr: np.ndarray, indent: int, digits: int | None) -> str:
    """Nested lists of an array's entries, one row per line from 2-d on, columns aligned."""
    if arr.ndim == 0:
        return _scalar(arr.item(), arr.dtype.kind, digits)
    if arr.ndim == 1:
        return "[" + ", ".join(_scalar(v, arr.dtype.kind, digits) for v in arr.tolist()) + "]"
    if arr.ndim == 2:
        cells = [[_scalar(v, arr.dtype.kind, digits) for v in row] for row in arr.tolist()]
        width = max((len(c) for row in cells for c in row), default=0)
        rows = ["[" + ", ".join(c.rjust(width) for c in row) + "]" for row in cells]
        return "[" + (",\n" + " " * (indent + 1)).join(rows) + "]"
    inner = [_nested(sub, indent + 1, digits) for sub in arr]
    return "[" + (",\n\n" + " " * (indent + 1)).join(inner) + "]"


def array_code(arr: np.ndarray, digits: int | None = None, indent: int = 0) -> str:
    """``np.array([...], dtype=...)`` for an array, or a labelled summary when it is too large."""
    dtype = dtype_code(arr.dtype)
    if arr.dtype.kind not in "biufc":
        return f"np.array({arr.tolist()!r})"
    if arr.size > MAX_SHOWN:
        finite = arr[np.isfinite(arr)] if arr.dtype.kind in "fc" else arr
        span = f"values {_scalar(finite.min(), arr.dtype.kind, 6)}..{_scalar(finite.max(), arr.dtype.kind, 6)}" \
            if finite.size else "no finite values"
        return f"np.zeros({arr.shape}, dtype={dtype})  # {arr.size} values, {span}: too many to show"
    if arr.size == 0:
        return f"np.zeros({arr.shape}, dtype={dtype})"
    rounded = digits is None and arr.dtype.kind in "fc" and arr.size > MAX_EXACT
    body = _nested(arr, indent + len("np.array("), ROUNDED if rounded else digits)
    note = f"  # {arr.size} values, rounded to {ROUNDED} significant digits" if rounded else ""
    return f"np.array({body}, dtype={dtype}){note}"


def as_code(value: Any, digits: int | None = None, indent: int = 0) -> str:
    """Python that rebuilds ``value`` when pasted after ``import numpy as np``."""
    if isinstance(value, np.ndarray):
        return array_code(value, digits, indent)
    if isinstance(value, np.generic):
        kind = np.asarray(value).dtype.kind
        return f"{dtype_code(np.asarray(value).dtype)}({_scalar(value, kind, digits)})"
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value, digits)
    if isinstance(value, tuple):
        parts = [as_code(v, digits, indent + 1) for v in value]
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(as_code(v, digits, indent + 1) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{as_code(k)}: {as_code(v, digits, indent + 1)}" for k, v in value.items()) + "}"
    seed = getattr(value, "seed", None)
    if type(value).__name__ == "Rng" and isinstance(seed, int):
        return f"np.random.default_rng({seed})"
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    return repr(value)


def example_code(kwargs: dict[str, Any]) -> list[str]:
    """One ``name = value`` line (or block) per argument, pasteable."""
    return [f"{name} = {as_code(value, indent=len(name) + 3)}" for name, value in kwargs.items()]


@dataclass
class Shown:
    """Expected and got, rendered so that they differ where they differ."""

    expected: str
    got: str
    differing: list[str]  # "index: expected X, got Y" for the first differing entries


def _digits_to_tell(exp: np.ndarray, got: np.ndarray, off: np.ndarray) -> int:
    """The fewest significant digits (at least MIN_DIGITS) at which the entries that are off read differently."""
    if exp.dtype.kind not in "fc" and got.dtype.kind not in "fc":
        return MIN_DIGITS
    kind = "c" if "c" in (exp.dtype.kind, got.dtype.kind) else "f"
    cast = np.complex128 if kind == "c" else np.float64
    e, g = np.ravel(exp).astype(cast)[np.ravel(off)], np.ravel(got).astype(cast)[np.ravel(off)]
    differ = [(a, b) for a, b in zip(e[:20], g[:20]) if a != b]
    for digits in range(MIN_DIGITS, MAX_DIGITS + 1):
        if all(_scalar(a, kind, digits) != _scalar(b, kind, digits) for a, b in differ):
            return digits
    return MAX_DIGITS


def compare(expected: Any, got: Any, limit: int = 5, rtol: float = 0.0, atol: float = 0.0) -> Shown:
    """Render ``expected`` and ``got`` with the digits that tell them apart, listing the entries that are off
    (outside ``atol + rtol * |expected|``; with no tolerance, every entry that differs)."""
    try:
        exp, gt = np.asarray(expected), np.asarray(got)
        numeric = exp.dtype.kind in "biufc" and gt.dtype.kind in "biufc"
    except (TypeError, ValueError):
        numeric = False
    if not numeric or exp.shape != gt.shape:
        return Shown(as_code(expected), as_code(got), [])
    with np.errstate(invalid="ignore", over="ignore"):
        same = (exp == gt) | (_isnan(exp) & _isnan(gt))
        if rtol or atol:
            same |= np.isclose(gt.astype(np.complex128), exp.astype(np.complex128), rtol=rtol, atol=atol)
    off = ~np.asarray(same, dtype=bool)
    digits = _digits_to_tell(exp, gt, off)
    shown_digits = None if digits <= MIN_DIGITS and exp.dtype.kind not in "fc" else digits
    differing = []
    if exp.ndim:
        bad = np.argwhere(off)
        for index in bad[:limit]:
            idx = tuple(int(i) for i in index)
            differing.append(f"{idx if len(idx) > 1 else idx[0]}: "
                             f"{_scalar(exp[idx], exp.dtype.kind, digits)} ≠ {_scalar(gt[idx], gt.dtype.kind, digits)}")
        if len(bad) > limit:
            differing.append(f"… {len(bad) - limit} more")
    return Shown(as_code(expected, shown_digits), as_code(got, shown_digits), differing)


def _isnan(a: np.ndarray) -> np.ndarray:
    return np.isnan(a) if a.dtype.kind in "fc" else np.zeros(a.shape, dtype=bool)
