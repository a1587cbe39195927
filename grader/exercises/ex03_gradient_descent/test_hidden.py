"""Hidden tests for ex03_gradient_descent.

Oracles. The MSE gradients are checked against the reference AND against torch autograd (an
independent derivation of the same numbers). The fitted parameters are checked against the
least-squares solution from ``numpy.linalg.lstsq``, not against the reference's iterates.
``numerical_gradient`` is checked against analytic gradients of functions that live in the
grader: the student's code calls them back across the process boundary.

Tolerances.
* Full batch: on the problems below (X standard normal, N ≥ 30, D ≤ 4, so XᵀX/N is well
  conditioned) 300 steps of lr = 0.1 reach the least-squares solution to ≤ 1e-9 (worst of 300
  problems), so atol = 1e-6 leaves a factor 1000.
* Mini-batch SGD with a constant learning rate does not converge exactly; with lr = 0.02,
  batch_size = 8, 200 epochs and label noise 0.1 the worst deviation from least squares over 300
  problems was 0.019, so atol = 0.1 leaves a factor 5. Shuffling is checked directly: the
  parameters must depend on the seed (they differed by ≥ 2e-4 between two seeds on every one of
  those problems) and repeat exactly for the same seed.
* Central differences with ε = 1e-5 on the smooth functions below are accurate to ~1e-10
  (truncation ε²/6·|f'''| plus round-off ~1e-16·|f|/ε); forward differences are off by
  ε/2·|f''| ≈ 5e-6·|f''|. atol = 1e-8 with rtol = 1e-7 accepts the first and rejects the second.
"""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import Cases, Feedback, Rng, StudentError, as_array, assert_close, assert_raises, keys

K = keys(__file__)


MSE = K("concept.mse")
GRAD = K("concept.gradient")
STEP = K("concept.step")
FIT = K("concept.fit")
MINIBATCH = K("concept.minibatch")
NUMGRAD = K("concept.numerical_gradient")
VALIDATION = K("concept.validation")

NUM_RTOL, NUM_ATOL = 1e-7, 1e-8


# ---- helpers ------------------------------------------------------------------------------------


def problem(seed, n, d, noise=0.1):
    """A well-conditioned regression problem: X standard normal, y = X w* + b* + noise."""
    r = np.random.default_rng(seed)
    X = r.normal(size=(n, d))
    w_true, b_true = r.normal(size=d), r.normal()
    return X, X @ w_true + b_true + noise * r.normal(size=n)


def least_squares(X, y):
    A = np.hstack([X, np.ones((len(X), 1))])
    sol = np.linalg.lstsq(A, y, rcond=None)[0]
    return sol[:-1], sol[-1]


