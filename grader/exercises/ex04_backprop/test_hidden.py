"""Hidden tests for ex04_backprop.

Every gradient is checked three independent ways:

* against PyTorch autograd in float64 (an oracle that shares no code with the reference, so these
  tests also hold the reference to account: it must score full marks);
* against the reference on random shapes and values (hypothesis);
* against central differences of the student's OWN loss, (L(θ + h) − L(θ − h)) / 2h (CS231n's
  gradient check), so a wrong gradient is caught even where the loss is wrong as well.

Gradients are compared by their relative error, max|got − expected| / max(max|got|, max|expected|):
scale-free, and 0 for an exact match. float64 round-off of a correct backward pass stays below 1e-12,
the mistakes in the catalogue are ≥ 1e-1, so TOL = 1e-8 separates them with room; central
differences with h = 1e-6 are accurate to about 1e-8 here, so NUMERIC_TOL = 1e-5.

torch is imported here, in the grader process only; the student's child stays numpy-only.
Inputs are kept moderate (|scores| well below 700): a missing softmax max-shift is ex05's subject.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import Cases, Feedback, as_array, assert_close, assert_raises, diagnose, float_arrays, keys

K = keys(__file__)


LINEAR = K("concept.linear")
ACT = K("concept.activation")
SOFTMAX = K("concept.softmax_ce")
CHAIN = K("concept.chain_rule")
GRADCHECK = K("concept.gradient_check")
VALID = K("concept.validation")

TOL = 1e-8
NUMERIC_TOL = 1e-5
PARAMS = ("W2", "b2", "W1", "b1")  # backprop order: the first wrong one is where the error entered


# ---- helpers ---------------------------------------------------------------------------------

ROUND_OFF = 1e-12  # an absolute floor: float64 round-off of gradients of order one is about 1e-16


def rel_error(got: np.ndarray, expected: np.ndarray) -> float:
    """max|got − expected| / max(max|got|, max|expected|); inf where got is not finite."""
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if not np.all(np.isfinite(got)):
        return float("inf")
    if got.size == 0:
        return 0.0
    scale = max(float(np.abs(got).max()), float(np.abs(expected).max()), 1e-12)
    return float(np.abs(got - expected).max()) / scale


def check_grad(got: Any, expected: np.ndarray, param: str, call: str, *, label: str | None = None,
               source: str = "autograd", tol: float = TOL, mistakes: dict[str, Any] | None = None,
               inputs: dict[str, Any] | None = None, hint_rtol: float = 1e-6, hint_atol: float = 1e-9) -> None:
    """Feedback naming the parameter whose gradient is wrong, and by how much (relative error).

    ``param`` is what the gradient is taken with respect to ("W1", "x"); ``label`` is how the
    student's code names the returned array ("grads['W1']", "dx").
    """
    expected = np.asarray(expected, dtype=np.float64)
    what = f"{call} → {label or 'd' + param}"
    arr = as_array(got, what)
    hint = diagnose(arr, {**(mistakes or {}), **shape_mistakes(param, expected)}, hint_rtol, hint_atol)
    if arr.shape != expected.shape:
        raise Feedback("core.shape", hint=hint, what=what, expected=expected.shape, got=arr.shape, inputs=inputs)
    err = rel_error(arr, expected)
    # An exact 0 answered as 1e-17 is round-off, not a mistake: differences below ROUND_OFF always pass.
    if not (err <= tol or float(np.abs(arr - expected).max(initial=0.0)) <= ROUND_OFF):
        raise Feedback(K(f"grad_vs_{source}"), hint=hint, call=call, param=param, rel_err=err, tol=tol,
                       values=(expected, arr), inputs=inputs)


def shape_mistakes(param: str, expected: np.ndarray) -> dict[str, Any]:
    """Wrong shapes that name their mistake wherever a weight or bias gradient is checked."""
    if param.startswith("W") and expected.ndim == 2 and expected.shape[0] != expected.shape[1]:
        return {K("dw_transposed"): lambda g: g.shape == expected.T.shape and np.allclose(g, expected.T)}
    if param.startswith("b") and expected.ndim == 1:
        return {K("db_not_summed"): lambda g: g.ndim == 2 and g.shape[1:] == expected.shape}
    return {}


def unpack_mlp(result: Any, call: str) -> tuple[Any, dict[str, Any]]:
    """(loss, grads) from the student's return value, or Feedback saying what is wrong with it."""
    if not isinstance(result, (tuple, list)) or len(result) != 2 or not isinstance(result[1], dict):
        raise Feedback(K("bad_return"), call=call, got=type(result).__name__)
    loss, grads = result[0], result[1]
    missing = [k for k in PARAMS if k not in grads]
    if missing:
        raise Feedback(K("missing_grads"), call=call, missing=", ".join(missing),
                       got=", ".join(map(repr, grads)) or "none")
    return loss, grads


