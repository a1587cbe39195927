"""Hidden tests for ex16_svm.

Oracles: PyTorch throughout. The hinge loss is ``torch.relu(1 − y·s)`` and the objective
``0.5·(w·w).sum() + C·relu(1 − y(Xw + b)).sum()``; their subgradients are autograd's, which agree with
the docstring's subgradient at the kink as well (``relu``'s derivative at 0 is 0, the docstring's
choice for a margin of exactly 1). One step is ``torch.optim.SGD(lr)`` on that objective; the fit is
the same optimiser with the step size lr / t (``LambdaLR``), followed step by step. The geometric
margin is ``2 / torch.linalg.vector_norm(w)``. Support vectors and violations are checked on fixed data
whose margins y(w·x + b) are exact in float64 (small integers and halves), on both sides of the
documented tolerance.

The C trade-off is checked on fixed, overlapping data (two clouds, 24 samples) where it holds for the
documented fit: for C = 0.01, 0.1, 1, 10 the margin width is about 5.73, 2.56, 1.36, 0.78 and the
violations 24, 10, 3, 0. The trade-off is the SVM's, not an artefact of the fit: the exact optimum of
each C (found offline by a QP solver on the dual) has widths 5.71, 2.56, 1.37, 0.78 (within 0.5 %),
objectives within 1 % and violations 22, 8, 2, 0 (the fit leaves a few samples a hair inside the band).
"""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st

from grader.author import Cases, Feedback, as_array, assert_close, assert_equal, assert_raises, assert_unchanged, keys

K = keys(__file__)

HINGE = K("concept.hinge")
OBJECTIVE = K("concept.objective")
STEP = K("concept.subgradient_step")
MARGIN = K("concept.margin")
SUPPORT = K("concept.support_vectors")
TRADEOFF = K("concept.tradeoff")
VALID = K("concept.validation")
INPLACE = K("concept.no_in_place")


# ---- the oracles ------------------------------------------------------------------------------------------
def t64(a) -> torch.Tensor:
    return torch.tensor(np.array(a, dtype=np.float64))  # a copy: an optimiser's step must not reach the test's arrays


def torch_objective(w, b, X, y, C) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    wt = t64(w).requires_grad_(True)
    bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    J = 0.5 * (wt * wt).sum() + C * torch.relu(1 - t64(y) * (t64(X) @ wt + bt)).sum()
    return J, wt, bt


def torch_grad(w, b, X, y, C) -> tuple[float, np.ndarray, float]:
    J, wt, bt = torch_objective(w, b, X, y, C)
    dw, db = torch.autograd.grad(J, (wt, bt))
    return float(J), dw.numpy(), float(db)


