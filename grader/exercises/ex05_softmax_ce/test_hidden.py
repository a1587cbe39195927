"""Hidden tests for ex05_softmax_ce.

Oracles: ``torch.nn.functional`` (softmax, log_softmax, one_hot, cross_entropy and its autograd
gradient, binary_cross_entropy) in float64, AS WELL AS the reference; and properties that need no
oracle at all (rows sum to 1, shift invariance, gradient rows sum to 0). torch is imported here, in
the grader process only: the student's child stays numpy-only.

Tolerances: probabilities rtol 1e-7 / atol 1e-12 and log-probabilities and losses rtol 1e-9 /
atol 1e-9 — float64 round-off of any correct formula stays far below, a different formula does not.

Binary cross-entropy and PyTorch: ``F.binary_cross_entropy`` clamps each log at −100 and does not
clip p, so at p = 0 or 1 it gives 100 per entry where clipping to [eps, 1 − eps] gives −log(eps)
(27.63 for eps = 1e-12). The torch comparison therefore draws p from [1e-6, 1 − 1e-6], where
neither the clip nor the clamp is active and the two agree to round-off; p = 0 and p = 1 are
checked against the reference only.

Stability: logits of ±1e4 must give finite values AND no RuntimeWarning. Warnings are read from
what the child wrote to stderr during the call (numpy prints "RuntimeWarning: overflow encountered
in exp" there, once per source line).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.author import (
    Cases,
    Feedback,
    as_array,
    assert_close,
    assert_raises,
    diagnose,
    first_warning,
    float_arrays,
    floats,
    keys,
    output_during,
    quoted,
)

K = keys(__file__)


SOFTMAX = K("concept.softmax")
STABLE = K("concept.stability")
CE = K("concept.cross_entropy")
GRAD = K("concept.gradient")
BCE = K("concept.bce")
VALID = K("concept.validation")

P_TOL = {"rtol": 1e-7, "atol": 1e-12}
L_TOL = {"rtol": 1e-9, "atol": 1e-9}

# Large logits: gaps of 1e4 and 2e4, a row of equal huge values, one of equal very negative values.
BIG = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1.0], [1000.0, 1000.0, 1000.0], [-800.0, 5.0, 800.0]])
BIG_Y = np.array([2, 0, 1, 0])


# ---- helpers ---------------------------------------------------------------------------------


def t(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(np.asarray(a), dtype=torch.float64)


def not_finite(g: np.ndarray) -> bool:
    return not bool(np.all(np.isfinite(g)))


def fail_on_warnings(log: str, what: str) -> None:
    """Feedback if the child's output during a call holds a Python warning (overflow in exp, log(0) …)."""
    text = first_warning(log)
    if text is None:
        return
    hint = (K("no_max_shift") if "overflow" in text else
            K("log_of_zero") if "log" in text or "divide by zero" in text else None)
    raise Feedback(K("warnings"), hint=hint, what=what, warning=quoted(text))


def torch_ce_grad(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    z = t(logits).requires_grad_(True)
    F.cross_entropy(z, torch.tensor(y, dtype=torch.int64)).backward()
    return z.grad.numpy()


@st.composite
def logits_and_axis(draw: st.DrawFn, bound: float = 30.0) -> tuple[np.ndarray, int]:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    z = draw(float_arrays(shape, -bound, bound))
    return z, draw(st.integers(-len(shape), len(shape) - 1))


@st.composite
def class_labels(draw: st.DrawFn) -> tuple[np.ndarray, int]:
    """(y, k): 1 to 8 labels of k classes."""
    k = draw(st.integers(1, 6))
    return np.asarray(draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=8)), dtype=np.int64), k


