"""A second implementation of ex11, written from the stub's docstrings alone: every step is one call
of the matching ``torch.optim`` optimizer on a float64 tensor, with the previous state loaded into
the optimizer and read back out as numpy arrays."""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import torch


def _arrays(param: np.ndarray, grad: np.ndarray, state: Any) -> tuple[np.ndarray, np.ndarray]:
    p, g = np.asarray(param), np.asarray(grad)
    for a, name in ((p, "param"), (g, "grad")):
        if a.dtype.kind not in "biuf":
            raise ValueError(f"{name} must be real-valued, got dtype {a.dtype}")
    if p.shape != g.shape:
        raise ValueError(f"param {p.shape} and grad {g.shape} differ in shape")
    if not isinstance(state, dict):
        raise ValueError("state must be a dict")
    return p.astype(np.float64), g.astype(np.float64)


def _number(v: Any, name: str, low: float, high: float | None = None, high_open: bool = False) -> float:
    if not isinstance(v, numbers.Real) or math.isnan(float(v)):
        raise ValueError(f"{name} must be a number, got {v!r}")
    v = float(v)
    if v < low or (high is not None and (v >= high if high_open else v > high)):
        raise ValueError(f"{name} out of range: {v}")
    return v


def _betas(betas: Any) -> tuple[float, float]:
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise ValueError("betas must be a pair")
    return _number(betas[0], "beta1", 0.0, 1.0, True), _number(betas[1], "beta2", 0.0, 1.0, True)


def _run(p: np.ndarray, g: np.ndarray, make: Callable[[list[torch.Tensor]], torch.optim.Optimizer],
         state: dict[str, Any]) -> tuple[np.ndarray, dict[str, Any]]:
    t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
    t.grad = torch.tensor(g, dtype=torch.float64)
    opt = make([t])
    if state:
        opt.state[t] = state
    opt.step()
    out: dict[str, Any] = {}
    for key, value in opt.state[t].items():
        if isinstance(value, torch.Tensor):
            out[key] = int(value.item()) if key == "step" else value.detach().numpy().copy()
        else:
            out[key] = value
    return t.detach().numpy().copy(), out


def _to_torch(state: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    loaded: dict[str, Any] = {}
    for key in keys:
        if key in state:
            value = state[key]
            loaded[key] = (torch.tensor(float(value), dtype=torch.float32) if key == "step"
                           else torch.tensor(np.array(value, dtype=np.float64)))
    return loaded


def sgd_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> tuple[np.ndarray, dict]:
    p, g = _arrays(param, grad, state)
    lr = _number(lr, "lr", 0.0)
    new, _ = _run(p, g, lambda ps: torch.optim.SGD(ps, lr=lr, foreach=False), {})
    return new, {}


def momentum_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
                  momentum: float = 0.9) -> tuple[np.ndarray, dict]:
    p, g = _arrays(param, grad, state)
    lr = _number(lr, "lr", 0.0)
    mu = _number(momentum, "momentum", 0.0)
    if mu == 0.0:   # torch keeps no buffer without momentum; b = g then
        return p - lr * g, {"momentum_buffer": g.copy()}
    new, st = _run(p, g, lambda ps: torch.optim.SGD(ps, lr=lr, momentum=mu, foreach=False),
                   _to_torch(state, ("momentum_buffer",)))
    return new, {"momentum_buffer": st["momentum_buffer"]}


def adagrad_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
                 eps: float = 1e-10) -> tuple[np.ndarray, dict]:
    p, g = _arrays(param, grad, state)
    lr = _number(lr, "lr", 0.0)
    eps = _number(eps, "eps", 0.0)
    loaded = _to_torch(state, ("sum",))
    if loaded:
        loaded["step"] = torch.tensor(0.0)
    new, st = _run(p, g, lambda ps: torch.optim.Adagrad(ps, lr=lr, eps=eps, foreach=False), loaded)
    return new, {"sum": st["sum"]}


def rmsprop_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float, alpha: float = 0.99,
                 eps: float = 1e-8) -> tuple[np.ndarray, dict]:
    p, g = _arrays(param, grad, state)
    lr = _number(lr, "lr", 0.0)
    alpha = _number(alpha, "alpha", 0.0, 1.0)
    eps = _number(eps, "eps", 0.0)
    loaded = _to_torch(state, ("square_avg",))
    if loaded:
        loaded["step"] = torch.tensor(0.0)
    new, st = _run(p, g, lambda ps: torch.optim.RMSprop(ps, lr=lr, alpha=alpha, eps=eps, foreach=False),
                   loaded)
    return new, {"square_avg": st["square_avg"]}


def adam_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
              betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> tuple[np.ndarray, dict]:
    p, g = _arrays(param, grad, state)
    lr = _number(lr, "lr", 0.0)
    b1, b2 = _betas(betas)
    eps = _number(eps, "eps", 0.0)
    new, st = _run(p, g, lambda ps: torch.optim.Adam(ps, lr=lr, betas=(b1, b2), eps=eps, foreach=False),
                   _to_torch(state, ("step", "exp_avg", "exp_avg_sq")))
    return new, {"step": st["step"], "exp_avg": st["exp_avg"], "exp_avg_sq": st["exp_avg_sq"]}


def adamax_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
                betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> tuple[np.ndarray, dict]:
    p, g = _arrays(param, grad, state)
    lr = _number(lr, "lr", 0.0)
    b1, b2 = _betas(betas)
    eps = _number(eps, "eps", 0.0)
    new, st = _run(p, g, lambda ps: torch.optim.Adamax(ps, lr=lr, betas=(b1, b2), eps=eps, foreach=False),
                   _to_torch(state, ("step", "exp_avg", "exp_inf")))
    return new, {"step": st["step"], "exp_avg": st["exp_avg"], "exp_inf": st["exp_inf"]}
