"""Hidden tests for ex20_pooling_inception.

The oracle is torch: ``F.max_pool2d`` / ``F.avg_pool2d`` / ``F.adaptive_*_pool2d`` in float64 and
their autograd gradients for a random ``grad_out``; for the Inception block a real ``nn.Module``
of ``nn.Conv2d`` / ``nn.MaxPool2d`` layers built here: its forward pass gives the output channels
(small blocks; for GoogLeNet's nine blocks the paper's table does) and ``sum(p.numel())``, on
torch's meta device so nothing is allocated, the parameter count. The reference is checked
against the same oracle.

Inputs are half the time small integers, so windows hold ties: the student's gradient must go
where torch sends it (the first maximum in row-major order). Known wrong answers are computed
here to name them: zero padding for max pooling, padding left out of the average, the gradient
sent to every tied maximum (or the last one), overlapping windows overwriting instead of adding,
gradients not divided by the window size, and for the Inception block a missing branch, the
reductions counted as outputs, missing biases, reductions ignored or not counted.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import example, given, settings
from hypothesis import strategies as st
from torch import nn

from grader.author import Cases, Feedback, StudentError, as_array, assert_close, assert_equal, keys, quoted

K = keys(__file__)

MAX = K("concept.max_pool")
AVG = K("concept.avg_pool")
GLOBAL = K("concept.global_pool")
BACKWARD = K("concept.backward")
INCEPTION = K("concept.inception")
VALIDATION = K("concept.validation")

# GoogLeNet's table (Szegedy et al. 2015): in, #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj
GOOGLENET = {
    "3a": (192, 64, 96, 128, 16, 32, 32), "3b": (256, 128, 128, 192, 32, 96, 64),
    "4a": (480, 192, 96, 208, 16, 48, 64), "4b": (512, 160, 112, 224, 24, 64, 64),
    "4c": (512, 128, 128, 256, 24, 64, 64), "4d": (512, 112, 144, 288, 32, 64, 64),
    "4e": (528, 256, 160, 320, 32, 128, 128), "5a": (832, 256, 160, 320, 32, 128, 128),
    "5b": (832, 384, 192, 384, 48, 128, 128),
}
GOOGLENET_OUT = {"3a": 256, "3b": 480, "4a": 512, "4b": 512, "4c": 512, "4d": 528, "4e": 832, "5a": 832, "5b": 1024}


def pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


# ---- the oracle: torch --------------------------------------------------------------------------------

def torch_pool(kind: str, x: np.ndarray, g: np.ndarray | None, k, s, p, **kw):
    """torch's output and, for ``g``, autograd's ∂L/∂x (both float64 numpy)."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = getattr(F, f"{kind}_pool2d")(t, k, s, p, **kw)
    if g is None:
        return y.detach().numpy(), None
    (dx,) = torch.autograd.grad(y, t, torch.from_numpy(g))
    return y.detach().numpy(), dx.numpy()


def torch_global(mode: str, x: np.ndarray, g: np.ndarray | None):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = getattr(F, f"adaptive_{mode}_pool2d")(t, 1).flatten(1)
    if g is None:
        return y.detach().numpy(), None
    (dx,) = torch.autograd.grad(y, t, torch.from_numpy(g))
    return y.detach().numpy(), dx.numpy()


def out_shape(x_shape, k, s, p):
    k, p = pair(k), pair(p)
    s = k if s is None else pair(s)
    return (*x_shape[:2], *((n + 2 * p[a] - k[a]) // s[a] + 1 for a, n in enumerate(x_shape[2:])))


# ---- the known wrong answers ------------------------------------------------------------------------------

def _window_starts(x_shape, k, s, p):
    k, p = pair(k), pair(p)
    s = k if s is None else pair(s)
    _, _, ho, wo = out_shape(x_shape, k, s, p)
    return k, s, p, ho, wo


def max_backward_by(x, g, k, s, p, rule: str) -> np.ndarray:
    """∂L/∂x of max pooling with ties broken by ``rule``: "every" (all tied maxima get the gradient),
    "last" (the last one), "split" (shared equally), "overwrite" (the first, but an input that wins
    several windows keeps only the last window's gradient)."""
    k, s, p, ho, wo = _window_starts(x.shape, k, s, p)
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])), constant_values=-np.inf)
    dxp = np.zeros(xp.shape)
    for a in range(n):
        for b in range(c):
            for i in range(ho):
                for j in range(wo):
                    r, q = i * s[0], j * s[1]
                    win = xp[a, b, r:r + k[0], q:q + k[1]]
                    hits = np.argwhere(win == win.max())
                    if rule == "last":
                        hits = hits[-1:]
                    elif rule == "overwrite":
                        hits = hits[:1]
                    share = g[a, b, i, j] / (len(hits) if rule == "split" else 1)
                    for u, v in hits:
                        if rule == "overwrite":
                            dxp[a, b, r + u, q + v] = share
                        else:
                            dxp[a, b, r + u, q + v] += share
    return dxp[:, :, p[0]:p[0] + h, p[1]:p[1] + w]


