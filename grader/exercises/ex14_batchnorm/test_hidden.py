"""Hidden tests for ex14_batchnorm.

The oracle is PyTorch's ``nn.BatchNorm1d`` in float64 (grader process only; the child stays
numpy-only): its output, its running statistics after one call in train() or eval() mode, and
autograd's gradients of ``out`` for a given ``dout``. The reference is checked against the same
oracle (it must score full marks) and used besides on wider inputs.

The student's backward pass gets the student's own cache, exactly as returned by their forward pass.

Known wrong answers are recognised by computing them here (``bn_variant``): normalising with the
unbiased variance, the running variance from the biased one, the momentum convention inverted,
eval mode with batch statistics, eps outside the square root, and for the backward pass dgamma /
dbeta left unsummed or dx without the terms through the batch mean and variance.

Tolerances: float64 throughout; values within rtol 1e-7 and atol 1e-9 · max(1, max|expected|),
far below the smallest gap between a mistake and the right answer on these inputs (> 1e-5; eps is
drawn up to 0.1 and momentum never 0.5, where the inverted convention would coincide).
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import (
    Cases,
    Feedback,
    assert_accepts,
    assert_close,
    assert_raises,
    float_arrays,
    keys,
)

K = keys(__file__)


FWD = K("concept.forward")
RUNNING = K("concept.running")
EVAL = K("concept.eval")
BWD = K("concept.backward")
VALID = K("concept.validation")
RTOL, ATOL = 1e-7, 1e-9
MOMENTA = (0.1, 0.25, 0.9)
EPSILONS = (1e-5, 1e-3, 0.1)


# ---- inputs ------------------------------------------------------------------------------------

def make_case(n: int, d: int, rng: np.random.Generator, *, momentum: float = 0.1, eps: float = 1e-5,
              scale: float = 1.0) -> dict[str, Any]:
    return {"x": rng.normal(rng.uniform(-2, 2, d) * scale, rng.uniform(0.2, 3.0, d) * scale, (n, d)),
            "gamma": rng.uniform(0.5, 2.0, d) * rng.choice([-1, 1], d), "beta": rng.normal(0, 1, d),
            "running_mean": rng.normal(0, 1, d), "running_var": rng.uniform(0.5, 3.0, d),
            "momentum": momentum, "eps": eps}


@st.composite
def bn_inputs(draw: st.DrawFn, min_n: int = 2, max_n: int = 8, max_d: int = 5) -> dict[str, Any]:
    n, d = draw(st.integers(min_n, max_n)), draw(st.integers(1, max_d))
    return {"x": draw(float_arrays((n, d), -10, 10)), "gamma": draw(float_arrays((d,), -2, 2)),
            "beta": draw(float_arrays((d,), -2, 2)), "running_mean": draw(float_arrays((d,), -3, 3)),
            "running_var": draw(float_arrays((d,), 0.1, 5)), "momentum": draw(st.sampled_from(MOMENTA)),
            "eps": draw(st.sampled_from(EPSILONS))}


FIXED = [make_case(n, d, np.random.default_rng(seed), momentum=m, eps=e)
         for seed, (n, d, m, e) in enumerate([(4, 3, 0.1, 1e-5), (2, 2, 0.25, 1e-3), (16, 5, 0.9, 0.1),
                                              (7, 1, 0.1, 0.1)])]


def args(c: dict[str, Any], train: bool) -> tuple:
    return (c["x"], c["gamma"], c["beta"], c["running_mean"], c["running_var"], c["momentum"], c["eps"], train)


# ---- the oracle: nn.BatchNorm1d in float64 --------------------------------------------------------

@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """The oracle's tensors are tiny: thread start-up and spinning would cost far more than the work."""
    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(saved)


def torch_bn(c: dict[str, Any], train: bool, dout: np.ndarray | None = None) -> dict[str, np.ndarray]:
    with one_thread():
        return _torch_bn(c, train, dout)


