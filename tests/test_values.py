"""grader.core.values: values shown as pasteable Python, with the digits that tell two apart."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.core.values import MAX_EXACT, as_code, compare, example_code


def _eval(code: str):
    return eval(code, {"np": np})  # noqa: S307 - the kit's own rendering


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.uint8, np.bool_]),
                  hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)))
def test_small_arrays_round_trip_exactly(a):
    back = _eval(as_code(a))
    assert back.dtype == a.dtype and back.shape == a.shape
    assert np.array_equal(back, a, equal_nan=a.dtype.kind == "f")


def test_scalars_containers_and_generators():
    from grader.isolation.child.wire import Rng

    value = (np.float64(0.1 + 0.2), [1, 2.5, True, None], {"w": np.eye(2)}, np.int64(3), Rng(7))
    back = _eval(as_code(value))
    assert back[0] == value[0] and back[1] == value[1] and np.array_equal(back[2]["w"], np.eye(2))
    assert isinstance(back[4], np.random.Generator)
    assert "\n" in as_code(np.eye(3)) and as_code(np.eye(3)).splitlines()[1].startswith(" " * len("np.array(["))


def test_large_arrays_say_how_they_are_shown():
    assert "rounded to 8 significant digits" in as_code(np.linspace(0, 1, MAX_EXACT + 1))
    assert _eval(as_code(np.linspace(0, 1, MAX_EXACT + 1))).shape == (MAX_EXACT + 1,)
    assert "too many to show" in as_code(np.zeros(10_000))


def test_compare_finds_the_digits_that_differ():
    shown = compare(np.array([-0.027477031234]), np.array([-0.027476983]))
    assert shown.expected != shown.got and shown.differing == ["0: -0.02747703 ≠ -0.02747698"]
    close = compare(np.array([1.0, 2.0]), np.array([1.0 + 1e-12, 3.0]), rtol=1e-9)
    assert close.differing == ["1: 2.0 ≠ 3.0"]  # within the tolerance is not "off"
    assert compare(np.arange(4), np.arange(4)[::-1], limit=2).differing[-1] == "… 2 more"


def test_example_code_is_one_assignment_per_argument():
    lines = example_code({"x": np.array([[1.0, 2.0], [3.0, 4.0]]), "k": 2})
    namespace = {"np": np}
    exec("\n".join(lines), namespace)  # noqa: S102
    assert namespace["k"] == 2 and namespace["x"].shape == (2, 2)
