"""Hidden tests for ex08_conv_shapes.

The oracle is torch itself: every random configuration is run through a real ``nn.Conv2d`` /
``nn.MaxPool2d`` (or ``F.conv2d`` in float64) on a small tensor, and the student's answer must agree
with it and with the reference. Where torch refuses a configuration (an empty output, pooling
padding above kernel_size // 2) the student must raise ValueError.

Known wrong formulas are computed alongside, so a wrong size is named ("you forgot the +1").
The hand-picked examples are chosen so that every wrong formula gives a different answer.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from torch import nn

from grader.author import (
    Cases,
    Feedback,
    StudentError,
    assert_close,
    assert_equal,
    assert_unchanged,
    diagnose,
    keys,
    quoted,
)

K = keys(__file__)


CONV = K("concept.conv_formula")
POOL = K("concept.pool_formula")
PARAMS = K("concept.param_count")
FLATTEN = K("concept.flatten")
XCORR = K("concept.cross_correlation")
VALIDATION = K("concept.validation")

MNIST = [("conv", {"out_channels": 10, "kernel_size": 5}), ("pool", {"kernel_size": 2}),
         ("conv", {"out_channels": 20, "kernel_size": 5}), ("pool", {"kernel_size": 2})]


def pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


# ---- the known wrong formulas, per axis ---------------------------------------------------------------

def conv_variants(h, w, k, s=1, p=0, d=1):
    """{mistake key: the (h_out, w_out) that wrong formula gives}."""
    k, s, p, d = pair(k), pair(s), pair(p), pair(d)

    def both(f):
        return tuple(f(n, k[i], s[i], p[i], d[i]) for i, n in enumerate((h, w)))

    return {
        K("no_plus_one"): both(lambda n, k, s, p, d: (n + 2 * p - d * (k - 1) - 1) // s),
        K("padding_once"): both(lambda n, k, s, p, d: (n + p - d * (k - 1) - 1) // s + 1),
        K("dilation_ignored"): both(lambda n, k, s, p, d: (n + 2 * p - k) // s + 1),
        K("floor_vs_ceil"): both(lambda n, k, s, p, d: -(-(n + 2 * p - d * (k - 1) - 1) // s) + 1),
    }


def pool_variants(h, w, k, s=None, p=0, ceil_mode=False):
    k, p = pair(k), pair(p)
    s = k if s is None else pair(s)

    def floor_(n, k, s, p):
        return (n + 2 * p - k) // s + 1

    def ceil_(n, k, s, p):
        return -(-(n + 2 * p - k) // s) + 1

    def both(f, s=s):
        return tuple(f(n, k[i], s[i], p[i]) for i, n in enumerate((h, w)))

    out = {}
    if ceil_mode:
        out[K("ceil_mode_ignored")] = both(floor_)
        out[K("ceil_last_window")] = both(ceil_)
    out[K("no_plus_one")] = both(lambda n, k, s, p: (n + 2 * p - k) // s)
    out[K("padding_once")] = both(lambda n, k, s, p: (n + p - k) // s + 1)
    out[K("pool_stride_default")] = both(floor_, s=(1, 1))
    return out


def torch_shape(module, c, h, w):
    """Spatial output shape of running the module on zeros, or None when torch refuses."""
    try:
        with torch.no_grad():
            return tuple(module(torch.zeros(1, c, h, w)).shape[-2:])
    except RuntimeError:
        return None


IMPOSSIBLE = K("impossible_config")


def check_shape_call(call, expected, what, mistakes, missing_error=IMPOSSIBLE):
    """``expected`` None: the call must raise ValueError. Else the call must return ``expected``.

    Returns what the call returned (None when it raised)."""
    try:
        got = call()
    except StudentError as exc:
        if expected is None and exc.is_a(ValueError):
            return
        if exc.is_a(NotImplementedError) or expected is not None:
            raise
        raise Feedback("core.wrong_error", hint=missing_error, what=what, error="ValueError",
                       raised=exc.type_name, message=quoted(exc.message[:200])) from None
    if expected is None:
        hint = diagnose(got, {k: v for k, v in mistakes.items() if min(v) >= 1}) or missing_error
        raise Feedback("core.no_error", hint=hint, what=what, error="ValueError")
    if isinstance(got, list):
        got = tuple(got)
    assert_equal(got, expected, what, mistakes=mistakes)
    return got


sizes = st.one_of(st.integers(1, 4), st.tuples(st.integers(1, 4), st.integers(1, 4)))


def int_or_pair(lo, hi):
    return st.one_of(st.integers(lo, hi), st.tuples(st.integers(lo, hi), st.integers(lo, hi)))


# ---- conv2d_output_shape --------------------------------------------------------------------------------

CONV_EXAMPLES = [  # (h, w, kernel_size, stride, padding, dilation) → chosen so every wrong formula differs
    ((28, 28, 5, 1, 0, 1), (24, 24)),
    ((32, 32, 3, 2, 2, 1), (17, 17)),
    ((10, 12, 3, 1, 1, 2), (8, 10)),
    ((28, 20, (5, 3), (2, 3), (1, 2), (1, 2)), (13, 7)),
]


@pytest.mark.points(2)
@pytest.mark.concept(CONV)
def test_conv_output_shape_examples(student):
    with Cases() as cases:
        for args, expected in CONV_EXAMPLES:
            with cases.case():
                what = "conv2d_output_shape(h={}, w={}, kernel_size={}, stride={}, padding={}, dilation={})".format(*args)
                check_shape_call(lambda: student.conv2d_output_shape(*args), expected, what, conv_variants(*args))


@pytest.mark.points(3)
@pytest.mark.concept(CONV)
@given(h=st.integers(1, 16), w=st.integers(1, 16), k=int_or_pair(1, 5), s=int_or_pair(1, 3), p=int_or_pair(0, 3),
       d=int_or_pair(1, 3))
def test_conv_output_shape_matches_nn_conv2d(student, reference, h, w, k, s, p, d):
    expected = torch_shape(nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, bias=False), 1, h, w)
    what = f"conv2d_output_shape(h={h}, w={w}, kernel_size={k}, stride={s}, padding={p}, dilation={d})"
    variants = conv_variants(h, w, k, s, p, d)
    check_shape_call(lambda: student.conv2d_output_shape(h, w, k, s, p, d), expected, what + " vs nn.Conv2d", variants)
    if expected is not None:
        check_shape_call(lambda: student.conv2d_output_shape(h, w, k, s, p, d),
                         reference.conv2d_output_shape(h, w, k, s, p, d), what, variants)


# ---- pool2d_output_shape --------------------------------------------------------------------------------

POOL_EXAMPLES = [  # (h, w, kernel_size, stride, padding, ceil_mode)
    ((24, 24, 2, None, 0, False), (12, 12)),  # MNIST pooling; stride defaults to the kernel size
    ((7, 7, 3, 2, 1, False), (4, 4)),
    ((6, 9, 3, 2, 0, True), (3, 4)),  # ceil_mode keeps the partial window at the end
    ((2, 1, 3, 3, 1, True), (1, 1)),  # ceil_mode, but the 2nd window would start in the right padding
    ((11, 13, (3, 4), (3, 2), (1, 2), True), (4, 8)),
]


@pytest.mark.points(2)
@pytest.mark.concept(POOL)
def test_pool_output_shape_examples(student):
    with Cases() as cases:
        for args, expected in POOL_EXAMPLES:
            with cases.case():
                what = "pool2d_output_shape(h={}, w={}, kernel_size={}, stride={}, padding={}, ceil_mode={})".format(*args)
                check_shape_call(lambda: student.pool2d_output_shape(*args), expected, what, pool_variants(*args))


@st.composite
def pool_configs(draw):
    k = draw(int_or_pair(1, 5))
    kp = pair(k)
    p = draw(st.one_of(st.integers(0, min(kp) // 2), st.tuples(st.integers(0, kp[0] // 2), st.integers(0, kp[1] // 2))))
    s = draw(st.one_of(st.none(), int_or_pair(1, 4)))
    return draw(st.integers(1, 14)), draw(st.integers(1, 14)), k, s, p, draw(st.booleans())


@pytest.mark.points(3)
@pytest.mark.concept(POOL)
@given(cfg=pool_configs())
def test_pool_output_shape_matches_nn_maxpool2d(student, reference, cfg):
    h, w, k, s, p, ceil_mode = cfg
    expected = torch_shape(nn.MaxPool2d(k, stride=s, padding=p, ceil_mode=ceil_mode), 1, h, w)
    what = f"pool2d_output_shape(h={h}, w={w}, kernel_size={k}, stride={s}, padding={p}, ceil_mode={ceil_mode})"
    variants = pool_variants(h, w, k, s, p, ceil_mode)
    check_shape_call(lambda: student.pool2d_output_shape(h, w, k, s, p, ceil_mode), expected,
                     what + " vs nn.MaxPool2d", variants)
    if expected is not None:
        check_shape_call(lambda: student.pool2d_output_shape(h, w, k, s, p, ceil_mode),
                         reference.pool2d_output_shape(h, w, k, s, p, ceil_mode), what, variants)


# ---- conv2d_param_count ---------------------------------------------------------------------------------

def param_variants(c, f, k, bias):
    kh, kw = pair(k)
    out = {K("param_no_in_channels"): f * kh * kw + (f if bias else 0)}
    if bias:
        out[K("param_no_bias")] = f * c * kh * kw
    return out


@pytest.mark.points(2)
@pytest.mark.concept(PARAMS)
@given(c=st.integers(1, 16), f=st.integers(1, 16), k=int_or_pair(1, 5), bias=st.booleans())
def test_param_count_matches_nn_conv2d(student, reference, c, f, k, bias):
    expected = sum(t.numel() for t in nn.Conv2d(c, f, k, bias=bias).parameters())
    what = f"conv2d_param_count(in_channels={c}, out_channels={f}, kernel_size={k}, bias={bias})"
    got = student.conv2d_param_count(c, f, k, bias)
    assert_equal(got, expected, what + " vs nn.Conv2d", mistakes=param_variants(c, f, k, bias))
    assert_equal(got, reference.conv2d_param_count(c, f, k, bias), what, mistakes=param_variants(c, f, k, bias))


@pytest.mark.points(1)
@pytest.mark.concept(PARAMS)
def test_param_count_mnist_net(student):
    # conv1: 10·1·5·5 + 10 = 260, conv2: 20·10·5·5 + 20 = 5020
    with Cases() as cases:
        for c, f, expected in ((1, 10, 260), (10, 20, 5020)):
            with cases.case():
                assert_equal(student.conv2d_param_count(c, f, 5), expected,
                             f"conv2d_param_count({c}, {f}, 5)", mistakes=param_variants(c, f, 5, True))


# ---- flatten_size -----------------------------------------------------------------------------------------

def flatten_variants(input_shape, c_out, h_out, w_out):
    return {K("flatten_channels"): lambda g: g in (h_out * w_out, input_shape[0] * h_out * w_out)
            and g != c_out * h_out * w_out}


@pytest.mark.points(2)
@pytest.mark.concept(FLATTEN)
def test_flatten_size_mnist_net(student):
    with Cases() as cases:
        with cases.case():
            assert_equal(student.flatten_size((1, 28, 28), MNIST), 320, "flatten_size((1, 28, 28), MNIST net)",
                         mistakes=flatten_variants((1, 28, 28), 20, 4, 4))
        with cases.case():  # 3 input channels: forgetting to update the channel count shows here too
            layers = [("conv", {"out_channels": 8, "kernel_size": 3, "padding": 1}), ("pool", {"kernel_size": 2})]
            assert_equal(student.flatten_size((3, 32, 32), layers), 8 * 16 * 16,
                         "flatten_size((3, 32, 32), [conv 3→8 k3 p1, pool 2])",
                         mistakes=flatten_variants((3, 32, 32), 8, 16, 16))


@st.composite
def networks(draw):
    """(input_shape, layers) of 1 to 4 conv/pool layers."""
    shape = (draw(st.integers(1, 3)), draw(st.integers(4, 20)), draw(st.integers(4, 20)))
    layers = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            params = {"out_channels": draw(st.integers(1, 6)), "kernel_size": draw(sizes)}
            for key, strat in (("stride", int_or_pair(1, 2)), ("padding", int_or_pair(0, 2)),
                               ("dilation", int_or_pair(1, 2))):
                if draw(st.booleans()):
                    params[key] = draw(strat)
            layers.append(("conv", params))
        else:
            params = {"kernel_size": draw(st.integers(1, 3))}
            if draw(st.booleans()):
                params["stride"] = draw(st.integers(1, 3))
            if draw(st.booleans()):
                params["ceil_mode"] = True
            layers.append(("pool", params))
    return shape, layers


def torch_model(input_channels, layers):
    modules, c = [], input_channels
    for kind, params in layers:
        if kind == "conv":
            modules.append(nn.Conv2d(c, params["out_channels"], params["kernel_size"], stride=params.get("stride", 1),
                                     padding=params.get("padding", 0), dilation=params.get("dilation", 1)))
            c = params["out_channels"]
        else:
            modules.append(nn.MaxPool2d(params["kernel_size"], stride=params.get("stride"),
                                        ceil_mode=params.get("ceil_mode", False)))
    return nn.Sequential(*modules)


@pytest.mark.points(3)
@pytest.mark.concept(FLATTEN)
@settings(max_examples=25)
@given(net=networks())
def test_flatten_size_matches_torch(student, reference, net):
    shape, layers = net
    try:
        with torch.no_grad():
            out = torch_model(shape[0], layers)(torch.zeros(1, *shape))
        expected, c_out, h_out, w_out = int(out[0].numel()), *out.shape[1:]
    except RuntimeError:
        expected = None
    assume(expected is not None and expected > 0)  # impossible networks: see test_rejects_invalid_input
    got = student.flatten_size(shape, layers)
    mistakes = flatten_variants(shape, c_out, h_out, w_out)
    assert_equal(got, expected, f"flatten_size({shape}, layers) vs nn.Sequential", mistakes=mistakes)
    assert_equal(got, reference.flatten_size(shape, layers), f"flatten_size({shape}, layers)", mistakes=mistakes)


# ---- conv2d_forward -----------------------------------------------------------------------------------------

@st.composite
def conv_problems(draw):
    n, c, f = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride, padding = draw(int_or_pair(1, 2)), draw(int_or_pair(0, 2))
    ph, pw = pair(padding)
    h = draw(st.integers(max(1, kh - 2 * ph), 7))
    w = draw(st.integers(max(1, kw - 2 * pw), 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    bias = rng.normal(size=f) if draw(st.booleans()) else None
    return rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, kh, kw)), bias, stride, padding


def torch_conv(x, weight, bias, stride, padding):
    return F.conv2d(torch.from_numpy(x), torch.from_numpy(weight), None if bias is None else torch.from_numpy(bias),
                    stride=stride, padding=padding).numpy()


def conv_forward_variants(x, weight, bias, stride, padding):
    out = {K("kernel_flipped"): torch_conv(x, weight[:, :, ::-1, ::-1].copy(), bias, stride, padding)}
    if bias is not None:
        out[K("forward_no_bias")] = torch_conv(x, weight, None, stride, padding)
    return out


@pytest.mark.points(4)
@pytest.mark.concept(XCORR)
@given(problem=conv_problems())
def test_conv_forward_matches_f_conv2d(student, reference, problem):
    x, weight, bias, stride, padding = problem
    what = f"conv2d_forward(x, weight, bias, stride={stride}, padding={padding})"
    mistakes = conv_forward_variants(x, weight, bias, stride, padding)
    inputs = {"x": x, "weight": weight, "bias": bias}
    got = student.conv2d_forward(x, weight, bias, stride, padding)
    assert_close(got, torch_conv(x, weight, bias, stride, padding), what + " vs F.conv2d", mistakes=mistakes,
                 inputs=inputs)
    assert_close(got, reference.conv2d_forward(x, weight, bias, stride, padding), what, mistakes=mistakes,
                 inputs=inputs)


@pytest.mark.points(2)
@pytest.mark.concept(XCORR)
def test_conv_forward_mnist_layer(student):
    rng = np.random.default_rng(28)
    x, weight, bias = rng.normal(size=(2, 1, 28, 28)), rng.normal(size=(10, 1, 5, 5)), rng.normal(size=10)
    expected = torch_conv(x, weight, bias, 1, 0)
    got = student.with_timeout(30).conv2d_forward(x, weight, bias)
    assert_close(got, expected, "conv2d_forward(x (2, 1, 28, 28), weight (10, 1, 5, 5), bias (10,)) vs F.conv2d",
                 mistakes=conv_forward_variants(x, weight, bias, 1, 0))


# ---- invalid input ------------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(VALIDATION)
def test_rejects_invalid_input(student):
    hint = K("no_validation")
    x, weight = np.ones((1, 2, 5, 5)), np.ones((3, 2, 3, 3))
    calls = {
        "conv2d_output_shape(3, 3, kernel_size=5)": lambda: student.conv2d_output_shape(3, 3, 5),
        "conv2d_output_shape(5, 5, kernel_size=3, dilation=3)": lambda: student.conv2d_output_shape(5, 5, 3, 1, 0, 3),
        "conv2d_output_shape(8, 8, kernel_size=3, stride=0)": lambda: student.conv2d_output_shape(8, 8, 3, 0),
        "conv2d_output_shape(8, 8, kernel_size=3, padding=-1)": lambda: student.conv2d_output_shape(8, 8, 3, 1, -1),
        "pool2d_output_shape(1, 1, kernel_size=3)": lambda: student.pool2d_output_shape(1, 1, 3),
        "pool2d_output_shape(8, 8, kernel_size=3, padding=2)": lambda: student.pool2d_output_shape(8, 8, 3, None, 2),
        "conv2d_param_count(0, 4, 3)": lambda: student.conv2d_param_count(0, 4, 3),
        "flatten_size((1, 8, 8), [('dense', {...})])":
            lambda: student.flatten_size((1, 8, 8), [("dense", {"out_features": 10})]),
        "flatten_size((1, 8, 8), [conv k=9])":
            lambda: student.flatten_size((1, 8, 8), [("conv", {"out_channels": 2, "kernel_size": 9})]),
        "flatten_size((1, 8, 8), [conv with in_channels=3])":
            lambda: student.flatten_size((1, 8, 8), [("conv", {"in_channels": 3, "out_channels": 2, "kernel_size": 3})]),
        "conv2d_forward(x with 2 channels, weight expecting 3)":
            lambda: student.conv2d_forward(x, np.ones((3, 3, 3, 3)), None),
        "conv2d_forward(..., bias of shape (2,) for 3 filters)": lambda: student.conv2d_forward(x, weight, np.ones(2)),
        "conv2d_output_shape(8, 8, kernel_size=(3, 3, 3))": lambda: student.conv2d_output_shape(8, 8, (3, 3, 3)),
        "conv2d_output_shape(0, 8, kernel_size=1)": lambda: student.conv2d_output_shape(0, 8, 1),
        "pool2d_output_shape(8, 8, kernel_size=2, stride=0)": lambda: student.pool2d_output_shape(8, 8, 2, 0),
        "pool2d_output_shape(8, 8, kernel_size=(2, 2, 2))": lambda: student.pool2d_output_shape(8, 8, (2, 2, 2)),
        "conv2d_param_count(2, 4, 0)": lambda: student.conv2d_param_count(2, 4, 0),
        "flatten_size((1, 8, 8), [pool with 'stirde'])":
            lambda: student.flatten_size((1, 8, 8), [("pool", {"kernel_size": 2, "stirde": 2})]),
        "flatten_size((1, 8, 8), [conv without out_channels])":
            lambda: student.flatten_size((1, 8, 8), [("conv", {"kernel_size": 3})]),
        "conv2d_forward(..., bias of shape (1,) for 3 filters)": lambda: student.conv2d_forward(x, weight, np.ones(1)),
        "conv2d_forward(x of shape (2, 5, 5), weight)": lambda: student.conv2d_forward(np.ones((2, 5, 5)), weight, None),
        "conv2d_forward(x of shape (1, 2, 2, 2), weight of shape (3, 2, 3, 3))":
            lambda: student.conv2d_forward(np.ones((1, 2, 2, 2)), weight, None),
        # numpy would let these through: einsum broadcasts one channel against three, a float stride
        # truncates, a size 0 or a padding of -1 still gives a positive count
        "conv2d_forward(x with 1 channel, weight expecting 2)":
            lambda: student.conv2d_forward(np.ones((1, 1, 5, 5)), weight, None),
        "conv2d_output_shape(8, 8, kernel_size=3, stride=2.0)": lambda: student.conv2d_output_shape(8, 8, 3, 2.0),
        "pool2d_output_shape(8, 8, kernel_size=2.0)": lambda: student.pool2d_output_shape(8, 8, 2.0),
        "conv2d_output_shape(0, 5, kernel_size=1, padding=1)": lambda: student.conv2d_output_shape(0, 5, 1, 1, 1),
        "conv2d_output_shape(5, 5, kernel_size=0)": lambda: student.conv2d_output_shape(5, 5, 0),
        "conv2d_output_shape(5, 5, kernel_size=3, dilation=0)": lambda: student.conv2d_output_shape(5, 5, 3, 1, 0, 0),
        "pool2d_output_shape(0, 4, kernel_size=2, padding=1)": lambda: student.pool2d_output_shape(0, 4, 2, None, 1),
        "pool2d_output_shape(4, 4, kernel_size=0, stride=1)": lambda: student.pool2d_output_shape(4, 4, 0, 1),
        "pool2d_output_shape(4, 4, kernel_size=2, padding=-1)": lambda: student.pool2d_output_shape(4, 4, 2, None, -1),
        "flatten_size((0, 8, 8), [])": lambda: student.flatten_size((0, 8, 8), []),
        "flatten_size((1, 8, 8), [conv with out_channels=0])":
            lambda: student.flatten_size((1, 8, 8), [("conv", {"out_channels": 0, "kernel_size": 3})]),
    }
    with Cases() as cases:
        for what, call in calls.items():
            with cases.case():
                check_shape_call(call, None, what, {}, missing_error=hint)


# ---- defaults, return types, inputs left alone ------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(CONV)
def test_default_arguments(student):
    hint = K("wrong_default")
    with Cases() as cases:
        with cases.case():  # stride 1, padding 0, dilation 1: every other default gives another size
            assert_equal(tuple(student.conv2d_output_shape(10, 12, 3)), (8, 10), "conv2d_output_shape(10, 12, 3)",
                         mistakes={hint: lambda g: g in ((4, 5), (10, 12), (6, 8))})
        with cases.case():  # stride = kernel_size, padding 0, ceil_mode False
            assert_equal(tuple(student.pool2d_output_shape(10, 10, 3)), (3, 3), "pool2d_output_shape(10, 10, 3)",
                         mistakes={K("pool_stride_default"): (8, 8), hint: (4, 4)})


@pytest.mark.points(1)
@pytest.mark.concept(CONV)
def test_return_types(student):
    rng = np.random.default_rng(8)
    x, weight, bias = rng.normal(size=(1, 2, 6, 6)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)
    calls = {
        "conv2d_output_shape(28, 28, 5)": (lambda: student.conv2d_output_shape(28, 28, 5), 2),
        "pool2d_output_shape(24, 24, 2)": (lambda: student.pool2d_output_shape(24, 24, 2), 2),
        "conv2d_param_count(1, 10, 5)": (lambda: student.conv2d_param_count(1, 10, 5), None),
        "flatten_size((1, 28, 28), MNIST net)": (lambda: student.flatten_size((1, 28, 28), MNIST), None),
    }
    with Cases() as cases:
        for what, (call, length) in calls.items():
            with cases.case():
                got = call()
                types = (tuple(type(v).__name__ for v in got) if isinstance(got, (tuple, list))
                         else type(got).__name__)
                expected = ("int",) * length if length else "int"
                if types != expected:
                    raise Feedback("core.wrong_type", hint=K("not_python_int"), what=what,
                                   expected=str(expected).replace("'", ""), got=str(types).replace("'", ""))
        with cases.case():
            got, args = student.call_and_return_args("conv2d_forward", x, weight, bias, 1, 1)
            what = "conv2d_forward(x, weight, bias, stride=1, padding=1)"
            if not (isinstance(got, np.ndarray) and got.dtype.kind == "f"):
                raise Feedback("core.dtype", what=what, expected="floating-point",
                               got=str(getattr(got, "dtype", type(got).__name__)))
            for name, before, after in zip(("x", "weight", "bias"), (x, weight, bias), args):
                assert_unchanged(before, after, f"{what}: {name}", hint=K("forward_in_place"))