def _torch_bn(c: dict[str, Any], train: bool, dout: np.ndarray | None) -> dict[str, np.ndarray]:
    d = c["x"].shape[1]
    bn = torch.nn.BatchNorm1d(d, eps=c["eps"], momentum=c["momentum"], dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(c["gamma"]))
        bn.bias.copy_(torch.from_numpy(c["beta"]))
        bn.running_mean.copy_(torch.from_numpy(c["running_mean"]))
        bn.running_var.copy_(torch.from_numpy(c["running_var"]))
    bn.train(train)
    x = torch.tensor(c["x"], dtype=torch.float64, requires_grad=True)
    out = bn(x)
    res = {"out": out.detach().numpy(), "running_mean": bn.running_mean.numpy().copy(),
           "running_var": bn.running_var.numpy().copy()}
    if dout is not None:
        out.backward(torch.from_numpy(dout))
        res.update(dx=x.grad.numpy(), dgamma=bn.weight.grad.numpy(), dbeta=bn.bias.grad.numpy())
    return res


# ---- known wrong answers, computed independently ---------------------------------------------------

def bn_variant(c: dict[str, Any], train: bool, *, norm_ddof: int = 0, run_ddof: int = 1, inverted: bool = False,
               batch_stats: bool | None = None, eps_outside: bool = False) -> dict[str, np.ndarray]:
    x, m, eps = c["x"], c["momentum"], c["eps"]
    n = x.shape[0]
    use_batch = train if batch_stats is None else batch_stats
    if use_batch:
        mu, var = x.mean(0), x.var(0, ddof=norm_ddof) if n > norm_ddof else x.var(0)
    else:
        mu, var = c["running_mean"], c["running_var"]
    std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    out = c["gamma"] * (x - mu) / std + c["beta"]
    rm, rv = c["running_mean"], c["running_var"]
    if train:
        bvar = x.var(0, ddof=run_ddof) if n > run_ddof else x.var(0)
        a, b = (m, 1 - m) if inverted else (1 - m, m)
        rm, rv = a * rm + b * x.mean(0), a * rv + b * bvar
    return {"out": out, "running_mean": rm, "running_var": rv}


def out_mistakes(c: dict[str, Any], train: bool) -> dict[str, Any]:
    out = {K("eps_outside_sqrt"): bn_variant(c, train, eps_outside=True)["out"]}
    if train:
        out[K("unbiased_in_normalisation")] = bn_variant(c, train, norm_ddof=1)["out"]
    else:
        out[K("eval_batch_stats")] = bn_variant(c, False, batch_stats=True)["out"]
    return out


def running_mistakes(c: dict[str, Any], key: str) -> dict[str, Any]:
    out = {K("momentum_inverted"): bn_variant(c, True, inverted=True)[key]}
    if key == "running_var":
        out[K("running_var_biased")] = bn_variant(c, True, run_ddof=0)[key]
        out[K("momentum_inverted")] = lambda g: any(
            np.allclose(g, bn_variant(c, True, inverted=True, run_ddof=dd)[key], rtol=RTOL, atol=ATOL) for dd in (0, 1))
    return out


def backward_mistakes(c: dict[str, Any], train: bool, dout: np.ndarray) -> dict[str, dict[str, Any]]:
    x, gamma, eps = c["x"], c["gamma"], c["eps"]
    mu, var = (x.mean(0), x.var(0)) if train else (c["running_mean"], c["running_var"])
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    missing = K("backward_missing_terms")
    return {
        "dx": {missing: lambda g: any(np.allclose(g, v, rtol=1e-6, atol=1e-8) for v in (
            dout * gamma * inv_std, gamma * inv_std * (dout - dout.mean(0))))},
        "dgamma": {K("param_grads_not_summed"): dout * x_hat},
        "dbeta": {K("param_grads_not_summed"): dout},
    }


