"""ex14 · Batch normalisation, forward and backward (배치 정규화).

Batch normalisation normalises each feature over the mini-batch, then scales and shifts it with
learned parameters. It sits before the activation function, makes training less sensitive to
weight initialisation and eases vanishing gradients with sigmoid/tanh.

For x of shape (N, D) (N samples, D features), per feature j:

    mu    = mean over the batch of x[:, j]                          (N,)→ shape (D,)
    var   = mean over the batch of (x[:, j] − mu)²                  BIASED: divides by N
    x_hat = (x − mu) / sqrt(var + eps)                               eps INSIDE the square root
    out   = gamma · x_hat + beta                                     gamma, beta: shape (D,)

Training mode (train=True) normalises with the batch's own statistics and updates the running
estimates that evaluation will use. This follows PyTorch's ``nn.BatchNorm1d`` exactly:

    running_mean ← (1 − momentum) · running_mean + momentum · mu
    running_var  ← (1 − momentum) · running_var  + momentum · var · N / (N − 1)

so ``momentum`` weights the NEW batch statistic (default 0.1), and the running variance uses the
UNBIASED batch variance (divide by N − 1) while the normalisation itself uses the BIASED one
(divide by N). Training mode needs N ≥ 2.

Evaluation mode (train=False) normalises with running_mean and running_var instead of the batch
statistics and leaves them unchanged: x_hat = (x − running_mean) / sqrt(running_var + eps).
Then each sample's output no longer depends on the rest of the batch.

Backward pass. With dout = ∂L/∂out of shape (N, D):

    dbeta  = Σ_n dout                        summed over the batch → (D,)
    dgamma = Σ_n dout · x_hat                summed over the batch → (D,)
    dx_hat = dout · gamma
    train:  dx = (1 / (N · sqrt(var + eps))) · (N · dx_hat − Σ_n dx_hat − x_hat · Σ_n dx_hat · x_hat)
    eval:   dx = dx_hat / sqrt(running_var + eps)

In training mode mu and var depend on every x[n, j], so dx has the two extra terms (through the
mean and through the variance); dropping them gives a wrong gradient.

Nothing is modified in place: the updated running statistics are returned as new arrays. The
``cache`` carries what the backward pass needs from the forward pass (a dict or tuple of
arrays is typical); the grader hands it back, unchanged, to your ``batchnorm_backward``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

# BEGIN SOLUTION


def _vector(v: Any, name: str, d: int) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    if v.shape != (d,):
        raise ValueError(f"{name} must have shape ({d},), got {v.shape}")
    return v
# END SOLUTION


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, running_mean: np.ndarray,
                      running_var: np.ndarray, momentum: float = 0.1, eps: float = 1e-5,
                      train: bool = True) -> tuple[np.ndarray, Any, np.ndarray, np.ndarray]:
    """Batch normalisation of x over its batch axis (the forward pass of ``nn.BatchNorm1d``).

    Args:
        x: array of shape (N, D).
        gamma: array of shape (D,), the scale.
        beta: array of shape (D,), the shift.
        running_mean: array of shape (D,), the running estimate of the mean.
        running_var: array of shape (D,), the running estimate of the variance (≥ 0).
        momentum: in [0, 1], the weight of the NEW batch statistic in the running update.
        eps: > 0, added to the variance inside the square root.
        train: True normalises with batch statistics and updates the running ones; False
            normalises with the running statistics and returns them unchanged.

    Returns:
        (out, cache, new_running_mean, new_running_var): out of shape (N, D); cache, what
        ``batchnorm_backward`` needs; the running statistics of shape (D,) as NEW arrays
        (updated in training mode, equal to the inputs in evaluation mode).

    Raises:
        ValueError: if x is not 2-D, a parameter's shape is not (D,), running_var < 0,
        momentum is outside [0, 1], eps ≤ 0, or train=True with fewer than 2 samples.
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D (N, D), got shape {x.shape}")
    n, d = x.shape
    gamma, beta = _vector(gamma, "gamma", d), _vector(beta, "beta", d)
    running_mean, running_var = _vector(running_mean, "running_mean", d), _vector(running_var, "running_var", d)
    if np.any(running_var < 0):
        raise ValueError("running_var must be non-negative")
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    if train and n < 2:
        raise ValueError(f"training mode needs at least 2 samples per batch, got {n}")

    if train:
        mu = x.mean(axis=0)
        var = x.var(axis=0)  # biased (÷ N): used to normalise
        new_mean = (1 - momentum) * running_mean + momentum * mu
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)  # unbiased (÷ N − 1)
    else:
        mu, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    out = gamma * x_hat + beta
    cache = {"x_hat": x_hat, "gamma": gamma, "inv_std": inv_std, "train": bool(train)}
    return out, cache, new_mean, new_var
    # END SOLUTION


def batchnorm_backward(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of batch normalisation, given dout = ∂L/∂out and the forward pass's cache.

    Args:
        dout: array of shape (N, D), the upstream gradient.
        cache: what ``batchnorm_forward`` returned as its second value (training or evaluation
            mode; the gradient differs, see the module docstring).

    Returns:
        (dx, dgamma, dbeta): dx of shape (N, D); dgamma and dbeta of shape (D,), summed over
        the batch.

    Raises:
        ValueError: if dout's shape differs from the forward pass's x.
    """
    # BEGIN SOLUTION
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    dout = np.asarray(dout, dtype=np.float64)
    if dout.shape != x_hat.shape:
        raise ValueError(f"dout must have the shape of x, {x_hat.shape}, got {dout.shape}")
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    if cache["train"]:
        dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    else:
        dx = dx_hat * inv_std
    return dx, dgamma, dbeta
    # END SOLUTION