def pair(got, what, d, inputs):
    """The student's (array of shape (d,), number)."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Feedback("core.wrong_type", what=what, expected="a tuple (w, b)", got=type(got).__name__, inputs=inputs)
    first = as_array(got[0], f"{what}[0]")
    if first.shape != (d,):
        raise Feedback("core.shape", what=f"{what}[0]", expected=(d,), got=first.shape, inputs=inputs)
    second = as_array(got[1], f"{what}[1]")
    if second.shape != ():
        raise Feedback("core.shape", what=f"{what}[1]", expected=(), got=second.shape, inputs=inputs)
    return first, float(second)


def torch_gradients(w, b, X, y):
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    loss = torch.mean((torch.tensor(X) @ wt + bt - torch.tensor(y)) ** 2)
    loss.backward()
    return wt.grad.numpy(), float(bt.grad)


def gradient_variants(w, b, X, y):
    """(dw variants, db variants) of the typical mistakes."""
    n = len(y)
    r = X @ w + b - y
    dw, db = 2 / n * X.T @ r, 2 / n * r.sum()
    dw_mistakes = {K("grad_not_divided"): n * dw, K("grad_no_factor2"): dw / 2, K("grad_sign"): -dw,
                   K("grad_no_bias"): 2 / n * X.T @ (X @ w - y)}
    db_mistakes = {K("grad_not_divided"): n * db, K("grad_no_factor2"): db / 2, K("grad_sign"): -db,
                   K("bias_grad_missing"): 0.0, K("grad_no_bias"): 2 / n * (X @ w - y).sum()}
    return dw_mistakes, db_mistakes


# ---- mse -----------------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(MSE)
def test_mse_example(student):
    y_true, y_pred = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.0, 1.0, 4.0])  # errors 1, 0, −2, 0
    assert_close(student.mse(y_true, y_pred), 1.25, "mse([1, 2, 3, 4], [2, 2, 1, 4])",
                 mistakes={K("mse_sum"): 5.0, K("mse_abs"): 0.75, K("mse_half"): 0.625,
                           K("mse_root"): np.sqrt(1.25)},
                 inputs={"y_true": y_true, "y_pred": y_pred})
    # Large targets, small errors: float32 keeps ~7 digits, so the errors of 1e-3 lose 2-3 of theirs.
    y_true, y_pred = np.array([10000.001, 5000.0]), np.array([10000.0, 5000.002])
    f32 = lambda a: np.asarray(a, dtype=np.float32).astype(np.float64)
    assert_close(student.mse(y_true, y_pred), float(np.mean((y_pred - y_true) ** 2)),
                 "mse([10000.001, 5000.0], [10000.0, 5000.002])", inputs={"y_true": y_true, "y_pred": y_pred},
                 mistakes={K("float32"): lambda g: any(np.isclose(g, float(np.mean((p - t) ** 2)), rtol=1e-6)
                                                      for t, p in ((f32(y_true), y_pred), (y_true, f32(y_pred))))})


@pytest.mark.points(1)
@pytest.mark.concept(MSE)
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(1,), (7,), (3, 4)]))
def test_mse_random(student, reference, seed, shape):
    r = np.random.default_rng(seed)
    y_true, y_pred = r.normal(size=shape), r.normal(size=shape)
    err = y_pred - y_true
    assert_close(student.mse(y_true, y_pred), reference.mse(y_true, y_pred), "mse(y_true, y_pred)",
                 mistakes={K("mse_sum"): float(np.sum(err ** 2)), K("mse_abs"): float(np.mean(np.abs(err))),
                           K("mse_half"): float(np.mean(err ** 2) / 2)},
                 inputs={"y_true": y_true, "y_pred": y_pred})


# ---- gradients -----------------------------------------------------------------------------------------
def check_gradients(student, expected, w, b, X, y):
    what = "mse_gradients(w, b, X, y)"
    inputs = {"w": w, "b": b, "X": X, "y": y}
    dw, db = pair(student.mse_gradients(w, b, X, y), what, X.shape[1], inputs)
    dw_mistakes, db_mistakes = gradient_variants(w, b, X, y)
    assert_close(dw, expected[0], f"{what}: dw", mistakes=dw_mistakes, inputs=inputs)
    assert_close(db, expected[1], f"{what}: db", mistakes=db_mistakes, inputs=inputs)


@pytest.mark.points(3)
@pytest.mark.concept(GRAD)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 20), d=st.integers(1, 5))
def test_gradients_random(student, reference, seed, n, d):
    X, y = problem(seed, n, d, noise=1.0)
    r = np.random.default_rng(seed + 1)
    w, b = r.normal(size=d), float(r.normal())
    check_gradients(student, reference.mse_gradients(w, b, X, y), w, b, X, y)


@pytest.mark.points(1)
@pytest.mark.concept(GRAD)
def test_gradients_match_autograd(student):
    with Cases() as cases:
        for seed, n, d in ((0, 5, 3), (1, 12, 1), (2, 3, 4)):
            with cases.case():
                X, y = problem(seed, n, d, noise=1.0)
                w, b = np.random.default_rng(seed).normal(size=d), -0.7
                check_gradients(student, torch_gradients(w, b, X, y), w, b, X, y)


# ---- one step ------------------------------------------------------------------------------------------------
@pytest.mark.points(2)
@pytest.mark.concept(STEP)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 15), d=st.integers(1, 4), lr=st.sampled_from([0.01, 0.1, 0.5]))
def test_gd_step_random(student, reference, seed, n, d, lr):
    X, y = problem(seed, n, d, noise=1.0)
    w, b = np.random.default_rng(seed + 1).normal(size=d), 0.3
    what = f"gd_step(w, b, X, y, lr={lr})"
    inputs = {"w": w, "b": b, "X": X, "y": y}
    new_w, new_b = pair(student.gd_step(w, b, X, y, lr), what, d, inputs)
    exp_w, exp_b = reference.gd_step(w, b, X, y, lr)
    dw, db = reference.mse_gradients(w, b, X, y)
    assert_close(new_w, exp_w, f"{what}: new w", inputs=inputs,
                 mistakes={K("step_sign"): w + lr * dw, K("step_returns_gradient"): dw,
                           K("step_no_lr"): w - dw, K("grad_not_divided"): w - lr * n * dw,
                           K("grad_no_factor2"): w - lr * dw / 2})
    assert_close(new_b, exp_b, f"{what}: new b", inputs=inputs,
                 mistakes={K("step_sign"): b + lr * db, K("bias_not_updated"): b, K("step_no_lr"): b - db,
                           K("grad_not_divided"): b - lr * n * db, K("grad_no_factor2"): b - lr * db / 2})


@pytest.mark.points(1)
@pytest.mark.concept(STEP)
def test_gd_step_leaves_w_unchanged(student):
    X, y = problem(3, 10, 3)
    w = np.array([0.5, -1.0, 2.0])
    _, args = student.call_and_return_args("gd_step", w, 0.1, X, y, 0.1)
    if not (isinstance(args[0], np.ndarray) and np.array_equal(args[0], w)):
        raise Feedback("core.mutated_input", hint=K("step_in_place"), what="gd_step(w, b, X, y, 0.1): w")
    # One sample, lr = 0.5: the step lands exactly on w = 0 (0.3 − 0.5 · 2 · 0.3, exact in float64 in any order).
    w, X, y = np.array([0.3]), np.array([[1.0]]), np.array([0.0])
    what = "gd_step(w, 0.0, X, y, 0.5) landing exactly on w = 0"
    new_w, new_b = pair(student.gd_step(w, 0.0, X, y, 0.5), what, 1, {"w": w, "X": X, "y": y})
    assert_close(new_w, [0.0], f"{what}: new w", inputs={"w": w, "X": X, "y": y},
                 mistakes={K("float32"): np.float64(np.float32(0.3)) - 0.3})
    assert_close(new_b, -0.3, f"{what}: new b", inputs={"w": w, "X": X, "y": y})


# ---- fitting -------------------------------------------------------------------------------------------------
def diverged(got_w):
    return not np.all(np.isfinite(got_w)) or np.max(np.abs(got_w)) > 1e6


@pytest.mark.points(2)
@pytest.mark.concept(FIT)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(30, 80), d=st.integers(1, 4))
def test_fit_full_batch_reaches_least_squares(student, seed, n, d):
    X, y = problem(seed, n, d)
    what = "fit_linear_regression(X, y, lr=0.1, epochs=300)"
    inputs = {"X": X, "y": y}
    w_ls, b_ls = least_squares(X, y)
    got = student.fit_linear_regression(X, y, 0.1, 300)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Feedback("core.wrong_type", what=what, expected="a tuple (w, b)", got=type(got).__name__, inputs=inputs)
    w = as_array(got[0], f"{what}: w")
    if w.shape == (d,) and diverged(w):
        raise Feedback(K("diverged"), hint=K("fit_diverged"), what=what, values=(w_ls, w), inputs=inputs)
    w, b = pair(got, what, d, inputs)
    assert_close(w, w_ls, f"{what}: w (least-squares solution expected)", rtol=0, atol=1e-6, inputs=inputs)
    assert_close(b, b_ls, f"{what}: b (least-squares solution expected)", rtol=0, atol=1e-6, inputs=inputs,
                 mistakes={K("bias_not_learned"): 0.0})


@pytest.mark.points(2)
@pytest.mark.concept(MINIBATCH)
@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(30, 80), d=st.integers(1, 4))
def test_fit_mini_batches_near_least_squares(student, seed, n, d):
    X, y = problem(seed, n, d)
    what = "fit_linear_regression(X, y, lr=0.02, epochs=200, batch_size=8, rng)"
    inputs = {"X": X, "y": y}
    w_ls, b_ls = least_squares(X, y)
    w, b = pair(student.fit_linear_regression(X, y, 0.02, 200, 8, Rng(seed)), what, d, inputs)
    assert_close(w, w_ls, f"{what}: w (least-squares solution ± 0.1 expected)", rtol=0, atol=0.1, inputs=inputs)
    assert_close(b, b_ls, f"{what}: b (least-squares solution ± 0.1 expected)", rtol=0, atol=0.1, inputs=inputs,
                 mistakes={K("bias_not_learned"): 0.0})


@pytest.mark.points(1)
@pytest.mark.concept(MINIBATCH)
def test_mini_batches_are_shuffled_with_rng(student, reference):
    X, y = problem(11, 50, 3)
    what = "fit_linear_regression(X, y, lr=0.02, epochs=50, batch_size=8, rng=default_rng(seed))"
    results = [np.append(*pair(student.fit_linear_regression(X, y, 0.02, 50, 8, Rng(seed)), what, 3, {}))
               for seed in (5, 5, 6, 7)]
    if not np.array_equal(results[0], results[1]):
        raise Feedback("core.not_deterministic", what=what)
    if all(np.array_equal(results[0], r) for r in results[2:]):
        raise Feedback(K("same_for_all_seeds"), hint=K("not_shuffled"), what=what,
                       values=("different (w, b) for different seeds", results[0]), inputs={"X": X, "y": y})
    # A new rng.permutation(N) at the start of every epoch, one gd_step per slice idx[k : k + 8]: exact (w, b).
    expected = np.append(*reference.fit_linear_regression(X, y, 0.02, 50, 8, np.random.default_rng(5)))
    assert_close(results[0], expected, what.replace("seed", "5") + ": (w, b)", rtol=1e-9, atol=1e-12,
                 inputs={"X": X, "y": y}, mistakes={K("minibatch_trajectory"): lambda g: True})


# ---- numerical gradient --------------------------------------------------------------------------------------
A = np.array([[1.0, -2.0, 0.5], [0.3, 0.8, -1.2], [2.0, 0.1, 0.4], [-0.6, 1.5, 1.0]])
COEF = np.array([1.0, 2.0, 0.5, 3.0, 1.5])
LIN = np.array([0.5, -1.0, 2.0, 0.0, 1.0])


def quadratic(x):
    return float(np.sum(COEF * x ** 2) + LIN @ x)


def sum_of_sin(x):
    return float(np.sum(np.sin(x)))


def matrix_tanh(W):
    return float(np.sum(np.tanh(A @ W)))


def cubic(x):
    return float(np.sum(x ** 3) / 3)


# name, f, x, exact gradient
CASES = {
    "f(x) = Σ c·x² + l·x, x of shape (5,)": (quadratic, np.array([0.3, -1.2, 2.0, 0.7, -0.4]),
                                            lambda x: 2 * COEF * x + LIN),
    "f(X) = Σ sin(X), X of shape (3, 4)": (sum_of_sin, np.linspace(-2.5, 3.0, 12).reshape(3, 4), np.cos),
    "f(W) = Σ tanh(A @ W), A (4, 3), W of shape (3, 2)": (
        matrix_tanh, np.array([[0.2, -0.5], [1.0, 0.3], [-0.7, 0.6]]),
        lambda W: A.T @ (1 - np.tanh(A @ W) ** 2)),
    "f(x) = Σ x³ / 3, x of shape (2, 2, 2)": (cubic, np.linspace(-1.5, 2.0, 8).reshape(2, 2, 2), lambda x: x ** 2),
}


def one_sided(f, x, eps):
    """Forward and backward differences: what a non-central estimate gives."""
    fwd, bwd = np.zeros_like(x), np.zeros_like(x)
    for j in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[j] += eps
        xm[j] -= eps
        fwd[j] = (f(xp) - f(x)) / eps
        bwd[j] = (f(x) - f(xm)) / eps
    return fwd, bwd


def never_restored(f, x, eps):
    """Central differences on x itself, each entry left at x[j] − ε afterwards (never put back)."""
    x, grad = x.copy(), np.zeros_like(x)
    for j in np.ndindex(x.shape):
        x[j] += eps
        f_plus = f(x)
        x[j] -= 2 * eps
        grad[j] = (f_plus - f(x)) / (2 * eps)
    return grad


def numgrad_mistakes(f, x, exact, eps=1e-5):
    """Known wrong estimates. One-sided differences are recognised only when they match to
    round-off (1e-9), so that other errors of the same size (order ε) are not misnamed."""
    fwd, bwd = one_sided(f, x, eps)
    near = lambda a: lambda g: (np.allclose(g, a, rtol=1e-8, atol=1e-9)
                                and not np.allclose(g, exact, rtol=NUM_RTOL, atol=NUM_ATOL))
    return {K("forward_difference"): near(fwd), K("backward_difference"): near(bwd),
            K("numgrad_in_place"): near(never_restored(f, x, eps)),
            K("numgrad_eps_not_doubled"): 2 * exact, K("numgrad_sign"): -exact}


@pytest.mark.points(3)
@pytest.mark.concept(NUMGRAD)
def test_numerical_gradient_matches_analytic(student):
    with Cases() as cases:
        for name, (f, x, grad) in CASES.items():
            with cases.case():
                exact = grad(x)
                what = f"numerical_gradient(f, x) for {name}"
                got = as_array(student.numerical_gradient(f, x), what)
                assert_close(got, exact, what, rtol=NUM_RTOL, atol=NUM_ATOL,
                             mistakes=numgrad_mistakes(f, x, exact), inputs={"x": x})


@pytest.mark.points(1)
@pytest.mark.concept(NUMGRAD)
def test_numerical_gradient_uses_eps(student, reference):
    x = np.array([0.5, -1.0, 2.0])
    expected = reference.numerical_gradient(cubic, x, eps=1e-2)  # exact x² + ε²/3 for a cubic
    wrong = reference.numerical_gradient(cubic, x)
    assert_close(student.numerical_gradient(cubic, x, eps=1e-2), expected,
                 "numerical_gradient(f, x, eps=1e-2) for f(x) = Σ x³ / 3", rtol=1e-9, atol=1e-12,
                 mistakes={K("eps_ignored"): wrong, **numgrad_mistakes(cubic, x, expected, 1e-2)}, inputs={"x": x})


@pytest.mark.points(1)
@pytest.mark.concept(NUMGRAD)
def test_numerical_gradient_leaves_x_unchanged(student):
    x = np.array([[0.3, -1.2], [2.0, 0.7]])
    _, args = student.call_and_return_args("numerical_gradient", sum_of_sin, x)
    after = args[1]
    # Round-off from x[j] += ε; …; x[j] -= ε (a few ulps) is tolerated; a perturbation left behind is not.
    if not (isinstance(after, np.ndarray) and after.shape == x.shape
            and np.allclose(after, x, rtol=1e-12, atol=1e-15)):
        same_shape = isinstance(after, np.ndarray) and after.shape == x.shape
        change = float(np.max(np.abs(after - x))) if same_shape else np.inf
        raise Feedback(K("x_changed"), hint=K("numgrad_in_place"), what="numerical_gradient(f, x)",
                       change=change, values=(x, after), inputs={"x": x})


# ---- validation ------------------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(VALIDATION)
def test_invalid_input_raises(student):
    a, b = np.zeros(3), np.zeros(4)
    X, y = np.ones((5, 2)), np.ones(5)
    w3, w2, w21 = np.zeros(3), np.zeros(2), np.ones((2, 1))
    no_x, no_y = np.zeros((0, 2)), np.zeros(0)
    cases = {
        "mse(y_true, y_pred) with shapes (3,), (4,)": (lambda: student.mse(a, b), {"y_true": a, "y_pred": b}),
        "mse(y_true, y_pred) with shapes (1,), (4,)": (lambda: student.mse(a[:1], b),
                                                         {"y_true": a[:1], "y_pred": b}),
        "mse(y_true, y_pred) of empty arrays": (lambda: student.mse(no_y, no_y), {"y_true": no_y, "y_pred": no_y}),
        "mse_gradients(w, b, X, y) with w of shape (3,) and X of shape (5, 2)": (
            lambda: student.mse_gradients(w3, 0.0, X, y), {"w": w3, "X": X, "y": y}),
        "mse_gradients(w, b, X, y) with w of shape (2, 1) and X of shape (5, 2)": (
            lambda: student.mse_gradients(w21, 0.0, X, y), {"w": w21, "X": X, "y": y}),
        "mse_gradients(w, b, X, y) with y of shape (1,) and X of shape (5, 2)": (
            lambda: student.mse_gradients(w2, 0.0, X, y[:1]), {"w": w2, "X": X, "y": y[:1]}),
        "mse_gradients(w, b, X, y) with no samples (N = 0)": (
            lambda: student.mse_gradients(w2, 0.0, no_x, no_y), {"w": w2, "X": no_x, "y": no_y}),
        "numerical_gradient(f, x, eps=0.0)": (lambda: student.numerical_gradient(cubic, a, eps=0.0), {"x": a}),
        "numerical_gradient(f, x, eps=-1e-05)": (lambda: student.numerical_gradient(cubic, a, eps=-1e-5), {"x": a}),
    }
    with Cases() as checks:
        for what, (call, inputs) in cases.items():
            with checks.case():
                assert_raises(call, ValueError, what, inputs=inputs, hint=K("no_validation"))


@pytest.mark.points(1)
@pytest.mark.concept(VALIDATION)
def test_fit_rejects_invalid_arguments(student, reference):
    X, y = np.ones((5, 2)), np.ones(5)
    cases = {
        "fit_linear_regression(X, y, batch_size=0)": (X, y, 0.1, 10, 0),
        "fit_linear_regression(X, y, batch_size=-1)": (X, y, 0.1, 10, -1),
        "fit_linear_regression(X, y, lr=0.0)": (X, y, 0.0, 10, None),
        "fit_linear_regression(X, y, lr=-0.1)": (X, y, -0.1, 10, None),
        "fit_linear_regression(X, y, epochs=-1)": (X, y, 0.1, -1, None),
        "fit_linear_regression(X, y) with y of shape (4,) and X of shape (5, 2)": (X, y[:4], 0.1, 10, None),
        "fit_linear_regression(X, y) with y of shape (1,) and X of shape (5, 2)": (X, y[:1], 0.1, 10, None),
        "fit_linear_regression(X, y) with a 1-D X": (X[:, 0], y, 0.1, 10, None),
    }
    with Cases() as checks:
        for what, args in cases.items():
            with checks.case():
                assert_raises(lambda args=args: student.fit_linear_regression(*args, Rng(0)), ValueError, what,
                              inputs={"X": args[0], "y": args[1]}, hint=K("fit_validation"))
        with checks.case():  # batch_size < 1 is rejected before any epoch runs, even with epochs = 0
            what = "fit_linear_regression(X, y, epochs=0, batch_size=0)"
            assert_raises(lambda: student.fit_linear_regression(X, y, 0.1, 0, 0, Rng(0)), ValueError, what,
                          inputs={"X": X, "y": y}, hint=K("fit_validation"))
        Xr, yr = problem(2, 6, 2)
        for args, what, hint, expected in (
                ((Xr, yr, 0.1, 0, None), "fit_linear_regression(X, y, epochs=0)", K("epochs_zero"), np.zeros(3)),
                ((Xr, yr, 0.1, 3, 1), "fit_linear_regression(X, y, lr=0.1, epochs=3, batch_size=1, rng=default_rng(0))",
                 K("batch_size_one"), None)):
            with checks.case():  # the smallest allowed values: epochs = 0 (no step), batch_size = 1 (one sample)
                try:
                    got = student.fit_linear_regression(*args, Rng(0))
                except StudentError as exc:
                    raise Feedback("core.raised", hint=hint, type=exc.type_name, message=exc.message[:200]) from None
                if expected is None:
                    expected = np.append(*reference.fit_linear_regression(*args, np.random.default_rng(0)))
                assert_close(np.append(*pair(got, what, 2, {"X": Xr, "y": yr})), expected, what + ": (w, b)",
                             rtol=1e-9, atol=1e-12, inputs={"X": Xr, "y": yr}, mistakes={hint: lambda g: True})


# ---- defaults ------------------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(FIT)
def test_fit_defaults(student, reference):
    X, y = problem(4, 40, 3)  # 100 steps of lr = 0.1 end ~1e-4 from least squares: the step count shows
    what = "fit_linear_regression(X, y) (defaults: lr=0.1, epochs=100, full batch)"
    inputs = {"X": X, "y": y}
    exp_w, exp_b = reference.fit_linear_regression(X, y, 0.1, 100, None)
    w, b = pair(student.fit_linear_regression(X, y), what, 3, inputs)
    runs = {(lr, e): np.append(*reference.fit_linear_regression(X, y, lr, e, None))
            for lr in (0.01, 0.05, 0.1, 0.2, 1.0) for e in (10, 50, 99, 100, 101, 200, 1000) if (lr, e) != (0.1, 100)}
    other = lambda g, key: any(np.allclose(g, v, rtol=1e-6, atol=1e-9) for (lr, e), v in runs.items()
                               if (lr != 0.1 if key == "lr" else e != 100))
    got = np.append(w, b)
    mistakes = {K("default_lr"): lambda g: other(got, "lr"), K("default_epochs"): lambda g: other(got, "epochs")}
    assert_close(w, exp_w, f"{what}: w", mistakes=mistakes, inputs=inputs)
    assert_close(b, exp_b, f"{what}: b", mistakes=mistakes, inputs=inputs)
    # Targets in the hundreds: float32 inputs shift the small coefficient w[0] ≈ −0.037 by ~1e-6.
    X, y = problem(9, 40, 3)
    y = 100 * y
    what = "fit_linear_regression(X, y) with y in the hundreds"
    exp = np.append(*reference.fit_linear_regression(X, y))
    f32 = np.append(*reference.fit_linear_regression(X.astype(np.float32).astype(np.float64), y))
    assert_close(np.append(*pair(student.fit_linear_regression(X, y), what, 3, {"X": X, "y": y})), exp,
                 f"{what}: (w, b)", inputs={"X": X, "y": y}, mistakes={K("float32"): f32})


@pytest.mark.points(1)
@pytest.mark.concept(MINIBATCH)
def test_mini_batches_without_rng(student):
    X, y = problem(11, 50, 3)
    what = "fit_linear_regression(X, y, lr=0.02, epochs=50, batch_size=8) without rng"
    inputs = {"X": X, "y": y}
    results = []
    for _ in range(3):
        try:
            got = student.fit_linear_regression(X, y, lr=0.02, epochs=50, batch_size=8)
        except StudentError as exc:
            raise Feedback("core.raised", hint=K("rng_none"), type=exc.type_name, message=exc.message[:200]) from None
        results.append(np.append(*pair(got, what, 3, inputs)))
    if all(np.array_equal(results[0], r) for r in results[1:]):
        raise Feedback(K("same_without_rng"), hint=K("rng_none"), what=what)


@pytest.mark.points(1)
@pytest.mark.concept(NUMGRAD)
def test_numerical_gradient_default_eps(student):
    x = np.zeros(3)  # at 0 the central difference of Σ x³ / 3 is exactly ε² / 3: it shows ε
    what = "numerical_gradient(f, x) for f(x) = Σ x³ / 3 at x = 0 (default eps)"
    assert_close(student.numerical_gradient(cubic, x), np.full(3, 1e-10 / 3), what, rtol=1e-3, atol=1e-15,
                 mistakes={K("default_eps"): lambda g: np.allclose(g, 1e-8 / 3, rtol=1e-3) or
                           np.allclose(g, 1e-12 / 3, rtol=1e-3, atol=1e-15)}, inputs={"x": x})