@st.composite
def batches(draw: st.DrawFn, bound: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    n, c = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    logits = draw(float_arrays((n, c), -bound, bound))
    y = np.asarray(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    return logits, y


def softmax_mistakes(z: np.ndarray, axis: int) -> dict[str, Any]:
    """Known wrong softmaxes of z: over another axis (or all entries), without keepdims, without the max-shift."""
    ax = axis % z.ndim
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max(axis=ax, keepdims=True))
        wrong = [e / e.sum()] + [e / e.sum(axis=a, keepdims=True) for a in range(z.ndim) if a != ax]
        # the same mistakes after a global max-shift, which underflows whole slices to 0 / 0 on large logits
        eg = np.exp(z - z.max())
        wrong += [eg / eg.sum()] + [eg / eg.sum(axis=a, keepdims=True) for a in range(z.ndim) if a != ax]
        unshifted = np.exp(z) / np.exp(z).sum(axis=ax, keepdims=True)
    out = {K("softmax_wrong_axis"): lambda g: g.shape == z.shape and any(
        np.allclose(g, v, equal_nan=True) for v in wrong)}
    try:  # a sum without keepdims broadcasts against the wrong axis (where it broadcasts at all)
        with np.errstate(all="ignore"):
            out[K("no_keepdims")] = e / e.sum(axis=ax)
    except ValueError:
        pass
    # Without the shift exp overflows (inf / inf = nan) or a whole row underflows (0 / 0 = nan).
    out[K("no_max_shift")] = lambda g: g.shape == z.shape and not_finite(g) and bool(
        np.array_equal(np.isfinite(g), np.isfinite(unshifted)))
    return out


# ---- softmax -----------------------------------------------------------------------------------

@pytest.mark.points(1.5)
@pytest.mark.concept(SOFTMAX)
@given(case=logits_and_axis())
def test_softmax_matches_torch(student, reference, case):
    z, axis = case
    got = student.softmax(z, axis=axis)
    mistakes = softmax_mistakes(z, axis)
    assert_close(got, F.softmax(t(z), dim=axis).numpy(), f"softmax(z, axis={axis}) vs F.softmax", **P_TOL,
                 mistakes=mistakes)
    assert_close(got, reference.softmax(z, axis=axis), f"softmax(z, axis={axis})", **P_TOL, mistakes=mistakes)


@pytest.mark.points(1)
@pytest.mark.concept(SOFTMAX)
@given(case=logits_and_axis(bound=50.0))
def test_softmax_is_a_distribution(student, case):
    z, axis = case
    what = f"softmax(z, axis={axis})"
    got = as_array(student.softmax(z, axis=axis), what)
    hint = diagnose(got, softmax_mistakes(z, axis))  # name the mistake behind a wrong sum, if known
    if got.shape != z.shape:
        raise Feedback("core.shape", hint=hint, what=what, expected=z.shape, got=got.shape)
    named = {hint: lambda _: True} if hint else None
    assert_close(got.sum(axis=axis), np.ones(np.delete(z.shape, axis % z.ndim)),
                 f"{what}.sum(axis={axis}) == 1", **P_TOL, mistakes=named)
    assert_close(np.clip(got, 0, 1), got, f"0 <= {what} <= 1", rtol=0, atol=0, mistakes=named)


@pytest.mark.points(1)
@pytest.mark.concept(SOFTMAX)
@given(z=float_arrays((3, 4), -20, 20), shift=float_arrays((3, 1), -100, 100))
def test_softmax_shift_invariance(student, z, shift):
    a = as_array(student.softmax(z), "softmax(z)")
    assert_close(student.softmax(z + shift), a, "softmax(z + c) == softmax(z)", **P_TOL,
                 mistakes={K("softmax_wrong_axis"): lambda g: not np.allclose(g.sum(axis=1), 1)})


@pytest.mark.points(1)
@pytest.mark.concept(SOFTMAX)
def test_softmax_axis(student):
    rng = np.random.default_rng(5)
    cases = [(rng.normal(size=(4, 4)) * 3, -1), (rng.normal(size=(4, 4)) * 3, 1), (rng.normal(size=(3, 5)) * 3, 0),
             (rng.normal(size=(2, 3, 4)) * 3, 1)]
    with Cases() as checks:
        for z, axis in cases:
            with checks.case():
                assert_close(student.softmax(z, axis=axis), F.softmax(t(z), dim=axis).numpy(),
                             f"softmax(z, axis={axis})", **P_TOL,
                             mistakes=softmax_mistakes(z, axis), inputs={"z": z})


@pytest.mark.points(2)
@pytest.mark.concept(STABLE)
def test_softmax_large_logits(student, grading):
    what = "softmax(z), |z| <= 1e4"
    got, log = output_during(grading, lambda: student.softmax(BIG))
    assert_close(got, F.softmax(t(BIG), dim=-1).numpy(), what, **P_TOL, mistakes=softmax_mistakes(BIG, -1),
                 inputs={"z": BIG})
    fail_on_warnings(log, what)


# ---- log_softmax -------------------------------------------------------------------------------

@pytest.mark.points(1.5)
@pytest.mark.concept(SOFTMAX)
@given(case=logits_and_axis())
def test_log_softmax_matches_torch(student, reference, case):
    z, axis = case
    got = student.log_softmax(z, axis=axis)
    assert_close(got, F.log_softmax(t(z), dim=axis).numpy(), f"log_softmax(z, axis={axis}) vs F.log_softmax",
                 **L_TOL)
    assert_close(got, reference.log_softmax(z, axis=axis), f"log_softmax(z, axis={axis})", **L_TOL)


@pytest.mark.points(2)
@pytest.mark.concept(STABLE)
def test_log_softmax_large_logits(student, grading):
    what = "log_softmax(z), |z| <= 1e4"
    got, log = output_during(grading, lambda: student.log_softmax(BIG))
    assert_close(got, F.log_softmax(t(BIG), dim=-1).numpy(), what, **L_TOL,
                 mistakes={K("log_of_softmax"): lambda g: bool(np.isneginf(g).any()),
                           K("no_max_shift"): not_finite}, inputs={"z": BIG})
    fail_on_warnings(log, what)


# ---- one_hot -----------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(CE)
@given(labels=class_labels())
def test_one_hot(student, reference, labels):
    y, k = labels
    expected = F.one_hot(torch.tensor(y), k).numpy()
    got = student.one_hot(y, k)
    mistakes = {K("one_hot_transposed"): expected.T}
    assert_close(got, expected, f"one_hot(y, {k}) vs F.one_hot", rtol=0, atol=0, mistakes=mistakes)
    assert_close(got, reference.one_hot(y, k), f"one_hot(y, {k})", rtol=0, atol=0, mistakes=mistakes)


# ---- cross-entropy -----------------------------------------------------------------------------

@pytest.mark.points(1.5)
@pytest.mark.concept(CE)
@given(batch=batches())
def test_cross_entropy_matches_torch(student, reference, batch):
    logits, y = batch
    expected = F.cross_entropy(t(logits), torch.tensor(y)).item()
    got = student.cross_entropy(logits, y)
    n = logits.shape[0]
    mistakes = {K("ce_summed"): expected * n} if n > 1 else {}
    assert_close(got, expected, "cross_entropy(logits, y) vs F.cross_entropy", **L_TOL, mistakes=mistakes)
    assert_close(got, reference.cross_entropy(logits, y), "cross_entropy(logits, y)", **L_TOL, mistakes=mistakes)


@pytest.mark.points(1.5)
@pytest.mark.concept(STABLE)
def test_cross_entropy_large_logits(student, grading):
    expected = F.cross_entropy(t(BIG), torch.tensor(BIG_Y)).item()
    what = "cross_entropy(logits, y), |logits| <= 1e4"
    got, log = output_during(grading, lambda: student.cross_entropy(BIG, BIG_Y))
    assert_close(got, expected, what, **L_TOL,
                 mistakes={K("log_of_softmax"): lambda g: bool(np.isinf(g)),
                           K("no_max_shift"): not_finite,
                           K("ce_summed"): expected * len(BIG_Y)},
                 inputs={"logits": BIG, "y": BIG_Y})
    fail_on_warnings(log, what)


def grad_mistakes(logits: np.ndarray, y: np.ndarray, expected: np.ndarray) -> dict[str, Any]:
    n = logits.shape[0]
    p = F.softmax(t(logits), dim=-1).numpy()
    out = {K("grad_missing_one_hot"): p / n, K("grad_sign"): -expected}
    if n > 1:
        out[K("grad_not_divided")] = expected * n
    return out


@pytest.mark.points(1)
@pytest.mark.concept(STABLE)
def test_cross_entropy_grad_large_logits(student, grading):
    """The module's promise holds for the gradient too: logits of ±1e4 give autograd's finite values and
    no RuntimeWarning."""
    expected = torch_ce_grad(BIG, BIG_Y)
    what = "cross_entropy_grad(logits, y), |logits| <= 1e4"
    got, log = output_during(grading, lambda: student.cross_entropy_grad(BIG, BIG_Y))
    assert_close(got, expected, what, **L_TOL, mistakes={K("no_max_shift"): not_finite},
                 inputs={"logits": BIG, "y": BIG_Y})
    fail_on_warnings(log, what)


@pytest.mark.points(2)
@pytest.mark.concept(GRAD)
def test_cross_entropy_grad_autograd(student):
    rng = np.random.default_rng(11)
    cases = [(rng.normal(size=(5, 4)) * 3, rng.integers(0, 4, 5)), (rng.normal(size=(1, 3)), np.array([2])),
             (rng.normal(size=(6, 2)) * 5, rng.integers(0, 2, 6))]
    with Cases() as checks:
        for logits, y in cases:
            expected = torch_ce_grad(logits, y)
            with checks.case():
                assert_close(student.cross_entropy_grad(logits, y), expected,
                             "cross_entropy_grad(logits, y) vs autograd", **L_TOL,
                             mistakes=grad_mistakes(logits, y, expected), inputs={"logits": logits, "y": y})


@pytest.mark.points(1)
@pytest.mark.concept(GRAD)
@given(batch=batches())
def test_cross_entropy_grad_random(student, reference, batch):
    logits, y = batch
    expected = reference.cross_entropy_grad(logits, y)
    got = assert_close(student.cross_entropy_grad(logits, y), expected, "cross_entropy_grad(logits, y)", **L_TOL,
                       mistakes=grad_mistakes(logits, y, expected))
    assert_close(got.sum(axis=1), np.zeros(len(y)), "cross_entropy_grad(logits, y).sum(axis=1) == 0", **L_TOL)


# ---- binary cross-entropy ----------------------------------------------------------------------

@st.composite
def bce_problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6))
    p = draw(hnp.arrays(np.float64, shape, elements=floats(1e-6, 1 - 1e-6)))
    hard = draw(st.booleans())
    y = draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0]) if hard else floats(0.0, 1.0)))
    return p, y


