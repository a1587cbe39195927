"""Hidden tests for ex12_regression_losses: losses and penalties against torch.nn.functional, ridge
against torch.linalg.solve and a zero autograd gradient, logistic regression step for step against
gradient descent on torch's BCEWithLogitsLoss, and its test accuracy on the breast-cancer data."""
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
    assert_raises,
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
    shape = draw(shapes(1, 2, 1, 8))
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
@pytest.mark.points(2)
@pytest.mark.concept(LOSS)
@given(data=pairs())
def test_mse(student, reference, data):
    yp, yt = data
    expected = F.mse_loss(T(yp), T(yt)).item()
    sq = (yp - yt) ** 2
    got = as_array(student.mse(yp, yt), "mse(y_pred, y_true)")
    assert_close(got, expected, "mse(y_pred, y_true)", dtype_kind="f",
                 mistakes={K("mse_sum"): float(sq.sum()), K("mse_half"): float(sq.mean() / 2)})
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
                           K("mae_sum"): float(np.abs(yp - yt).sum())})
    assert_close(got, reference.mae(yp, yt), "mae(y_pred, y_true)")


@pytest.mark.points(1)
@pytest.mark.concept(PENALTY)
@given(w=float_arrays(shapes(1, 3, 1, 5)))
def test_l1_penalty(student, reference, w):
    expected = torch.linalg.vector_norm(T(w), ord=1).item()
    got = as_array(student.l1_penalty(w), "l1_penalty(w)")
    assert_close(got, expected, "l1_penalty(w)", dtype_kind="f",
                 mistakes={K("l1_no_abs"): float(w.sum()), K("penalty_mean"): float(np.abs(w).mean())})
    assert_close(got, reference.l1_penalty(w), "l1_penalty(w)")


@pytest.mark.points(1)
@pytest.mark.concept(PENALTY)
@given(w=float_arrays(shapes(1, 3, 1, 5)))
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
    assert_close(g.numpy() / scale, np.zeros(d), f"∇J at {what} (divided by {scale:.3g})", atol=1e-8)


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


def logistic_variants(X: np.ndarray, y: np.ndarray, lr: float, epochs: int) -> dict[str, tuple[np.ndarray, float]]:
    """What the typical mistakes would return."""
    n = len(y)
    out = {}
    with np.errstate(all="ignore"):
        for key in ("logistic_sign_flipped", "logistic_no_sigmoid", "logistic_grad_sum", "logistic_no_bias"):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                z = X @ w + b
                err = (z if key == "logistic_no_sigmoid" else 1 / (1 + np.exp(-z))) - y
                gw, gb = (X.T @ err, err.sum()) if key == "logistic_grad_sum" else (X.T @ err / n, err.mean())
                sign = -1.0 if key == "logistic_sign_flipped" else 1.0
                w = w - sign * lr * gw
                b = b - sign * lr * gb if key != "logistic_no_bias" else b
            out[K(key)] = (w, b)
    return out


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
    assert_close(np.append(w, b), np.append(w_exp, b_exp), f"{what}: [w..., b]", dtype_kind="f",
                 mistakes={k: np.append(*v) for k, v in variants.items()}, inputs=inputs)


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
        for epochs in (0, 1, 5):
            with cases.case():
                check_fit(student, X, y, 0.3, epochs, {"X": X, "y": y})


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


# ---- validation -----------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    a3, a4 = np.zeros(3), np.zeros(4)
    X, y = np.ones((4, 2)), np.array([0.0, 1.0, 1.0, 0.0])
    names = {"mse": ("y_pred", "y_true"), "mae": ("y_pred", "y_true"), "rmse": ("y_pred", "y_true"),
             "ridge_closed_form": ("X", "y", "lam"), "fit_logistic_regression": ("X", "y", "lr", "epochs")}
    cases = [
        ("mse", (a3, a4), "shapes differ"),
        ("mae", (a3, a4), "shapes differ"),
        ("rmse", (np.zeros(0), np.zeros(0)), "empty arrays"),
        ("ridge_closed_form", (X, np.zeros(3), 1.0), "y has 3 rows, X has 4"),
        ("ridge_closed_form", (X, y, -1.0), "negative lam"),
        ("ridge_closed_form", (np.zeros((5, 3)), np.zeros(5), 0.0), "lam = 0 with X^T X singular"),
        ("fit_logistic_regression", (X, np.array([0.0, 1.0, 2.0, 1.0]), 0.1, 10), "label 2"),
        ("fit_logistic_regression", (X, y, 0.0, 10), "lr = 0"),
        ("fit_logistic_regression", (X, y, 0.1, -1), "negative epochs"),
    ]
    with Cases() as checks:
        for fn, args, why in cases:
            with checks.case():
                assert_raises(lambda: getattr(student, fn)(*args), ValueError, f"{fn} ({why})",
                              inputs=dict(zip(names[fn], args)), hint=K("no_validation"))