def sig(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def variant_grads(X: np.ndarray, y: np.ndarray, P: dict[str, np.ndarray], act: str,
                  variant: str) -> dict[str, np.ndarray]:
    """The gradients a known wrong backward pass of the MLP produces (for naming the mistake)."""
    n = X.shape[0]
    h = X @ P["W1"] + P["b1"]
    a = sig(h) if act == "sigmoid" else np.maximum(h, 0.0)
    s = a @ P["W2"] + P["b2"]
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    onehot = np.eye(s.shape[1])[y]
    ds = {"missing_one_hot": p / n, "not_averaged": p - onehot}.get(variant, (p - onehot) / n)
    da = ds @ P["W2"].T
    if act == "sigmoid":
        dh = da * sig(a) * (1 - sig(a)) if variant == "sigmoid_preactivation" else da * a * (1 - a)
    else:
        dh = da * (h >= 0) if variant == "relu_at_zero" else da * (h > 0)
    return {"W1": X.T @ dh, "b1": dh.sum(0), "W2": a.T @ ds, "b2": ds.sum(0)}


def mlp_mistakes(X: np.ndarray, y: np.ndarray, P: dict[str, np.ndarray], act: str) -> dict[str, dict[str, Any]]:
    """For each parameter, the catalogue key → wrong value of each known mistake."""
    variants = {K("grads_not_averaged"): "not_averaged", K("missing_one_hot"): "missing_one_hot"}
    variants[K("sigmoid_preactivation") if act == "sigmoid" else K("relu_at_zero")] = (
        "sigmoid_preactivation" if act == "sigmoid" else "relu_at_zero")
    grads = {key: variant_grads(X, y, P, act, v) for key, v in variants.items()}
    return {k: {key: g[k] for key, g in grads.items()} for k in PARAMS}


def torch_mlp(X: np.ndarray, y: np.ndarray, P: dict[str, np.ndarray], act: str) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and gradients by PyTorch autograd (float64)."""
    T = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in P.items()}
    h = torch.tensor(X, dtype=torch.float64) @ T["W1"] + T["b1"]
    a = torch.sigmoid(h) if act == "sigmoid" else torch.relu(h)
    loss = F.cross_entropy(a @ T["W2"] + T["b2"], torch.tensor(y, dtype=torch.int64))
    loss.backward()
    return loss.item(), {k: t.grad.numpy() for k, t in T.items()}


def random_mlp(seed: int, n: int, d: int, h: int, c: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, c, size=n)
    P = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h) * 0.5,
         "W2": rng.normal(size=(h, c)), "b2": rng.normal(size=c) * 0.5}
    return X, y, P


def mlp_call(act: str, X: np.ndarray) -> str:
    return f"mlp_loss_and_grads(X of shape {X.shape}, ..., activation={act!r})"


@st.composite
def mlp_problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], str]:
    n, d, h, c = (draw(st.integers(1, 5)) for _ in range(4))
    c = max(c, 2)
    X = draw(float_arrays((n, d), -3, 3))
    y = np.asarray(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    P = {"W1": draw(float_arrays((d, h), -2, 2)), "b1": draw(float_arrays((h,), -2, 2)),
         "W2": draw(float_arrays((h, c), -2, 2)), "b2": draw(float_arrays((c,), -2, 2))}
    return X, y, P, draw(st.sampled_from(["sigmoid", "relu"]))


@st.composite
def linear_problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n, d, h = (draw(st.integers(1, 5)) for _ in range(3))
    return (draw(float_arrays((n, h), -5, 5)), draw(float_arrays((n, d), -5, 5)),
            draw(float_arrays((d, h), -5, 5)), draw(float_arrays((h,), -5, 5)))


def linear_mistakes(dout: np.ndarray, x: np.ndarray, W: np.ndarray) -> dict[str, dict[str, Any]]:
    def not_summed(g: np.ndarray) -> bool:
        return any(g.shape == v.shape and np.allclose(g, v) for v in (dout, dout.mean(axis=0), dout.sum(axis=1)))

    dx = {K("dx_no_transpose"): dout @ W} if W.shape[0] == W.shape[1] else {}
    return {"dx": dx,
            "dW": {K("dw_transposed"): dout.T @ x},
            "db": {K("db_not_summed"): not_summed}}


def check_linear_backward(got: Any, expected: tuple[np.ndarray, ...], dout: np.ndarray, x: np.ndarray,
                          W: np.ndarray, source: str, inputs: dict[str, Any] | None = None) -> None:
    call = f"linear_backward(dout {dout.shape}, x {x.shape}, W {W.shape})"
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Feedback(K("bad_linear_return"), call=call, got=type(got).__name__)
    mistakes = linear_mistakes(dout, x, W)
    for name, g, e in zip(("x", "W", "b"), got, expected):
        check_grad(g, e, name, call, source=source, mistakes=mistakes["d" + name], inputs=inputs)


def torch_linear(dout: np.ndarray, x: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    tx, tW, tb = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (x, W, b))
    (tx @ tW + tb).backward(torch.tensor(dout, dtype=torch.float64))
    return tx.grad.numpy(), tW.grad.numpy(), tb.grad.numpy()


# ---- linear layer ------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(LINEAR)
@given(prob=linear_problems())
def test_linear_forward(student, reference, prob):
    _, x, W, b = prob
    got = student.linear_forward(x, W, b)
    expected = reference.linear_forward(x, W, b)
    oracle = F.linear(torch.tensor(x), torch.tensor(W).T, torch.tensor(b)).numpy()  # nn.Linear stores W.T
    assert_close(got, oracle, "linear_forward(x, W, b) vs F.linear", rtol=1e-9, atol=1e-9)
    assert_close(got, expected, "linear_forward(x, W, b)", rtol=1e-9, atol=1e-9)


@pytest.mark.points(2.5)
@pytest.mark.concept(LINEAR)
def test_linear_backward_autograd(student):
    # A square W first: there a missing transpose gives a wrong value instead of a shape error.
    shapes = [(4, 3, 3), (5, 4, 2), (1, 3, 6), (6, 1, 1)]
    with Cases() as cases:
        for i, (n, d, h) in enumerate(shapes):
            rng = np.random.default_rng(40 + i)
            dout, x = rng.normal(size=(n, h)), rng.normal(size=(n, d))
            W, b = rng.normal(size=(d, h)), rng.normal(size=h)
            with cases.case():
                check_linear_backward(student.linear_backward(dout, x, W), torch_linear(dout, x, W, b), dout, x, W,
                                      "autograd", inputs={"dout": dout, "x": x, "W": W})


@pytest.mark.points(2)
@pytest.mark.concept(LINEAR)
@given(prob=linear_problems())
def test_linear_backward_random(student, reference, prob):
    dout, x, W, _ = prob
    check_linear_backward(student.linear_backward(dout, x, W), reference.linear_backward(dout, x, W), dout, x, W,
                          "reference")


# ---- activations -------------------------------------------------------------------------------

def sigmoid_mistakes(dout: np.ndarray, out: np.ndarray) -> dict[str, Any]:
    return {K("sigmoid_preactivation"): dout * sig(out) * (1 - sig(out)),
            K("forgot_dout"): out * (1 - out)}


def relu_mistakes(dout: np.ndarray, x: np.ndarray) -> dict[str, Any]:
    return {K("relu_at_zero"): np.where(x >= 0, dout, 0.0),
            K("relu_wrong_side"): lambda g: g.shape == x.shape and (
                np.allclose(g, np.where(x < 0, dout, 0.0)) or np.allclose(g, np.where(x <= 0, dout, 0.0))),
            K("forgot_dout"): lambda g: g.shape == x.shape and (
                np.array_equal(g, (x > 0).astype(float)) or np.array_equal(g, (x >= 0).astype(float)))}


@pytest.mark.points(1.5)
@pytest.mark.concept(ACT)
def test_sigmoid_backward_autograd(student):
    rng = np.random.default_rng(7)
    z = torch.tensor(np.concatenate([rng.normal(scale=3, size=(4, 5)), [[-30, -5, 0, 5, 30]]]), requires_grad=True)
    out = torch.sigmoid(z)
    dout = rng.normal(size=tuple(z.shape))
    out.backward(torch.tensor(dout))
    out_np = out.detach().numpy()
    check_grad(student.sigmoid_backward(dout, out_np), z.grad.numpy(), "x", "sigmoid_backward(dout, out)",
               mistakes=sigmoid_mistakes(dout, out_np), inputs={"dout": dout, "out": out_np})


@pytest.mark.points(1)
@pytest.mark.concept(ACT)
@given(dout=float_arrays((3, 4)), z=float_arrays((3, 4)))
def test_sigmoid_backward_random(student, reference, dout, z):
    out = sig(z)
    check_grad(student.sigmoid_backward(dout, out), reference.sigmoid_backward(dout, out), "x",
               "sigmoid_backward(dout, out)", source="reference", mistakes=sigmoid_mistakes(dout, out))


@pytest.mark.points(1.5)
@pytest.mark.concept(ACT)
def test_relu_backward_autograd(student):
    rng = np.random.default_rng(8)
    x_np = rng.normal(size=(4, 6))
    x_np[rng.random(size=x_np.shape) < 0.3] = 0.0  # exact zeros: the kink, where PyTorch's gradient is 0
    x_np[0, :3] = [0.0, -0.0, 1e-300]
    x = torch.tensor(x_np, requires_grad=True)
    dout = rng.normal(size=x_np.shape)
    torch.relu(x).backward(torch.tensor(dout))
    check_grad(student.relu_backward(dout, x_np), x.grad.numpy(), "x", "relu_backward(dout, x)",
               mistakes=relu_mistakes(dout, x_np), inputs={"dout": dout, "x": x_np})


@pytest.mark.points(1)
@pytest.mark.concept(ACT)
@given(dout=float_arrays((2, 5)), x=float_arrays((2, 5)).map(lambda a: np.where(np.abs(a) < 2, 0.0, a)))
def test_relu_backward_random(student, reference, dout, x):
    check_grad(student.relu_backward(dout, x), reference.relu_backward(dout, x), "x", "relu_backward(dout, x)",
               source="reference", mistakes=relu_mistakes(dout, x))


# ---- the whole network -------------------------------------------------------------------------

MLP_SHAPES = [(6, 4, 5, 3), (1, 3, 2, 2)]  # (N, D, H, C); N = 1 and C = 2 included


@pytest.mark.points(1.5)
@pytest.mark.concept(SOFTMAX)
def test_mlp_loss_autograd(student):
    with Cases() as cases:
        for act in ("sigmoid", "relu"):
            for i, shape in enumerate(MLP_SHAPES):
                X, y, P = random_mlp(100 + i, *shape)
                expected, _ = torch_mlp(X, y, P, act)
                summed = {K("loss_summed"): expected * X.shape[0]} if X.shape[0] > 1 else None
                with cases.case():
                    loss, _ = unpack_mlp(student.mlp_loss_and_grads(X, y, **P, activation=act), mlp_call(act, X))
                    assert_close(loss, expected, f"{mlp_call(act, X)}[0] vs F.cross_entropy",
                                 rtol=1e-9, atol=1e-12, inputs={"X": X, "y": y}, mistakes=summed)


@pytest.mark.points(3)
@pytest.mark.concept(CHAIN)
def test_mlp_grads_autograd(student):
    with Cases() as cases:
        for act in ("sigmoid", "relu"):
            for i, shape in enumerate([*MLP_SHAPES, (2, 0, 3, 2)]):  # D = 0 too: the docstring allows it
                X, y, P = random_mlp(200 + i, *shape)
                _, expected = torch_mlp(X, y, P, act)
                mistakes = mlp_mistakes(X, y, P, act)
                call = mlp_call(act, X)
                with cases.case():
                    _, grads = unpack_mlp(student.mlp_loss_and_grads(X, y, **P, activation=act), call)
                    for k in PARAMS:
                        check_grad(grads[k], expected[k], k, call, label=f"grads[{k!r}]", mistakes=mistakes[k],
                                   inputs={"X": X, "y": y})


@pytest.mark.points(2)
@pytest.mark.concept(CHAIN)
@settings(max_examples=40)
@given(prob=mlp_problems())
def test_mlp_grads_random(student, reference, prob):
    X, y, P, act = prob
    call = mlp_call(act, X)
    _, grads = unpack_mlp(student.mlp_loss_and_grads(X, y, **P, activation=act), call)
    _, expected = reference.mlp_loss_and_grads(X, y, **P, activation=act)
    mistakes = mlp_mistakes(X, y, P, act)
    for k in PARAMS:
        check_grad(grads[k], expected[k], k, call, label=f"grads[{k!r}]", source="reference", mistakes=mistakes[k])


def _away_from_kinks(shape: tuple[int, int, int, int]) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """A problem whose hidden pre-activations are all far from 0, where ReLU has no derivative."""
    for seed in range(300, 400):
        X, y, P = random_mlp(seed, *shape)
        if np.abs(X @ P["W1"] + P["b1"]).min() > 0.05:
            return X, y, P
    raise RuntimeError("no problem away from the ReLU kink")  # pragma: no cover


@pytest.mark.points(2)
@pytest.mark.concept(GRADCHECK)
def test_mlp_gradient_check(student):
    """The student's gradients against central differences of the student's own loss."""
    h = 1e-6
    with Cases() as cases:
        for act in ("sigmoid", "relu"):
            X, y, P = _away_from_kinks((4, 3, 4, 3))
            call = mlp_call(act, X)
            with cases.case():
                _, grads = unpack_mlp(student.mlp_loss_and_grads(X, y, **P, activation=act), call)
                mistakes = mlp_mistakes(X, y, P, act)
                for k in PARAMS:
                    numeric = np.zeros_like(P[k])
                    for idx in np.ndindex(P[k].shape):
                        losses = []
                        for step in (h, -h):
                            Q = {name: v.copy() for name, v in P.items()}
                            Q[k][idx] += step
                            loss, _ = unpack_mlp(student.mlp_loss_and_grads(X, y, **Q, activation=act), call)
                            value = as_array(loss, f"{call}[0]")
                            if value.shape != ():
                                raise Feedback("core.shape", what=f"{call}[0]", expected=(), got=value.shape)
                            losses.append(float(value))
                        numeric[idx] = (losses[0] - losses[1]) / (2 * h)
                    check_grad(grads[k], numeric, k, call, label=f"grads[{k!r}]", source="numeric", tol=NUMERIC_TOL,
                               mistakes=mistakes[k], inputs={"X": X, "y": y}, hint_rtol=1e-4, hint_atol=1e-7)


# ---- invalid input -----------------------------------------------------------------------------

# Each documented error with inputs numpy itself rejects AND with inputs numpy would accept silently
# (broadcasting, a 1-D array where the matrix product still works): only an explicit check raises on the latter.
@pytest.mark.points(1.5)
@pytest.mark.concept(VALID)
def test_layers_reject_invalid_input(student):
    x, W, b = np.ones((2, 3)), np.ones((3, 4)), np.ones(4)
    forward = [  # (case, x, W, b)
        ("x.shape[1] != W.shape[0]", np.ones((2, 2)), W, b),
        ("b.shape[0] != W.shape[1]", x, W, np.ones(3)),
        ("b.shape == (1,)", x, W, np.ones(1)),          # broadcasts
        ("b.shape == (1, 4)", x, W, np.ones((1, 4))),   # b not 1-D, broadcasts
        ("b.shape == (4, 1)", x[:1], W, np.ones((4, 1))),  # b not 1-D, b.shape[0] fits, broadcasts to (4, 4)
        ("x.ndim == 1", np.ones(3), W, b),              # (3,) @ (3, 4) works
        ("x.ndim == 3", np.ones((1, 2, 3)), W, b),      # a batched matmul works
        ("W.ndim == 1", x, np.ones(3), np.ones(1)),     # (2, 3) @ (3,) works
    ]
    backward = [  # (case, dout, x, W)
        ("dout.shape != (N, H)", np.ones((2, 3)), x, W),
        ("dout.ndim == 1", np.ones(4), np.ones((4, 3)), W),                  # N == H: every product works
        ("x.shape[1] != W.shape[0]", np.ones((2, 4)), x, np.ones((2, 4))),  # dx, dW of the wrong shapes
    ]
    elementwise = [  # (function, case, dout, other)
        ("sigmoid_backward", "(2, 3) != (3, 2)", np.ones((2, 3)), np.full((3, 2), 0.5)),
        ("sigmoid_backward", "(3,) != (3, 1)", np.ones(3), np.full((3, 1), 0.5)),      # broadcasts to (3, 3)
        ("sigmoid_backward", "(2, 3) != (3,)", np.ones((2, 3)), np.full(3, 0.5)),      # broadcasts
        ("relu_backward", "(4,) != (5,)", np.ones(4), np.ones(5)),
        ("relu_backward", "(2, 3) != (1, 3)", np.ones((2, 3)), np.ones((1, 3))),       # broadcasts
        ("relu_backward", "(3, 1) != (3,)", np.ones((3, 1)), np.ones(3)),              # broadcasts to (3, 3)
    ]
    with Cases() as checks:
        for case, xc, Wc, bc in forward:
            with checks.case():
                assert_raises(lambda: student.linear_forward(xc, Wc, bc), ValueError, f"linear_forward(x, W, b): {case}",
                              inputs={"x": xc, "W": Wc, "b": bc}, hint=K("no_validation"))
        for case, dc, xc, Wc in backward:
            with checks.case():
                assert_raises(lambda: student.linear_backward(dc, xc, Wc), ValueError,
                              f"linear_backward(dout, x, W): {case}", inputs={"dout": dc, "x": xc, "W": Wc},
                              hint=K("no_validation"))
        for fn, case, dc, other in elementwise:
            name = "out" if fn == "sigmoid_backward" else "x"
            with checks.case():
                assert_raises(lambda: getattr(student, fn)(dc, other), ValueError, f"{fn}(dout, {name}): {case}",
                              inputs={"dout": dc, name: other}, hint=K("no_validation"))


@pytest.mark.points(1.5)
@pytest.mark.concept(VALID)
def test_mlp_rejects_invalid_input(student):
    X, y, P = random_mlp(1, 3, 2, 4, 3)
    cases = [  # (case, X, y, parameters, activation)
        ("activation='tanh'", X, y, P, "tanh"),
        ("y.max() == C", X, np.array([0, 1, 3]), P, "relu"),
        ("y.min() < 0", X, np.array([0, -1, 2]), P, "sigmoid"),                 # indexes the last class
        ("y.dtype == float64", X, np.array([0.0, 1.0, 2.0]), P, "sigmoid"),
        ("y.shape == (2,)", X, np.array([0, 1]), P, "relu"),
        ("y.shape == (3, 1)", X, np.array([[0], [1], [2]]), P, "sigmoid"),     # indexing broadcasts to (3, 3)
        ("N == 0", np.ones((0, 2)), np.zeros(0, dtype=np.int64), P, "sigmoid"),  # a mean of nothing: nan
        ("W1.shape[0] != D", X, y, dict(P, W1=np.ones((3, 4))), "sigmoid"),
        ("b2.shape[0] != C", X, y, dict(P, b2=np.ones(2)), "relu"),
        ("b1.shape == (1,)", X, y, dict(P, b1=np.ones(1)), "sigmoid"),          # broadcasts
        ("b2.shape == (1,)", X, y, dict(P, b2=np.ones(1)), "relu"),             # broadcasts
    ]
    with Cases() as checks:
        for case, Xc, yc, Pc, act in cases:
            with checks.case():
                assert_raises(lambda: student.mlp_loss_and_grads(Xc, yc, **Pc, activation=act), ValueError,
                              f"mlp_loss_and_grads(X, y, W1, b1, W2, b2, activation={act!r}): {case}",
                              inputs={"X": Xc, "y": yc, **Pc, "activation": act}, hint=K("no_validation"))


# ---- defaults and types -------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(ACT)
def test_mlp_default_activation(student, reference):
    """Called without activation, the hidden layer is a sigmoid (the documented default)."""
    with Cases() as cases:
        for i, shape in enumerate(MLP_SHAPES):
            X, y, P = random_mlp(500 + i, *shape)
            call = "mlp_loss_and_grads(X, y, W1, b1, W2, b2)"
            inputs = {"X": X, "y": y, **P}
            expected_loss, expected = torch_mlp(X, y, P, "sigmoid")
            relu_loss, relu = torch_mlp(X, y, P, "relu")
            with cases.case():
                loss, grads = unpack_mlp(student.mlp_loss_and_grads(X, y, **P), call)
                assert_close(loss, expected_loss, f"{call}[0]", rtol=1e-9, atol=1e-12, inputs=inputs,
                             mistakes={K("default_activation"): relu_loss})
                for k in PARAMS:
                    check_grad(grads[k], expected[k], k, call, label=f"grads[{k!r}]", inputs=inputs,
                               mistakes={K("default_activation"): relu[k]})


@pytest.mark.points(0.5)
@pytest.mark.concept(SOFTMAX)
def test_mlp_loss_is_a_float(student):
    X, y, P = random_mlp(600, 4, 3, 2, 3)
    call = "mlp_loss_and_grads(X, y, W1, b1, W2, b2, activation='relu')"
    loss, _ = unpack_mlp(student.mlp_loss_and_grads(X, y, **P, activation="relu"), call)
    if not isinstance(loss, float):  # np.float64 is a float; a 0-d or 1-element array is not
        raise Feedback("core.wrong_type", hint=K("loss_not_float"), what=f"{call}[0]", expected="float",
                       got=type(loss).__name__, inputs={"X": X, "y": y, **P})


@pytest.mark.points(0.5)
@pytest.mark.concept(ACT)
def test_relu_backward_returns_floats(student):
    # Whole-number upstream gradients: the values are right even where an int cast slipped in.
    dout = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    x = np.array([[0.5, -1.0, 0.0], [2.0, -0.0, 3.0]])
    got = as_array(student.relu_backward(dout, x), "relu_backward(dout, x)")
    if not np.issubdtype(got.dtype, np.floating):
        raise Feedback("core.dtype", hint=K("relu_not_float"), what="relu_backward(dout, x)",
                       expected="floating-point", got=str(got.dtype), inputs={"dout": dout, "x": x})