@pytest.mark.points(1.5)
@pytest.mark.concept(BCE)
@given(prob=bce_problems())
def test_bce_matches_torch(student, reference, prob):
    p, y = prob  # p in [1e-6, 1 − 1e-6]: torch's −100 clamp and our clip are both inactive
    got = student.binary_cross_entropy(p, y)
    expected = F.binary_cross_entropy(t(p), t(y)).item()
    mistakes = {K("bce_summed"): expected * p.size} if p.size > 1 else {}
    assert_close(got, expected, "binary_cross_entropy(p, y) vs F.binary_cross_entropy", **L_TOL, mistakes=mistakes)
    assert_close(got, reference.binary_cross_entropy(p, y), "binary_cross_entropy(p, y)", **L_TOL, mistakes=mistakes)


@pytest.mark.points(1.5)
@pytest.mark.concept(BCE)
def test_bce_at_zero_and_one(student, reference, grading):
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.5])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    with Cases() as checks:
        for eps in (1e-12, 1e-7):
            what = f"binary_cross_entropy(p, y, eps={eps:g})"
            with checks.case():
                got, log = output_during(grading, lambda: student.binary_cross_entropy(p, y, eps=eps))
                ignored = reference.binary_cross_entropy(p, y, eps=1e-7 if eps == 1e-12 else 1e-12)
                # rtol 1e-6: log(1 − (1 − eps)) and log(eps) differ by the rounding of 1 − eps (~6e-8 here)
                assert_close(got, reference.binary_cross_entropy(p, y, eps=eps), what, rtol=1e-6, atol=1e-9,
                             mistakes={K("bce_not_clipped"): not_finite,
                                       K("bce_eps_ignored"): ignored},
                             inputs={"p": p, "y": y})
                fail_on_warnings(log, what)