def close(got: Any, expected: np.ndarray, what: str, mistakes: dict | None = None, inputs: dict | None = None) -> None:
    scale = max(1.0, float(np.max(np.abs(expected)))) if np.size(expected) else 1.0
    assert_close(got, expected, what, rtol=RTOL, atol=ATOL * scale, mistakes=mistakes, inputs=inputs)


def describe(value: Any) -> str:
    return f"{type(value).__name__} of length {len(value)}" if isinstance(value, (tuple, list)) else type(value).__name__


def forward(student, c: dict[str, Any], train: bool) -> tuple:
    res = student.batchnorm_forward(*args(c, train))
    if not (isinstance(res, tuple) and len(res) == 4):
        raise Feedback(K("forward_returns"), got=describe(res))
    return res


def check_forward(student, c: dict[str, Any], train: bool, *, stats: bool, inputs: dict | None = None) -> None:
    exp = torch_bn(c, train)
    mode = "train=True" if train else "train=False"
    out, _, rm, rv = forward(student, c, train)
    close(out, exp["out"], f"batchnorm_forward(..., {mode}) → out", out_mistakes(c, train), inputs)
    if stats:
        for key, got in (("running_mean", rm), ("running_var", rv)):
            if train:
                mistakes = running_mistakes(c, key)
            else:  # evaluation leaves them alone
                mistakes = {K("eval_updates_running"): lambda g, k=key: not np.allclose(g, c[k])}
            close(got, exp[key], f"batchnorm_forward(..., {mode}) → {key}", mistakes, inputs)


def check_backward(student, c: dict[str, Any], train: bool, dout: np.ndarray, inputs: dict | None = None) -> None:
    exp = torch_bn(c, train, dout)
    _, cache, _, _ = forward(student, c, train)
    res = student.batchnorm_backward(dout, cache)
    if not (isinstance(res, tuple) and len(res) == 3):
        raise Feedback(K("backward_returns"), got=describe(res))
    mistakes = backward_mistakes(c, train, dout)
    mode = "train=True" if train else "train=False"
    for name, got in zip(("dx", "dgamma", "dbeta"), res):
        close(got, exp[name], f"batchnorm_backward(dout, cache) [{mode}] → {name} vs autograd", mistakes[name], inputs)


def shown(c: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**c, **extra}




ZERO_VAR = {**make_case(4, 3, np.random.default_rng(10)), "running_var": np.array([1.5, 0.0, 0.7])}


# ---- forward, training mode ----------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(FWD)
def test_forward_train_examples(student):
    with Cases() as cases:
        for c in FIXED:
            with cases.case():
                check_forward(student, c, True, stats=False, inputs=shown(c))


@pytest.mark.points(2)
@pytest.mark.concept(FWD)
@given(c=bn_inputs())
def test_forward_train_matches_torch(student, c):
    check_forward(student, c, True, stats=False)


# ---- running statistics --------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(RUNNING)
def test_running_stats_examples(student):
    # momentum = 0 (the running statistics stay) and momentum = 1 (they become the batch's) are in [0, 1].
    ends = [make_case(5, 3, np.random.default_rng(11), momentum=0.0), make_case(5, 3, np.random.default_rng(12),
                                                                                momentum=1.0)]
    with Cases() as cases:
        for c in FIXED + ends:
            with cases.case():
                assert_accepts(lambda c=c: check_forward(student, c, True, stats=True, inputs=shown(c)), shown(c),
                               hint=K("bounds_include_ends"))


@pytest.mark.points(1.5)
@pytest.mark.concept(RUNNING)
@given(c=bn_inputs())
def test_running_stats_match_torch(student, c):
    check_forward(student, c, True, stats=True)


# ---- evaluation mode ------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(EVAL)
def test_forward_eval_examples(student):
    with Cases() as cases:
        for c in FIXED + [make_case(1, 3, np.random.default_rng(9)), ZERO_VAR]:
            with cases.case():
                assert_accepts(lambda c=c: check_forward(student, c, False, stats=True, inputs=shown(c)), shown(c),
                               hint=K("bounds_include_ends"))


