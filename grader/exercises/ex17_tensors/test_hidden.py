"""Hidden tests for ex17_tensors.

The oracles are numpy and torch themselves: ``np.reshape`` / ``torch.reshape`` on a small empty
array of the shape (their result's shape, or their error), ``np.broadcast_shapes``,
``torch.flatten``, ``np.transpose``, ``np.stack``, ``np.concatenate``, ``torch.empty(shape).stride()``,
and for the layout questions a tensor made with ``torch.empty_strided(shape, strides)``: its
``is_contiguous()`` and whether ``.view(new_shape)`` succeeds. The reference is checked against the
same oracles.

Known wrong answers are computed here to name them: the -1 counted in the product or resolved by
floor division, shapes aligned at the first dimension or broadcast with max() (1 and 0 give 1),
end_dim left out as in a Python slice, the inverse permutation, stack's axis taken in [-ndim, ndim),
strides without the "size 0 counts as 1" rule, in column-major order or in bytes, the stride of a
size-1 dimension checked, and a view allowed only for contiguous tensors.
"""
from __future__ import annotations

import math
import numbers

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import Cases, Feedback, StudentError, assert_equal, keys, quoted

K = keys(__file__)

RESHAPE = K("concept.reshape")
BROADCAST = K("concept.broadcast")
LAYOUT = K("concept.layout")
STRIDES = K("concept.strides")
VIEW = K("concept.view")
VALIDATION = K("concept.validation")


# ---- the oracles ------------------------------------------------------------------------------------------

def oracle(call):
    """What numpy/torch return, or None when they refuse (ValueError, RuntimeError, IndexError)."""
    try:
        return call()
    except (ValueError, RuntimeError, IndexError, TypeError):
        return None


def np_reshape(shape, new):
    got = oracle(lambda: np.empty(shape).reshape(new).shape)
    assert got == oracle(lambda: tuple(torch.empty(shape).reshape(new).shape))  # numpy and torch agree
    return got


def torch_view(shape, strides, new):
    t = torch.empty_strided(shape, strides)
    try:
        t.view(new)
        return True
    except RuntimeError as exc:
        if "view size is not compatible" in str(exc):
            return False
        raise


def numel(shape) -> int:
    return math.prod(shape)


def fresh_strides(shape) -> tuple:
    """torch.empty(shape).stride(), on the meta device (nothing allocated)."""
    return tuple(torch.empty(shape, device="meta").stride())


# ---- the known wrong answers ------------------------------------------------------------------------------

