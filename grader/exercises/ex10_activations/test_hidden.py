"""Hidden tests for ex10_activations: every function and derivative against PyTorch (autograd for
the derivatives) and the reference, at random inputs, at the kinks, and at |x| up to 1e4 and beyond;
the documented defaults (PyTorch's), float64 results, shapes, untouched inputs and invalid input."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given

from grader.author import (
    Cases,
    Feedback,
    as_array,
    assert_close,
    assert_raises,
    assert_unchanged,
    first_warning,
    float_arrays,
    floats,
    keys,
    output_during,
    quoted,
    shapes,
)

K = keys(__file__)


FORMULA = K("concept.formula")
DERIV = K("concept.derivative")
KINK = K("concept.kinks")
STABLE = K("concept.stability")
VALID = K("concept.validation")

TORCH = {
    "sigmoid": lambda t: torch.sigmoid(t),
    "tanh": lambda t: torch.tanh(t),
    "relu": lambda t: F.relu(t),
    "relu6": lambda t: F.relu6(t),
    "leaky_relu": lambda t, alpha=0.01: F.leaky_relu(t, alpha),
    "elu": lambda t, alpha=1.0: F.elu(t, alpha),
    "selu": lambda t: F.selu(t),
    "hardtanh": lambda t, min_val=-1.0, max_val=1.0: F.hardtanh(t, min_val, max_val),
}
NAMES = tuple(TORCH)
FUNCTIONS = tuple(f for name in NAMES for f in (name, f"{name}_grad"))
# The parameters of each function that has some, with their documented defaults (PyTorch's).
DEFAULTS = {"leaky_relu": {"alpha": 0.01}, "elu": {"alpha": 1.0}, "hardtanh": {"min_val": -1.0, "max_val": 1.0}}
TORCH_DEFAULTS = {"leaky_relu": F.leaky_relu, "elu": F.elu, "hardtanh": F.hardtanh}
EXTREMES = np.array([-1e300, -1e4, -1e3, -745.0, -710.0, -700.0, -50.0, -1.0, 0.0, 1.0, 50.0, 700.0, 710.0, 745.0, 1e3, 1e4, 1e300])
KINKS = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.5, 6.0, 7.0])

xs = float_arrays(shapes(1, 2, 1, 6))
alphas = floats(0.0, 3.0)


def oracle(name: str, x: np.ndarray, **kw) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's value and autograd derivative (of the sum, i.e. element-wise) at x."""
    t = torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    y = TORCH[name](t, **kw)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


def _call(name: str, kw: dict) -> str:
    args = "".join(f", {k}={v!r}" for k, v in kw.items())
    return f"{name}(x{args})"


def check(student, reference, name: str, x: np.ndarray, kw: dict | None = None,
          fwd_mistakes: dict | None = None, grad_mistakes: dict | None = None, value: bool = True, show: bool = False) -> None:
    """The student's ``name`` and ``name_grad`` at x against torch and against the reference.

    ``show``: print the input on failure (hypothesis prints its own examples).
    """
    kw = kw or {}
    y, g = oracle(name, x, **kw)
    inputs = {"x": x, **kw} if show else None
    if value:
        got = getattr(student, name)(x, **kw)
        assert_close(got, y, _call(name, kw), mistakes=fwd_mistakes, dtype_kind="f", inputs=inputs)
        assert_close(got, getattr(reference, name)(x, **kw), _call(name, kw), inputs=inputs)
    got = getattr(student, f"{name}_grad")(x, **kw)
    assert_close(got, g, _call(f"{name}_grad", kw), mistakes=grad_mistakes, dtype_kind="f", inputs=inputs)
    assert_close(got, getattr(reference, f"{name}_grad")(x, **kw), _call(f"{name}_grad", kw), inputs=inputs)


def has_nan(got: np.ndarray) -> bool:
    return bool(np.isnan(got).any())


def grad_of_input(x: np.ndarray, name: str) -> np.ndarray:
    return x * (1 - x) if name == "sigmoid" else 1 - x**2


# First of the hidden tests: Python prints a warning only the first time a line of code raises it,
# so this test must see large inputs before any other test does.
@pytest.mark.points(1)
@pytest.mark.concept(STABLE)
def test_large_inputs_without_warnings(student, grading):
    """No RuntimeWarning for |x| up to 1e4 (np.where evaluates e^x at x = 1e4 too: the docstring says
    to compute the negative branch from min(x, 0))."""
    x = np.array([-1e4, -800.0, -1.0, 0.0, 1.0, 800.0, 1e4])
    with Cases() as checks:
        for fn in FUNCTIONS:
            with checks.case():
                got, log = output_during(grading, lambda fn=fn: getattr(student, fn)(x))
                as_array(got, f"{fn}(x)")
                warning = first_warning(log)
                if warning is not None:
                    raise Feedback(K("warnings"), hint=K("overflow_warning"), what=f"{fn}(x)",
                                   warning=quoted(warning), inputs={"x": x})


