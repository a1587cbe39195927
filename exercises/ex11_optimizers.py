"""ex11 · Optimizers: one update step each (옵티마이저: 한 단계 갱신).

Gradient descent moves a parameter against its gradient, w ← w − ρ·∂J/∂w (ρ = the learning rate).
The optimizers below differ in WHAT they subtract. Each is written as a pure function

    new_param, new_state = xxx_step(param, grad, state, lr, **hyperparameters)

param, grad: float arrays of the same shape (any shape). state: a dict that carries what the
optimizer remembers between steps — ``{}`` on the first step; pass back what the previous call
returned. Nothing is modified in place: neither ``param`` nor ``grad`` nor ``state`` nor the arrays
inside it (build a new dict and new arrays). new_param is a new float64 array shaped like ``param``
(float32 input included). The formulas are exactly those of ``torch.optim`` with its other
options at their defaults (weight_decay=0, maximize=False, …), so the two give the same numbers.
The hyperparameters' defaults are torch.optim's too (Adagrad's eps, RMSprop's alpha and eps,
Adam's and Adamax's betas and eps), except momentum=0.9 (torch.optim.SGD's is 0).
All operations are element-wise; t counts the steps from 1; g is the gradient.

    SGD       p ← p − lr·g                                                  state: {}
    momentum  b ← μ·b + g   (b = g on the first step);  p ← p − lr·b        state: {"momentum_buffer": b}
              (torch.optim.SGD with momentum=μ, dampening=0, nesterov=False. NOT the "velocity" form
               v ← μ·v + lr·g, p ← p − v: the two agree only while lr stays constant.)
    Adagrad   G ← G + g²   (G starts at 0);  p ← p − lr·g / (√G + eps)     state: {"sum": G}
    RMSprop   s ← α·s + (1 − α)·g²   (s starts at 0);  p ← p − lr·g / (√s + eps)
                                                                            state: {"square_avg": s}
    Adam      m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²   (both start at 0)
              m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)     (bias correction: m and v start at 0)
              p ← p − lr·m̂ / (√v̂ + eps)                 state: {"step": t, "exp_avg": m, "exp_avg_sq": v}
    Adamax    m ← β₁·m + (1 − β₁)·g,   u ← max(β₂·u, |g| + eps)   (both start at 0)
              p ← p − (lr / (1 − β₁ᵗ))·m / u   (only m is bias-corrected)
                                                state: {"step": t, "exp_avg": m, "exp_inf": u}

eps sits OUTSIDE the square root everywhere (as in PyTorch); Adamax has no square root and adds
eps to |g| inside the max, as torch.optim.Adamax does. The state keys above are PyTorch's
names; the grader only passes your state back to you, so any keys work, but they must be plain
data (numpy arrays, numbers).

Invalid input raises ValueError: param and grad of different shapes or not real-valued, a state
that is not a dict, lr < 0, momentum < 0, eps < 0, α outside [0, 1], β outside [0, 1).
"""
from __future__ import annotations

import numpy as np


def sgd_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> tuple[np.ndarray, dict]:
    """Plain gradient descent: p − lr·g.

    Args:
        param: float array of any shape, the current parameter.
        grad: float array of the same shape, ∂loss/∂param at ``param``.
        state: dict, ``{}`` (SGD remembers nothing).
        lr: learning rate ≥ 0.

    Returns:
        (new_param, new_state): a new float64 array shaped like ``param`` and a dict (empty).
    """
    raise NotImplementedError("ex11: implement sgd_step")


def momentum_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
                  momentum: float = 0.9) -> tuple[np.ndarray, dict]:
    """SGD with momentum, PyTorch's form: b ← μ·b + g (b = g at first), then p − lr·b.

    Args:
        param, grad: float arrays of the same shape.
        state: ``{}`` on the first step, else the dict returned by the previous call
            (``{"momentum_buffer": b}``).
        lr: learning rate ≥ 0 (may change from one step to the next, as with a scheduler).
        momentum: μ ≥ 0.

    Returns:
        (new_param, new_state).
    """
    raise NotImplementedError("ex11: implement momentum_step")


def adagrad_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
                 eps: float = 1e-10) -> tuple[np.ndarray, dict]:
    """Adagrad: G ← G + g² (a running SUM of squared gradients), p − lr·g / (√G + eps).

    Each entry's step shrinks as its squared gradients pile up. (PyTorch's lr_decay=0 and
    initial_accumulator_value=0.) State: ``{"sum": G}``. Returns (new_param, new_state).
    """
    raise NotImplementedError("ex11: implement adagrad_step")


def rmsprop_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float, alpha: float = 0.99,
                 eps: float = 1e-8) -> tuple[np.ndarray, dict]:
    """RMSprop: s ← α·s + (1 − α)·g² (an exponential moving average), p − lr·g / (√s + eps).

    α ∈ [0, 1] is the smoothing constant: the weight of the OLD average. eps is added after the
    square root. State: ``{"square_avg": s}``. Returns (new_param, new_state).
    """
    raise NotImplementedError("ex11: implement rmsprop_step")


def adam_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
              betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> tuple[np.ndarray, dict]:
    """Adam with bias correction (momentum on g plus RMSprop's scaling).

    t ← t + 1,  m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,
    p − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + eps).

    Without the bias correction the first steps are far too small (m and v start at 0).
    State: ``{"step": t, "exp_avg": m, "exp_avg_sq": v}``; betas: (β₁, β₂), each in [0, 1).
    Returns (new_param, new_state).
    """
    raise NotImplementedError("ex11: implement adam_step")


def adamax_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float,
                betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> tuple[np.ndarray, dict]:
    """Adamax (Adam's variant with the infinity norm), as ``torch.optim.Adamax``.

    t ← t + 1,  m ← β₁m + (1 − β₁)g,  u ← max(β₂u, |g| + eps) (element-wise),
    p − (lr / (1 − β₁ᵗ)) · m / u.

    Where Adam keeps an average of g², Adamax keeps an exponentially weighted MAXIMUM of |g|. Only
    m is bias-corrected: u starts at 0 but the max makes it at least |g| + eps from the first step.
    State: ``{"step": t, "exp_avg": m, "exp_inf": u}``; betas: (β₁, β₂), each in [0, 1); eps ≥ 0.
    Returns (new_param, new_state).
    """
    raise NotImplementedError("ex11: implement adamax_step")