def max_variants(x, k, s, p) -> dict:
    out = {}
    if max(pair(p)) > 0:  # zeros instead of −∞ in the padding
        pp = pair(p)
        xz = np.pad(x, ((0, 0), (0, 0), (pp[0], pp[0]), (pp[1], pp[1])))
        out[K("pad_neg_inf")] = torch_pool("max", xz, None, k, s, 0)[0]
    if s is None:
        out[K("stride_default")] = _or_none(lambda: torch_pool("max", x, None, k, 1, p)[0])
    return {key: v for key, v in out.items() if v is not None}


def max_backward_variants(x, g, k, s, p) -> dict:
    out = {K("ties_every"): max_backward_by(x, g, k, s, p, "every"),
           K("ties_last"): max_backward_by(x, g, k, s, p, "last"),
           K("ties_split"): max_backward_by(x, g, k, s, p, "split"),
           K("overlap_accumulate"): max_backward_by(x, g, k, s, p, "overwrite")}
    if max(pair(p)) > 0:
        pp = pair(p)
        xz = np.pad(x, ((0, 0), (0, 0), (pp[0], pp[0]), (pp[1], pp[1])))
        dz = torch_pool("max", xz, g, k, s, 0)[1]
        out[K("pad_neg_inf")] = dz[:, :, pp[0]:pp[0] + x.shape[2], pp[1]:pp[1] + x.shape[3]]
    return out


def avg_variants(x, g, k, s, p) -> dict:
    """Forward and backward of the known mistakes: (forward variants, backward variants)."""
    kk = pair(k)
    fwd, bwd = {}, {}
    if max(pair(p)) > 0:
        y, dx = torch_pool("avg", x, g, k, s, p, count_include_pad=False)
        fwd[K("count_include_pad")], bwd[K("count_include_pad")] = y, dx
    if kk[0] * kk[1] > 1:
        bwd[K("avg_backward_scale")] = torch_pool("avg", x, g * kk[0] * kk[1], k, s, p)[1]
        fwd[K("avg_is_sum")] = torch_pool("avg", x, None, k, s, p)[0] * kk[0] * kk[1]
    if s is None:
        y = _or_none(lambda: torch_pool("avg", x, None, k, 1, p)[0])
        if y is not None:
            fwd[K("stride_default")] = y
    return fwd, bwd


def _or_none(f):
    try:
        return f()
    except RuntimeError:
        return None


# ---- running the student's functions ------------------------------------------------------------------------

def call_text(fn: str, k, s, p, extra: str = "") -> str:
    return f"{fn}({extra}x, kernel_size={k}, stride={s}, padding={p})"


def check_float64(got, what: str) -> None:
    arr = as_array(got, what)
    if arr.dtype != np.float64:
        raise Feedback("core.dtype", hint=K("not_float64"), what=what, expected="float64", got=str(arr.dtype))


def check_array(got, expected, what, mistakes=None, inputs=None) -> np.ndarray:
    arr = assert_close(got, expected, what, mistakes=mistakes, dtype_kind="f", inputs=inputs)
    check_float64(arr, what)
    return arr


