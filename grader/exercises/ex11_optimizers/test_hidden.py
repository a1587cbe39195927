"""Hidden tests for ex11_optimizers: each update rule (SGD, momentum, Adagrad, RMSprop, Adam, Adamax)
step by step against torch.optim (and the reference) on random least-squares problems, with a changing
learning rate, with a large eps, on a 2-D quadratic; each default against torch.optim's own; float64
results, any shape, in-place edits, invalid input and the ends of the allowed ranges."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.author import (
    Cases,
    Feedback,
    as_array,
    assert_close,
    assert_raises,
    assert_unchanged,
    floats,
    keys,
)

K = keys(__file__)


RULE = K("concept.update_rule")
STATE = K("concept.state")
EPS = K("concept.eps")
VALID = K("concept.validation")
STEPS = 25
DEFAULTS = {"sgd": {}, "momentum": {"momentum": 0.9}, "adagrad": {"eps": 1e-10},
            "rmsprop": {"alpha": 0.99, "eps": 1e-8}, "adam": {"betas": (0.9, 0.999), "eps": 1e-8},
            "adamax": {"betas": (0.9, 0.999), "eps": 1e-8}}
TORCH_NAMES = {"sgd": "SGD", "momentum": "SGD(momentum=μ)", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam",
               "adamax": "Adamax"}

seeds = st.integers(0, 100_000)
param_shapes = st.sampled_from([(1,), (5,), (2, 3)])


# ---- the oracle: torch.optim ---------------------------------------------------------------------
def torch_optimizer(name: str, params: list, lr: float, hp: dict) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=hp["momentum"])
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=hp["eps"])
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=hp["alpha"], eps=hp["eps"])
    if name == "adamax":
        return torch.optim.Adamax(params, lr=lr, betas=tuple(hp["betas"]), eps=hp["eps"])
    return torch.optim.Adam(params, lr=lr, betas=tuple(hp["betas"]), eps=hp["eps"])


def problem(seed: int, shape: tuple[int, ...]):
    """A random smooth loss: least squares plus a small cosine term (so gradients are not affine)."""
    rng = np.random.default_rng(seed)
    d = math.prod(shape)
    A = torch.from_numpy(rng.normal(size=(d + 3, d)))
    b = torch.from_numpy(rng.normal(size=d + 3))
    p0 = rng.normal(size=shape)

    def loss(t: torch.Tensor) -> torch.Tensor:
        r = A @ t.reshape(-1) - b
        return 0.5 * (r * r).mean() + 0.1 * torch.cos(t).sum()

    return p0, loss


def torch_run(name: str, p0: np.ndarray, loss, lrs: list[float], hp: dict, grad_scale: float = 1.0):
    """torch.optim's parameters after each step, and the gradient it was given at each step."""
    t = torch.tensor(p0, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(name, [t], lrs[0], hp)
    params, grads = [p0.copy()], []
    for lr in lrs:
        for group in opt.param_groups:
            group["lr"] = lr
        (g,) = torch.autograd.grad(loss(t), t)
        g = g * grad_scale
        grads.append(g.numpy().copy())
        t.grad = g
        opt.step()
        params.append(t.detach().numpy().copy())
    return params, grads


# ---- typical wrong answers, computed here to name them ---------------------------------------
def _zeros(st_: dict, key: str, like: np.ndarray) -> np.ndarray:
    return st_.get(key, np.zeros_like(like))


def momentum_other_form(p, g, s, lr, momentum):
    v = momentum * _zeros(s, "v", p) + lr * g  # velocity form: v ← μv + lr·g, p ← p − v
    return p - v, {"v": v}


def momentum_dampened(p, g, s, lr, momentum):
    b = momentum * _zeros(s, "b", p) + (1 - momentum) * g  # an average of g, not torch's sum
    return p - lr * b, {"b": b}


def adagrad_no_accumulation(p, g, s, lr, eps):
    return p - lr * g / (np.abs(g) + eps), {}


def adagrad_eps_inside(p, g, s, lr, eps):
    G = _zeros(s, "G", p) + g * g
    return p - lr * g / np.sqrt(G + eps), {"G": G}


def rmsprop_eps_inside(p, g, s, lr, alpha, eps):
    v = alpha * _zeros(s, "v", p) + (1 - alpha) * g * g
    return p - lr * g / np.sqrt(v + eps), {"v": v}


def rmsprop_alpha_swapped(p, g, s, lr, alpha, eps):
    v = (1 - alpha) * _zeros(s, "v", p) + alpha * g * g
    return p - lr * g / (np.sqrt(v) + eps), {"v": v}


def _adam(p, g, s, lr, betas, eps, correct=True, inside=False):
    t = s.get("t", 0) + 1
    m = betas[0] * _zeros(s, "m", p) + (1 - betas[0]) * g
    v = betas[1] * _zeros(s, "v", p) + (1 - betas[1]) * g * g
    mh, vh = (m / (1 - betas[0] ** t), v / (1 - betas[1] ** t)) if correct else (m, v)
    denom = np.sqrt(vh + eps) if inside else np.sqrt(vh) + eps
    return p - lr * mh / denom, {"t": t, "m": m, "v": v}


def _adamax(p, g, s, lr, betas, eps, correct_m=True, correct_u=False, eps_outside=False, average=False):
    t = s.get("t", 0) + 1
    m = betas[0] * _zeros(s, "m", p) + (1 - betas[0]) * g
    if average:  # a moving average of |g| (as Adam's of g²), not the infinity norm
        u = betas[1] * _zeros(s, "u", p) + (1 - betas[1]) * np.abs(g)
    else:
        u = np.maximum(betas[1] * _zeros(s, "u", p), np.abs(g) + (0 if eps_outside else eps))
    denom = (u / (1 - betas[1] ** t) if correct_u else u) + (eps if eps_outside or average else 0)
    step = lr / (1 - betas[0] ** t) if correct_m else lr
    return p - step * m / denom, {"t": t, "m": m, "u": u}


VARIANTS = {
    "momentum": {"momentum_other_form": momentum_other_form, "momentum_dampened": momentum_dampened},
    "adagrad": {"adagrad_no_accumulation": adagrad_no_accumulation, "adagrad_eps_inside": adagrad_eps_inside},
    "rmsprop": {"rmsprop_eps_inside": rmsprop_eps_inside, "rmsprop_alpha_swapped": rmsprop_alpha_swapped},
    "adam": {"adam_no_bias_correction": lambda *a, **k: _adam(*a, **k, correct=False),
             "adam_eps_inside": lambda *a, **k: _adam(*a, **k, inside=True)},
    "adamax": {"adamax_u_corrected": lambda *a, **k: _adamax(*a, **k, correct_u=True),
               "adamax_no_bias_correction": lambda *a, **k: _adamax(*a, **k, correct_m=False),
               "adamax_eps_outside": lambda *a, **k: _adamax(*a, **k, eps_outside=True),
               "adamax_not_max": lambda *a, **k: _adamax(*a, **k, average=True)},
}


def variant_runs(reference, name: str, p0: np.ndarray, grads: list, lrs: list, hp: dict) -> dict[str, list]:
    """Each known mistake's parameters after each step, on the same gradients."""
    ref = getattr(reference, f"{name}_step")
    steps = {"sign_flipped": lambda p, g, s, lr, **k: ref(p, -g, s, lr, **k), **VARIANTS.get(name, {})}
    out = {}
    with np.errstate(all="ignore"):
        for key, step in steps.items():
            p, s, traj = p0, {}, [p0]
            for g, lr in zip(grads, lrs):
                p, s = step(p, g, s, lr, **hp)
                traj.append(p)
            out[K(key)] = traj
    return out


# ---- running the student's step function -----------------------------------------------------
def _call(name: str, lr: float, hp: dict) -> str:
    extra = "".join(f", {k}={v!r}" for k, v in hp.items())
    return f"{name}_step(param, grad, state, lr={lr:g}{extra})"


def unpack(out, what: str) -> tuple[np.ndarray, dict]:
    if not (isinstance(out, (tuple, list)) and len(out) == 2 and isinstance(out[1], dict)):
        raise Feedback(K("bad_return"), what=what, got=type(out).__name__)
    return as_array(out[0], f"{what}[0] (the new parameter)"), out[1]


def follow(student, reference, name: str, p0: np.ndarray, params: list, grads: list, lrs: list, hp: dict,
           passed: dict | None = None) -> None:
    """Step the student's function along torch's gradients; stop at the first step that differs.

    ``passed``: the hyperparameters the student's function is called with, when not all of ``hp`` (the
    others are left to its documented defaults, which ``hp`` holds)."""
    variants = variant_runs(reference, name, p0, grads, lrs, hp)
    fn = getattr(student, f"{name}_step")
    defaults = passed is not None and passed != hp
    passed = hp if passed is None else passed
    p, state = p0, {}
    for k, (g, lr) in enumerate(zip(grads, lrs), start=1):
        what = _call(name, lr, passed)
        p_new, state = unpack(fn(p, g, state, lr=lr, **passed), what)
        expected = params[k]
        mistakes = {key: traj[k] for key, traj in variants.items()}
        try:
            assert_close(p_new, expected, what, mistakes=mistakes, dtype_kind="f")
        except Feedback as fb:
            if fb.key not in ("core.values", "core.not_finite"):
                raise
            hint = fb.hint or (K("wrong_default") if defaults else None)
            raise Feedback(K("diverged") if k > 1 else K("diverged_first"), hint=hint, values=(expected, p_new),
                           comparison=fb.comparison, inputs={"param": p, "grad": g, "lr": lr, **passed},
                           what=what, step=k, steps=len(grads),
                           optimizer=f"torch.optim.{TORCH_NAMES[name]}") from None
        p = p_new


def run_case(student, reference, name: str, seed: int, shape: tuple, lrs: list, hp: dict, grad_scale: float = 1.0):
    p0, loss = problem(seed, shape)
    params, grads = torch_run(name, p0, loss, lrs, hp, grad_scale)
    ref_p, s = p0, {}
    for g, lr in zip(grads, lrs):  # the reference follows torch too (a check on this test itself)
        ref_p, s = getattr(reference, f"{name}_step")(ref_p, g, s, lr, **hp)
    np.testing.assert_allclose(ref_p, params[-1], rtol=1e-9, atol=1e-12)
    follow(student, reference, name, p0, params, grads, lrs, hp)


TORCH_CLASSES = {"sgd": torch.optim.SGD, "momentum": torch.optim.SGD, "adagrad": torch.optim.Adagrad,
                 "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam, "adamax": torch.optim.Adamax}


def torch_on_grads(name: str, p0: np.ndarray, grads: list, lr: float, kw: dict) -> list:
    """torch.optim's parameters after each step along the given gradients, with only ``kw`` given: the
    other hyperparameters are torch's own defaults (momentum excepted: SGD's default is 0, ours 0.9)."""
    t = torch.tensor(p0, dtype=torch.float64, requires_grad=True)
    if name == "momentum":
        kw = {"momentum": 0.9, **kw}
    opt = TORCH_CLASSES[name]([t], lr=lr, **kw)
    params = [p0.copy()]
    for g in grads:
        t.grad = torch.from_numpy(g.copy())
        opt.step()
        params.append(t.detach().numpy().copy())
    return params


# ---- tests --------------------------------------------------------------------------------------
@pytest.mark.points(2)
@pytest.mark.concept(RULE)
@settings(max_examples=6)
@given(seed=seeds, shape=param_shapes, lr=floats(1e-3, 0.2))
def test_sgd(student, reference, seed, shape, lr):
    run_case(student, reference, "sgd", seed, shape, [lr] * STEPS, {})


@pytest.mark.points(3)
@pytest.mark.concept(RULE)
@settings(max_examples=6)
@given(seed=seeds, shape=param_shapes, lr=floats(1e-3, 0.1), momentum=floats(0.0, 0.95))
def test_momentum(student, reference, seed, shape, lr, momentum):
    run_case(student, reference, "momentum", seed, shape, [lr] * STEPS, {"momentum": momentum})


@pytest.mark.points(3)
@pytest.mark.concept(RULE)
@settings(max_examples=6)
@given(seed=seeds, shape=param_shapes, lr=floats(1e-3, 0.5), eps=st.sampled_from([1e-10, 1e-6]))
def test_adagrad(student, reference, seed, shape, lr, eps):
    run_case(student, reference, "adagrad", seed, shape, [lr] * STEPS, {"eps": eps})


@pytest.mark.points(3)
@pytest.mark.concept(RULE)
@settings(max_examples=6)
@given(seed=seeds, shape=param_shapes, lr=floats(1e-4, 0.05), alpha=floats(0.5, 0.999),
       eps=st.sampled_from([1e-8, 1e-6]))
def test_rmsprop(student, reference, seed, shape, lr, alpha, eps):
    run_case(student, reference, "rmsprop", seed, shape, [lr] * STEPS, {"alpha": alpha, "eps": eps})


@pytest.mark.points(3)
@pytest.mark.concept(RULE)
@settings(max_examples=6)
@given(seed=seeds, shape=param_shapes, lr=floats(1e-4, 0.1), beta1=floats(0.0, 0.95), beta2=floats(0.9, 0.9999),
       eps=st.sampled_from([1e-8, 1e-6]))
def test_adam(student, reference, seed, shape, lr, beta1, beta2, eps):
    run_case(student, reference, "adam", seed, shape, [lr] * STEPS, {"betas": (beta1, beta2), "eps": eps})


@pytest.mark.points(3)
@pytest.mark.concept(RULE)
@settings(max_examples=6)
@given(seed=seeds, shape=param_shapes, lr=floats(1e-4, 0.1), beta1=floats(0.0, 0.95), beta2=floats(0.9, 0.9999),
       eps=st.sampled_from([1e-8, 1e-6]))
def test_adamax(student, reference, seed, shape, lr, beta1, beta2, eps):
    run_case(student, reference, "adamax", seed, shape, [lr] * STEPS, {"betas": (beta1, beta2), "eps": eps})


@pytest.mark.points(2)
@pytest.mark.concept(STATE)
def test_changing_learning_rate(student, reference):
    """A scheduler changes lr between steps: the step must use the lr it is given, as torch does."""
    lrs = [0.08 * 0.85**k for k in range(STEPS)]
    with Cases() as cases:
        for i, name in enumerate(DEFAULTS):
            with cases.case():
                run_case(student, reference, name, 100 + i, (4,), lrs, DEFAULTS[name])


@pytest.mark.points(2)
@pytest.mark.concept(EPS)
def test_eps_placement(student, reference):
    """With small gradients and a large eps it matters where eps goes: after the square root (Adamax:
    inside the max)."""
    cases = {"adagrad": {"eps": 0.1}, "rmsprop": {"alpha": 0.9, "eps": 0.1}, "adam": {"betas": (0.9, 0.999), "eps": 0.1},
             "adamax": {"betas": (0.9, 0.999), "eps": 0.1}}
    with Cases() as checks:
        for i, (name, hp) in enumerate(cases.items()):
            with checks.case():
                run_case(student, reference, name, 200 + i, (2, 3), [0.05] * STEPS, hp, grad_scale=0.01)


# Each default on its own: (rule, the hyperparameter left out, the others given, the gradients' size).
# Gradients of varying size make betas, alpha and momentum show; gradients about 10x eps make eps show.
DEFAULT_CASES = [
    ("momentum", "momentum", {}, 1.0),
    ("adagrad", "eps", {}, 1e-9),
    ("rmsprop", "alpha", {"eps": 1e-8}, 1.0),
    ("rmsprop", "eps", {"alpha": 0.9}, 1e-7),
    ("adam", "betas", {"eps": 1e-8}, 1.0),
    ("adam", "eps", {"betas": (0.8, 0.99)}, 1e-7),
    ("adamax", "betas", {"eps": 1e-8}, 1.0),
    ("adamax", "eps", {"betas": (0.8, 0.99)}, 1e-7),
]


@pytest.mark.points(4)
@pytest.mark.concept(RULE)
def test_default_hyperparameters(student, reference):
    """Called without a hyperparameter, each step uses its documented default, torch.optim's own default
    (momentum=0.9 excepted): torch is built WITHOUT that argument, and each default is checked alone."""
    with Cases() as cases:
        for i, (name, _left_out, given, scale) in enumerate(DEFAULT_CASES):
            rng = np.random.default_rng(400 + i)
            p0 = rng.normal(size=(4,))
            grads = [rng.normal(size=(4,)) * np.exp(rng.normal(size=(4,))) * scale for _ in range(8)]
            lrs = [0.01] * len(grads)
            params = torch_on_grads(name, p0, grads, 0.01, given)
            ref_p, s = p0, {}
            for g in grads:  # the documented defaults are torch's (a check on this test itself)
                ref_p, s = getattr(reference, f"{name}_step")(ref_p, g, s, 0.01, **given)
            np.testing.assert_allclose(ref_p, params[-1], rtol=1e-9, atol=1e-12)
            with cases.case():
                follow(student, reference, name, p0, params, grads, lrs, {**DEFAULTS[name], **given}, passed=given)


QUAD_LR = {"sgd": 0.05, "momentum": 0.02, "adagrad": 0.5, "rmsprop": 0.02, "adam": 0.1, "adamax": 0.1}


@pytest.mark.points(3)
@pytest.mark.concept(RULE)
def test_loss_decreases_on_a_quadratic(student):
    """f(p) = ½ pᵀAp with A's eigenvalues 1 and 10: 60 steps must at least halve the loss."""
    c, s = math.cos(0.5), math.sin(0.5)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([1.0, 10.0]) @ R.T
    p0 = np.array([2.0, -1.5])
    f = lambda p: 0.5 * float(p @ A @ p)  # noqa: E731
    with Cases() as cases:
        for name, lr in QUAD_LR.items():
            with cases.case():
                descend(student, name, lr, A, p0, f)


def descend(student, name: str, lr: float, A: np.ndarray, p0: np.ndarray, f) -> None:
    hp = DEFAULTS[name]
    what = _call(name, lr, hp)
    p, state = p0, {}
    for _ in range(60):
        p, state = unpack(getattr(student, f"{name}_step")(p, A @ p, state, lr=lr, **hp), what)
        if p.shape != p0.shape:
            raise Feedback("core.shape", what=what, expected=p0.shape, got=p.shape)
    loss = f(p) if np.all(np.isfinite(p)) else float("inf")
    if not loss <= 0.5 * f(p0):
        raise Feedback(K("no_descent"), hint=K("sign_flipped") if loss > f(p0) else None,
                       what=what, start=f(p0), end=loss, inputs={"A": A, "p0": p0})


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, type(a)) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
    try:
        return bool(a == b)
    except Exception:
        return a is b


@pytest.mark.points(2)
@pytest.mark.concept(STATE)
def test_nothing_modified_in_place(student):
    helper = student.helper("helpers_core")
    rng = np.random.default_rng(7)
    with Cases() as cases:
        for name, hp in DEFAULTS.items():
            with cases.case():
                p, state = rng.normal(size=(2, 3)), {}
                for _ in range(3):
                    g = rng.normal(size=(2, 3))
                    what = _call(name, 0.01, hp)
                    out, after = helper.call_and_return_args(f"{name}_step", p, g, state, lr=0.01, **hp)
                    assert_unchanged(p, after[0], f"{what}: param", hint=K("param_in_place"))
                    assert_unchanged(g, after[1], f"{what}: grad", hint=K("grad_in_place"))
                    if not _same(state, after[2]):
                        raise Feedback(K("state_changed"), hint=K("state_in_place"), what=what)
                    p, state = unpack(out, what)


RULES = tuple(DEFAULTS)


def _step_inputs(args: tuple, kw: dict) -> dict:
    return {"param": args[0], "grad": args[1], "state": args[2], "lr": args[3], **kw}


@pytest.mark.points(1.5)
@pytest.mark.concept(VALID)
def test_rejects_invalid_arrays_and_state(student):
    """In every rule: shapes that differ, also those numpy broadcasts ((3,) against (3, 1) or (1,)),
    a complex or string array, and a state that is not a dict (SGD, which never reads it, included)."""
    p, g = np.zeros(3), np.ones(3)
    bad = [("grad.shape == (3, 1)", (p, np.ones((3, 1)), {}, 0.1)),
           ("grad.shape == (1,)", (p, np.ones(1), {}, 0.1)),
           ("param.shape == (1,)", (np.zeros(1), g, {}, 0.1)),
           ("grad.dtype == complex128", (p, g + 1j, {}, 0.1)),
           ("param.dtype == <U3", (np.array(["0.5", "1.0", "2.0"]), g, {}, 0.1)),
           ("state = []", (p, g, [], 0.1)),
           ("state = None", (p, g, None, 0.1))]
    with Cases() as checks:
        for name in RULES:
            with checks.case():
                for label, args in bad:
                    assert_raises(lambda name=name, args=args: getattr(student, f"{name}_step")(*args), ValueError,
                                  f"{name}_step(param, grad, state, lr), {label}", inputs=_step_inputs(args, {}),
                                  hint=K("no_validation"))


@pytest.mark.points(1.5)
@pytest.mark.concept(VALID)
def test_rejects_invalid_hyperparameters(student):
    """lr < 0 in every rule; momentum < 0; eps < 0; alpha outside [0, 1]; each beta outside [0, 1) (the
    bad value in either place of the pair)."""
    p, g = np.zeros(3), np.ones(3)
    cases = [(name, -0.1, {}) for name in RULES]
    cases += [("momentum", 0.1, {"momentum": -0.5})]
    cases += [(name, 0.1, {"eps": -1e-8}) for name in ("adagrad", "rmsprop", "adam", "adamax")]
    cases += [("rmsprop", 0.1, {"alpha": a}) for a in (1.5, 1.0001, -0.1, -1e-4)]  # just outside either end too
    cases += [(name, 0.1, {"betas": b}) for name in ("adam", "adamax")
              for b in ((1.0, 0.999), (-0.1, 0.999), (0.9, 1.0), (0.9, -0.1))]
    with Cases() as checks:
        for name, lr, kw in cases:
            args = (p, g, {}, lr)
            with checks.case():
                assert_raises(lambda name=name, args=args, kw=kw: getattr(student, f"{name}_step")(*args, **kw),
                              ValueError, _call(name, lr, kw), inputs=_step_inputs(args, kw), hint=K("no_validation"))


@pytest.mark.points(0.5)
@pytest.mark.concept(VALID)
def test_accepts_the_boundaries(student, reference):
    """The ends the docstring allows work: lr = 0, momentum = 0, eps = 0, alpha = 0 and 1, betas of 0."""
    p, s0 = np.array([0.5, -1.0, 2.0]), {}
    grads = [np.array([0.3, -0.2, 1.0]), np.array([-0.1, 0.4, 0.5])]
    cases = [(name, 0.0, {}) for name in RULES]
    cases += [("momentum", 0.1, {"momentum": 0.0}), ("rmsprop", 0.1, {"alpha": 0.0}), ("rmsprop", 0.1, {"alpha": 1.0})]
    cases += [(name, 0.1, {"eps": 0.0}) for name in ("adagrad", "rmsprop", "adam", "adamax")]
    cases += [(name, 0.1, {"betas": (0.0, 0.0)}) for name in ("adam", "adamax")]
    with Cases() as checks:
        for name, lr, kw in cases:
            with checks.case():
                mine, st_, ref, rs = p, s0, p, s0
                for g in grads:
                    what = _call(name, lr, kw)
                    mine, st_ = unpack(getattr(student, f"{name}_step")(mine, g, st_, lr, **kw), what)
                    ref, rs = getattr(reference, f"{name}_step")(ref, g, rs, lr, **kw)
                    assert_close(mine, ref, what, inputs={"param": p, "grad": g, "lr": lr, **kw})


@pytest.mark.points(1)
@pytest.mark.concept(RULE)
def test_results_are_float64(student):
    """new_param is float64, also from float32 param and grad (numpy keeps float32 unless told otherwise)."""
    p32 = np.array([0.5, -1.0, 2.0], dtype=np.float32)
    g32 = np.array([0.25, -0.5, 1.0], dtype=np.float32)
    with Cases() as checks:
        for name in RULES:
            with checks.case():
                what = _call(name, 0.01, {}) + ", param.dtype == grad.dtype == float32"
                p, state = p32, {}
                for _ in range(2):
                    p, state = unpack(getattr(student, f"{name}_step")(p32, g32, state, 0.01), what)
                    if p.dtype != np.float64:
                        raise Feedback("core.dtype", hint=K("not_float64"), what=what, expected="float64",
                                       got=str(p.dtype), inputs={"param": p32, "grad": g32, "lr": 0.01})


@pytest.mark.points(0.5)
@pytest.mark.concept(RULE)
def test_any_shape(student, reference):
    """Any shape: a parameter with no entries, and a 3-D one, over three steps."""
    rng = np.random.default_rng(12)
    with Cases() as checks:
        for name in RULES:
            with checks.case():
                for shape in ((0,), (2, 1, 3)):
                    mine, st_, ref, rs = rng.normal(size=shape), {}, None, {}
                    ref = mine
                    for _ in range(3):
                        g = rng.normal(size=shape)
                        what = _call(name, 0.01, {}) + f", param.shape == {shape}"
                        mine, st_ = unpack(getattr(student, f"{name}_step")(mine, g, st_, 0.01), what)
                        ref, rs = getattr(reference, f"{name}_step")(ref, g, rs, 0.01)
                        assert_close(mine, ref, what, inputs={"grad": g})
