"""Hidden tests for ex12_regression_losses: losses and penalties against torch.nn.functional, ridge
against torch.linalg.solve and a zero autograd gradient, logistic regression step for step against
gradient descent on torch's BCEWithLogitsLoss, and its test accuracy on the breast-cancer data; then
the clauses of the docstrings one by one (contract.toml): raw data for ridge (no centring), singular
systems only at λ = 0, Python floats and float64 arrays, empty penalties, inputs left unchanged, and
every documented ValueError, with inputs numpy would accept silently."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import (
    Cases,
    Feedback,
    as_array,
    assert_close,
    assert_equal,
    assert_raises,
    assert_unchanged,
    diagnose,
    float_arrays,
    floats,
    keys,
    shapes,
)
from grader.exercises.ex12_regression_losses.dataset import breast_cancer_split

K = keys(__file__)

LOSS = K("concept.losses")
PENALTY = K("concept.penalties")
RIDGE = K("concept.ridge")
LOGISTIC = K("concept.logistic")
VALID = K("concept.validation")
T = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float64))  # noqa: E731
BC_LR, BC_EPOCHS, BC_SEED, BC_TOLERANCE = 0.1, 300, 0, 0.02


@st.composite
def pairs(draw):
    shape = draw(shapes(0, 3, 1, 6))  # any shape: a 0-d array is one entry
    return draw(float_arrays(shape)), draw(float_arrays(shape))


@st.composite
def regressions(draw, min_extra_rows: int = 0):
    d = draw(st.integers(1, 5))
    n = draw(st.integers(max(1, d + min_extra_rows), 12))
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
    return X - X.mean(0), y - y.mean()


# ---- losses and penalties ------------------------------------------------------------------------
def over_rows(terms: np.ndarray) -> dict:
    """The mean over the first axis only (sum / len), where it differs from the mean and the sum."""
    if terms.ndim < 2 or terms.shape[0] == 1:
        return {}
    return {K("mean_over_rows"): float(terms.sum() / terms.shape[0])}


@pytest.mark.points(2)
@pytest.mark.concept(LOSS)
@given(data=pairs())
def test_mse(student, reference, data):
    yp, yt = data
    expected = F.mse_loss(T(yp), T(yt)).item()
    sq = (yp - yt) ** 2
    got = as_array(student.mse(yp, yt), "mse(y_pred, y_true)")
    assert_close(got, expected, "mse(y_pred, y_true)", dtype_kind="f",
                 mistakes={K("mse_sum"): float(sq.sum()), K("mse_half"): float(sq.mean() / 2)} | over_rows(sq))
    assert_close(got, reference.mse(yp, yt), "mse(y_pred, y_true)")


@pytest.mark.points(1)
@pytest.mark.concept(LOSS)
@given(data=pairs())
def test_rmse(student, reference, data):
    yp, yt = data
    expected = torch.sqrt(F.mse_loss(T(yp), T(yt))).item()
    got = as_array(student.rmse(yp, yt), "rmse(y_pred, y_true)")
    assert_close(got, expected, "rmse(y_pred, y_true)", dtype_kind="f",
                 mistakes={K("rmse_no_sqrt"): reference.mse(yp, yt),
                           K("rmse_sqrt_inside"): float(np.mean(np.abs(yp - yt)))})
    assert_close(got, reference.rmse(yp, yt), "rmse(y_pred, y_true)")


@pytest.mark.points(2)
@pytest.mark.concept(LOSS)
@given(data=pairs())
def test_mae(student, reference, data):
    yp, yt = data
    expected = F.l1_loss(T(yp), T(yt)).item()
    got = as_array(student.mae(yp, yt), "mae(y_pred, y_true)")
    assert_close(got, expected, "mae(y_pred, y_true)", dtype_kind="f",
                 mistakes={K("mae_squared"): reference.mse(yp, yt),
                           K("mae_no_abs"): float(np.mean(yp - yt)),
                           K("mae_sum"): float(np.abs(yp - yt).sum())} | over_rows(np.abs(yp - yt)))
    assert_close(got, reference.mae(yp, yt), "mae(y_pred, y_true)")


@pytest.mark.points(1)
@pytest.mark.concept(LOSS)
def test_losses_of_any_shape(student):
    """The mean over ALL entries, whatever the shape: a 0-d array, rows of a matrix, a 3-D block."""
    rng = np.random.default_rng(4)
    with Cases() as cases:
        for shape in ((), (5,), (2, 3), (3, 1, 4)):
            yp, yt = rng.normal(size=shape) * 2, rng.normal(size=shape) * 2
            d = yp - yt
            for fn, expected, terms in (("mse", F.mse_loss(T(yp), T(yt)).item(), d * d),
                                        ("rmse", torch.sqrt(F.mse_loss(T(yp), T(yt))).item(), None),
                                        ("mae", F.l1_loss(T(yp), T(yt)).item(), np.abs(d))):
                mistakes = (over_rows(terms) | {K("mse_sum" if fn == "mse" else "mae_sum"): float(terms.sum())}
                            if terms is not None and terms.size > 1 else {})
                what = f"{fn}(y_pred, y_true), y_pred.shape == {shape}"
                with cases.case():
                    assert_close(getattr(student, fn)(yp, yt), expected, what, mistakes=mistakes,
                                 inputs={"y_pred": yp, "y_true": yt})


@pytest.mark.points(1)
@pytest.mark.concept(PENALTY)
@given(w=float_arrays(shapes(0, 3, 1, 5)))
def test_l1_penalty(student, reference, w):
    expected = torch.linalg.vector_norm(T(w), ord=1).item()
    got = as_array(student.l1_penalty(w), "l1_penalty(w)")
    assert_close(got, expected, "l1_penalty(w)", dtype_kind="f",
                 mistakes={K("l1_no_abs"): float(w.sum()), K("penalty_mean"): float(np.abs(w).mean())})
    assert_close(got, reference.l1_penalty(w), "l1_penalty(w)")


@pytest.mark.points(1)
@pytest.mark.concept(PENALTY)
@given(w=float_arrays(shapes(0, 3, 1, 5)))
def test_l2_penalty(student, reference, w):
    expected = (torch.linalg.vector_norm(T(w), ord=2) ** 2).item()
    got = as_array(student.l2_penalty(w), "l2_penalty(w)")
    assert_close(got, expected, "l2_penalty(w)", dtype_kind="f",
                 mistakes={K("l2_half"): float((w * w).sum() / 2),
                           K("l2_norm_not_squared"): float(np.sqrt((w * w).sum())),
                           K("penalty_mean"): float((w * w).mean())})
    assert_close(got, reference.l2_penalty(w), "l2_penalty(w)")


# ---- ridge ---------------------------------------------------------------------------------------------
def ridge_variants(X: np.ndarray, y: np.ndarray, lam: float) -> dict:
    G, r, d = X.T @ X, X.T @ y, X.shape[1]
    out = {}
    for key, A in ((K("ridge_half_lambda"), G + lam / 2 * np.eye(d)),
                   (K("ridge_lambda_everywhere"), G + lam),
                   (K("ridge_mean_loss"), G + len(y) * lam * np.eye(d))):
        try:
            out[key] = np.linalg.solve(A, r)
        except np.linalg.LinAlgError:
            pass
    return out


@pytest.mark.points(3)
@pytest.mark.concept(RIDGE)
@settings(max_examples=20)
@given(data=regressions(), lam=floats(0.01, 10.0))
def test_ridge_closed_form(student, reference, data, lam):
    X, y = data
    d = X.shape[1]
    expected = torch.linalg.solve(T(X).T @ T(X) + lam * torch.eye(d, dtype=torch.float64), T(X).T @ T(y)).numpy()
    what = f"ridge_closed_form(X, y, lam={lam:g})"
    got = assert_close(student.ridge_closed_form(X, y, lam), expected, what, dtype_kind="f", rtol=1e-6, atol=1e-8,
                       mistakes=ridge_variants(X, y, lam))
    assert_close(got, reference.ridge_closed_form(X, y, lam), what, rtol=1e-6, atol=1e-8)
    # independent of any formula: the gradient of ‖Xw − y‖² + λ‖w‖² vanishes at the student's w
    w = T(got).requires_grad_(True)
    (g,) = torch.autograd.grad(((T(X) @ w - T(y)) ** 2).sum() + lam * (w**2).sum(), w)
    scale = 1.0 + float(np.abs(X.T @ y).max())
    assert_close(g.numpy() / scale, np.zeros(d), f"∇J({what}) / {scale:.3g}", atol=1e-8)


@pytest.mark.points(1)
@pytest.mark.concept(RIDGE)
@settings(max_examples=10)
@given(data=regressions(min_extra_rows=2))
def test_ridge_without_penalty_is_least_squares(student, data):
    X, y = data
    expected = torch.linalg.lstsq(T(X), T(y).unsqueeze(1)).solution.squeeze(1).numpy()
    assert_close(student.ridge_closed_form(X, y, 0.0), expected, "ridge_closed_form(X, y, lam=0.0)", dtype_kind="f",
                 rtol=1e-6, atol=1e-8)


# ---- logistic regression ----------------------------------------------------------------------------
def torch_logistic(X: np.ndarray, y: np.ndarray, lr: float, epochs: int) -> tuple[np.ndarray, float]:
    """Plain gradient descent on torch's BCEWithLogits loss, gradients by autograd (the steps
    torch.optim.SGD would take; written out because constructing an optimizer imports
    torch._dynamo, which costs seconds)."""
    w = torch.zeros(X.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    Xt, yt = T(X), T(y)
    for _ in range(epochs):
        gw, gb = torch.autograd.grad(F.binary_cross_entropy_with_logits(Xt @ w + b, yt), (w, b))
        with torch.no_grad():
            w -= lr * gw
            b -= lr * gb
    return w.detach().numpy(), float(b)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def logistic_variants(X: np.ndarray, y: np.ndarray, lr: float, epochs: int) -> dict[str, tuple[np.ndarray, float]]:
    """What the typical mistakes would return."""
    n = len(y)
    out = {}
    with np.errstate(all="ignore"):
        for key in ("logistic_sign_flipped", "logistic_no_sigmoid", "logistic_grad_sum", "logistic_no_bias",
                    "logistic_sequential"):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                z = X @ w + b
                err = (z if key == "logistic_no_sigmoid" else sigmoid(z)) - y
                gw, gb = (X.T @ err, err.sum()) if key == "logistic_grad_sum" else (X.T @ err / n, err.mean())
                sign = -1.0 if key == "logistic_sign_flipped" else 1.0
                w = w - sign * lr * gw
                if key == "logistic_sequential":  # b's gradient taken at the NEW w
                    gb = (sigmoid(X @ w + b) - y).mean()
                b = b - sign * lr * gb if key != "logistic_no_bias" else b
            out[K(key)] = (w, b)
        if epochs * n <= 20_000:  # one step per sample, in order (stochastic gradient descent)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for i in range(n):
                    e = sigmoid(X[i] @ w + b) - y[i]
                    w, b = w - lr * e * X[i], b - lr * e
            out[K("logistic_per_sample")] = (w, b)
    return out


def step_count_variant(X: np.ndarray, y: np.ndarray, lr: float, epochs: int):
    """A callable recognising the fit after one step too many or too few."""
    n = len(y)
    trajectory, (w, b) = [], (np.zeros(X.shape[1]), 0.0)
    with np.errstate(all="ignore"):
        for _ in range(epochs + 1):
            trajectory.append(np.append(w, b))
            err = sigmoid(X @ w + b) - y
            w, b = w - lr * X.T @ err / n, b - lr * err.mean()
    others = trajectory[max(epochs - 1, 0):epochs] + [np.append(w, b)]
    return lambda g: any(np.allclose(g, o, rtol=1e-6, atol=1e-9) for o in others)


def unpack(out, what: str) -> tuple[np.ndarray, np.ndarray]:
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise Feedback(K("bad_return"), what=what, got=type(out).__name__)
    return as_array(out[0], f"{what}[0] (w)"), as_array(out[1], f"{what}[1] (b)")


def check_fit(student, X: np.ndarray, y: np.ndarray, lr: float, epochs: int, inputs: dict | None) -> None:
    what = f"fit_logistic_regression(X, y, lr={lr:g}, epochs={epochs})"
    w, b = unpack(student.fit_logistic_regression(X, y, lr, epochs), what)
    if w.shape != (X.shape[1],) or b.shape != ():
        raise Feedback(K("bad_shapes"), what=what, w=w.shape, b=b.shape, d=X.shape[1])
    w_exp, b_exp = torch_logistic(X, y, lr, epochs)
    variants = logistic_variants(X, y, lr, epochs)
    mistakes = {k: np.append(*v) for k, v in variants.items()} | {
        K("logistic_step_count"): step_count_variant(X, y, lr, epochs)}
    assert_close(np.append(w, b), np.append(w_exp, b_exp), f"{what}: [w..., b]", dtype_kind="f",
                 mistakes=mistakes, inputs=inputs)


@pytest.mark.points(3)
@pytest.mark.concept(LOGISTIC)
@settings(max_examples=10)
@given(seed=st.integers(0, 10_000), n=st.integers(5, 30), d=st.integers(1, 4), lr=floats(0.05, 1.0),
       epochs=st.integers(1, 30))
def test_logistic_matches_torch_sgd(student, seed, n, d, lr, epochs):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + 0.5 * rng.normal(size=n) > 0).astype(np.float64)
    check_fit(student, X, y, lr, epochs, {"X": X, "y": y})


@pytest.mark.points(1)
@pytest.mark.concept(LOGISTIC)
def test_logistic_zero_epochs_and_integer_labels(student):
    X = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 1.0]])
    y = np.array([1, 1, 0])  # integer labels work as well as floats
    with Cases() as cases:
        for lr, epochs in ((0.3, 0), (0.3, 1), (0.3, 5), (1e-3, 3)):  # a tiny lr > 0 is valid
            with cases.case():
                check_fit(student, X, y, lr, epochs, {"X": X, "y": y, "lr": lr, "epochs": epochs})
        with cases.case():  # one sample is enough (N = 1)
            check_fit(student, X[:1], y[:1], 0.3, 4, {"X": X[:1], "y": y[:1], "lr": 0.3, "epochs": 4})


@pytest.mark.points(4)
@pytest.mark.concept(LOGISTIC)
def test_breast_cancer_accuracy(student, reference, grading):
    """Trained on 75 % of the Wisconsin breast-cancer data (standardised), tested on the rest."""
    data = breast_cancer_split(seed=BC_SEED)
    what = f"fit_logistic_regression(X_train, y_train, lr={BC_LR}, epochs={BC_EPOCHS})"
    w, b = unpack(student.with_timeout(30).fit_logistic_regression(data.X_train, data.y_train, BC_LR, BC_EPOCHS), what)
    if w.shape != (data.X_train.shape[1],) or b.shape != ():
        raise Feedback(K("bad_shapes"), what=what, w=w.shape, b=b.shape, d=data.X_train.shape[1])
    accuracy = lambda w_, b_: float(np.mean((data.X_test @ w_ + b_ > 0) == data.y_test))  # noqa: E731
    target = accuracy(*reference.fit_logistic_regression(data.X_train, data.y_train, BC_LR, BC_EPOCHS))
    got = accuracy(w, float(b)) if np.all(np.isfinite(w)) and np.isfinite(b) else 0.0
    grading.report(breast_cancer_test_accuracy=round(got, 4), breast_cancer_reference_accuracy=round(target, 4))
    if got < target - BC_TOLERANCE:
        variants = logistic_variants(data.X_train, data.y_train, BC_LR, BC_EPOCHS)
        hint = diagnose(np.append(w, b), {k: np.append(*v) for k, v in variants.items()}, rtol=1e-4, atol=1e-6)
        raise Feedback(K("low_accuracy"), hint=hint, what=what, got=got, target=target, tolerance=BC_TOLERANCE,
                       n_test=len(data.y_test))


# ---- ridge: the data as given, singular only at λ = 0 -----------------------------------------------
def ridge_solve(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    A = T(X).T @ T(X) + lam * torch.eye(X.shape[1], dtype=torch.float64)
    return torch.linalg.solve(A, T(X).T @ T(y)).numpy()


@pytest.mark.points(2)
@pytest.mark.concept(RIDGE)
def test_ridge_uses_the_data_as_given(student):
    """X and y with nonzero means: the minimiser of ‖Xw − y‖² + λ‖w‖² for the raw data, which the
    docstring says the function does not centre (the caller does, to fit an intercept)."""
    rng = np.random.default_rng(12)
    with Cases() as cases:
        for n, d, lam in ((8, 2, 0.5), (20, 3, 0.0), (6, 4, 2.0)):
            X = rng.normal(size=(n, d)) + rng.normal(3.0, 1.0, size=d)
            y = X @ rng.normal(size=d) + 5.0 + 0.1 * rng.normal(size=n)
            Xc, yc = X - X.mean(axis=0), y - y.mean()
            centred = [ridge_solve(Xc, yc, lam), ridge_solve(X, yc, lam),
                       ridge_solve(Xc / X.std(axis=0), yc, lam)]
            what = f"ridge_closed_form(X, y, lam={lam:g})"
            inputs = {"X": X, "y": y, "lam": lam}
            with cases.case():
                got = as_array(student.ridge_closed_form(X, y, lam), what)
                if got.shape == (d + 1,):
                    raise Feedback("core.shape", hint=K("ridge_intercept_column"), what=what, expected=(d,),
                                   got=got.shape, inputs=inputs)
                assert_close(got, ridge_solve(X, y, lam), what, rtol=1e-6, atol=1e-8, inputs=inputs,
                             mistakes={K("ridge_centres_data"): lambda g, c=centred: any(
                                 np.allclose(g, v, rtol=1e-6, atol=1e-8) for v in c)})


@pytest.mark.points(1)
@pytest.mark.concept(RIDGE)
def test_ridge_singular_only_without_penalty(student):
    """λ > 0 solves every X (duplicated columns, fewer rows than columns); λ = 0 solves every X of
    full rank D, however close to collinear its columns."""
    rng = np.random.default_rng(5)
    c = rng.normal(size=6)
    cases_ = [
        ("X[:, 0] == X[:, 1]", np.stack([c, c, rng.normal(size=6)], axis=1), 0.5),
        ("X.shape == (2, 4)", rng.normal(size=(2, 4)), 1.0),
        ("X[:, 1] ~ X[:, 0]", np.stack([c, c + 1e-2 * rng.normal(size=6)], axis=1), 0.0),
    ]
    with Cases() as cases:
        for why, X, lam in cases_:
            y = rng.normal(size=X.shape[0])
            what = f"ridge_closed_form(X, y, lam={lam:g}): {why}"
            with cases.case():
                assert_close(student.ridge_closed_form(X, y, lam), ridge_solve(X, y, lam), what, rtol=1e-6, atol=1e-8,
                             inputs={"X": X, "y": y, "lam": lam})


# ---- types, empty penalties, inputs --------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(LOSS)
def test_losses_and_penalties_are_python_floats(student):
    """A Python float (np.float64 is one; np.float32, np.int64 and 0-d arrays are not), also from
    integer and float32 inputs."""
    yp_i, yt_i = np.array([3, 0, 2]), np.array([1, 0, 3])
    yp_f, yt_f = yp_i.astype(np.float32), yt_i.astype(np.float32)
    w_i = np.array([[1, -2], [0, 3]])
    w_f = w_i.astype(np.float32)
    calls = [("mse", (yp_i, yt_i), 5 / 3), ("rmse", (yp_i, yt_i), np.sqrt(5 / 3)), ("mae", (yp_i, yt_i), 1.0),
             ("mse", (yp_f, yt_f), 5 / 3), ("rmse", (yp_f, yt_f), np.sqrt(5 / 3)), ("mae", (yp_f, yt_f), 1.0),
             ("l1_penalty", (w_i,), 6.0), ("l2_penalty", (w_i,), 14.0),
             ("l1_penalty", (w_f,), 6.0), ("l2_penalty", (w_f,), 14.0)]
    with Cases() as cases:
        for fn, args, expected in calls:
            names = ("w",) if len(args) == 1 else ("y_pred", "y_true")
            what = f"{fn}({', '.join(names)}), {names[0]}.dtype == {args[0].dtype}"
            inputs = dict(zip(names, args))
            with cases.case():
                got = getattr(student, fn)(*args)
                if not isinstance(got, float):
                    raise Feedback("core.wrong_type", hint=K("not_python_float"), what=what, expected="float",
                                   got=type(got).__name__, inputs=inputs)
                assert_close(got, expected, what, inputs=inputs)


@pytest.mark.points(1)
@pytest.mark.concept(RIDGE)
def test_ridge_and_logistic_return_float64(student):
    """ridge_closed_form and the w of fit_logistic_regression are float64 arrays for float32 and
    integer inputs too; b is a Python float, 0.0 after 0 epochs."""
    X_i = np.array([[1, 0], [0, 2], [1, 1], [2, -1]])
    y_i, labels = np.array([1, 0, -2, 3]), np.array([1, 0, 0, 1])
    X_f, y_f = X_i.astype(np.float32), y_i.astype(np.float32)
    with Cases() as cases:
        for X, y, lam in ((X_f, y_f, 0.5), (X_f, y_f, 0.0), (X_i, y_i, 1.0)):
            what = f"ridge_closed_form(X, y, lam={lam:g}), X.dtype == {X.dtype}"
            with cases.case():
                got = as_array(student.ridge_closed_form(X, y, lam), what)
                if got.dtype != np.float64:
                    raise Feedback("core.dtype", hint=K("not_float64"), what=what, expected="float64",
                                   got=str(got.dtype), inputs={"X": X, "y": y, "lam": lam})
        for X, epochs in ((X_f, 0), (X_f, 3), (X_i, 0), (X_i, 3)):
            what = f"fit_logistic_regression(X, y, lr=0.5, epochs={epochs})"
            inputs = {"X": X, "y": labels, "lr": 0.5, "epochs": epochs}
            with cases.case():
                out = student.fit_logistic_regression(X, labels, 0.5, epochs)
                w, _ = unpack(out, what)
                if w.dtype != np.float64:
                    raise Feedback("core.dtype", hint=K("not_float64"), what=f"{what}[0] (w), X.dtype == {X.dtype}",
                                   expected="float64", got=str(w.dtype), inputs=inputs)
                if not isinstance(out[1], float):
                    raise Feedback("core.wrong_type", hint=K("not_python_float"), what=f"{what}[1] (b)",
                                   expected="float", got=type(out[1]).__name__, inputs=inputs)
                if epochs == 0:
                    assert_equal(out[1], 0.0, f"{what}[1] (b)", inputs=inputs)


@pytest.mark.points(0.5)
@pytest.mark.concept(PENALTY)
def test_penalties_of_empty_arrays(student):
    with Cases() as cases:
        for fn in ("l1_penalty", "l2_penalty"):
            for w in (np.zeros(0), np.zeros((2, 0))):
                what = f"{fn}(w), w.shape == {w.shape}"
                with cases.case():
                    assert_equal(getattr(student, fn)(w), 0.0, what, inputs={"w": w})


@pytest.mark.points(1)
@pytest.mark.concept(RIDGE)
def test_inputs_are_not_modified(student):
    rng = np.random.default_rng(7)
    yp, yt = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    w = rng.normal(size=(3, 2))
    X, y = rng.normal(size=(6, 3)) + 2.0, rng.normal(size=6) + 1.0  # not centred: centring in place shows
    labels = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    calls = [("mse", (yp, yt), ("y_pred", "y_true")), ("rmse", (yp, yt), ("y_pred", "y_true")),
             ("mae", (yp, yt), ("y_pred", "y_true")), ("l1_penalty", (w,), ("w",)), ("l2_penalty", (w,), ("w",)),
             ("ridge_closed_form", (X, y, 0.5), ("X", "y", "lam")),
             ("fit_logistic_regression", (X, labels, 0.1, 5), ("X", "y", "lr", "epochs"))]
    with Cases() as cases:
        for fn, args, names in calls:
            what = f"{fn}({', '.join(names)})"
            with cases.case():
                _, after = student.call_and_return_args(fn, *args)
                for name, before, later in zip(names, args, after):
                    if isinstance(before, np.ndarray):
                        assert_unchanged(before, later, f"{what}: {name}", hint=K("in_place"))


# ---- validation -----------------------------------------------------------------------------------------
# Each documented error, with inputs numpy rejects by itself AND inputs it accepts silently (shapes that
# broadcast, the mean of nothing, complex values cast to real, a singular system solve does not notice,
# labels and a λ that the formulas take without complaint).
@pytest.mark.points(2)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    a3, c3 = np.zeros(3), np.array([1 + 1j, 0j, 2.0])
    X, y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]]), np.array([0.0, 1.0, 1.0, 0.0])
    rng = np.random.default_rng(3)
    rank2 = []  # rank 2 < D = 3, XᵀX singular, and np.linalg.solve returns ~1e15 instead of raising
    for seed, scale in ((0, 1.0), (2, 3.0)):
        r = np.random.default_rng(seed)
        col = r.normal(size=5)
        rank2.append((np.stack([col, scale * col, r.normal(size=5)], axis=1), r.normal(size=5)))
    names = {"mse": ("y_pred", "y_true"), "mae": ("y_pred", "y_true"), "rmse": ("y_pred", "y_true"),
             "l1_penalty": ("w",), "l2_penalty": ("w",),
             "ridge_closed_form": ("X", "y", "lam"), "fit_logistic_regression": ("X", "y", "lr", "epochs")}
    cases = [  # (what, function, args, hint)
        ("mse(y_pred, y_true): (3,) != (4,)", "mse", (a3, np.zeros(4)), None),
        ("mse(y_pred, y_true): (3,) != (3, 1)", "mse", (a3, np.zeros((3, 1))), None),      # broadcasts to (3, 3)
        ("mse(y_pred, y_true): (1,) != (3,)", "mse", (np.zeros(1), a3), None),
        ("mse(y_pred, y_true): y_pred.size == 0", "mse", (np.zeros(0), np.zeros(0)), None),  # nan
        ("mse(y_pred, y_true): y_pred.dtype == complex128", "mse", (c3, a3), None),          # the real part
        ("rmse(y_pred, y_true): (3, 1) != (3,)", "rmse", (np.zeros((3, 1)), a3), None),
        ("rmse(y_pred, y_true): y_pred.size == 0", "rmse", (np.zeros(0), np.zeros(0)), None),
        ("rmse(y_pred, y_true): y_true.dtype == complex128", "rmse", (a3, c3), None),
        ("mae(y_pred, y_true): (3,) != (4,)", "mae", (a3, np.zeros(4)), None),
        ("mae(y_pred, y_true): (3,) != (1, 3)", "mae", (a3, np.zeros((1, 3))), None),
        ("mae(y_pred, y_true): y_pred.shape == (0, 3)", "mae", (np.zeros((0, 3)), np.zeros((0, 3))), None),
        ("mae(y_pred, y_true): y_pred.dtype == complex128", "mae", (c3, a3), None),          # |z| is real
        ("l1_penalty(w): w.dtype == complex128", "l1_penalty", (c3,), None),
        ("l2_penalty(w): w.dtype == complex128", "l2_penalty", (c3,), None),
        ("ridge_closed_form(X, y, lam=1.0): y.shape == (3,)", "ridge_closed_form", (X, np.zeros(3), 1.0), None),
        ("ridge_closed_form(X, y, lam=1.0): y.shape == (4, 1)", "ridge_closed_form", (X, y[:, None], 1.0), None),
        ("ridge_closed_form(X, y, lam=1.0): X.ndim == 1", "ridge_closed_form", (y, y, 1.0), None),
        ("ridge_closed_form(X, y, lam=1.0): X.dtype == complex128", "ridge_closed_form", (X + 1j, y, 1.0), None),
        ("ridge_closed_form(X, y, lam=-1.0)", "ridge_closed_form", (X, y, -1.0), None),
        ("ridge_closed_form(X, y, lam=-1e-09)", "ridge_closed_form", (X, y, -1e-9), None),
        ("ridge_closed_form(X, y, lam=0.0): X == 0", "ridge_closed_form", (np.zeros((5, 3)), np.zeros(5), 0.0),
         None),
        ("ridge_closed_form(X, y, lam=0.0): X.shape == (2, 3)", "ridge_closed_form",
         (rng.normal(size=(2, 3)), np.ones(2), 0.0), K("ridge_rank")),
        ("ridge_closed_form(X, y, lam=0.0): X[:, 1] == X[:, 0]", "ridge_closed_form", (*rank2[0], 0.0),
         K("ridge_rank")),
        ("ridge_closed_form(X, y, lam=0.0): X[:, 1] == 3 * X[:, 0]", "ridge_closed_form", (*rank2[1], 0.0),
         K("ridge_rank")),
        ("fit_logistic_regression(X, y, 0.1, 10): y[2] == 2", "fit_logistic_regression",
         (X, np.array([0.0, 1.0, 2.0, 1.0]), 0.1, 10), None),
        ("fit_logistic_regression(X, y, 0.1, 10): y[0] == -1", "fit_logistic_regression",
         (X, np.array([-1, 1, 0, 1]), 0.1, 10), None),
        ("fit_logistic_regression(X, y, 0.1, 10): y[2] == 0.5", "fit_logistic_regression",
         (X, np.array([0.0, 1.0, 0.5, 1.0]), 0.1, 10), None),
        ("fit_logistic_regression(X, y, 0.1, 10): y.shape == (1,)", "fit_logistic_regression",
         (X, np.array([1.0]), 0.1, 10), None),                                                # broadcasts
        ("fit_logistic_regression(X, y, 0.1, 10): y.shape == (4, 1)", "fit_logistic_regression",
         (X, y[:, None], 0.1, 10), None),
        ("fit_logistic_regression(X, y, 0.1, 10): y.shape == (3,)", "fit_logistic_regression",
         (X, y[:3], 0.1, 10), None),
        ("fit_logistic_regression(X, y, 0.1, 10): X.ndim == 1", "fit_logistic_regression", (y, y, 0.1, 10), None),
        ("fit_logistic_regression(X, y, 0.1, 10): X.shape == (0, 2)", "fit_logistic_regression",
         (np.zeros((0, 2)), np.zeros(0), 0.1, 10), None),                                     # nan
        ("fit_logistic_regression(X, y, 0.0, 10)", "fit_logistic_regression", (X, y, 0.0, 10), None),
        ("fit_logistic_regression(X, y, -0.1, 10)", "fit_logistic_regression", (X, y, -0.1, 10), None),
        ("fit_logistic_regression(X, y, 0.1, -1)", "fit_logistic_regression", (X, y, 0.1, -1), None),
    ]
    with Cases() as checks:
        for what, fn, args, hint in cases:
            with checks.case():
                assert_raises(lambda fn=fn, args=args: getattr(student, fn)(*args), ValueError, what,
                              inputs=dict(zip(names[fn], args)), hint=hint or K("no_validation"))
