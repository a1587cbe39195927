"""Hidden tests for ex06_dropout.

Training-mode dropout is random, so a correct answer need not reproduce the reference's draws
(``rng.random(shape) >= p``, ``rng.random(shape) < 1 - p`` and ``rng.binomial(1, 1 - p, shape)`` are
all right). The tests therefore check what every correct answer shares: the exact structure
(``out = x * mask``, mask entries in {0, 1/(1 − p)}), reproducibility under a seed, and two
statistics — the dropped fraction and the mean of the output — against bounds derived from the
sample size.

False-failure probability. Each statistical check uses Hoeffding's inequality for a sum of n
independent bounded variables X_i ∈ [a_i, b_i]:

    P(|Σ X_i − E Σ X_i| ≥ s) ≤ 2 exp(−2 s² / Σ (b_i − a_i)²)

with s chosen so that the right-hand side is DELTA = 1e-8. A test makes at most K_MAX = 4 such
checks, so by the union bound a correct implementation fails a test with probability at most
4e-8 < 1e-6 (over the randomness of its draws; the grading seeds are fixed, so the grade itself
is deterministic). The known wrong answers sit 10–60 tolerances away from the truth.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import (
    Cases,
    Feedback,
    Rng,
    StudentError,
    as_array,
    assert_close,
    assert_raises,
    float_arrays,
    keys,
    quoted,
    shapes,
)

K = keys(__file__)


INVERTED = K("concept.inverted")
EVAL = K("concept.eval_mode")
BACKWARD = K("concept.backward")
RNG = K("concept.rng")
VALIDATION = K("concept.validation")

DELTA = 1e-8  # false-failure probability of ONE statistical check (see the module docstring)
N_STAT = 100_000  # sample size of the statistical checks


def hoeffding_tolerance(ranges_sq_sum: float, n: int, delta: float = DELTA) -> float:
    """Half-width t for the MEAN of n independent bounded variables: P(|mean − E mean| ≥ t) ≤ delta."""
    return math.sqrt(math.log(2 / delta) * ranges_sq_sum / 2) / n


def forward(student, x, p, train, seed=0):
    """The student's (out, mask), both checked to be arrays of x's shape."""
    got = student.dropout_forward(x, p, train, Rng(seed))
    what = f"dropout_forward(x, p={p}, train={train}, rng)"
    if not isinstance(got, tuple) or len(got) != 2:
        raise Feedback("core.wrong_type", what=what, expected="a tuple (out, mask)", got=type(got).__name__)
    out, mask = (as_array(v, f"{what}[{i}]") for i, v in enumerate(got))
    for name, arr in (("out", out), ("mask", mask)):
        if arr.shape != np.shape(x):
            raise Feedback("core.shape", what=f"{what}: {name}", expected=np.shape(x), got=arr.shape)
    return out, mask


def check_mask_values(mask, p, what):
    """Every entry is 0 (dropped) or 1/(1 − p) (kept, scaled), as the docstring defines."""
    scale = 1.0 / (1.0 - p)
    nonzero = mask[mask != 0]
    if np.allclose(nonzero, scale, rtol=1e-9, atol=0):
        return
    hint = None
    if nonzero.size and np.allclose(nonzero, 1.0):
        hint = K("no_rescale")
    elif nonzero.size and np.allclose(nonzero, 1.0 / p):
        hint = K("p_as_keep")
    elif np.isnan(mask).any():
        hint = K("p_one_nan")
    bad = mask[~np.isclose(mask, 0.0, rtol=0, atol=0) & ~np.isclose(mask, scale, rtol=1e-9, atol=0)]
    raise Feedback(K("mask_values"), hint=hint, what=what, p=p, scale=f"{scale:.6g}",
                   example=f"{bad.flat[0]:.6g}" if bad.size else "?")


# ---- evaluation mode and the edge cases p = 0, p = 1 ---------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(EVAL)
def test_eval_mode_is_identity(student):
    x = np.random.default_rng(1).normal(size=(8, 5))
    with Cases() as cases:
        for p in (0.25, 0.5, 0.8):
            with cases.case():
                out, mask = forward(student, x, p, train=False)
                what = f"dropout_forward(x, p={p}, train=False, rng): out"
                assert_close(out, x, what, rtol=0, atol=0, mistakes={
                    K("dropout_in_eval"): lambda g: bool(np.any((g == 0) & (x != 0))),
                    K("scale_in_eval"): lambda g, p=p: bool(np.allclose(g, x * (1 - p)) or np.allclose(g, x / (1 - p))),
                })
                assert_close(mask, np.ones_like(x), f"dropout_forward(x, p={p}, train=False, rng): mask",
                             rtol=0, atol=0)


@pytest.mark.points(1)
@pytest.mark.concept(EVAL)
def test_eval_mode_needs_no_rng(student):
    # The docstring: rng is not used in evaluation mode, where it may be None.
    x = np.random.default_rng(13).normal(size=(6, 4))
    what = "dropout_forward(x, p=0.5, train=False, rng=None)"
    try:
        got = student.dropout_forward(x, 0.5, False, None)
    except StudentError as exc:
        if exc.is_a(NotImplementedError):
            raise
        raise Feedback("core.raised", hint=K("rng_in_eval"), type=exc.type_name,
                       message=quoted(exc.message[:200])) from None
    if not isinstance(got, tuple) or len(got) != 2:
        raise Feedback("core.wrong_type", what=what, expected="a tuple (out, mask)", got=type(got).__name__)
    assert_close(got[0], x, f"{what}: out", rtol=0, atol=0)
    assert_close(got[1], np.ones_like(x), f"{what}: mask", rtol=0, atol=0)


@pytest.mark.points(1)
@pytest.mark.concept(INVERTED)
def test_p_zero_keeps_everything(student):
    x = np.random.default_rng(2).normal(size=(30, 20))
    out, mask = forward(student, x, 0.0, train=True)
    assert_close(out, x, "dropout_forward(x, p=0.0, train=True, rng): out", rtol=0, atol=0)
    assert_close(mask, np.ones_like(x), "dropout_forward(x, p=0.0, train=True, rng): mask", rtol=0, atol=0)


@pytest.mark.points(1)
@pytest.mark.concept(INVERTED)
def test_p_one_drops_everything(student):
    x = np.random.default_rng(3).normal(size=(30, 20))
    out, mask = forward(student, x, 1.0, train=True)
    nan = {K("p_one_nan"): lambda g: bool(np.isnan(g).any())}
    assert_close(mask, np.zeros_like(x), "dropout_forward(x, p=1.0, train=True, rng): mask", rtol=0, atol=0,
                 mistakes=nan)
    assert_close(out, np.zeros_like(x), "dropout_forward(x, p=1.0, train=True, rng): out", rtol=0, atol=0,
                 mistakes=nan)


# ---- training mode: structure, statistics, reproducibility ----------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(INVERTED)
@settings(max_examples=30)
@given(x=float_arrays(shapes(1, 3, 1, 8)), p=st.sampled_from([0.1, 0.2, 0.3, 0.6, 0.75, 0.9]),
       seed=st.integers(0, 2**31 - 1))
def test_out_is_x_times_scaled_mask(student, x, p, seed):
    out, mask = forward(student, x, p, train=True, seed=seed)
    what = f"dropout_forward(x, p={p}, train=True, rng)"
    check_mask_values(mask, p, f"{what}: mask")
    assert_close(out, x * mask, f"{what}: out (must equal x * mask)")


@pytest.mark.points(3)
@pytest.mark.concept(INVERTED)
def test_dropped_fraction_is_p(student):
    # mask == 0 marks a drop; the fraction of drops is a mean of N_STAT Bernoulli(p) variables in [0, 1].
    x = np.ones(N_STAT)
    tol = hoeffding_tolerance(N_STAT * 1.0, N_STAT)  # ≈ 0.0098
    for i, p in enumerate((0.2, 0.5, 0.9)):  # 3 checks → false failure ≤ 3e-8
        _, mask = forward(student, x, p, train=True, seed=100 + i)
        frac = float(np.mean(mask == 0))
        if abs(frac - p) > tol:
            hint = K("p_as_keep") if abs(frac - (1 - p)) <= tol else None
            raise Feedback(K("drop_fraction"), hint=hint, p=p, n=N_STAT, frac=f"{frac:.4f}", tol=f"{tol:.4f}")


@pytest.mark.points(3)
@pytest.mark.concept(INVERTED)
def test_mean_is_preserved(student):
    # out_i lies in [0, x_i / (1 − p)] for x_i ≥ 0 and E[out_i] = x_i, so Hoeffding bounds |mean(out) − mean(x)|.
    x = np.random.default_rng(4).uniform(0.5, 1.5, size=N_STAT)
    for i, p in enumerate((0.3, 0.7)):  # 2 checks → false failure ≤ 2e-8
        out, _ = forward(student, x, p, train=True, seed=200 + i)
        tol = hoeffding_tolerance(float(np.sum((x / (1 - p)) ** 2)), N_STAT)
        got, want = float(np.mean(out)), float(np.mean(x))
        if not abs(got - want) <= tol:
            hint = None
            if abs(got - want * (1 - p)) <= tol:
                hint = K("no_rescale")
            elif abs(got - want * p / (1 - p)) <= tol or abs(got - want * p) <= tol:
                hint = K("p_as_keep")
            raise Feedback(K("mean_shift"), hint=hint, p=p, got_mean=f"{got:.4f}", want_mean=f"{want:.4f}",
                           tol=f"{tol:.4f}")


@pytest.mark.points(2)
@pytest.mark.concept(RNG)
def test_reproducible_with_seed(student):
    x = np.random.default_rng(5).normal(size=(40, 25))
    what = "dropout_forward(x, p=0.5, train=True, rng=default_rng(7))"
    out1, mask1 = forward(student, x, 0.5, train=True, seed=7)
    out2, mask2 = forward(student, x, 0.5, train=True, seed=7)
    if not (np.array_equal(mask1, mask2) and np.array_equal(out1, out2)):
        raise Feedback("core.not_deterministic", hint=K("ignores_rng"), what=what)
    # Another seed must give another mask: equal masks for 1000 fair coin flips happen with probability 2^-1000.
    _, mask3 = forward(student, x, 0.5, train=True, seed=8)
    if np.array_equal(mask1, mask3):
        raise Feedback(K("same_mask_any_seed"), hint=K("ignores_rng"))


@pytest.mark.points(2)
@pytest.mark.concept(INVERTED)
def test_entries_are_dropped_independently(student):
    # Every entry is dropped independently, so two neighbours along any axis are both kept or both dropped
    # with probability p² + (1 − p)². The disjoint pairs (0, 1), (2, 3) … along one axis are independent, so
    # the fraction that agree is a mean of n Bernoulli variables: Hoeffding again, one check per axis
    # (4 checks → false failure ≤ 4e-8). A mask drawn once per row, channel or feature and broadcast along
    # an axis makes every pair along that axis agree.
    p = 0.4
    x = np.random.default_rng(14).normal(size=(16, 8, 12, 12))  # (N, C, H, W)
    _, mask = forward(student, x, p, train=True, seed=15)
    want = p * p + (1 - p) * (1 - p)
    for axis in range(x.ndim):
        first = np.take(mask, np.arange(0, x.shape[axis], 2), axis=axis)
        second = np.take(mask, np.arange(1, x.shape[axis], 2), axis=axis)
        agree = (first == 0) == (second == 0)
        tol = hoeffding_tolerance(agree.size * 1.0, agree.size)
        frac = float(np.mean(agree))
        if abs(frac - want) > tol:
            raise Feedback(K("dropped_together"), hint=K("same_mask_along_axis") if frac == 1.0 else None,
                           what="dropout_forward(x of shape (16, 8, 12, 12), p=0.4, train=True, rng)",
                           axis=axis, n=agree.size, frac=f"{frac:.4f}", want=f"{want:.4f}", tol=f"{tol:.4f}")


@pytest.mark.points(1)
@pytest.mark.concept(RNG)
def test_mask_is_fixed_by_the_generator(student):
    # The docstring: the mask depends on the generator's state and x.shape only. A gradient check nudges x
    # and reruns the forward pass with the same seed; x here has the exact zeros of a ReLU's output.
    gen = np.random.default_rng(16)
    x = np.maximum(gen.normal(size=(6, 8)), 0.0)
    nudged = x + 1e-3 * gen.uniform(0.5, 1.0, size=x.shape)
    _, mask = forward(student, x, 0.5, train=True, seed=17)
    _, again = forward(student, nudged, 0.5, train=True, seed=17)
    assert_close(again, mask, "dropout_forward(x + 0.001 * u, p=0.5, train=True, rng=default_rng(17)): mask "
                 "(expected: the mask for x with the same seed)", rtol=0, atol=0,
                 mistakes={K("mask_from_out"): lambda g: bool(np.all(mask[x == 0] == 0)) and (x == 0).any()})


@pytest.mark.points(1)
@pytest.mark.concept(INVERTED)
def test_returns_floats(student):
    # out and mask are float arrays in every mode (a mask of ones made as integers is not), and so is dx.
    x = np.random.default_rng(18).normal(size=(5, 4))
    not_float = {K("mask_not_float"): lambda g: g.dtype.kind != "f"}
    with Cases() as cases:
        for p, train in ((0.5, False), (0.0, True), (1.0, True), (0.5, True)):
            with cases.case():
                out, mask = forward(student, x, p, train=train)
                what = f"dropout_forward(x, p={p}, train={train}, rng)"
                assert_close(mask, mask, f"{what}: mask", dtype_kind="f", mistakes=not_float)
                assert_close(out, out, f"{what}: out", dtype_kind="f")
        with cases.case():
            dout = np.array([[1, 2, 3]])
            dx = student.dropout_backward(dout, np.array([[2.0, 0.0, 2.0]]))
            assert_close(dx, [[2.0, 0.0, 6.0]], "dropout_backward(dout, mask)", dtype_kind="f",
                         inputs={"dout": dout, "mask": np.array([[2.0, 0.0, 2.0]])})


@pytest.mark.points(1)
@pytest.mark.concept(INVERTED)
def test_input_not_modified(student):
    helpers = student.helper("helpers_core")
    x = np.random.default_rng(6).normal(size=(20, 10))
    for train in (True, False):
        _, args = helpers.call_and_return_args("dropout_forward", x.copy(), 0.5, train, Rng(9))
        after = args[0] if args else None
        if not (isinstance(after, np.ndarray) and after.shape == x.shape and np.array_equal(after, x)):
            raise Feedback("core.mutated_input", hint=K("inplace"),
                           what=f"dropout_forward(x, p=0.5, train={train}, rng)")


# ---- backward ---------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(BACKWARD)
@settings(max_examples=30)
@given(dout=float_arrays(shapes(1, 3, 1, 8)), p=st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.7, 1.0]),
       seed=st.integers(0, 2**31 - 1))
def test_backward_is_dout_times_mask(student, reference, dout, p, seed):
    _, mask = reference.dropout_forward(np.ones_like(dout), p, True, np.random.default_rng(seed))
    expected = reference.dropout_backward(dout, mask)
    # One float64 product per entry, nothing to round differently: compared to 1e-12 (a float32 cast of dout
    # or of a mask entry such as 1 / 0.7 is not).
    assert_close(student.dropout_backward(dout, mask), expected, "dropout_backward(dout, mask)", rtol=1e-12, atol=0,
                 inputs={"dout": dout, "mask": mask}, mistakes={
                     K("backward_no_mask"): lambda g: not np.allclose(expected, dout) and np.allclose(g, dout),
                     K("backward_unscaled"): lambda g: np.allclose(g, dout * (mask != 0)),
                 })


@pytest.mark.points(1)
@pytest.mark.concept(BACKWARD)
def test_backward_after_forward(student):
    # The gradient of sum(w * dropout(x)) w.r.t. x is w * mask: the units dropped forward get no gradient.
    x = np.random.default_rng(10).normal(size=(8, 6))
    w = np.random.default_rng(11).normal(size=(8, 6))
    out, mask = forward(student, x, 0.4, train=True, seed=12)
    dx = student.dropout_backward(w, mask)
    assert_close(dx, w * mask, "dropout_backward(dout, mask) with the mask from dropout_forward(x, p=0.4)",
                 mistakes={K("backward_no_mask"): w})


# ---- invalid input ------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(VALIDATION)
def test_rejects_invalid_input(student):
    # numpy takes each of these silently: rng.random(shape) >= 1.5 drops everything, >= -0.1 keeps everything,
    # >= nan drops everything and 1 / (1 − nan) is nan; evaluation mode never looks at p at all. The bounds
    # are exact: 1e-12 outside [0, 1] on either side is outside.
    x = np.ones((3, 4))
    with Cases() as cases:
        for p in (-0.1, 1.5, -1e-12, 1 + 1e-12, float("nan"), None):
            with cases.case():
                assert_raises(lambda: student.dropout_forward(x, p, True, Rng(0)), ValueError,
                              f"dropout_forward(x, p={p}, train=True, rng)", hint=K("no_validation"))
        for p in (2.0, float("nan")):
            with cases.case():
                assert_raises(lambda: student.dropout_forward(x, p, False, Rng(0)), ValueError,
                              f"dropout_forward(x, p={p}, train=False, rng)", hint=K("no_validation"))


@pytest.mark.points(1)
@pytest.mark.concept(VALIDATION)
def test_backward_rejects_shape_mismatch(student):
    # Each pair broadcasts in numpy: dout * mask would silently return an array of another shape.
    pairs = [((3, 4), (1, 4)), ((3, 1), (3,)), ((3,), (3, 1)), ((2, 3), (3,))]
    with Cases() as cases:
        for dout_shape, mask_shape in pairs:
            with cases.case():
                dout, mask = np.ones(dout_shape), np.full(mask_shape, 2.0)
                assert_raises(lambda: student.dropout_backward(dout, mask), ValueError,
                              "dropout_backward(dout, mask)", inputs={"dout": dout, "mask": mask},
                              hint=K("backward_broadcasts"))