@pytest.mark.points(1)
@pytest.mark.concept(EVAL)
@given(c=bn_inputs(min_n=1))
def test_forward_eval_matches_torch(student, c):
    check_forward(student, c, False, stats=True)


# ---- backward against autograd -----------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.concept(BWD)
def test_backward_train_examples(student):
    with Cases() as cases:
        for i, c in enumerate(FIXED):
            dout = np.random.default_rng(100 + i).normal(size=c["x"].shape)
            with cases.case():
                check_backward(student, c, True, dout, inputs=shown(c, dout=dout))


@pytest.mark.points(2)
@pytest.mark.concept(BWD)
@given(c=bn_inputs(), seed=st.integers(0, 2**16))
def test_backward_train_matches_autograd(student, c, seed):
    dout = np.random.default_rng(seed).normal(size=c["x"].shape)
    check_backward(student, c, True, dout, inputs={"dout": dout})


@pytest.mark.points(1)
@pytest.mark.concept(BWD)
@given(c=bn_inputs(min_n=1), seed=st.integers(0, 2**16))
@settings(max_examples=10)
def test_backward_eval_matches_autograd(student, c, seed):
    dout = np.random.default_rng(seed).normal(size=c["x"].shape)
    check_backward(student, c, False, dout, inputs={"dout": dout})


# ---- the reference on wider inputs ---------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(FWD)
def test_matches_reference_large_batches(student, reference):
    rng = np.random.default_rng(7)
    with Cases() as cases:
        for n, d, scale in ((64, 12, 100.0), (33, 7, 0.01), (128, 3, 10.0)):
            c = make_case(n, d, rng, scale=scale)
            c["x"] = c["x"] + 50.0 * scale
            dout = rng.normal(size=(n, d))
            for train in (True, False):
                with cases.case():
                    exp_out, exp_cache, exp_rm, exp_rv = reference.batchnorm_forward(*args(c, train))
                    out, cache, rm, rv = forward(student, c, train)
                    what = f"batchnorm_forward(x of shape ({n}, {d}), train={train})"
                    close(out, exp_out, f"{what} → out", out_mistakes(c, train))
                    close(rm, exp_rm, f"{what} → running_mean")
                    close(rv, exp_rv, f"{what} → running_var")
                    exp = reference.batchnorm_backward(dout, exp_cache)
                    got = student.batchnorm_backward(dout, cache)
                    mistakes = backward_mistakes(c, train, dout)
                    for name, g, e in zip(("dx", "dgamma", "dbeta"), got, exp):
                        close(g, e, f"batchnorm_backward [{what}] → {name}", mistakes[name])


# ---- the defaults: momentum=0.1, eps=1e-5, train=True (nn.BatchNorm1d's) ------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(FWD)
def test_forward_defaults(student):
    with Cases() as cases:
        for c in FIXED[:3]:
            d = {**c, "momentum": 0.1, "eps": 1e-5}
            exp = torch_bn(d, True)
            with cases.case():
                res = student.batchnorm_forward(c["x"], c["gamma"], c["beta"], c["running_mean"], c["running_var"])
                if not (isinstance(res, tuple) and len(res) == 4):
                    raise Feedback(K("forward_returns"), got=describe(res))
                out, _, rm, rv = res
                inputs = {k: c[k] for k in ("x", "gamma", "beta", "running_mean", "running_var")}
                for key, got in (("out", out), ("running_mean", rm), ("running_var", rv)):
                    close(got, exp[key], f"batchnorm_forward(x, gamma, beta, running_mean, running_var) → {key}",
                          {K("wrong_defaults"): lambda g: True}, inputs)


