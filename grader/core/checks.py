"""Checks for hidden tests: compare what the student returned with what was expected.

Every helper raises ``Feedback`` on failure, naming what differs (shape, dtype, values with the
error size against the tolerance) and — when the answer matches one of the given known-wrong
variants — the mistake itself. Values from the student are already plain data here. The shape
is checked before any mistake is tried, so the grader's work stays linear in what the child sent.

Tolerances: ``assert_close`` uses numpy's rule ``|got - expected| <= atol + rtol * |expected|``
element-wise, with NaN equal to NaN only where the expected value is NaN too. The defaults
(rtol=1e-6, atol=1e-9) accept float64 round-off of a different but correct formula, not a
different formula.
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from grader.core.feedback import Comparison, Feedback, PartialCredit, quoted
from grader.isolation.runner import RemoteObject, StudentError

RTOL = 1e-6
ATOL = 1e-9

_KINDS = {"f": "floating-point", "i": "integer", "b": "boolean", "c": "complex"}


def _type_name(value: Any) -> str:
    if isinstance(value, RemoteObject):
        return value.type_name
    return type(value).__name__


def as_array(got: Any, what: str, *, allow_scalar: bool = True) -> np.ndarray:
    """``got`` as a numeric ndarray, or Feedback saying what type came instead."""
    if isinstance(got, np.ndarray):
        arr = got
    elif isinstance(got, (list, tuple, int, float, bool, np.generic)) and not isinstance(got, str):
        try:
            arr = np.asarray(got)
        except (ValueError, TypeError):
            raise Feedback("core.wrong_type", what=what, expected="a numpy array", got=_type_name(got)) from None
        if arr.ndim == 0 and not allow_scalar:
            raise Feedback("core.wrong_type", what=what, expected="a numpy array", got=_type_name(got))
    else:
        raise Feedback("core.wrong_type", what=what, expected="a numpy array", got=_type_name(got))
    if arr.dtype.kind not in "fiubc":
        raise Feedback("core.dtype", what=what, expected="numeric", got=str(arr.dtype))
    return arr


def _matches(got: np.ndarray, variant: Any, rtol: float, atol: float) -> bool:
    try:
        v = np.asarray(variant)
        return v.shape == got.shape and bool(np.allclose(got, v, rtol=rtol, atol=atol, equal_nan=True))
    except (TypeError, ValueError):
        return False


def diagnose(got: Any, mistakes: Mapping[str, Any] | None, rtol: float = RTOL, atol: float = ATOL, *,
             shape: tuple[int, ...] | None = None) -> str | None:
    """The key of the first known-wrong variant that ``got`` matches, if any.

    A variant is a value, or a callable taking ``got`` and returning True when it recognises it.
    A value is compared only with a ``got`` of its own shape, so nothing broadcasts. With ``shape``
    (the expected shape) and an array ``got`` of another shape, callables are not run at all: one
    could broadcast the student's array against the kit's (a reply of shape (K, 1) against (N,) is
    K × N numbers, in the grader's own memory).
    """
    wrong_shape = shape is not None and isinstance(got, np.ndarray) and got.shape != tuple(shape)
    for key, variant in (mistakes or {}).items():
        if callable(variant) and wrong_shape:
            continue
        if callable(variant):
            try:
                if variant(got):
                    return key
            except Exception:
                continue
        elif isinstance(got, np.ndarray) and _matches(got, variant, rtol, atol):
            return key
        elif not isinstance(got, np.ndarray) and not isinstance(variant, np.ndarray) and got == variant:
            return key
    return None


def assert_close(got: Any, expected: Any, what: str, *, rtol: float = RTOL, atol: float = ATOL,
                 mistakes: Mapping[str, Any] | None = None, dtype_kind: str | None = None,
                 inputs: dict[str, Any] | None = None) -> np.ndarray:
    """Check an array (or number) against the expected one; return it as an array.

    ``dtype_kind`` — "i" requires integers, "f" floats, "b" booleans. ``mistakes`` maps catalogue
    keys to the value that mistake would produce (see ``diagnose``).
    """
    exp = np.asarray(expected)
    arr = as_array(got, what)
    if arr.shape != exp.shape:  # before any mistake is tried: only those of the student's shape, values only
        hint = diagnose(arr, mistakes, rtol, atol, shape=exp.shape)
        raise Feedback("core.shape", hint=hint, what=what, expected=exp.shape, got=arr.shape, inputs=inputs)
    hint = diagnose(arr, mistakes, rtol, atol)
    if dtype_kind is not None and arr.dtype.kind not in (dtype_kind + ("u" if dtype_kind == "i" else "")):
        raise Feedback("core.dtype", hint=hint, what=what, expected=_KINDS.get(dtype_kind, dtype_kind),
                       got=str(arr.dtype), inputs=inputs)
    if exp.dtype.kind in "fc" or arr.dtype.kind in "fc":
        bad_nan = ~np.isfinite(arr) & np.isfinite(exp)
        if bad_nan.any():
            raise Feedback("core.not_finite", hint=hint, what=what, values=(exp, arr), inputs=inputs)
    close = np.isclose(arr, exp, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        raise Feedback("core.values", hint=hint, what=what, values=(exp, arr),
                       comparison=_compare(arr, exp, close, rtol, atol), inputs=inputs)
    return arr


def _compare(arr: np.ndarray, exp: np.ndarray, close: np.ndarray, rtol: float, atol: float) -> Comparison:
    with np.errstate(all="ignore"):
        diff = np.abs(arr.astype(np.float64) - exp.astype(np.float64))
        diff = np.where(np.isnan(diff), np.inf, diff)
        nonzero = exp != 0
        # Relative error only where it means something (a nonzero expected value).
        rel = float(np.max(diff[nonzero] / np.abs(exp[nonzero].astype(np.float64)))) if nonzero.any() else float("nan")
    first = tuple(int(i) for i in np.argwhere(~close)[0]) if close.ndim else ()
    return Comparison(abs_err=float(np.max(diff)), rel_err=rel,
                      atol=atol, rtol=rtol, count=int((~close).sum()), total=int(close.size), index=first)


def assert_equal(got: Any, expected: Any, what: str, *, mistakes: Mapping[str, Any] | None = None,
                 inputs: dict[str, Any] | None = None) -> Any:
    """Exact equality for non-array results (ints, tuples, bools)."""
    if isinstance(expected, np.ndarray):
        return assert_close(got, expected, what, rtol=0, atol=0, mistakes=mistakes, inputs=inputs)
    numbers = isinstance(expected, (int, float)) and isinstance(got, (int, float, np.generic)) \
        and not isinstance(got, bool)
    if type(got) is not type(expected) and not numbers:
        hint = diagnose(got, mistakes)
        raise Feedback("core.wrong_type", hint=hint, what=what, expected=type(expected).__name__,
                       got=_type_name(got), inputs=inputs)
    if got != expected:
        raise Feedback("core.values", hint=diagnose(got, mistakes), what=what, values=(expected, got),
                       inputs=inputs)
    return got


def assert_raises(call: Callable[[], Any], error: type[BaseException], what: str,
                  inputs: dict[str, Any] | None = None, hint: str | None = None) -> StudentError:
    """The student's call must raise ``error`` (a ValueError for invalid input, say)."""
    try:
        call()
    except StudentError as exc:
        if exc.is_a(error):
            return exc
        if exc.is_a(NotImplementedError):
            raise
        raise Feedback("core.wrong_error", hint=hint, what=what, error=error.__name__, raised=exc.type_name,
                       message=quoted(exc.message[:200]), inputs=inputs) from None
    raise Feedback("core.no_error", hint=hint, what=what, error=error.__name__, inputs=inputs)


def assert_accepts(call: Callable[[], Any], inputs: dict[str, Any] | None = None, hint: str | None = None,
                   error: type[BaseException] = ValueError) -> Any:
    """The student's call on input the docstring allows (the ends of a documented range, say): its result,
    or, when it raises ``error``, feedback naming that (``hint``: which inputs are allowed). Other errors
    propagate as they are."""
    try:
        return call()
    except StudentError as exc:
        if not exc.is_a(error):
            raise
        raise Feedback("core.raised", hint=hint, type=exc.type_name, message=quoted(exc.message[:200]),
                       inputs=inputs) from None


def assert_unchanged(before: np.ndarray, after: Any, what: str, hint: str | None = None) -> None:
    """Inputs echoed back by the child after a call must equal what was sent (no in-place edits)."""
    if not (isinstance(after, np.ndarray) and after.shape == before.shape
            and np.array_equal(after, before, equal_nan=True)):
        raise Feedback("core.mutated_input", hint=hint, what=what)


class Cases:
    """Independent cases inside one test, for partial credit::

        with Cases() as cases:
            for name, args in examples.items():
                with cases.case():
                    assert_close(student.f(*args), expected[name], f"f({name})")

    The test earns the fraction of cases that passed; the feedback lists the failed ones.
    A failure that ends the whole test (a dead child, a function not implemented) still ends it.
    """

    def __init__(self) -> None:
        self.total = 0
        self.failures: list[BaseException] = []

    def __enter__(self) -> Cases:
        return self

    @contextlib.contextmanager
    def case(self) -> Iterator[None]:
        self.total += 1
        try:
            yield
        except (Feedback, StudentError) as exc:
            if isinstance(exc, StudentError) and exc.is_a(NotImplementedError):
                raise
            self.failures.append(exc)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None and self.failures:
            raise PartialCredit(1 - len(self.failures) / max(self.total, 1), self.failures)


_WARNING = re.compile(r"(\w*Warning): (.*)")


def output_during(grading: Any, call: Callable[[], Any]) -> tuple[Any, str]:
    """Run ``call`` and return (its result, what the child wrote to its log meanwhile): the way to see a
    warning or a print of the student's code (``first_warning``)."""
    child = grading.child()
    window = 1 << 16
    before = child.output_tail(window)
    result = call()
    after = child.output_tail(window)
    if after == before:
        return result, ""
    if len(before) < window and after.startswith(before):
        return result, after[len(before):]
    return result, after[-4000:]


def first_warning(log: str) -> str | None:
    """The first Python warning in a child's output (``RuntimeWarning: overflow …``), at most 200
    characters, or None."""
    m = _WARNING.search(log)
    return m.group(0)[:200] if m else None