@pytest.mark.points(2)
@pytest.mark.concept(DERIV)
@given(x=xs)
def test_sigmoid(student, reference, x):
    s = reference.sigmoid(x)
    check(student, reference, "sigmoid", x,
          fwd_mistakes={K("sigmoid_sign"): reference.sigmoid(-x)},
          grad_mistakes={K("grad_of_input"): grad_of_input(x, "sigmoid"), K("grad_is_forward"): s})


@pytest.mark.points(2)
@pytest.mark.concept(DERIV)
@given(x=xs)
def test_tanh(student, reference, x):
    t = np.tanh(x)
    check(student, reference, "tanh", x,
          grad_mistakes={K("grad_of_input"): grad_of_input(x, "tanh"), K("grad_is_forward"): t,
                         K("tanh_grad_no_square"): 1 - t})


@pytest.mark.points(2)
@pytest.mark.concept(FORMULA)
@given(x=xs)
def test_relu(student, reference, x):
    check(student, reference, "relu", x,
          grad_mistakes={K("relu_grad_zero"): (x >= 0).astype(float), K("grad_is_forward"): reference.relu(x)})


@pytest.mark.points(2)
@pytest.mark.concept(FORMULA)
@given(x=float_arrays(shapes(1, 2, 1, 6), -3.0, 9.0))
def test_relu6(student, reference, x):
    check(student, reference, "relu6", x,
          fwd_mistakes={K("relu6_no_cap"): reference.relu(x)},
          grad_mistakes={K("relu6_no_cap"): (x > 0).astype(float)})


@pytest.mark.points(2)
@pytest.mark.concept(FORMULA)
@given(x=xs, alpha=alphas)
def test_leaky_relu(student, reference, x, alpha):
    check(student, reference, "leaky_relu", x, {"alpha": alpha},
          fwd_mistakes={K("leaky_alpha_swapped"): np.where(x > 0, alpha * x, x)},
          grad_mistakes={K("leaky_alpha_swapped"): np.where(x > 0, alpha, 1.0)})


@pytest.mark.points(2)
@pytest.mark.concept(DERIV)
@given(x=xs, alpha=alphas)
def test_elu(student, reference, x, alpha):
    neg = np.minimum(x, 0)
    check(student, reference, "elu", x, {"alpha": alpha},
          fwd_mistakes={K("elu_no_alpha"): reference.elu(x, 1.0)},
          grad_mistakes={K("elu_grad_is_forward"): np.where(x > 0, 1.0, alpha * np.expm1(neg)),
                         K("elu_no_alpha"): np.where(x > 0, 1.0, np.exp(neg))})


@pytest.mark.points(2)
@pytest.mark.concept(FORMULA)
@given(x=xs)
def test_selu(student, reference, x):
    a, lam = reference.SELU_ALPHA, reference.SELU_SCALE
    neg = np.minimum(x, 0)
    check(student, reference, "selu", x,
          fwd_mistakes={K("selu_no_scale"): reference.elu(x, a),
                        K("selu_scale_negative_only"): np.where(x > 0, x, lam * a * np.expm1(neg))},
          grad_mistakes={K("selu_no_scale"): reference.elu_grad(x, a),
                         K("selu_scale_negative_only"): np.where(x > 0, 1.0, lam * a * np.exp(neg))})


@pytest.mark.points(2)
@pytest.mark.concept(FORMULA)
@given(x=xs, lo=floats(-3.0, 0.0), width=floats(0.0, 4.0))
def test_hardtanh(student, reference, x, lo, width):
    kw = {"min_val": lo, "max_val": lo + width}
    check(student, reference, "hardtanh", x, kw,
          fwd_mistakes={K("hardtanh_defaults"): reference.hardtanh(x)})