def reshape_variants(shape, new) -> dict:
    out = {}
    if list(new).count(-1) == 1:
        with_minus = numel(new)  # the -1 left in the product
        if with_minus:
            out[K("reshape_minus_one_counted")] = tuple(numel(shape) // with_minus if v == -1 else v for v in new)
    return out


def left_aligned(*shapes):
    ndim = max((len(s) for s in shapes), default=0)
    padded = [tuple(s) + (1,) * (ndim - len(s)) for s in shapes]
    return oracle(lambda: np.broadcast_shapes(*padded))


def with_max(*shapes):
    ndim = max((len(s) for s in shapes), default=0)
    padded = [(1,) * (ndim - len(s)) + tuple(s) for s in shapes]
    return tuple(max(col) for col in zip(*padded)) if padded else ()


def broadcast_variants(shapes) -> dict:
    out = {}
    left = left_aligned(*shapes)
    if left is not None:
        out[K("broadcast_left")] = left
    out[K("broadcast_one_zero")] = with_max(*shapes)
    return out


def inverse_perm(shape, axes):
    axes = [a % len(shape) for a in axes]
    out = [0] * len(shape)
    for i, a in enumerate(axes):
        out[a] = shape[i]
    return tuple(out)


def column_major(shape):
    strides, step = [], 1
    for size in shape:
        strides.append(step)
        step *= max(size, 1)
    return tuple(strides)


def stride_variants(shape) -> dict:
    plain, step = [], 1
    for size in reversed(shape):
        plain.append(step)
        step *= size
    good = fresh_strides(shape)
    return {K("strides_zero_size"): tuple(reversed(plain)), K("strides_column_major"): column_major(shape),
            K("strides_in_bytes"): tuple(8 * s for s in good)}


def contiguous_size_one(shape, strides) -> bool:
    if numel(shape) == 0:
        return True
    return tuple(strides) == fresh_strides(shape)


def flatten_exclusive(shape, start, end):
    """flatten with end_dim left out, as shape[start:end] leaves it."""
    s, e = start % len(shape), end % len(shape)
    return shape[:s] + (numel(shape[s:e]),) + shape[e:]


# ---- running the student's functions ----------------------------------------------------------------------

def expect_value_error(call, what: str, hint: str | None = None, inputs=None) -> None:
    hint = hint or K("no_validation")
    try:
        got = call()
    except StudentError as exc:
        if exc.is_a(ValueError):
            return
        if exc.is_a(NotImplementedError):
            raise
        raise Feedback("core.wrong_error", hint=hint, what=what, error="ValueError", raised=exc.type_name,
                       message=quoted(exc.message[:200]), inputs=inputs) from None
    raise Feedback("core.no_error", hint=hint, what=what, error="ValueError", inputs={**(inputs or {}),
                                                                                     "returned": got})


def run(call, hint: str | None, inputs=None):
    """The student's result; a ValueError where numpy/torch give a result is named by ``hint``."""
    try:
        return call()
    except StudentError as exc:
        if hint is None or not exc.is_a(ValueError):
            raise
        raise Feedback("core.raised", hint=hint, type=exc.type_name, message=quoted(exc.message[:200]),
                       inputs=inputs) from None


def broadcast_raise_hint(shapes_):
    return K("broadcast_left") if left_aligned(*shapes_) is None else None


def check_shape(got, expected, what, mistakes=None, inputs=None):
    if isinstance(got, list) and not isinstance(expected, list):
        raise Feedback("core.wrong_type", hint=K("returns_tuple"), what=what, expected="tuple", got="list",
                       inputs=inputs)
    # A shape holds ints: (3, 20.0) equals (3, 20) but is not a shape (numel / known instead of numel // known).
    if isinstance(got, tuple) and any(not isinstance(v, numbers.Integral) or isinstance(v, bool) for v in got):
        bad = next(v for v in got if not isinstance(v, numbers.Integral) or isinstance(v, bool))
        raise Feedback("core.wrong_type", hint=K("shape_entries_int"), what=what, expected="a tuple of ints",
                       got=f"{got!r} (an entry of type {type(bad).__name__})", inputs=inputs)
    return assert_equal(got, expected, what, mistakes=mistakes, inputs=inputs)


def check_bool(got, expected: bool, what, mistakes=None, inputs=None):
    if not isinstance(got, bool):
        raise Feedback("core.wrong_type", hint=K("returns_bool"), what=what, expected="bool",
                       got=type(got).__name__, inputs=inputs)
    return assert_equal(got, expected, what, mistakes=mistakes, inputs=inputs)


def call_text(fn, *args, **kwargs) -> str:
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{fn}({', '.join(parts)})"


# ---- strategies -------------------------------------------------------------------------------------------

sizes = st.sampled_from([0, 1, 1, 2, 2, 3, 3, 4, 5])
nonzero_sizes = st.sampled_from([1, 1, 2, 2, 3, 3, 4, 5])
shapes = st.lists(sizes, max_size=4).map(tuple)


def _factor(n: int) -> list[int]:
    out, p = [], 2
    while n > 1:
        while n % p == 0:
            out.append(p)
            n //= p
        p += 1
    return out


@st.composite
def reshape_problems(draw):
    """(shape, new_shape): mostly a valid regrouping of the elements, with or without -1; sometimes a
    random new shape (often impossible), two -1s or an ambiguous -1."""
    shape = draw(st.lists(sizes if draw(st.booleans()) else nonzero_sizes, max_size=4).map(tuple))
    n = numel(shape)
    kind = draw(st.sampled_from(["regroup", "regroup", "regroup", "random", "two", "ambiguous"]))
    if kind == "random":
        new = list(draw(st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, -1]), max_size=4)))
    elif n == 0:
        new = [0] + draw(st.lists(nonzero_sizes, max_size=2))
    else:
        factors = _factor(n) + [1] * draw(st.integers(0, 2))
        factors = draw(st.permutations(factors))
        cuts = sorted(draw(st.sets(st.integers(1, max(len(factors) - 1, 1)), max_size=3)))
        new, start = [], 0
        for c in [*cuts, len(factors)]:
            if c > start:
                new.append(numel(factors[start:c]))
                start = c
        new = new or [1]
    if kind in ("regroup", "two") and new and draw(st.booleans() if kind == "regroup" else st.just(True)):
        new[draw(st.integers(0, len(new) - 1))] = -1
    if kind == "two":
        new += [-1]
    if kind == "ambiguous":
        new = [0, -1] if draw(st.booleans()) else [-1, *new, 0]
    return shape, tuple(new)


