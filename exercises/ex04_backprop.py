"""ex04 · Backpropagation by hand (오류 역전파 직접 구현하기).

A two-layer network (얇은 신경망) for C-class classification, written with the row-vector
convention ``x @ W`` of CS231n (``torch.nn.Linear`` stores the transpose: its weight is ``W.T``):

    h      = x @ W1 + b1          X: (N, D)   W1: (D, H)   b1: (H,)   h: (N, H)   (은닉층 입력)
    a      = act(h)               act = sigmoid or ReLU                a: (N, H)
    scores = a @ W2 + b2          W2: (H, C)  b2: (C,)                 scores: (N, C)  (logits)
    loss   = mean over the batch of −log softmax(scores)[i, y[i]]     (softmax cross-entropy)

Backpropagation (오류 역전파) runs the same graph backwards. Each layer receives ``dout`` — the
gradient of the loss with respect to its OUTPUT, same shape as that output — and returns the
gradient with respect to its inputs, by the chain rule (연쇄 법칙):

    linear  out = x @ W + b :  dx = dout @ W.T   (N, D)
                               dW = x.T @ dout   (D, H)   — same shape as W, always
                               db = dout.sum(axis=0)  (H,) — b is added to every row, so every
                                                            row's gradient flows into it
    sigmoid out = σ(x)      :  dx = dout * out * (1 − out)     (uses the OUTPUT σ(x), not x)
    ReLU    out = max(0, x) :  dx = dout * (x > 0)              (0 at x == 0, as in PyTorch)
    softmax cross-entropy   :  dscores = (softmax(scores) − one_hot(y)) / N

The 1/N comes from the mean in the loss; it appears once, in ``dscores``, and every gradient
upstream inherits it. A gradient always has the shape of the thing it is the gradient of.

Conventions and edge cases:
    * every array is float; ``y`` holds integer labels in [0, C); N ≥ 1.
    * ReLU is not differentiable at 0. The course notes write R'(x) = 1 for x ≥ 0; this exercise
      follows PyTorch and uses 0 at x == 0 (mask x > 0), and the tests include exact zeros.
    * shapes that do not fit raise ValueError with a message that names them.

Check your gradients two ways, as the grader does: against PyTorch autograd (float64), and by
central differences of your own loss (gradient check, 기울기 검사)
    ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h   (h ≈ 1e-6, one entry of θ at a time),
with the relative error max|analytic − numeric| / max(max|analytic|, max|numeric|) ≲ 1e-7
(absolute differences below 1e-12 count as round-off).
"""
from __future__ import annotations

import numpy as np


def linear_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Affine layer (Fully-connected layer): ``out = x @ W + b``.

    Args:
        x: array of shape (N, D), one sample per row.
        W: array of shape (D, H).
        b: array of shape (H,), added to every row.

    Returns:
        out: array of shape (N, H).

    Raises:
        ValueError: if x or W is not 2-D, b is not 1-D, or the shapes do not fit
        (x.shape[1] != W.shape[0] or b.shape[0] != W.shape[1]).
    """
    raise NotImplementedError("ex04: implement linear_forward")


def linear_backward(dout: np.ndarray, x: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of ``out = x @ W + b``.

    Args:
        dout: array of shape (N, H), upstream gradient ∂L/∂out.
        x: array of shape (N, D), the input of the forward pass.
        W: array of shape (D, H), the weights of the forward pass.

    Returns:
        (dx, dW, db) with
            dx = dout @ W.T        shape (N, D)
            dW = x.T @ dout        shape (D, H)
            db = sum of dout over the batch axis, shape (H,)
        (the bias is not needed: ∂out/∂b is 1 whatever b is).

    Raises:
        ValueError: if an array is not 2-D or the shapes do not fit
        (dout.shape != (x.shape[0], W.shape[1]) or x.shape[1] != W.shape[0]).
    """
    raise NotImplementedError("ex04: implement linear_backward")


def sigmoid_backward(dout: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Backward pass of ``out = sigmoid(x) = 1 / (1 + exp(−x))``, given the OUTPUT.

    σ'(x) = σ(x)(1 − σ(x)), and σ(x) is exactly ``out``, so no exp is needed:
    ``dx = dout * out * (1 − out)``.

    Args:
        dout: upstream gradient, any shape.
        out: the sigmoid's output (values in [0, 1]), same shape as dout.

    Returns:
        dx: array of the same shape.

    Raises:
        ValueError: if the shapes differ.
    """
    raise NotImplementedError("ex04: implement sigmoid_backward")


def relu_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Backward pass of ``out = max(0, x)``, given the INPUT x.

    The gradient passes where x > 0 and is blocked where x ≤ 0 (subgradient 0 at x == 0,
    as PyTorch does): ``dx = dout * (x > 0)``.

    Args:
        dout: upstream gradient, any shape.
        x: the ReLU's input (pre-activation), same shape as dout.

    Returns:
        dx: float array of the same shape.

    Raises:
        ValueError: if the shapes differ.
    """
    raise NotImplementedError("ex04: implement relu_backward")


def mlp_loss_and_grads(X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
                       b2: np.ndarray, activation: str = "sigmoid") -> tuple[float, dict[str, np.ndarray]]:
    """Loss and gradients of a two-layer network with a softmax cross-entropy loss.

    Forward:  h = X @ W1 + b1,  a = act(h),  scores = a @ W2 + b2,
              loss = −(1/N) Σ_i log softmax(scores)[i, y[i]].
    Backward: dscores = (softmax(scores) − one_hot(y)) / N, then linear → activation → linear
              backwards with the functions above.

    You need sigmoid itself for the forward pass: 1 / (1 + np.exp(−h)) is fine for the moderate
    values used here (np.exp(−h) overflows, with a warning, only for h < −709).

    Args:
        X: array of shape (N, D), N ≥ 1.
        y: int array of shape (N,), labels in [0, C).
        W1: (D, H); b1: (H,); W2: (H, C); b2: (C,).
        activation: "sigmoid" or "relu", the hidden layer's activation.

    Returns:
        (loss, grads): loss a Python float, the batch MEAN; grads a dict with keys
        "W1", "b1", "W2", "b2", each the gradient of the loss with the shape of that parameter.

    Raises:
        ValueError: for an unknown activation, N = 0, shapes that do not fit, non-integer labels
        (a y of float dtype, even one holding whole numbers) or labels outside [0, C).
    """
    raise NotImplementedError("ex04: implement mlp_loss_and_grads")