@pytest.mark.points(3)
@pytest.mark.concept(KINK)
def test_derivatives_at_the_kinks(student, reference):
    x = KINKS  # holds -1, 0, 1 and 6
    inclusive = lambda lo, hi: ((x >= lo) & (x <= hi)).astype(float)  # noqa: E731
    kink = K("kink_convention")
    cases = [
        ("relu", {}, {K("relu_grad_zero"): (x >= 0).astype(float)}),
        ("relu6", {}, {kink: lambda g: g[3] == 1 or g[8] == 1}),
        ("hardtanh", {}, {kink: inclusive(-1, 1)}),
        ("hardtanh", {"min_val": 0.0, "max_val": 6.0}, {kink: inclusive(0, 6)}),
        ("leaky_relu", {"alpha": 0.2}, {kink: np.where(x >= 0, 1.0, 0.2)}),
        ("elu", {"alpha": 0.5}, {kink: np.where(x >= 0, 1.0, 0.5 * np.exp(np.minimum(x, 0)))}),
        ("selu", {}, {kink: lambda g: np.isclose(g[3], reference.SELU_SCALE)}),
    ]
    with Cases() as checks:
        for name, kw, mistakes in cases:
            with checks.case():
                check(student, reference, name, x, kw, grad_mistakes=mistakes, value=False, show=True)


@pytest.mark.points(3)
@pytest.mark.concept(STABLE)
def test_extreme_inputs_stay_finite(student, reference):
    x = EXTREMES
    overflow = {"sigmoid": K("sigmoid_overflow"), "tanh": K("tanh_overflow")}
    with Cases() as checks:
        for name in NAMES:
            key = overflow.get(name, K("overflow"))
            grad_mistakes = {key: has_nan}
            if name in ("sigmoid", "tanh"):
                grad_mistakes[K("grad_of_input")] = grad_of_input(x, name)
            with checks.case():
                check(student, reference, name, x, fwd_mistakes={key: has_nan}, grad_mistakes=grad_mistakes, show=True)


@pytest.mark.points(1)
@pytest.mark.concept(FORMULA)
def test_shapes_scalars_and_integer_input(student, reference):
    x3 = np.arange(-12, 12).reshape(2, 3, 4)  # integers: the result must still be float
    with Cases() as checks:
        for name in NAMES:
            y, g = oracle(name, x3)
            for fn, expected in ((name, y), (f"{name}_grad", g)):
                with checks.case():
                    assert_close(getattr(student, fn)(x3), expected, f"{fn}(x) on an int array of shape (2, 3, 4)",
                                 dtype_kind="f", inputs={"x": x3})
                    got = as_array(getattr(student, fn)(0.75), f"{fn}(0.75)")
                    if got.shape == (1,):  # the wire sends a 0-d array as shape (1,)
                        got = got.reshape(())
                    assert_close(got, getattr(reference, fn)(0.75), f"{fn}(0.75)", dtype_kind="f")


@pytest.mark.points(1)
@pytest.mark.concept(FORMULA)
def test_input_not_modified(student):
    """Every function leaves x as it was (relu, leaky_relu, elu, hardtanh are tempting to do in place)."""
    helper = student.helper("helpers_core")
    x = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 7.0]])
    with Cases() as checks:
        for fn in FUNCTIONS:
            kw = {"alpha": 0.1} if fn.startswith("leaky") else {}
            with checks.case():
                _, after = helper.call_and_return_args(fn, x.copy(), **kw)
                assert_unchanged(x, after[0], _call(fn, kw), hint=K("in_place"))


@pytest.mark.points(2)
@pytest.mark.concept(FORMULA)
def test_default_parameters(student, reference):
    """Called without them, the parameters take their documented defaults, PyTorch's: alpha=0.01 for
    leaky_relu (negative_slope), alpha=1.0 for elu, [-1, 1] for hardtanh."""
    x = np.array([-5.0, -2.0, -1.5, -1.0, -0.5, -0.1, 0.0, 0.3, 0.9, 1.0, 1.5, 4.0, 7.0])
    others = {"leaky_relu": [{"alpha": a} for a in (0.1, 0.2, 0.02, 0.001, 0.0, 1.0)],
              "elu": [{"alpha": a} for a in (0.5, 0.1, 0.01, 2.0, reference.SELU_ALPHA)],
              "hardtanh": [{"min_val": lo, "max_val": hi} for lo, hi in ((0.0, 1.0), (0.0, 6.0), (-2.0, 2.0))]}
    with Cases() as checks:
        for name, kw in DEFAULTS.items():
            t = torch.tensor(x, requires_grad=True)
            out = TORCH_DEFAULTS[name](t)  # torch's own defaults, not the test's
            (tg,) = torch.autograd.grad(out.sum(), t)
            y, g = out.detach().numpy(), tg.numpy()
            for fn, expected in ((name, y), (f"{name}_grad", g)):
                ref = getattr(reference, fn)
                np.testing.assert_allclose(ref(x, **kw), expected, rtol=1e-12)  # the documented values are torch's
                wrong = [ref(x, **o) for o in others[name]]
                mistakes = {K("wrong_default"): lambda got, wrong=wrong: any(
                    got.shape == w.shape and np.allclose(got, w) for w in wrong)}
                with checks.case():
                    assert_close(getattr(student, fn)(x), expected, f"{fn}(x)", mistakes=mistakes, inputs={"x": x})