# ---- invalid input -----------------------------------------------------------------------------

# Each documented error, with inputs numpy rejects by itself AND inputs it accepts silently (fancy indexing
# that broadcasts, a negative label that indexes the last class, a mean of nothing, clip hiding p > 1).
@pytest.mark.points(2)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    z = np.zeros((2, 3))
    half = np.full(3, 0.5)
    cases = [  # (what, function, args, kwargs)
        ("softmax(z): z.ndim == 0", "softmax", (1.0,), {}),
        ("softmax(z, axis=2): z.ndim == 2", "softmax", (z,), {"axis": 2}),
        ("softmax(z): z.shape == (2, 0)", "softmax", (np.zeros((2, 0)),), {}),
        ("softmax(z, axis=0): z.shape == (0, 3)", "softmax", (np.zeros((0, 3)),), {"axis": 0}),
        ("log_softmax(z): z.ndim == 0", "log_softmax", (1.0,), {}),
        ("log_softmax(z, axis=-3): z.ndim == 2", "log_softmax", (z,), {"axis": -3}),
        ("log_softmax(z): z.shape == (2, 0)", "log_softmax", (np.zeros((2, 0)),), {}),
        ("one_hot(y, 3): y.max() == 3", "one_hot", (np.array([0, 3]), 3), {}),
        ("one_hot(y, 3): y.min() < 0", "one_hot", (np.array([0, -1]), 3), {}),            # indexes the last column
        ("one_hot(y, 3): y.dtype == float64", "one_hot", (np.array([0.0, 2.0]), 3), {}),
        ("one_hot(y, 0)", "one_hot", (np.array([], dtype=np.int64), 0), {}),                  # np.zeros((0, 0))
        ("one_hot(y, 0): y.shape == (1,)", "one_hot", (np.array([0]), 0), {}),
        ("one_hot(y, 2): y.ndim == 2", "one_hot", (np.array([[0, 1]]), 2), {}),            # np.eye(2)[y] works
        ("cross_entropy(logits, y): logits.ndim == 1", "cross_entropy", (np.zeros(3), np.array([0])), {}),
        ("cross_entropy(logits, y): logits.ndim == 3", "cross_entropy", (np.zeros((1, 2, 3)), np.array([0])), {}),
        ("cross_entropy(logits, y): logits.shape == (0, 3)", "cross_entropy",
         (np.zeros((0, 3)), np.zeros(0, dtype=np.int64)), {}),                                 # a mean of nothing: nan
        ("cross_entropy(logits, y): len(y) < N", "cross_entropy", (z, np.array([0])), {}),  # y broadcasts
        ("cross_entropy(logits, y): len(y) > N", "cross_entropy", (z, np.array([0, 1, 2])), {}),
        ("cross_entropy(logits, y): y.max() == C", "cross_entropy", (z, np.array([0, 3])), {}),
        ("cross_entropy(logits, y): y.min() < 0", "cross_entropy", (z, np.array([0, -1])), {}),  # the last class
        ("cross_entropy_grad(logits, y): logits.ndim == 1", "cross_entropy_grad", (np.zeros(3), np.array([0])), {}),
        ("cross_entropy_grad(logits, y): logits.shape == (0, 3)", "cross_entropy_grad",
         (np.zeros((0, 3)), np.zeros(0, dtype=np.int64)), {}),
        ("cross_entropy_grad(logits, y): len(y) < N", "cross_entropy_grad", (z, np.array([0])), {}),
        ("cross_entropy_grad(logits, y): y.max() == C", "cross_entropy_grad", (z, np.array([0, 3])), {}),
        ("cross_entropy_grad(logits, y): y.min() < 0", "cross_entropy_grad", (z, np.array([0, -1])), {}),
        ("binary_cross_entropy(p, y): (3,) != (2,)", "binary_cross_entropy", (half, np.ones(2)), {}),
        ("binary_cross_entropy(p, y): (3,) != (3, 1)", "binary_cross_entropy", (half, np.ones((3, 1))), {}),
        ("binary_cross_entropy(p, y): (1,) != (3,)", "binary_cross_entropy", (half[:1], np.ones(3)), {}),
        ("binary_cross_entropy(p, y): p.size == 0", "binary_cross_entropy", (np.zeros(0), np.zeros(0)), {}),
        ("binary_cross_entropy(p, y): p.max() > 1", "binary_cross_entropy", (np.array([1.5]), np.array([1.0])), {}),
        ("binary_cross_entropy(p, y): p.min() < 0", "binary_cross_entropy",
         (np.array([0.5, -0.1]), np.array([1.0, 0.0])), {}),
        ("binary_cross_entropy(p, y): y.max() > 1", "binary_cross_entropy", (half, np.array([0.0, 2.0, 1.0])), {}),
        ("binary_cross_entropy(p, y): y.min() < 0", "binary_cross_entropy", (half, np.array([0.0, -1.0, 1.0])), {}),
        ("binary_cross_entropy(p, y, eps=0.0)", "binary_cross_entropy", (half, np.ones(3)), {"eps": 0.0}),
        ("binary_cross_entropy(p, y, eps=-1e-12)", "binary_cross_entropy", (half, np.ones(3)), {"eps": -1e-12}),
        ("binary_cross_entropy(p, y, eps=0.5)", "binary_cross_entropy", (half, np.ones(3)), {"eps": 0.5}),
        ("binary_cross_entropy(p, y, eps=0.7)", "binary_cross_entropy", (half, np.ones(3)), {"eps": 0.7}),
    ]
    names = {"softmax": ("z",), "log_softmax": ("z",), "one_hot": ("y", "num_classes"),
             "cross_entropy": ("logits", "y"), "cross_entropy_grad": ("logits", "y"),
             "binary_cross_entropy": ("p", "y")}
    with Cases() as checks:
        for what, fn, args, kwargs in cases:
            with checks.case():
                assert_raises(lambda fn=fn, args=args, kwargs=kwargs: getattr(student, fn)(*args, **kwargs),
                              ValueError, what, inputs=dict(zip(names[fn], args)) | kwargs, hint=K("no_validation"))