def torch_fit(X, y, C=1.0, lr=1.0, epochs=1000, *, schedule=lambda e: 1.0 / (e + 1)) -> tuple[np.ndarray, float]:
    """torch.optim.SGD on J from w = 0, b = 0, step size lr·schedule(e) at step e + 1 (e counts from 0)."""
    Xt, yt = t64(X), t64(y)
    w = torch.zeros(Xt.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    for _ in range(epochs):
        opt.zero_grad()
        (0.5 * (w * w).sum() + C * torch.relu(1 - yt * (Xt @ w + b)).sum()).backward()
        opt.step()
        sched.step()
    return w.detach().numpy().copy(), float(b.detach())


# ---- the typical mistakes, to name them -------------------------------------------------------------------
def margins(w, b, X, y) -> np.ndarray:
    return np.asarray(y, dtype=np.float64) * (np.asarray(X, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b)


def hinge_mistakes(s, y) -> dict[str, np.ndarray]:
    m = y * s
    return {K("hinge_no_max"): 1 - m, K("hinge_perceptron"): np.maximum(0, -m), K("hinge_sign"): np.maximum(0, 1 + m)}


def objective_mistakes(w, b, X, y, C) -> dict[str, float]:
    h = np.maximum(0, 1 - margins(w, b, X, y))
    return {K("c_on_norm"): 0.5 * C * w @ w + h.sum(), K("bias_regularised"): 0.5 * (w @ w + b * b) + C * h.sum(),
            K("hinge_mean"): 0.5 * w @ w + C * h.mean(), K("norm_no_half"): w @ w + C * h.sum(),
            K("hinge_no_max"): 0.5 * w @ w + C * (1 - margins(w, b, X, y)).sum()}


def subgradient_mistakes(w, b, X, y, C) -> dict[str, tuple[np.ndarray, float]]:
    X, y, m = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64), margins(w, b, X, y)
    a, a_kink = np.where(m < 1, y, 0.0), np.where(m <= 1, y, 0.0)
    return {K("c_on_norm"): (C * w - a @ X, -a.sum()), K("bias_regularised"): (w - C * a @ X, -C * a.sum() + b),
            K("hinge_mean"): (w - C * a @ X / len(y), -C * a.sum() / len(y)), K("norm_no_half"): (2 * w - C * a @ X,
                                                                                                  -C * a.sum()),
            K("subgradient_sign"): (w + C * a @ X, C * a.sum()), K("kink_convention"): (w - C * a_kink @ X,
                                                                                       -C * a_kink.sum()),
            K("hinge_no_max"): (w - C * y @ X, -C * y.sum())}


def step_mistakes(w, b, X, y, lr, C) -> dict[str, tuple[np.ndarray, float]]:
    _, dw, db = torch_grad(w, b, X, y, C)
    out = {k: (w - lr * v[0], b - lr * v[1]) for k, v in subgradient_mistakes(w, b, X, y, C).items()}
    out[K("step_ascent")] = (w + lr * dw, b + lr * db)
    return out


def fit_variant(X, y, C, lr, epochs, rule: str) -> tuple[np.ndarray, float]:
    """The fit under a typical mistake (numpy, the docstring's subgradient)."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    w, b = np.zeros(X.shape[1]), 0.0
    for t in range(1, epochs + 1):
        a = np.where(y * (X @ w + b) < 1, y, 0.0)
        dw, db = (C * w - a @ X, -a.sum()) if rule == "c_on_norm" else (w - C * a @ X, -C * a.sum())
        eta = {"fit_constant_step": lr, "fit_schedule_off_by_one": lr / (t + 1), "fit_sqrt_schedule": lr / np.sqrt(t),
               "c_on_norm": lr / t}[rule]
        w, b = w - eta * dw, b - eta * db
    return w, b


FIT_MISTAKES = ("fit_constant_step", "fit_schedule_off_by_one", "fit_sqrt_schedule", "c_on_norm")


# ---- data ---------------------------------------------------------------------------------------------------
def problem(seed: int, n: int, d: int) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.choice(np.array([-1, 1]), size=n)
    return rng.normal(size=d), float(rng.normal()), X, y


problems = st.tuples(st.integers(0, 10_000), st.integers(1, 8), st.integers(1, 4))
Cs = st.sampled_from([0.1, 0.5, 1.0, 4.0])


def tradeoff_data() -> tuple[np.ndarray, np.ndarray]:
    """Two overlapping clouds of 12 samples each, the features rounded to 0.1."""
    rng = np.random.default_rng(16)
    X = np.round(np.vstack([rng.normal([1.5, 1.0], 0.8, size=(12, 2)), rng.normal([-1.0, -1.0], 0.8, size=(12, 2))]),
                 1)
    return X, np.r_[np.ones(12, dtype=np.int64), -np.ones(12, dtype=np.int64)]


def pair(got, what: str, first: str) -> tuple:
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        second = "db" if first == "dw" else "new_b" if first == "new_w" else "b"
        raise Feedback("core.wrong_type", what=what, expected=f"a tuple ({first}, {second})", got=type(got).__name__)
    return tuple(got)


def check_pair(got, expected, what, first, mistakes=None, inputs=None, rtol=1e-6, atol=1e-9):
    got = pair(got, what, first)
    mistakes = mistakes or {}
    assert_close(got[0], expected[0], f"{what}: {first}", rtol=rtol, atol=atol, dtype_kind="f", inputs=inputs,
                 mistakes={k: v[0] for k, v in mistakes.items() if not np.allclose(v[0], expected[0], rtol, atol)})
    second = "db" if first == "dw" else "new_b" if first == "new_w" else "b"
    assert_close(got[1], expected[1], f"{what}: {second}", rtol=rtol, atol=atol,
                 inputs=inputs, mistakes={k: v[1] for k, v in mistakes.items()
                                          if not np.isclose(v[1], expected[1], rtol, atol)})


# ---- the hinge loss -------------------------------------------------------------------------------------------
def hinge_case(seed, n, kink):
    rng = np.random.default_rng(seed)
    y = rng.choice(np.array([-1, 1]), size=n)
    s = rng.normal(scale=2.0, size=n)
    if kink:
        s[0] = float(y[0])  # exactly on the margin: y·s = 1
    return s, y


@pytest.mark.points(2)
@pytest.mark.concept(HINGE)
@settings(max_examples=15)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 10), kink=st.booleans())
def test_hinge_loss_against_torch(student, seed, n, kink):
    s, y = hinge_case(seed, n, kink)
    expected = torch.relu(1 - t64(y) * t64(s)).numpy()
    assert_close(student.hinge_loss(s, y), expected, "hinge_loss(scores, y)", dtype_kind="f",
                 mistakes=hinge_mistakes(s, y), inputs={"scores": s, "y": y})


@pytest.mark.points(2)
@pytest.mark.concept(HINGE)
@settings(max_examples=15)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 10), kink=st.booleans())
def test_hinge_subgradient_against_autograd(student, seed, n, kink):
    s, y = hinge_case(seed, n, kink)
    st_ = t64(s).requires_grad_(True)
    (expected,) = torch.autograd.grad(torch.relu(1 - t64(y) * st_).sum(), st_)
    m = y * s
    assert_close(student.hinge_subgradient(s, y), expected.numpy(), "hinge_subgradient(scores, y)", dtype_kind="f",
                 inputs={"scores": s, "y": y},
                 mistakes={K("subgradient_sign"): np.where(m < 1, y, 0.0),
                           K("kink_convention"): np.where(m <= 1, -y, 0.0),
                           K("hinge_no_max"): -y.astype(np.float64)})


@pytest.mark.points(1)
@pytest.mark.concept(HINGE)
def test_hinge_at_the_kink(student):
    # y·s = 1 exactly: the loss is 0, and the subgradient is the flat side's, 0 (torch.relu'(0) = 0).
    s, y = np.array([1.0, -1.0, 0.5, 2.0, -3.0]), np.array([1, -1, 1, 1, 1])
    assert_close(student.hinge_loss(s, y), [0.0, 0.0, 0.5, 0.0, 4.0], "hinge_loss(scores, y)",
                 mistakes=hinge_mistakes(s, y), inputs={"scores": s, "y": y})
    assert_close(student.hinge_subgradient(s, y), [0.0, 0.0, -1.0, 0.0, -1.0], "hinge_subgradient(scores, y)",
                 mistakes={K("kink_convention"): [-1.0, 1.0, -1.0, 0.0, -1.0],
                           K("subgradient_sign"): [0.0, 0.0, 1.0, 0.0, 1.0]}, inputs={"scores": s, "y": y})


# ---- the objective and its subgradient -------------------------------------------------------------------------
def check_objective(student, w, b, X, y, C=None):
    c = 1.0 if C is None else C
    what = "svm_objective(w, b, X, y)" if C is None else f"svm_objective(w, b, X, y, C={C})"
    got = student.svm_objective(w, b, X, y) if C is None else student.svm_objective(w, b, X, y, C)
    expected = float(torch_objective(w, b, X, y, c)[0])
    mistakes = {k: v for k, v in objective_mistakes(w, b, X, y, c).items() if not np.isclose(v, expected)}
    assert_close(got, expected, what, mistakes=mistakes, inputs={"w": w, "b": b, "X": X, "y": y, "C": c})


def check_subgradient(student, w, b, X, y, C=None):
    c = 1.0 if C is None else C
    what = "svm_subgradient(w, b, X, y)" if C is None else f"svm_subgradient(w, b, X, y, C={C})"
    got = student.svm_subgradient(w, b, X, y) if C is None else student.svm_subgradient(w, b, X, y, C)
    _, dw, db = torch_grad(w, b, X, y, c)
    check_pair(got, (dw, db), what, "dw", subgradient_mistakes(w, b, X, y, c),
               inputs={"w": w, "b": b, "X": X, "y": y, "C": c})


@pytest.mark.points(2)
@pytest.mark.concept(OBJECTIVE)
@settings(max_examples=15)
@given(shape=problems, C=Cs)
def test_objective_against_torch(student, shape, C):
    check_objective(student, *problem(*shape), C)


@pytest.mark.points(1)
@pytest.mark.concept(OBJECTIVE)
def test_bias_is_not_regularised(student):
    # Every sample lies outside the band (y·f ≥ 1), so J = 0.5·‖w‖² = 0.5·(1 + 4) = 2.5 whatever b is.
    w, X, y = np.array([1.0, 2.0]), np.array([[3.0, 1.0], [0.0, -2.0], [2.0, 2.0]]), np.array([1, -1, 1])
    with Cases() as cases:
        for b in (0.0, 1.5, -0.5):
            with cases.case():
                check_objective(student, w, b, X, y, 2.0)


@pytest.mark.points(2)
@pytest.mark.concept(STEP)
@settings(max_examples=15)
@given(shape=problems, C=Cs)
def test_subgradient_against_autograd(student, shape, C):
    check_subgradient(student, *problem(*shape), C)


@pytest.mark.points(1)
@pytest.mark.concept(STEP)
def test_subgradient_at_the_kink(student):
    # w = (1, 0), b = 0: the margins are 1, 1, 0.5, -1 and 2 exactly; the first two are on the margin and add 0.
    w, b = np.array([1.0, 0.0]), 0.0
    X = np.array([[1.0, 3.0], [-1.0, 2.0], [0.5, -1.0], [-1.0, 1.0], [2.0, 0.0]])
    y = np.array([1, -1, 1, 1, 1])
    check_subgradient(student, w, b, X, y, 1.0)
    check_subgradient(student, w, b, X, y, 2.5)


@pytest.mark.points(2)
@pytest.mark.concept(STEP)
@settings(max_examples=12)
@given(shape=problems, C=Cs, lr=st.sampled_from([0.01, 0.1, 0.5]))
def test_step_against_torch_sgd(student, shape, C, lr):
    w, b, X, y = problem(*shape)
    J, wt, bt = torch_objective(w, b, X, y, C)
    opt = torch.optim.SGD([wt, bt], lr=lr)
    J.backward()
    opt.step()
    check_pair(student.svm_step(w, b, X, y, lr, C), (wt.detach().numpy(), float(bt.detach())),
               f"svm_step(w, b, X, y, lr={lr}, C={C})", "new_w", step_mistakes(w, b, X, y, lr, C),
               inputs={"w": w, "b": b, "X": X, "y": y, "lr": lr, "C": C})


# ---- the fit and the C trade-off --------------------------------------------------------------------------------
def check_fit(student, X, y, C, lr, epochs, what=None, call=None):
    what = what or f"fit_svm(X, y, C={C}, lr={lr}, epochs={epochs})"
    got = call() if call else student.fit_svm(X, y, C, lr, epochs)
    expected = torch_fit(X, y, C, lr, epochs)
    mistakes = {K(rule): fit_variant(X, y, C, lr, epochs, rule) for rule in FIT_MISTAKES}
    check_pair(got, expected, what, "w", mistakes, inputs={"X": X, "y": y, "C": C, "lr": lr, "epochs": epochs})
    return got


@pytest.mark.points(2)
@pytest.mark.concept(STEP)
@settings(max_examples=6)
@given(shape=problems, C=Cs, lr=st.sampled_from([0.1, 1.0]), epochs=st.integers(1, 60))
@example(shape=(5, 4, 2), C=1.0, lr=0.1, epochs=1)  # one epoch is one step from w = 0, b = 0
def test_fit_against_torch_sgd(student, shape, C, lr, epochs):
    _, _, X, y = problem(*shape)
    check_fit(student, X, y, C, lr, epochs)


@pytest.mark.points(3)
@pytest.mark.concept(TRADEOFF)
def test_smaller_c_gives_a_wider_margin_and_more_violations(student):
    X, y = tradeoff_data()
    Cs_ = (0.01, 0.1, 1.0, 10.0)
    fits = [pair(student.fit_svm(X, y, C), f"fit_svm(X, y, C={C})", "w") for C in Cs_]
    widths, violations = [], []
    for C, (w, b) in zip(Cs_, fits):
        w = as_array(w, f"fit_svm(X, y, C={C}): w")
        norm = float(np.linalg.norm(w)) if w.shape == (2,) else 0.0
        widths.append(round(2 / norm, 3) if norm > 0 else float("inf"))
        violations.append(int(np.count_nonzero(margins(w, float(as_array(b, "b")), X, y) < 1)) if w.shape == (2,)
                          else -1)
    if not (all(a > b for a, b in zip(widths, widths[1:])) and all(a >= b for a, b in zip(violations, violations[1:]))
            and violations[0] > violations[-1]):
        reversed_ = all(np.allclose(np.asarray(f[0], dtype=np.float64), fit_variant(X, y, C, 1.0, 1000, "c_on_norm")[0],
                                    rtol=1e-6, atol=1e-9) for C, f in zip(Cs_, fits) if np.shape(f[0]) == (2,))
        raise Feedback(K("tradeoff"), hint=K("c_on_norm") if reversed_ else None, what="fit_svm(X, y, C)",
                       cs=list(Cs_), widths=widths, violations=violations, inputs={"X": X, "y": y})
    for C in Cs_:  # and each fit is the documented one
        check_fit(student, X, y, C, 1.0, 1000, what=f"fit_svm(X, y, C={C})", call=lambda C=C: student.fit_svm(X, y, C))


# ---- margin, violations and support vectors ---------------------------------------------------------------------
@pytest.mark.points(2)
@pytest.mark.concept(MARGIN)
def test_margin_width(student):
    rng = np.random.default_rng(7)
    with Cases() as cases:
        for w in (np.array([3.0, 4.0]), np.array([0.5]), np.array([-2.0, 0.0, 0.0]), rng.normal(size=5),
                  rng.normal(size=3) * 10):
            with cases.case():
                expected = float(2 / torch.linalg.vector_norm(t64(w)))
                norm = float(np.linalg.norm(w))
                got = student.margin_width(w)
                if not isinstance(got, float):  # "The width as a Python float" (np.float64 is one)
                    raise Feedback("core.wrong_type", what="margin_width(w)", expected="float", got=type(got).__name__)
                assert_close(got, expected, "margin_width(w)", inputs={"w": w},
                             mistakes={K("margin_half"): 1 / norm, K("margin_squared_norm"): 2 / norm**2,
                                       K("margin_norm"): 2 * norm})


# Margins y·(w·x + b) with w = (1, 0), b = 0 and y = +1: the first feature of each sample.
SV_X = np.array([[2.0, 1.0], [1.0, -1.0], [0.5, 3.0], [-0.5, 0.0], [1.0000005, 2.0], [1.000005, 0.0], [3.0, 3.0],
                 [1.0, 0.0]])
SV_W, SV_B, SV_Y = np.array([1.0, 0.0]), 0.0, np.ones(8, dtype=np.int64)


def support_mistakes(m, tol):
    return {K("support_strict"): np.flatnonzero(m < 1), K("support_no_tol"): np.flatnonzero(m <= 1),
            K("support_only_on_margin"): np.flatnonzero(np.abs(m - 1) <= tol),
            K("support_outside"): np.flatnonzero(m >= 1 - tol)}


def check_support(student, w, b, X, y, tol=None):
    t = 1e-6 if tol is None else tol
    what = "support_vectors(w, b, X, y)" if tol is None else f"support_vectors(w, b, X, y, tol={tol})"
    got = student.support_vectors(w, b, X, y) if tol is None else student.support_vectors(w, b, X, y, tol)
    m = margins(w, b, X, y)
    expected = np.flatnonzero(m <= 1 + t).astype(np.int64)
    mistakes = {k: v for k, v in support_mistakes(m, t).items() if not np.array_equal(v, expected)}
    got = assert_close(got, expected, what, rtol=0, atol=0, dtype_kind="i", mistakes=mistakes,
                       inputs={"w": w, "b": b, "X": X, "y": y, "tol": t})
    if got.dtype != np.int64:
        raise Feedback("core.dtype", what=what, expected="int64", got=str(got.dtype))


@pytest.mark.points(2)
@pytest.mark.concept(SUPPORT)
def test_support_vectors_on_fixed_data(student):
    # margins 2, 1, 0.5, -0.5, 1 + 5e-7, 1 + 5e-6, 3, 1: on the margin (1, 7, and 4 within tol), inside (2),
    # on the wrong side (3); 1 + 5e-6 is above the default tol.
    with Cases() as cases:
        with cases.case():
            check_support(student, SV_W, SV_B, SV_X, SV_Y, 1e-6)
        with cases.case():  # both sides of another tolerance
            check_support(student, SV_W, SV_B, SV_X, SV_Y, 1e-5)
        with cases.case():
            check_support(student, SV_W, SV_B, SV_X, SV_Y, 0.0)
        with cases.case():  # labels of both signs, a bias: margins 1, 1, 3, 0, 2
            X = np.array([[1.0, 0.0], [1.0, 4.0], [2.0, 0.0], [0.5, 5.0], [-0.5, 0.0]])
            check_support(student, np.array([2.0, 0.0]), -1.0, X, np.array([1, 1, 1, -1, -1]))
        with cases.case():  # none: every margin is 2 or more
            check_support(student, np.array([1.0]), 0.0, np.array([[2.0], [-3.0]]), np.array([1, -1]))


@pytest.mark.points(1)
@pytest.mark.concept(SUPPORT)
def test_margin_violations_on_fixed_data(student):
    m = margins(SV_W, SV_B, SV_X, SV_Y)
    got = student.margin_violations(SV_W, SV_B, SV_X, SV_Y)
    if type(got) is not int:  # "The count, a Python int": not np.int64, not bool
        raise Feedback("core.wrong_type", what="margin_violations(w, b, X, y)", expected="int", got=type(got).__name__)
    assert_equal(int(got), 2, "margin_violations(w, b, X, y)", inputs={"w": SV_W, "b": SV_B, "X": SV_X, "y": SV_Y},
                 mistakes={K("violations_misclassified_only"): int(np.count_nonzero(m < 0)),
                           K("violations_on_margin"): int(np.count_nonzero(m <= 1))})


# ---- defaults, types, validation, in-place edits ----------------------------------------------------------------
@pytest.mark.points(2)
@pytest.mark.concept(OBJECTIVE)
def test_defaults(student):
    w, b, X, y = problem(3, 6, 2)
    with Cases() as cases:
        with cases.case():  # C = 1.0
            check_objective(student, w, b, X, y)
        with cases.case():
            check_subgradient(student, w, b, X, y)
        with cases.case():
            J, wt, bt = torch_objective(w, b, X, y, 1.0)
            opt = torch.optim.SGD([wt, bt], lr=0.1)
            J.backward()
            opt.step()
            check_pair(student.svm_step(w, b, X, y, 0.1), (wt.detach().numpy(), float(bt.detach())),
                       "svm_step(w, b, X, y, 0.1)", "new_w", step_mistakes(w, b, X, y, 0.1, 1.0),
                       inputs={"w": w, "b": b, "X": X, "y": y})
        # fit_svm: C = 1.0, lr = 1.0, epochs = 1000, each left out in turn
        for what, call, (C, lr) in (("fit_svm(X, y)", lambda: student.fit_svm(X, y), (1.0, 1.0)),
                                    ("fit_svm(X, y, C=0.5)", lambda: student.fit_svm(X, y, C=0.5), (0.5, 1.0)),
                                    ("fit_svm(X, y, C=0.5, lr=0.3)", lambda: student.fit_svm(X, y, C=0.5, lr=0.3),
                                     (0.5, 0.3))):
            with cases.case():
                check_fit(student, X, y, C, lr, 1000, what=what, call=call)
        with cases.case():  # tol = 1e-6: 1 + 5e-7 counts, 1 + 5e-6 does not
            check_support(student, SV_W, SV_B, SV_X, SV_Y)


@pytest.mark.points(1)
@pytest.mark.concept(OBJECTIVE)
def test_results_have_the_documented_types(student):
    w, b, X, y = problem(4, 5, 3)
    with Cases() as cases:
        with cases.case():  # int scores and float labels ±1.0: a float64 result
            s, yf = np.array([2, 0, -1]), np.array([1.0, -1.0, 1.0])
            for name, got, expected in (("hinge_loss(scores, y)", student.hinge_loss(s, yf), [0.0, 1.0, 2.0]),
                                        ("hinge_subgradient(scores, y)", student.hinge_subgradient(s, yf),
                                         [0.0, 1.0, -1.0])):
                got = assert_close(got, expected, name, inputs={"scores": s, "y": yf})
                if got.dtype != np.float64:
                    raise Feedback("core.dtype", what=name, expected="float64", got=str(got.dtype))
        with cases.case():
            J = student.svm_objective(w, b, X, y)
            if not isinstance(J, (float, np.floating)):
                raise Feedback("core.wrong_type", what="svm_objective(w, b, X, y)", expected="float",
                               got=type(J).__name__)
        for name, call, first_name in (
                ("svm_subgradient(w, b, X, y)", lambda: student.svm_subgradient(w, b, X, y), "dw"),
                ("svm_step(w, b, X, y, 0.1)", lambda: student.svm_step(w, b, X, y, 0.1), "new_w"),
                ("fit_svm(X, y, epochs=5)", lambda: student.fit_svm(X, y, epochs=5), "w")):
            with cases.case():
                first, second = pair(call(), name, first_name)
                first = as_array(first, f"{name}[0]")
                if first.dtype != np.float64 or first.shape != (3,):
                    raise Feedback("core.dtype", what=f"{name}[0]", expected="float64, shape (3,)",
                                   got=f"{first.dtype}, shape {first.shape}")
                if not isinstance(second, (float, np.floating)):
                    raise Feedback("core.wrong_type", what=f"{name}[1]", expected="float", got=type(second).__name__)


@pytest.mark.points(1)
@pytest.mark.concept(OBJECTIVE)
def test_computations_keep_float64_precision(student):
    # Entries 1e-10 away from a float32 number: computed in float32 (or rounded through it), they are lost.
    e = 1e-10
    w = np.array([1.0 + e, 2.0])
    X, y = np.array([[3.0 + e, 1.0], [0.0, -2.0], [0.5 + e, 0.0]]), np.array([1, -1, 1])
    m = margins(w, 0.0, X, y)  # about 5, 4 and 0.5: only the last sample violates the margin
    s = np.array([0.5 + e, -1.0 - e])
    checks = [
        ("hinge_loss(scores, y)", lambda: student.hinge_loss(s, np.array([1, 1])), 1 - s),
        ("svm_objective(w, 0.0, X, y)", lambda: student.svm_objective(w, 0.0, X, y), 0.5 * (w @ w) + 1 - m[2]),
        ("svm_step(w, 0.0, X, y, 0.1): new_w", lambda: student.svm_step(w, 0.0, X, y, 0.1)[0], w - 0.1 * (w - X[2])),
        ("fit_svm(X, y, epochs=1): w", lambda: student.fit_svm(X, y, epochs=1)[0], X[0] - X[1] + X[2]),
        ("margin_width(w)", lambda: student.margin_width(w), 2 / np.sqrt((1.0 + e) ** 2 + 4.0)),
    ]
    with Cases() as cases:
        for what, call, expected in checks:
            with cases.case():
                # right to 1e-6 but not to 1e-14: the formula is right, the precision was lost
                assert_close(call(), expected, what, rtol=1e-14, atol=1e-15,
                             mistakes={K("float32"): lambda got, ex=expected: np.allclose(got, ex, rtol=1e-6)},
                             inputs={"w": w, "X": X, "y": y, "scores": s})


def labels_01_calls(student):
    X, w, y01 = np.array([[1.0, 2.0], [0.5, -1.0], [-1.0, 0.0]]), np.array([0.5, -0.5]), np.array([1, 0, 0])
    s = np.array([0.3, -0.2, 1.5])
    return [
        (lambda: student.hinge_loss(s, y01), "hinge_loss(scores, y)"),
        (lambda: student.hinge_subgradient(s, y01), "hinge_subgradient(scores, y)"),
        (lambda: student.svm_objective(w, 0.0, X, y01), "svm_objective(w, b, X, y)"),
        (lambda: student.svm_subgradient(w, 0.0, X, y01), "svm_subgradient(w, b, X, y)"),
        (lambda: student.svm_step(w, 0.0, X, y01, 0.1), "svm_step(w, b, X, y, 0.1)"),
        (lambda: student.fit_svm(X, y01, epochs=3), "fit_svm(X, y, epochs=3)"),
        (lambda: student.margin_violations(w, 0.0, X, y01), "margin_violations(w, b, X, y)"),
        (lambda: student.support_vectors(w, 0.0, X, y01), "support_vectors(w, b, X, y)"),
    ]


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_labels_0_1_are_refused(student):
    y01 = np.array([1, 0, 0])
    with Cases() as cases:
        for call, what in labels_01_calls(student):
            with cases.case():
                assert_raises(call, ValueError, f"{what}, y = [1, 0, 0]", hint=K("labels_01"), inputs={"y": y01})


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_invalid_input_is_refused(student):
    X, w, y = np.array([[1.0, 2.0, 0.0], [0.5, -1.0, 1.0]]), np.array([0.5, -0.5, 1.0]), np.array([1, -1])
    s = np.array([0.3, -0.2, 1.5])
    cases = [
        # shapes numpy would broadcast without complaint
        (lambda: student.hinge_loss(s, np.array([1])), "hinge_loss(scores of shape (3,), y of shape (1,))"),
        (lambda: student.hinge_loss(s, np.ones((3, 1))), "hinge_loss(scores of shape (3,), y of shape (3, 1))"),
        (lambda: student.hinge_loss(np.ones((2, 2)), np.ones((2, 2))), "hinge_loss(scores, y of shape (2, 2))"),
        (lambda: student.hinge_loss(np.ones((3, 1)), np.array([1, -1, 1])),
         "hinge_loss(scores of shape (3, 1), y of shape (3,))"),
        (lambda: student.hinge_loss(s, np.array([1.0, -1.0, 0.5])), "hinge_loss(scores, y = [1, -1, 0.5])"),
        (lambda: student.hinge_subgradient(s, np.array([-1])),
         "hinge_subgradient(scores of shape (3,), y of shape (1,))"),
        (lambda: student.hinge_subgradient(s, np.array([1, -1, 2])), "hinge_subgradient(scores, y = [1, -1, 2])"),
        (lambda: student.svm_objective(w, 0.0, X[0], y), "svm_objective(w, b, X of shape (3,), y)"),
        (lambda: student.svm_objective(w[:, None], 0.0, X, y), "svm_objective(w of shape (3, 1), b, X, y)"),
        (lambda: student.svm_objective(w, 0.0, X, y[:, None]), "svm_objective(w, b, X, y of shape (2, 1))"),
        (lambda: student.svm_objective(w, 0.0, X, np.array([1])), "svm_objective(w, b, X, y of shape (1,))"),
        (lambda: student.svm_objective(w, 0.0, X, y, 0.0), "svm_objective(w, b, X, y, C=0.0)"),
        (lambda: student.svm_objective(w, 0.0, X, y, -1.0), "svm_objective(w, b, X, y, C=-1.0)"),
        (lambda: student.svm_objective(w, 0.0, X, y, float("nan")), "svm_objective(w, b, X, y, C=nan)"),
        (lambda: student.svm_objective(w, 0.0, X, y, float("inf")), "svm_objective(w, b, X, y, C=inf)"),
        (lambda: student.svm_subgradient(w[:, None], 0.0, X, y), "svm_subgradient(w of shape (3, 1), b, X, y)"),
        (lambda: student.svm_subgradient(w, 0.0, X, y[:, None]), "svm_subgradient(w, b, X, y of shape (2, 1))"),
        (lambda: student.svm_subgradient(w, 0.0, X, y, -0.5), "svm_subgradient(w, b, X, y, C=-0.5)"),
        (lambda: student.svm_step(w, 0.0, X, y, 0.0), "svm_step(w, b, X, y, lr=0.0)"),
        (lambda: student.svm_step(w, 0.0, X, y, -0.1), "svm_step(w, b, X, y, lr=-0.1)"),
        (lambda: student.svm_step(w, 0.0, X, y, float("nan")), "svm_step(w, b, X, y, lr=nan)"),
        (lambda: student.svm_step(w, 0.0, X, y, 0.1, 0.0), "svm_step(w, b, X, y, 0.1, C=0.0)"),
        (lambda: student.svm_step(w, 0.0, X, y[:, None], 0.1), "svm_step(w, b, X, y of shape (2, 1), 0.1)"),
        (lambda: student.fit_svm(X[0], y), "fit_svm(X of shape (3,), y)"),
        (lambda: student.fit_svm(np.array([0.5, -1.0]), y, epochs=3), "fit_svm(X of shape (2,), y, epochs=3)"),
        (lambda: student.fit_svm(X, y[:, None], epochs=3), "fit_svm(X, y of shape (2, 1), epochs=3)"),
        (lambda: student.fit_svm(X, np.array([1]), epochs=3), "fit_svm(X, y of shape (1,), epochs=3)"),
        (lambda: student.fit_svm(X, y, C=-1.0, epochs=3), "fit_svm(X, y, C=-1.0, epochs=3)"),
        (lambda: student.fit_svm(X, y, lr=0.0, epochs=3), "fit_svm(X, y, lr=0.0, epochs=3)"),
        (lambda: student.fit_svm(X, y, epochs=0), "fit_svm(X, y, epochs=0)"),
        (lambda: student.fit_svm(X, y, epochs=2.5), "fit_svm(X, y, epochs=2.5)"),
        (lambda: student.fit_svm(X, y, epochs=3.0), "fit_svm(X, y, epochs=3.0)"),
        (lambda: student.margin_width(np.zeros(3)), "margin_width(np.zeros(3))"),
        (lambda: student.margin_width(np.ones((1, 2))), "margin_width(np.ones((1, 2)))"),
        (lambda: student.margin_violations(w[:, None], 0.0, X, y), "margin_violations(w of shape (3, 1), b, X, y)"),
        (lambda: student.margin_violations(w, 0.0, X, y[:, None]), "margin_violations(w, b, X, y of shape (2, 1))"),
        (lambda: student.margin_violations(w, 0.0, X, np.array([1, 3])), "margin_violations(w, b, X, y = [1, 3])"),
        (lambda: student.support_vectors(w, 0.0, X, y, -1e-3), "support_vectors(w, b, X, y, tol=-0.001)"),
        (lambda: student.support_vectors(w, 0.0, X, y, float("nan")), "support_vectors(w, b, X, y, tol=nan)"),
        (lambda: student.support_vectors(w[:, None], 0.0, X, y), "support_vectors(w of shape (3, 1), b, X, y)"),
        (lambda: student.support_vectors(w, 0.0, X, y[:, None]), "support_vectors(w, b, X, y of shape (2, 1))"),
    ]
    with Cases() as checks:
        for call, what in cases:
            with checks.case():
                assert_raises(call, ValueError, what, hint=K("no_validation"))


@pytest.mark.points(1)
@pytest.mark.concept(INPLACE)
def test_inputs_are_not_modified(student):
    w, b, X, y = problem(11, 6, 3)
    s = X @ w + b
    calls = [
        ("hinge_loss", (s, y)), ("hinge_subgradient", (s, y)), ("svm_objective", (w, b, X, y, 2.0)),
        ("svm_subgradient", (w, b, X, y, 2.0)), ("svm_step", (w, b, X, y, 0.1, 2.0)), ("fit_svm", (X, y, 2.0, 1.0, 5)),
        ("margin_width", (w,)), ("margin_violations", (w, b, X, y)), ("support_vectors", (w, b, X, y, 0.1)),
    ]
    with Cases() as cases:
        for fn, args in calls:
            with cases.case():
                _, after = student.call_and_return_args(fn, *args)
                for i, before in enumerate(args):
                    if isinstance(before, np.ndarray):
                        assert_unchanged(before, after[i], f"{fn}(…): argument {i + 1}", hint=K("in_place"))