def reshape_error_hint(shape, new):
    new = list(new)
    if new.count(-1) > 1:
        return K("reshape_two_minus_one")
    if -1 in new and numel(v for v in new if v != -1) == 0:
        return K("reshape_ambiguous")
    if -1 in new:
        return K("reshape_not_divisible")
    return K("reshape_count")


@st.composite
def broadcast_problems(draw):
    """Shapes made from one target shape by setting sizes to 1 and dropping leading dimensions;
    sometimes one size changed (often incompatible)."""
    target = draw(st.lists(sizes, max_size=4))
    count = draw(st.integers(1, 3))
    out = []
    for _ in range(count):
        s = [1 if draw(st.booleans()) else v for v in target]
        out.append(tuple(s[draw(st.integers(0, len(s))):]))
    if draw(st.integers(0, 3)) == 0 and any(out):
        i = draw(st.sampled_from([j for j, s in enumerate(out) if s]))
        s = list(out[i])
        s[draw(st.integers(0, len(s) - 1))] = draw(sizes)
        out[i] = tuple(s)
    return tuple(out)


@st.composite
def strided_tensors(draw):
    """(shape, strides): a fresh tensor transposed, sliced, expanded or with a size-1 dimension of any
    stride, or random strides."""
    shape = draw(st.lists(sizes if draw(st.integers(0, 4)) == 0 else nonzero_sizes, max_size=4).map(tuple))
    how = draw(st.sampled_from(["fresh", "permute", "permute", "slice", "expand", "random"]))
    strides = list(fresh_strides(shape))
    if how == "permute":
        order = draw(st.permutations(range(len(shape))))
        shape, strides = tuple(shape[i] for i in order), [strides[i] for i in order]
    elif how == "slice" and shape:
        i = draw(st.integers(0, len(shape) - 1))
        strides[i] *= draw(st.integers(2, 3))
    elif how == "expand" and shape:
        strides[draw(st.integers(0, len(shape) - 1))] = 0
    elif how == "random":
        strides = draw(st.lists(st.integers(0, 12), min_size=len(shape), max_size=len(shape)))
    strides = [draw(st.integers(0, 40)) if n == 1 and draw(st.booleans()) else s for n, s in zip(shape, strides)]
    return tuple(shape), tuple(strides)