@st.composite
def pool_problems(draw):
    """(x, grad seed, kernel_size, stride, padding): ties half the time, windows that overlap often."""
    k = draw(st.one_of(st.integers(1, 4), st.tuples(st.integers(1, 4), st.integers(1, 4))))
    kp = pair(k)
    p = draw(st.one_of(st.integers(0, min(kp) // 2), st.tuples(st.integers(0, kp[0] // 2), st.integers(0, kp[1] // 2))))
    pp = pair(p)
    s = draw(st.one_of(st.none(), st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    h = draw(st.integers(max(1, kp[0] - 2 * pp[0]), 7))
    w = draw(st.integers(max(1, kp[1] - 2 * pp[1]), 7))
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if draw(st.booleans()):  # small integers: windows with ties
        x = rng.integers(-2, 2, size=(n, c, h, w)).astype(np.float64)
    else:
        x = rng.normal(size=(n, c, h, w))
    g = rng.normal(size=out_shape(x.shape, k, s, p))
    return x, g, k, s, p


def boundary_problem(shape, k, s, p):
    """A fixed problem on the edges of the valid range (distinct values, so no ties)."""
    x = (np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) * 7 % 11) - 5.0
    g = np.arange(1.0, 1.0 + int(np.prod(out_shape(shape, k, s, p)))).reshape(out_shape(shape, k, s, p))
    return x, g, k, s, p


# Padded input exactly as large as the kernel (1×1 input, 3×3 kernel, padding 1), padding on one axis
# only (either way round), and a last window that reaches into the padding.
BOUNDARY = [boundary_problem((1, 1, 1, 1), 3, None, 1), boundary_problem((1, 1, 2, 2), (1, 3), 1, (0, 1)),
            boundary_problem((1, 1, 2, 2), (3, 1), 1, (1, 0)), boundary_problem((1, 1, 2, 2), 3, 1, 1)]


def at_the_edges(test):
    """The BOUNDARY problems first, then hypothesis's own."""
    for problem in reversed(BOUNDARY):
        test = example(problem=problem)(test)
    return test


# ---- max pooling -----------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.concept(MAX)
@settings(max_examples=20)
@given(problem=pool_problems())
@at_the_edges
def test_max_pool_matches_torch(student, reference, problem):
    x, _, k, s, p = problem
    what = call_text("max_pool2d", k, s, p)
    expected = torch_pool("max", x, None, k, s, p)[0]
    np.testing.assert_array_equal(reference.max_pool2d(x, k, s, p), expected)
    check_array(student.max_pool2d(x, k, s, p), expected, what + " vs F.max_pool2d",
                mistakes=max_variants(x, k, s, p), inputs={"x": x})


@pytest.mark.points(4)
@pytest.mark.concept(BACKWARD)
@settings(max_examples=20)
@given(problem=pool_problems())
@at_the_edges
def test_max_pool_backward_matches_autograd(student, reference, problem):
    x, g, k, s, p = problem
    what = call_text("max_pool2d_backward", k, s, p, "grad_out, ")
    expected = torch_pool("max", x, g, k, s, p)[1]
    np.testing.assert_allclose(reference.max_pool2d_backward(g, x, k, s, p), expected, rtol=1e-12, atol=1e-12)
    check_array(student.max_pool2d_backward(g, x, k, s, p), expected, what + " vs autograd of F.max_pool2d",
                mistakes=max_backward_variants(x, g, k, s, p), inputs={"x": x, "grad_out": g})


TIE_EXAMPLES = {  # name: (x, kernel_size, stride, padding)
    "a constant 4x4 map, overlapping 2x2 windows": (np.ones((1, 1, 4, 4)), 2, 1, 0),
    "the centre of a 3x3 map wins all four 2x2 windows": (np.array([[[[0., 1, 0], [1, 5, 1], [0, 1, 0]]]]), 2, 1, 0),
    "a tie in every 2x2 window, stride 2": (np.array([[[[3., 3, 1, 2], [0, 3, 2, 0], [1, 1, 4, 4], [1, 0, 4, 4]]]]),
                                            2, None, 0),
    "negative values next to the padding": (-np.arange(1.0, 10.0).reshape(1, 1, 3, 3), 3, 2, 1),
}


@pytest.mark.points(2)
@pytest.mark.concept(BACKWARD)
def test_max_pool_backward_ties_examples(student):
    with Cases() as cases:
        for name, (x, k, s, p) in TIE_EXAMPLES.items():
            with cases.case():
                g = np.arange(1.0, 1.0 + np.prod(out_shape(x.shape, k, s, p))).reshape(out_shape(x.shape, k, s, p))
                expected = torch_pool("max", x, g, k, s, p)[1]
                check_array(student.max_pool2d_backward(g, x, k, s, p), expected,
                            call_text("max_pool2d_backward", k, s, p, "grad_out, ") + f" ({name})",
                            mistakes=max_backward_variants(x, g, k, s, p), inputs={"x": x, "grad_out": g})


# ---- average pooling ---------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(AVG)
@settings(max_examples=15)
@given(problem=pool_problems())
@at_the_edges
def test_avg_pool_matches_torch(student, reference, problem):
    x, g, k, s, p = problem
    what = call_text("avg_pool2d", k, s, p)
    expected = torch_pool("avg", x, None, k, s, p)[0]
    np.testing.assert_allclose(reference.avg_pool2d(x, k, s, p), expected, rtol=1e-12, atol=1e-12)
    check_array(student.avg_pool2d(x, k, s, p), expected, what + " vs F.avg_pool2d",
                mistakes=avg_variants(x, g, k, s, p)[0], inputs={"x": x})


@pytest.mark.points(3)
@pytest.mark.concept(BACKWARD)
@settings(max_examples=15)
@given(problem=pool_problems())
@at_the_edges
def test_avg_pool_backward_matches_autograd(student, reference, problem):
    x, g, k, s, p = problem
    what = call_text("avg_pool2d_backward", k, s, p, "grad_out, ")
    expected = torch_pool("avg", x, g, k, s, p)[1]
    np.testing.assert_allclose(reference.avg_pool2d_backward(g, x, k, s, p), expected, rtol=1e-12, atol=1e-12)
    check_array(student.avg_pool2d_backward(g, x, k, s, p), expected, what + " vs autograd of F.avg_pool2d",
                mistakes=avg_variants(x, g, k, s, p)[1], inputs={"x": x, "grad_out": g})


@pytest.mark.points(1)
@pytest.mark.concept(AVG)
def test_avg_pool_padding_counts(student):
    # 3×3 windows, padding 1: a corner window holds 4 inputs and 5 zeros, and is divided by 9 (not 4).
    x = np.arange(1.0, 17.0).reshape(1, 1, 4, 4)
    g = np.ones((1, 1, 2, 2))
    y, dx = torch_pool("avg", x, g, 3, 2, 1)
    fwd, bwd = avg_variants(x, g, 3, 2, 1)
    with Cases() as cases:
        with cases.case():
            check_array(student.avg_pool2d(x, 3, 2, 1), y, "avg_pool2d(x = 1..16 as 4×4, 3, stride=2, padding=1)",
                        mistakes=fwd)
        with cases.case():
            check_array(student.avg_pool2d_backward(g, x, 3, 2, 1), dx,
                        "avg_pool2d_backward(ones (1, 1, 2, 2), x (1, 1, 4, 4), 3, stride=2, padding=1)", mistakes=bwd)


# ---- defaults and dtypes ---------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(MAX)
def test_defaults_stride_is_kernel_size_and_no_padding(student):
    rng = np.random.default_rng(20)
    x = rng.normal(size=(2, 3, 6, 6))
    g = rng.normal(size=(2, 3, 3, 3))
    y_max, dx_max = torch_pool("max", x, g, 2, 2, 0)
    y_avg, dx_avg = torch_pool("avg", x, g, 2, 2, 0)
    stride_one = {K("stride_default"): torch_pool("max", x, None, 2, 1, 0)[0]}
    stride_one_avg = {K("stride_default"): torch_pool("avg", x, None, 2, 1, 0)[0]}
    inputs = {"x_shape": x.shape, "grad_out_shape": g.shape}
    with Cases() as cases:
        with cases.case():
            check_array(student.max_pool2d(x, 2), y_max, "max_pool2d(x (2, 3, 6, 6), 2)", mistakes=stride_one,
                        inputs=inputs)
        with cases.case():
            check_array(student.max_pool2d_backward(g, x, 2), dx_max, "max_pool2d_backward(grad_out, x, 2)",
                        inputs=inputs)
        with cases.case():
            check_array(student.avg_pool2d(x, 2), y_avg, "avg_pool2d(x (2, 3, 6, 6), 2)", mistakes=stride_one_avg,
                        inputs=inputs)
        with cases.case():
            check_array(student.avg_pool2d_backward(g, x, 2), dx_avg, "avg_pool2d_backward(grad_out, x, 2)",
                        mistakes=avg_variants(x, g, 2, 2, 0)[1], inputs=inputs)


@pytest.mark.points(1)
@pytest.mark.concept(MAX)
def test_results_are_float64_for_any_real_input(student):
    rng = np.random.default_rng(64)
    xi = rng.integers(-5, 5, size=(1, 2, 4, 4))
    xf = rng.normal(size=(1, 2, 4, 4)).astype(np.float32)
    gi = rng.integers(-3, 3, size=(1, 2, 2, 2))
    calls = {
        "max_pool2d(x of dtype int64, 2)": (lambda: student.max_pool2d(xi, 2), torch_pool("max", xi, None, 2, 2, 0)[0]),
        "max_pool2d_backward(grad_out of dtype int64, x of dtype int64, 2)":
            (lambda: student.max_pool2d_backward(gi, xi, 2), torch_pool("max", xi, gi.astype(float), 2, 2, 0)[1]),
        "avg_pool2d(x of dtype float32, 2)":
            (lambda: student.avg_pool2d(xf, 2), torch_pool("avg", xf.astype(np.float64), None, 2, 2, 0)[0]),
        "avg_pool2d_backward(grad_out of dtype int64, x, 2)":
            (lambda: student.avg_pool2d_backward(gi, xf, 2), torch_pool("avg", xf.astype(float), gi.astype(float),
                                                                        2, 2, 0)[1]),
        "global_pool2d(x of dtype int64, mode='max')": (lambda: student.global_pool2d(xi, mode="max"),
                                                        xi.max(axis=(2, 3)).astype(np.float64)),
        "global_pool2d_backward(grad_out of dtype int64, x, mode='avg')":
            (lambda: student.global_pool2d_backward(gi[:, :, 0, 0], xi, mode="avg"),
             torch_global("avg", xi.astype(float), gi[:, :, 0, 0].astype(float))[1]),
    }
    with Cases() as cases:
        for what, (call, expected) in calls.items():
            with cases.case():
                check_array(call(), expected, what)


# ---- global pooling ---------------------------------------------------------------------------------------------

@st.composite
def global_problems(draw):
    n, c, h, w = draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    x = rng.integers(-2, 2, size=(n, c, h, w)).astype(float) if draw(st.booleans()) else rng.normal(size=(n, c, h, w))
    return x, rng.normal(size=(n, c)), draw(st.sampled_from(["avg", "max"]))


def global_variants(x, g, mode):
    if mode == "avg":
        return {K("global_avg_scale"): np.broadcast_to(g[:, :, None, None], x.shape)}
    mask = x == x.max(axis=(2, 3), keepdims=True)
    return {K("ties_every"): mask * g[:, :, None, None],
            K("ties_split"): mask * g[:, :, None, None] / mask.sum(axis=(2, 3), keepdims=True)}


@pytest.mark.points(2)
@pytest.mark.concept(GLOBAL)
@settings(max_examples=10)
@given(problem=global_problems())
def test_global_pool_matches_torch(student, reference, problem):
    x, g, mode = problem
    expected, dx = torch_global(mode, x, g)
    np.testing.assert_allclose(reference.global_pool2d(x, mode), expected, rtol=1e-12)
    np.testing.assert_allclose(reference.global_pool2d_backward(g, x, mode), dx, rtol=1e-12)
    inputs = {"x": x, "grad_out": g}
    check_array(student.global_pool2d(x, mode), expected,
                f"global_pool2d(x, mode={mode!r}) vs F.adaptive_{mode}_pool2d(x, 1)", inputs={"x": x})
    check_array(student.global_pool2d_backward(g, x, mode), dx,
                f"global_pool2d_backward(grad_out, x, mode={mode!r}) vs autograd", mistakes=global_variants(x, g, mode),
                inputs=inputs)


@pytest.mark.points(1)
@pytest.mark.concept(GLOBAL)
def test_global_pool_default_is_average(student):
    # GoogLeNet's final pooling: (N, 1024, 7, 7) → (N, 1024); here a smaller map
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 5, 7, 7))
    g = rng.normal(size=(2, 5))
    expected, dx = torch_global("avg", x, g)
    with Cases() as cases:
        with cases.case():
            check_array(student.global_pool2d(x), expected, "global_pool2d(x (2, 5, 7, 7))",
                        mistakes={K("global_default"): x.max(axis=(2, 3))})
        with cases.case():
            check_array(student.global_pool2d_backward(g, x), dx, "global_pool2d_backward(grad_out, x (2, 5, 7, 7))",
                        mistakes={K("global_default"): torch_global("max", x, g)[1]})
        with cases.case():
            check_array(student.global_pool2d_backward(g, x), dx, "global_pool2d_backward(grad_out (2, 5), x)",
                        mistakes={**global_variants(x, g, "avg"), K("global_default"): torch_global("max", x, g)[1]})


# ---- the Inception block -------------------------------------------------------------------------------------------

def _conv(c_in, c_out, k, bias):
    return [nn.Conv2d(c_in, c_out, k, padding=k // 2, bias=bias), nn.ReLU()]


class Inception(nn.Module):
    """GoogLeNet's Inception module; a reduction / projection of None leaves that 1×1 conv out."""

    def __init__(self, c, c1, r3, c3, r5, c5, proj, bias=True):
        super().__init__()
        self.branch1 = nn.Sequential(*_conv(c, c1, 1, bias))
        self.branch2 = nn.Sequential(*(_conv(c, r3, 1, bias) if r3 else []), *_conv(r3 or c, c3, 3, bias))
        self.branch3 = nn.Sequential(*(_conv(c, r5, 1, bias) if r5 else []), *_conv(r5 or c, c5, 5, bias))
        self.branch4 = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), *(_conv(c, proj, 1, bias) if proj else []))

    def forward(self, x):
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], dim=1)


