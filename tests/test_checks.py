"""grader.core.checks: what each check accepts, and the feedback it raises otherwise."""
from __future__ import annotations

import numpy as np
import pytest

from grader.core.checks import (
    ATOL,
    RTOL,
    Cases,
    as_array,
    assert_close,
    assert_equal,
    assert_raises,
    assert_unchanged,
    diagnose,
)
from grader.core.feedback import Feedback, PartialCredit
from grader.isolation.runner import StudentError


def _student_error(type_name: str, message: str = "") -> StudentError:
    return StudentError(type_name, [type_name, "Exception", "BaseException"], message, [])


def test_tolerance_is_numpys_rule_with_the_documented_defaults():
    expected = np.array([1.0, 1e6])
    assert_close(expected * (1 + 0.9 * RTOL), expected, "x")
    with pytest.raises(Feedback) as info:
        assert_close(expected * (1 + 3 * RTOL), expected, "x")
    assert info.value.key == "core.values"
    c = info.value.comparison
    assert c.count == 2 and c.total == 2 and c.index == (0,) and c.rtol == RTOL and c.atol == ATOL
    assert_close(np.array([0.5 * ATOL]), np.array([0.0]), "near zero")


def test_shape_dtype_and_type_are_named_before_values():
    with pytest.raises(Feedback) as info:
        assert_close(np.zeros(3), np.zeros(4), "x")
    assert info.value.key == "core.shape" and info.value.params["expected"] == (4,)
    with pytest.raises(Feedback) as info:
        assert_close(np.zeros(3), np.zeros(3, dtype=np.int64), "x", dtype_kind="i")
    assert info.value.key == "core.dtype"
    with pytest.raises(Feedback) as info:
        as_array("text", "x")
    assert info.value.key == "core.wrong_type"
    with pytest.raises(Feedback):
        as_array(3.0, "x", allow_scalar=False)


def test_nan_where_a_finite_value_is_expected():
    with pytest.raises(Feedback) as info:
        assert_close(np.array([np.nan, 1.0]), np.array([0.0, 1.0]), "x")
    assert info.value.key == "core.not_finite"
    assert_close(np.array([np.nan]), np.array([np.nan]), "nan where nan is expected")


def test_diagnose_by_value_and_by_predicate():
    got = np.array([[0, 1], [2, 3]])
    assert diagnose(got, {"a.wrong": np.array([1, 2]), "a.transposed": got.T.T}) == "a.transposed"
    assert diagnose(got, {"a.big": lambda g: g.max() > 2}) == "a.big"
    assert diagnose(got, {"a.broken": lambda g: 1 / 0}) is None  # a failing predicate recognises nothing
    assert diagnose(3, {"a.three": 3}) == "a.three"
    with pytest.raises(Feedback) as info:
        assert_close(got.T, got, "m", mistakes={"a.transposed": got.T}, rtol=0, atol=0)
    assert info.value.hint == "a.transposed"


def test_assert_equal_types():
    assert_equal((1, 2), (1, 2), "t")
    assert_equal(np.int64(3), 3, "a numpy int equals an int")
    with pytest.raises(Feedback) as info:
        assert_equal(True, 1, "a bool is not an int")
    assert info.value.key == "core.wrong_type"
    with pytest.raises(Feedback) as info:
        assert_equal((1, 3), (1, 2), "t")
    assert info.value.key == "core.values"


def test_assert_raises():
    def raises(name):
        def call():
            raise _student_error(name, "bad input")
        return call

    assert assert_raises(raises("ValueError"), ValueError, "f(x)").type_name == "ValueError"
    with pytest.raises(Feedback) as info:
        assert_raises(raises("TypeError"), ValueError, "f(x)", hint="a.no_validation")
    assert info.value.key == "core.wrong_error" and info.value.hint == "a.no_validation"
    with pytest.raises(Feedback) as info:
        assert_raises(lambda: None, ValueError, "f(x)")
    assert info.value.key == "core.no_error"
    with pytest.raises(StudentError):  # not implemented yet: not a wrong error, the test ends as such
        assert_raises(raises("NotImplementedError"), ValueError, "f(x)")


def test_assert_unchanged():
    before = np.arange(3.0)
    assert_unchanged(before, before.copy(), "x")
    with pytest.raises(Feedback) as info:
        assert_unchanged(before, before + 1, "x")
    assert info.value.key == "core.mutated_input"


def test_cases_give_partial_credit_and_keep_every_failure():
    with pytest.raises(PartialCredit) as info:
        with Cases() as cases:
            for value in (1.0, 2.0, 3.0, 4.0):
                with cases.case():
                    assert_close(value, 2.0 if value < 3 else value, f"case {value}")
    assert info.value.fraction == 0.75 and len(info.value.failures) == 1
    with Cases() as cases:  # nothing failed: no exception
        with cases.case():
            assert_close(1.0, 1.0, "fine")
    with pytest.raises(StudentError):  # a function not implemented ends the whole test
        with Cases() as cases:
            with cases.case():
                raise _student_error("NotImplementedError")


def test_no_known_mistake_is_tried_on_a_reply_of_the_wrong_shape():
    expected = np.arange(2_000, dtype=np.float64)
    calls = []

    def broadcasts(g):  # np.allclose of (K, 1) against (N,) would hold K × N numbers in the grader
        calls.append(g.shape)
        return bool(np.allclose(g, expected))

    reply = np.zeros((2_000, 1))
    with pytest.raises(Feedback) as info:
        assert_close(reply, expected, "f(x)", mistakes={"m.broadcast": broadcasts})
    assert info.value.key == "core.shape" and calls == []
    assert diagnose(reply, {"m.broadcast": broadcasts}, shape=expected.shape) is None and calls == []


def test_mistakes_of_the_students_shape_and_dtype_are_still_named():
    expected = np.arange(6.0).reshape(2, 3)
    with pytest.raises(Feedback) as info:  # a value of the reply's own shape: compared without broadcasting
        assert_close(expected.T, expected, "f(x)", mistakes={"m.transposed": expected.T, "m.never": lambda g: True})
    assert info.value.key == "core.shape" and info.value.hint == "m.transposed"
    with pytest.raises(Feedback) as info:  # shapes agree: every mistake is tried, predicates too
        assert_close(expected.astype(np.int64), expected.astype(np.int64), "f(x)", dtype_kind="f",
                     mistakes={"m.int": lambda g: g.dtype.kind == "i"})
    assert info.value.key == "core.dtype" and info.value.hint == "m.int"