# ---- no input modified in place -------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(RUNNING)
def test_inputs_not_modified(student):
    c = FIXED[0]
    with Cases() as cases:
        for train in (True, False):
            with cases.case():
                _, after = student.call_and_return_args("batchnorm_forward", *args(c, train))
                for name, before, now in zip(("x", "gamma", "beta", "running_mean", "running_var"), args(c, train), after):
                    if not (isinstance(now, np.ndarray) and now.shape == before.shape and np.array_equal(now, before)):
                        raise Feedback("core.mutated_input", hint=K("in_place"),
                                       what=f"batchnorm_forward(..., train={train}) → {name}")
        # The running statistics come back as NEW arrays, in evaluation mode too: not the caller's own arrays.
        for train in (True, False):
            with cases.case():
                _, pairs = student.helper("helpers_core").call_and_find_aliases("batchnorm_forward", *args(c, train))
                names = ("out", "cache", "new_running_mean", "new_running_var")
                arg_names = ("x", "gamma", "beta", "running_mean", "running_var")
                if pairs:
                    i, j = pairs[0]
                    raise Feedback(K("returns_input_array"), what=f"batchnorm_forward(..., train={train})",
                                   result=names[i] if i < len(names) else str(i), arg=arg_names[j])
        with cases.case():
            _, cache, _, _ = forward(student, c, True)
            dout = np.ones_like(c["x"])
            _, after = student.call_and_return_args("batchnorm_backward", dout, cache)
            if not np.array_equal(after[0], dout):
                raise Feedback("core.mutated_input", hint=K("in_place"), what="batchnorm_backward → dout")


# ---- invalid input ---------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    c = FIXED[0]
    x, g, b, rm, rv = c["x"], c["gamma"], c["beta"], c["running_mean"], c["running_var"]
    bad = {
        "x is 1-D": (x[0], g, b, rm, rv, 0.1, 1e-5, True),
        "gamma of the wrong length": (x, g[:-1], b, rm, rv, 0.1, 1e-5, True),
        "running_var of the wrong length": (x, g, b, rm, np.ones(len(rv) + 1), 0.1, 1e-5, False),
        "negative running_var": (x, g, b, rm, -rv, 0.1, 1e-5, False),
        "running_var = [1, -0.001, 2]": (x, g, b, rm, np.array([1.0, -0.001, 2.0]), 0.1, 1e-5, False),
        "momentum = 1.5": (x, g, b, rm, rv, 1.5, 1e-5, True),
        "momentum = 1.0005": (x, g, b, rm, rv, 1.0005, 1e-5, True),
        "momentum = -0.5": (x, g, b, rm, rv, -0.5, 1e-5, True),
        # shapes that broadcast against x silently: only a check of the shape rejects them
        "gamma of shape (1,)": (x, g[:1], b, rm, rv, 0.1, 1e-5, True),
        "beta of shape (1, D)": (x, g, b[None, :], rm, rv, 0.1, 1e-5, True),
        "running_mean of shape (1,)": (x, g, b, rm[:1], rv, 0.1, 1e-5, False),
        "eps = 0": (x, g, b, rm, rv, 0.1, 0.0, True),
        "one sample in training mode": (x[:1], g, b, rm, rv, 0.1, 1e-5, True),
    }
    with Cases() as cases:
        for name, a in bad.items():
            with cases.case():
                assert_raises(lambda a=a: student.batchnorm_forward(*a), ValueError, f"batchnorm_forward ({name})",
                              inputs={"x": a[0], "momentum": a[5], "eps": a[6], "train": a[7]},
                              hint=K("no_validation"))
        # (1, D) and (N, 1) would broadcast against x silently: only a check of the shape rejects them
        for shape in ((x.shape[0] + 1, x.shape[1]), (1, x.shape[1]), (x.shape[0], 1)):
            with cases.case():
                _, cache, _, _ = forward(student, c, True)
                dout = np.ones(shape)
                assert_raises(lambda dout=dout, cache=cache: student.batchnorm_backward(dout, cache), ValueError,
                              f"batchnorm_backward (dout of shape {shape}, x of shape {x.shape})",
                              inputs={"dout": dout}, hint=K("no_validation"))