def module_channels(spec) -> int:
    """The output channels of the real module's forward pass (small channel counts only)."""
    with torch.no_grad():
        y = Inception(*spec)(torch.zeros(1, spec[0], 3, 3))
    assert tuple(y.shape[2:]) == (3, 3)  # every branch keeps the height and width
    return int(y.shape[1])


def module_params(spec, bias=True) -> int:
    """sum(p.numel()) of the real module, built on the meta device (nothing allocated)."""
    with torch.device("meta"):
        return sum(p.numel() for p in Inception(*spec, bias=bias).parameters())


def conv_count(c_in, c_out, k, bias):
    return c_out * c_in * k * k + (c_out if bias else 0)


def channel_variants(spec) -> dict:
    c, c1, r3, c3, r5, c5, proj = spec
    base = c1 + c3 + c5
    return {K("pool_passthrough") if proj is None else K("pool_branch"): base,
            K("reduce_counted"): base + (proj or c) + (r3 or 0) + (r5 or 0)}


def param_variants(spec, bias) -> dict:
    c, c1, r3, c3, r5, c5, proj = spec

    def count(bias=bias, feed_from_input=False, count_reductions=True):
        total = conv_count(c, c1, 1, bias) + (conv_count(c, proj, 1, bias) if proj else 0)
        for r, f, k in ((r3, c3, 3), (r5, c5, 5)):
            total += conv_count(c if (r is None or feed_from_input) else r, f, k, bias)
            if r is not None and count_reductions:
                total += conv_count(c, r, 1, bias)
        return total

    out = {K("param_bias"): count(bias=not bias)}
    if r3 is not None or r5 is not None:
        out[K("reduce_feeds_conv")] = count(feed_from_input=True)
        out[K("reduce_params")] = count(count_reductions=False)
    return out