@st.composite
def view_problems(draw):
    shape, strides = draw(strided_tensors())
    n = numel(shape)
    if n == 0:
        new = draw(st.sampled_from([(0,), (-1,), (0, 5), shape]))
    else:
        factors = draw(st.permutations(_factor(n) + [1] * draw(st.integers(0, 1))))
        keep = draw(st.booleans())
        if keep:  # often the old shape regrouped dimension by dimension: a split or a merge of neighbours
            new = list(shape)
            if len(new) >= 2 and draw(st.booleans()):
                i = draw(st.integers(0, len(new) - 2))
                new[i:i + 2] = [new[i] * new[i + 1]]
            elif new and new[-1] in (4, 6):
                new[-1:] = [2, new[-1] // 2]
        else:
            cuts = sorted(draw(st.sets(st.integers(1, max(len(factors) - 1, 1)), max_size=3)))
            new, start = [], 0
            for c in [*cuts, len(factors)]:
                if c > start:
                    new.append(numel(factors[start:c]))
                    start = c
            new = new or [1]
        if new and draw(st.integers(0, 3)) == 0:
            new[draw(st.integers(0, len(new) - 1))] = -1
        new = tuple(new)
    return shape, strides, tuple(new)


# ---- reshape ----------------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.concept(RESHAPE)
@settings(max_examples=30)
@given(problem=reshape_problems())
def test_reshape_matches_numpy_and_torch(student, reference, problem):
    shape, new = problem
    what = call_text("resolve_reshape", shape, new)
    inputs = {"shape": shape, "new_shape": new}
    expected = np_reshape(shape, new)
    if expected is None:
        with pytest.raises(ValueError):
            reference.resolve_reshape(shape, new)
        expect_value_error(lambda: student.resolve_reshape(shape, new), what, reshape_error_hint(shape, new), inputs)
        return
    assert reference.resolve_reshape(shape, new) == expected
    check_shape(student.resolve_reshape(shape, new), expected, what, reshape_variants(shape, new), inputs)


RESHAPE_ERRORS = {  # (shape, new_shape): the hint
    ((6,), (4, -1)): "reshape_not_divisible",
    ((2, 3, 4), (5, -1)): "reshape_not_divisible",
    ((2, 3), (3, 3)): "reshape_count",
    ((2, 3), (-1, -1)): "reshape_two_minus_one",
    ((0, 3), (0, -1)): "reshape_ambiguous",
    ((2, 3), (-1, 0)): "reshape_ambiguous",
    ((2, 3), (-2, -3)): "no_validation",
    ((6,), (-2, -1)): "no_validation",  # -2 · -3 = 6: only the check of the entries rejects it
    ((2, 3), (6, 1.0)): "no_validation",
    ((2, True), (2, 1)): "no_validation",
    ("2, 3", (6,)): "no_validation",
}


@pytest.mark.points(2)
@pytest.mark.concept(RESHAPE)
def test_reshape_rejects_impossible_shapes(student):
    with Cases() as cases:
        for (shape, new), hint in RESHAPE_ERRORS.items():
            with cases.case():
                expect_value_error(lambda shape=shape, new=new: student.resolve_reshape(shape, new),
                                   call_text("resolve_reshape", shape, new), K(hint))


@pytest.mark.points(1)
@pytest.mark.concept(RESHAPE)
def test_reshape_edge_cases(student):
    examples = [  # (shape, new_shape, expected), as numpy and torch give it
        ((), (-1,), (1,)), ((), (), ()), ((1,), (), ()), ((0,), (-1,), (0,)), ((0, 3), (3, -1), (3, 0)),
        ((0, 3), (-1, 3), (0, 3)), ((2, 3, 4), (-1,), (24,)), ((24,), (2, -1, 4), (2, 3, 4)), ((4,), [2, 2], (2, 2)),
    ]
    with Cases() as cases:
        for shape, new, expected in examples:
            assert np_reshape(shape, new) == expected
            with cases.case():
                check_shape(student.resolve_reshape(shape, new), expected, call_text("resolve_reshape", shape, new),
                            reshape_variants(shape, new))


# ---- broadcasting -----------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.concept(BROADCAST)
@settings(max_examples=30)
@given(shapes_=broadcast_problems())
def test_broadcast_matches_numpy(student, reference, shapes_):
    what = call_text("broadcast_shape", *shapes_)
    inputs = {"shapes": shapes_}
    expected = oracle(lambda: np.broadcast_shapes(*shapes_))
    if expected is None:
        with pytest.raises(ValueError):
            reference.broadcast_shape(*shapes_)
        expect_value_error(lambda: student.broadcast_shape(*shapes_), what, K("broadcast_incompatible"), inputs)
        return
    assert reference.broadcast_shape(*shapes_) == expected
    got = run(lambda: student.broadcast_shape(*shapes_), broadcast_raise_hint(shapes_), inputs)
    check_shape(got, expected, what, broadcast_variants(shapes_), inputs)


@pytest.mark.points(2)
@pytest.mark.concept(BROADCAST)
def test_broadcast_examples(student):
    examples = [((5, 4), (1,)), ((5, 4), (4,)), ((15, 3, 5), (15, 1, 5)), ((15, 3, 5), (3, 1)), ((0,), (1,)),
                ((2, 1), (0,)), ((1, 0), (3, 1)), ((3, 1, 2), ()), ((4,),), (), ((1,), (1, 1), (1, 1, 1))]
    incompatible = [((3,), (4,)), ((2, 1), (8, 4, 3)), ((0,), (2,)), ((2, 3), (3,), (2, 1, 1, 2))]
    with Cases() as cases:
        for shapes_ in examples:
            with cases.case():
                got = run(lambda shapes_=shapes_: student.broadcast_shape(*shapes_), broadcast_raise_hint(shapes_))
                check_shape(got, np.broadcast_shapes(*shapes_),
                            call_text("broadcast_shape", *shapes_), broadcast_variants(shapes_))
        for shapes_ in incompatible:
            with cases.case():
                expect_value_error(lambda shapes_=shapes_: student.broadcast_shape(*shapes_),
                                   call_text("broadcast_shape", *shapes_), K("broadcast_incompatible"))


# ---- flatten, transpose, stack, concatenate ---------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(LAYOUT)
@settings(max_examples=25)
@given(shape=shapes, start=st.integers(-4, 3), end=st.integers(-4, 3))
def test_flatten_matches_torch(student, reference, shape, start, end):
    what = call_text("flatten_shape", shape, start, end)
    inputs = {"shape": shape, "start_dim": start, "end_dim": end}
    expected = oracle(lambda: tuple(torch.flatten(torch.empty(shape), start, end).shape))
    if expected is None:
        with pytest.raises(ValueError):
            reference.flatten_shape(shape, start, end)
        expect_value_error(lambda: student.flatten_shape(shape, start, end), what, inputs=inputs)
        return
    assert reference.flatten_shape(shape, start, end) == expected
    mistakes = {K("flatten_end_inclusive"): flatten_exclusive(shape, start, end)} if len(shape) > 1 else {}
    check_shape(student.flatten_shape(shape, start, end), expected, what, mistakes, inputs)


@pytest.mark.points(1)
@pytest.mark.concept(LAYOUT)
def test_flatten_defaults_merge_everything(student):
    examples = {((2, 3, 4), ()): (24,), ((2, 3, 4), (1,)): (2, 12), ((7, 28, 28, 3), (1,)): (7, 2352),
                ((), ()): (1,), ((5,), ()): (5,)}
    with Cases() as cases:
        for (shape, args), expected in examples.items():
            assert tuple(torch.flatten(torch.empty(shape), *args).shape) == expected
            with cases.case():
                mistakes = {K("flatten_end_inclusive"): flatten_exclusive(shape, *args, -1) if args else
                            flatten_exclusive(shape, 0, -1)} if len(shape) > 1 else {}
                check_shape(student.flatten_shape(shape, *args), expected, call_text("flatten_shape", shape, *args),
                            mistakes)


@pytest.mark.points(2)
@pytest.mark.concept(LAYOUT)
@settings(max_examples=25)
@given(data=st.data())
def test_transpose_matches_numpy(student, reference, data):
    shape = data.draw(st.lists(st.integers(1, 6), min_size=1, max_size=5).map(tuple), "shape")
    axes = data.draw(st.permutations(range(len(shape))), "axes")
    axes = tuple(a - len(shape) if data.draw(st.booleans(), "negative") else a for a in axes)
    what = call_text("transpose_shape", shape, axes)
    expected = np.transpose(np.empty(shape), axes).shape
    assert reference.transpose_shape(shape, axes) == expected
    check_shape(student.transpose_shape(shape, axes), expected, what,
                {K("transpose_inverse"): inverse_perm(shape, axes)}, {"shape": shape, "axes": axes})


@pytest.mark.points(1)
@pytest.mark.concept(LAYOUT)
def test_transpose_default_reverses(student):
    with Cases() as cases:
        for shape in [(2, 3), (2, 3, 4), (5,), (), (1, 2, 3, 4)]:
            with cases.case():
                check_shape(student.transpose_shape(shape), np.transpose(np.empty(shape)).shape,
                            call_text("transpose_shape", shape))


@st.composite
def join_problems(draw):
    base = draw(st.lists(sizes, max_size=3).map(tuple))
    count = draw(st.integers(1, 3))
    axis = draw(st.integers(-len(base) - 1, len(base)))
    if base and draw(st.booleans()):  # concatenate: sizes along the axis may differ
        a = draw(st.integers(0, len(base) - 1))
        out = [base[:a] + (draw(sizes),) + base[a + 1:] for _ in range(count)]
    else:
        out = [base] * count
    if draw(st.integers(0, 4)) == 0:
        out.append(draw(st.lists(sizes, max_size=3).map(tuple)))
    return out, axis


def stack_variants(shapes_, axis) -> dict:
    out = {K("stack_as_concat"): oracle(lambda: np.concatenate([np.empty(s) for s in shapes_], axis).shape)}
    ndim = len(shapes_[0])
    if ndim and -ndim <= axis < 0:
        a = axis % ndim
        out[K("stack_axis_range")] = shapes_[0][:a] + (len(shapes_),) + shapes_[0][a:]
    return {k: v for k, v in out.items() if v is not None}


@pytest.mark.points(3)
@pytest.mark.concept(LAYOUT)
@settings(max_examples=30)
@given(problem=join_problems())
def test_stack_and_concat_match_numpy(student, reference, problem):
    shapes_, axis = problem
    inputs = {"shapes": shapes_, "axis": axis}
    for fn, np_fn, variants in (("stack_shape", np.stack, stack_variants), ("concat_shape", np.concatenate, None)):
        what = call_text(fn, shapes_, axis)
        expected = oracle(lambda np_fn=np_fn: np_fn([np.empty(s) for s in shapes_], axis).shape)
        if expected is None:
            with pytest.raises(ValueError):
                getattr(reference, fn)(shapes_, axis)
            expect_value_error(lambda fn=fn: getattr(student, fn)(shapes_, axis), what, inputs=inputs)
            continue
        assert getattr(reference, fn)(shapes_, axis) == expected
        check_shape(getattr(student, fn)(shapes_, axis), expected, what,
                    variants(shapes_, axis) if variants else None, inputs)


@pytest.mark.points(1)
@pytest.mark.concept(LAYOUT)
def test_stack_and_concat_default_axis_is_first(student):
    batch = [(28, 28)] * 4
    with Cases() as cases:
        with cases.case():
            check_shape(student.stack_shape(batch), (4, 28, 28), call_text("stack_shape", batch),
                        stack_variants(batch, 0))
        with cases.case():
            check_shape(student.concat_shape([(2, 5), (3, 5)]), (5, 5), call_text("concat_shape", [(2, 5), (3, 5)]))
        with cases.case():
            check_shape(student.stack_shape([(3,), (3,)], -1), (3, 2), call_text("stack_shape", [(3,), (3,)], -1),
                        stack_variants([(3,), (3,)], -1))


# ---- strides and contiguity -------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(STRIDES)
@settings(max_examples=20)
@given(shape=shapes)
def test_contiguous_strides_match_torch(student, reference, shape):
    expected = fresh_strides(shape)
    assert reference.contiguous_strides(shape) == expected
    check_shape(student.contiguous_strides(shape), expected, call_text("contiguous_strides", shape),
                stride_variants(shape), {"shape": shape})


@pytest.mark.points(1)
@pytest.mark.concept(STRIDES)
def test_contiguous_strides_examples(student):
    with Cases() as cases:
        for shape in [(3, 4, 5), (2, 0, 3), (0,), (), (60000, 28, 28), (4, 1, 2)]:
            with cases.case():
                check_shape(student.contiguous_strides(shape), fresh_strides(shape),
                            call_text("contiguous_strides", shape), stride_variants(shape))


@pytest.mark.points(2)
@pytest.mark.concept(STRIDES)
@settings(max_examples=30)
@given(tensor=strided_tensors())
def test_is_contiguous_matches_torch(student, reference, tensor):
    shape, strides = tensor
    expected = torch.empty_strided(shape, strides).is_contiguous()
    assert reference.is_contiguous(shape, strides) is expected
    check_bool(student.is_contiguous(shape, strides), expected, call_text("is_contiguous", shape, strides),
               {K("contiguous_size_one"): contiguous_size_one(shape, strides)},
               {"shape": shape, "strides": strides})


CONTIGUITY_EXAMPLES = [  # (shape, strides): torch decides
    ((3, 4), (4, 1)), ((4, 3), (1, 4)), ((3, 1, 4), (4, 99, 1)), ((1, 5), (0, 1)), ((2, 3, 1), (3, 1, 7)),
    ((2, 0, 3), (5, 5, 5)), ((0,), (3,)), ((), ()), ((3, 2), (4, 2)), ((3, 4), (0, 1)), ((1, 1), (9, 9)),
]


@pytest.mark.points(1)
@pytest.mark.concept(STRIDES)
def test_is_contiguous_examples(student):
    with Cases() as cases:
        for shape, strides in CONTIGUITY_EXAMPLES:
            with cases.case():
                check_bool(student.is_contiguous(shape, strides), torch.empty_strided(shape, strides).is_contiguous(),
                           call_text("is_contiguous", shape, strides),
                           {K("contiguous_size_one"): contiguous_size_one(shape, strides)})


# ---- view -------------------------------------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.concept(VIEW)
@settings(max_examples=40)
@given(problem=view_problems())
def test_can_view_matches_torch(student, reference, problem):
    shape, strides, new = problem
    expected = torch_view(shape, strides, new)
    assert reference.can_view(shape, strides, new) is expected
    contiguous = torch.empty_strided(shape, strides).is_contiguous()
    check_bool(student.can_view(shape, strides, new), expected, call_text("can_view", shape, strides, new),
               {K("view_needs_contiguous"): contiguous}, {"shape": shape, "strides": strides, "new_shape": new})


VIEW_EXAMPLES = [  # (shape, strides, new_shape): torch decides
    ((4, 3), (1, 4), (12,)),          # x.t() of a (3, 4) tensor
    ((4, 3), (1, 4), (2, 2, 3)),      # ... its first dimension split
    ((4, 3), (1, 4), (4, 3, 1)),      # ... a size-1 dimension added
    ((3, 2), (4, 2), (6,)),           # x[:, ::2] of a (3, 4) tensor
    ((3, 2), (4, 2), (3, 2, 1, 1)),
    ((3, 4), (0, 1), (12,)),          # torch.arange(4).expand(3, 4)
    ((3, 4), (0, 1), (3, 2, 2)),
    ((2, 1, 3), (3, 100, 1), (6,)),   # a size-1 dimension with any stride
    ((2, 3, 4), (12, 4, 1), (4, -1)),  # contiguous: any shape
    ((2, 3, 4), (1, 8, 2), (6, 4)),   # x.permute(2, 0, 1)-like layouts
    ((2, 3, 4), (12, 1, 3), (2, 12)),
    ((2, 3, 4), (12, 1, 3), (6, 4)),
    ((2, 3, 4), (24, 8, 1), (6, 4)),  # torch.empty(2, 3, 8)[:, :, :4]: two runs, the first glued from two dims
    ((0, 3), (1, 7), (3, 0)),         # no elements: always
]


@pytest.mark.points(2)
@pytest.mark.concept(VIEW)
def test_can_view_examples(student):
    with Cases() as cases:
        for shape, strides, new in VIEW_EXAMPLES:
            with cases.case():
                check_bool(student.can_view(shape, strides, new), torch_view(shape, strides, new),
                           call_text("can_view", shape, strides, new),
                           {K("view_needs_contiguous"): torch.empty_strided(shape, strides).is_contiguous()})


# ---- invalid input ----------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(VALIDATION)
def test_rejects_invalid_input(student):
    calls = {
        "broadcast_shape((2, -1), (2,))": lambda: student.broadcast_shape((2, -1), (2,)),
        "broadcast_shape((2, 3), 3)": lambda: student.broadcast_shape((2, 3), 3),
        "flatten_shape((2, 3, 4), 3)": lambda: student.flatten_shape((2, 3, 4), 3),
        "flatten_shape((2, 3, 4), 0, -4)": lambda: student.flatten_shape((2, 3, 4), 0, -4),
        "flatten_shape((2, 3, 4), 2, 1)": lambda: student.flatten_shape((2, 3, 4), 2, 1),
        "flatten_shape((), 1)": lambda: student.flatten_shape((), 1),
        "flatten_shape((2.0, 3))": lambda: student.flatten_shape((2.0, 3)),
        "transpose_shape((2, 3, 4), (0, 1))": lambda: student.transpose_shape((2, 3, 4), (0, 1)),
        "transpose_shape((2, 3, 4), (0, 1, 1))": lambda: student.transpose_shape((2, 3, 4), (0, 1, 1)),
        "transpose_shape((2, 3, 4), (0, 1, 3))": lambda: student.transpose_shape((2, 3, 4), (0, 1, 3)),
        "transpose_shape((2, 3), (0, -2))": lambda: student.transpose_shape((2, 3), (0, -2)),
        "transpose_shape((2, -3))": lambda: student.transpose_shape((2, -3)),
        "stack_shape([])": lambda: student.stack_shape([]),
        "stack_shape([(2, 3), (3, 2)])": lambda: student.stack_shape([(2, 3), (3, 2)]),
        "stack_shape([(2, 3)], 3)": lambda: student.stack_shape([(2, 3)], 3),
        "stack_shape([(2, 3)], -4)": lambda: student.stack_shape([(2, 3)], -4),
        "concat_shape([])": lambda: student.concat_shape([]),
        "concat_shape([(), ()])": lambda: student.concat_shape([(), ()]),
        "concat_shape([(2, 3), (2,)])": lambda: student.concat_shape([(2, 3), (2,)]),
        "concat_shape([(2, 3), (3, 3)], 1)": lambda: student.concat_shape([(2, 3), (3, 3)], 1),
        "concat_shape([(2, 3)], 2)": lambda: student.concat_shape([(2, 3)], 2),
        "contiguous_strides((2, -3))": lambda: student.contiguous_strides((2, -3)),
        "contiguous_strides(6)": lambda: student.contiguous_strides(6),
        "is_contiguous((2, 3), (3,))": lambda: student.is_contiguous((2, 3), (3,)),
        "is_contiguous((2, 3), (3, -1))": lambda: student.is_contiguous((2, 3), (3, -1)),
        "can_view((2, 3), (3, 1, 1), (6,))": lambda: student.can_view((2, 3), (3, 1, 1), (6,)),
        "can_view((2, 3), (3, 1), (4, -1))": lambda: student.can_view((2, 3), (3, 1), (4, -1)),
        "can_view((2, 3), (3, 1), (7,))": lambda: student.can_view((2, 3), (3, 1), (7,)),
        "can_view((2, 3), (3, 1), (-1, -1))": lambda: student.can_view((2, 3), (3, 1), (-1, -1)),
    }
    with Cases() as cases:
        for what, call in calls.items():
            with cases.case():
                expect_value_error(call, what)