@pytest.mark.points(0.5)
@pytest.mark.concept(BCE)
def test_bce_eps_near_its_bounds(student, reference):
    """Inside (0, 0.5) every eps is valid: close to 0.5 (where only p = 0.5 escapes the clip) and tiny."""
    p = np.array([0.3, 0.5, 0.9, 0.02])
    y = np.array([1.0, 0.0, 0.5, 0.0])
    with Cases() as checks:
        for eps in (0.49, 1e-15):
            with checks.case():
                assert_close(student.binary_cross_entropy(p, y, eps=eps), reference.binary_cross_entropy(p, y, eps=eps),
                             f"binary_cross_entropy(p, y, eps={eps:g})", **L_TOL,
                             mistakes={K("bce_eps_ignored"): reference.binary_cross_entropy(p, y)},
                             inputs={"p": p, "y": y, "eps": eps})


# ---- defaults, dtypes, edge cases ---------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(SOFTMAX)
def test_default_axis_is_the_last(student, reference):
    rng = np.random.default_rng(21)
    with Cases() as checks:
        for z in (rng.normal(size=(3, 4)) * 3, rng.normal(size=(2, 3, 4)) * 3):
            for fn in ("softmax", "log_softmax"):
                expected = getattr(reference, fn)(z, axis=-1)
                others = [getattr(reference, fn)(z, axis=a) for a in range(z.ndim - 1)]
                wrong = {K("default_axis"): lambda g, others=others: any(
                    g.shape == o.shape and np.allclose(g, o) for o in others)}
                with checks.case():
                    assert_close(getattr(student, fn)(z), expected, f"{fn}(z)", **(P_TOL if fn == "softmax" else L_TOL),
                                 mistakes=wrong, inputs={"z": z})