def check_count(got, expected, what, mistakes) -> None:
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        raise Feedback("core.wrong_type", what=what, expected="int", got=type(got).__name__)
    assert_equal(int(got), expected, what, mistakes=mistakes)


def spec_text(fn: str, spec, extra: str = "") -> str:
    names = ("in_channels", "ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "pool_proj")
    return f"{fn}(" + ", ".join(f"{n}={v}" for n, v in zip(names, spec)) + extra + ")"


@st.composite
def inception_specs(draw):
    size = st.integers(1, 48)
    optional = st.one_of(st.none(), size)
    return (draw(size), draw(size), draw(optional), draw(size), draw(optional), draw(size), draw(optional))


@pytest.mark.points(2)
@pytest.mark.concept(INCEPTION)
@settings(max_examples=15)
@given(spec=inception_specs())
def test_inception_output_channels_match_module(student, reference, spec):
    expected = module_channels(spec)
    assert reference.inception_output_channels(*spec) == expected
    check_count(student.inception_output_channels(*spec), expected, spec_text("inception_output_channels", spec)
                + " vs the nn.Module's output", channel_variants(spec))


@pytest.mark.points(3)
@pytest.mark.concept(INCEPTION)
@settings(max_examples=15)
@given(spec=inception_specs(), bias=st.sampled_from([True, False, None]))
def test_inception_param_count_matches_module(student, reference, spec, bias):
    """bias None: the argument is left out (the default, True)."""
    expected = module_params(spec, bias=bias is not False)
    kwargs = {} if bias is None else {"bias": bias}
    assert reference.inception_param_count(*spec, **kwargs) == expected
    what = spec_text("inception_param_count", spec, "".join(f", bias={b}" for b in kwargs.values()))
    check_count(student.inception_param_count(*spec, **kwargs), expected, what + " vs sum(p.numel())",
                param_variants(spec, bias is not False))


@pytest.mark.points(2)
@pytest.mark.concept(INCEPTION)
def test_googlenet_blocks(student):
    """The nine blocks of GoogLeNet's table: the output channels it lists, and the parameters of the
    real module — also of each block made naive (no 1×1 convolutions), which has far more."""
    with Cases() as cases:
        for name, spec in GOOGLENET.items():
            with cases.case():
                check_count(student.inception_output_channels(*spec), GOOGLENET_OUT[name],
                            f"{spec_text('inception_output_channels', spec)} — inception ({name})",
                            channel_variants(spec))
            naive = (spec[0], spec[1], None, spec[3], None, spec[5], None)
            for label, s in ((f"inception ({name})", spec), (f"naive inception ({name})", naive)):
                with cases.case():
                    check_count(student.inception_param_count(*s), module_params(s),
                                f"{spec_text('inception_param_count', s)} — {label}", param_variants(s, True))


# ---- invalid input ---------------------------------------------------------------------------------------------------

def expect_value_error(call, what: str) -> None:
    hint = K("no_validation")
    try:
        got = call()
    except StudentError as exc:
        if exc.is_a(ValueError):
            return
        if exc.is_a(NotImplementedError):
            raise
        raise Feedback("core.wrong_error", hint=hint, what=what, error="ValueError", raised=exc.type_name,
                       message=quoted(exc.message[:200])) from None
    raise Feedback("core.no_error", hint=hint, what=what, error="ValueError", inputs={"returned": got})


# Average pooling's backward forms no window, so it must check for an empty output itself: a padded
# input one row (or column) short of the kernel, with grad_out of the (empty) output's shape.
EMPTY_BACKWARD = [(np.ones((1, 1, 0, 4)), (1, 1, 1, 4), (4, 1), (1, 0)),
                  (np.ones((1, 1, 4, 0)), (1, 1, 4, 1), (1, 4), (0, 1)),
                  (np.ones((1, 1, 0, 2)), (1, 1, 2, 4), 3, (0, 1)),
                  (np.ones((1, 1, 2, 0)), (1, 1, 4, 2), 3, (1, 0)),
                  (np.ones((1, 1, 0, 4)), (1, 1, 2, 4), (3, 1), 0)]


@pytest.mark.points(2)
@pytest.mark.concept(VALIDATION)
def test_rejects_invalid_input(student):
    x = np.arange(32.0).reshape(1, 2, 4, 4)
    g_ok = np.ones((1, 2, 2, 2))
    spec = GOOGLENET["3a"]
    calls = {
        "max_pool2d(x of shape (2, 4, 4), 2)": lambda: student.max_pool2d(x[0], 2),
        "avg_pool2d(x of shape (1, 1, 2, 4, 4), 2)": lambda: student.avg_pool2d(x[None], 2),
        "max_pool2d(complex x, 2)": lambda: student.max_pool2d(x * 1j, 2),
        "max_pool2d(x, kernel_size=0)": lambda: student.max_pool2d(x, 0),
        "avg_pool2d(x, kernel_size=(2, 2, 2))": lambda: student.avg_pool2d(x, (2, 2, 2)),
        "max_pool2d(x, 2, stride=0)": lambda: student.max_pool2d(x, 2, 0),
        "avg_pool2d(x, 2, stride=(1, -1))": lambda: student.avg_pool2d(x, 2, (1, -1)),
        "max_pool2d(x, 3, padding=-1)": lambda: student.max_pool2d(x, 3, 1, -1),
        "max_pool2d(x, 3, padding=2) (more than kernel_size // 2)": lambda: student.max_pool2d(x, 3, 1, 2),
        "avg_pool2d(x, (3, 2), padding=(1, 2))": lambda: student.avg_pool2d(x, (3, 2), 1, (1, 2)),
        "avg_pool2d(x, 3, padding=(2, 1)) (more than kernel_size // 2 in height)":
            lambda: student.avg_pool2d(x, 3, 1, (2, 1)),
        "max_pool2d(x, kernel_size=2.0)": lambda: student.max_pool2d(x, 2.0),
        "avg_pool2d(x, 2, stride=True)": lambda: student.avg_pool2d(x, 2, True),
        "max_pool2d(x 4×4, kernel_size=5) (empty output)": lambda: student.max_pool2d(x, 5),
        "avg_pool2d(x 4×4, kernel_size=(2, 7), padding=1) (empty output)": lambda: student.avg_pool2d(x, (2, 7), 1, 1),
        "max_pool2d_backward(grad_out of shape (1, 2, 3, 3), x 4×4, 2)":
            lambda: student.max_pool2d_backward(np.ones((1, 2, 3, 3)), x, 2),
        "avg_pool2d_backward(grad_out of shape (1, 2, 2, 2), x 4×4, 2, stride=1)":
            lambda: student.avg_pool2d_backward(g_ok, x, 2, 1),
        "max_pool2d_backward(grad_out, x, kernel_size=5)": lambda: student.max_pool2d_backward(g_ok, x, 5),
        "max_pool2d_backward(complex grad_out, x, 2)": lambda: student.max_pool2d_backward(g_ok * 1j, x, 2),
        "avg_pool2d_backward(complex grad_out, x, 2)": lambda: student.avg_pool2d_backward(g_ok * 1j, x, 2),
        "avg_pool2d_backward(grad_out of shape (1, 2, 2, 2), x 4×4, 1, stride=1, padding=-1)":
            lambda: student.avg_pool2d_backward(g_ok, x, 1, 1, -1),
        **{f"avg_pool2d_backward(grad_out of shape {g.shape}, x of shape {xs}, {k}, padding={p}) (empty output)":
           (lambda g=g, xs=xs, k=k, p=p: student.avg_pool2d_backward(g, np.zeros(xs), k, None, p))
           for g, xs, k, p in EMPTY_BACKWARD},
        "global_pool2d(x of shape (1, 1, 2, 4, 4))": lambda: student.global_pool2d(x[None]),
        "global_pool2d_backward(complex grad_out, x)": lambda: student.global_pool2d_backward(np.ones((1, 2)) * 1j, x),
        "global_pool2d(x of shape (2, 4, 4))": lambda: student.global_pool2d(x[0]),
        "global_pool2d(x, mode='sum')": lambda: student.global_pool2d(x, "sum"),
        "global_pool2d(complex x)": lambda: student.global_pool2d(x * 1j),
        "global_pool2d_backward(grad_out of shape (1, 2, 1, 1), x)":
            lambda: student.global_pool2d_backward(np.ones((1, 2, 1, 1)), x),
        "global_pool2d_backward(grad_out, x, mode='min')":
            lambda: student.global_pool2d_backward(np.ones((1, 2)), x, "min"),
        "inception_output_channels(in_channels=0, ...)":
            lambda: student.inception_output_channels(0, *spec[1:]),
        "inception_output_channels(..., ch3x3=None, ...)":
            lambda: student.inception_output_channels(192, 64, 96, None, 16, 32, 32),
        "inception_param_count(..., ch5x5red=0, ...)":
            lambda: student.inception_param_count(192, 64, 96, 128, 0, 32, 32),
        "inception_param_count(..., pool_proj=-4)": lambda: student.inception_param_count(*spec[:6], -4),
        "inception_param_count(ch1x1=0, ...)": lambda: student.inception_param_count(192, 0, *spec[2:]),
        "inception_param_count(..., ch3x3=2.5, ...)": lambda: student.inception_param_count(192, 64, 96, 2.5, 16, 32, 32),
    }
    with Cases() as cases:
        for what, call in calls.items():
            with cases.case():
                expect_value_error(call, what)