@pytest.mark.points(1)
@pytest.mark.concept(FORMULA)
def test_results_are_float64(student):
    """float64 results from float32 and integer arrays and from Python ints (numpy keeps float32, and
    np.maximum(x, 0) keeps integers, unless told otherwise)."""
    inputs = [("x.dtype == float32", np.array([-2.5, 0.0, 0.5, 3.0], dtype=np.float32)),
              ("x.dtype == int64", np.array([-3, 0, 2, 8])),
              ("x = 3", 3), ("x = -2", -2)]
    with Cases() as checks:
        for fn in FUNCTIONS:
            with checks.case():
                for label, x in inputs:
                    what = f"{fn}(x), {label}"
                    got = as_array(getattr(student, fn)(x), what)
                    if got.dtype != np.float64:
                        raise Feedback("core.dtype", hint=K("not_float64"), what=what, expected="float64",
                                       got=str(got.dtype), inputs={"x": x})


@pytest.mark.points(0.5)
@pytest.mark.concept(FORMULA)
def test_empty_and_3d_input(student, reference):
    """Any shape: arrays with no entries, and 3-D ones, come back with their shape."""
    rng = np.random.default_rng(10)
    xs_ = [np.zeros((0,)), np.zeros((2, 0, 3)), rng.normal(size=(2, 1, 3)) * 4]
    with Cases() as checks:
        for fn in FUNCTIONS:
            with checks.case():
                for x in xs_:
                    assert_close(getattr(student, fn)(x), getattr(reference, fn)(x), f"{fn}(x)", dtype_kind="f",
                                 inputs={"x": x})


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_rejects_invalid_parameters(student):
    """A negative or non-finite alpha, and min_val > max_val (also when only one of them is given),
    raise ValueError; numpy would compute something for each (np.clip with min > max gives max)."""
    x = np.array([-1.0, 0.0, 1.0])
    nan, inf = float("nan"), float("inf")
    cases = [(fn, kw) for fn in ("leaky_relu", "leaky_relu_grad", "elu", "elu_grad")
             for kw in ({"alpha": -0.1}, {"alpha": nan}, {"alpha": inf})]
    cases += [(fn, kw) for fn in ("hardtanh", "hardtanh_grad")
              for kw in ({"min_val": 1.0, "max_val": -1.0}, {"min_val": 2.0}, {"max_val": -2.0})]
    with Cases() as checks:
        for fn, kw in cases:
            with checks.case():
                assert_raises(lambda fn=fn, kw=kw: getattr(student, fn)(x, **kw), ValueError, _call(fn, kw),
                              inputs={"x": x, **kw}, hint=K("no_validation"))


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_rejects_x_that_is_not_real(student):
    """Complex x (astype(float) would drop the imaginary part with only a warning) and strings, numeric
    ones included (astype(float) would parse "1.5"), raise ValueError in every function."""
    bad = [np.array([1.0 + 2.0j, -0.5 + 0.0j]), np.array(["1.5", "-2"]), np.array(["a", "b"])]
    with Cases() as checks:
        for fn in FUNCTIONS:
            with checks.case():
                for x in bad:
                    assert_raises(lambda fn=fn, x=x: getattr(student, fn)(x), ValueError, f"{fn}(x), x.dtype == {x.dtype}",
                                  inputs={"x": x}, hint=K("no_validation"))


@pytest.mark.points(0.5)
@pytest.mark.concept(VALID)
def test_accepts_the_boundaries(student, reference):
    """alpha = 0 (allowed: ≥ 0) and min_val == max_val (allowed: only min_val > max_val is refused) work."""
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    cases = [(fn, {"alpha": 0.0}) for fn in ("leaky_relu", "leaky_relu_grad", "elu", "elu_grad")]
    cases += [(fn, {"min_val": 0.5, "max_val": 0.5}) for fn in ("hardtanh", "hardtanh_grad")]
    with Cases() as checks:
        for fn, kw in cases:
            with checks.case():
                assert_close(getattr(student, fn)(x, **kw), getattr(reference, fn)(x, **kw), _call(fn, kw),
                             dtype_kind="f", inputs={"x": x, **kw})