@pytest.mark.points(0.5)
@pytest.mark.concept(BCE)
def test_bce_default_eps(student, reference):
    p = np.array([0.0, 1.0, 0.5, 1.0])
    y = np.array([1.0, 0.0, 1.0, 1.0])  # two entries at −log(eps): the eps shows
    expected = reference.binary_cross_entropy(p, y, eps=1e-12)
    others = [reference.binary_cross_entropy(p, y, eps=e) for e in (1e-7, 1e-8, 1e-10, 1e-11, 1e-13, 1e-15, 1e-6)]
    assert_close(student.binary_cross_entropy(p, y), expected, "binary_cross_entropy(p, y)", rtol=1e-6, atol=1e-9,
                 mistakes={K("bce_not_clipped"): not_finite,
                           K("default_eps"): lambda g: any(np.isclose(g, o, rtol=1e-6) for o in others)},
                 inputs={"p": p, "y": y})


@pytest.mark.points(1)
@pytest.mark.concept(SOFTMAX)
def test_results_are_float64(student):
    """float64 results, also from float32 logits (numpy keeps float32 unless told otherwise)."""
    z32 = np.array([[1.5, -0.5, 0.25], [0.0, 2.0, -1.0]], dtype=np.float32)
    y = np.array([0, 2])
    calls = [("softmax(z)", lambda: student.softmax(z32), {"z": z32}),
             ("log_softmax(z)", lambda: student.log_softmax(z32), {"z": z32}),
             ("cross_entropy_grad(logits, y)", lambda: student.cross_entropy_grad(z32, y), {"logits": z32, "y": y}),
             ("one_hot(y, 3)", lambda: student.one_hot(y, 3), {"y": y})]
    with Cases() as checks:
        for what, call, inputs in calls:
            with checks.case():
                got = as_array(call(), what)
                if got.dtype != np.float64:
                    raise Feedback("core.dtype", hint=K("not_float64"), what=what, expected="float64",
                                   got=str(got.dtype), inputs=inputs)


@pytest.mark.points(0.5)
@pytest.mark.concept(CE)
def test_losses_are_python_floats(student):
    logits, y = np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([0, 1])
    p, t01 = np.array([0.2, 0.9]), np.array([0.0, 1.0])
    calls = [("cross_entropy(logits, y)", lambda: student.cross_entropy(logits, y), {"logits": logits, "y": y}),
             ("binary_cross_entropy(p, y)", lambda: student.binary_cross_entropy(p, t01), {"p": p, "y": t01})]
    with Cases() as checks:
        for what, call, inputs in calls:
            with checks.case():
                got = call()
                if not isinstance(got, float):  # np.float64 is a float; a 0-d or 1-element array is not
                    raise Feedback("core.wrong_type", hint=K("loss_not_float"), what=what, expected="float",
                                   got=type(got).__name__, inputs=inputs)


@pytest.mark.points(0.5)
@pytest.mark.concept(CE)
def test_one_hot_of_no_labels(student):
    y = np.zeros(0, dtype=np.int64)
    with Cases() as checks:
        for k in (1, 4):
            with checks.case():
                assert_close(student.one_hot(y, k), np.zeros((0, k)), f"one_hot(y, {k})", rtol=0, atol=0,
                             inputs={"y": y})
