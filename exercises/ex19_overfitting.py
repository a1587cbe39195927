"""ex19 · Over-fitting and unruly gradients: the usual remedies (과적합과 기울기 소실·폭발 대처법).

A model that over-fits (과적합) keeps lowering its training loss while its validation loss turns
back up: it memorises the training samples instead of learning what generalises. The course notes
list the remedies implemented here:

* early stopping (조기 종료): watch the validation loss after every epoch, stop once it has not
  improved for a while, and keep the weights of the best epoch;
* weight decay (가중치 감쇠, L2 regularisation): penalise large weights, pulling every weight
  towards 0 at each step;
* data augmentation (데이터 증강): more training data for free, by flipping and shifting the
  images a little — changes that do not change what an image shows, so the labels stay as they are.

Deep networks have a second problem: the gradient reaching the first layers is a product of one
factor per layer. With sigmoid units every factor is small, and the product vanishes (기울기 소실,
vanishing gradient); with large weights it can blow up instead (기울기 폭발, exploding gradient).
ReLU keeps the factors at 0 or the weight itself; gradient clipping (기울기 클리핑) caps a
gradient that has blown up before the step uses it.

Conventions: arrays are numpy float arrays unless stated; nothing you are given is modified
(return new arrays); random numbers come only from the ``numpy.random.Generator`` you are given.
Where a function mirrors a PyTorch one, it gives the same numbers (up to float64 round-off).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def early_stopping(val_losses: Sequence[float], patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    """Where early stopping ends training, and which epoch's weights it keeps.

    ``val_losses[e]`` is the validation loss after epoch e (epochs count from 0). An epoch IMPROVES
    when its loss is lower than the reference loss by more than ``min_delta``; the reference loss
    is the loss of the last epoch that improved (the first epoch always improves; a smaller drop
    does not move the reference). Training stops at the end of the epoch that makes ``patience``
    epochs in a row without an improvement. The weights kept are those of the best epoch: the last
    epoch that improved before the stop. If patience never runs out, training runs to the last epoch.

    This is ``keras.callbacks.EarlyStopping(patience=…, min_delta=…, restore_best_weights=True)``
    watching the validation loss, and the "bad epochs" counter of PyTorch's
    ``ReduceLROnPlateau(mode="min", threshold_mode="abs", threshold=min_delta)``.

    Args:
        val_losses: the validation losses, one finite float per epoch, at least one.
        patience: how many epochs in a row without improvement end training, an int ≥ 1.
        min_delta: how much lower a loss must be to count as an improvement, a float ≥ 0
            (default 0.0: any decrease counts, an equal loss does not).

    Returns:
        (best_epoch, stop_epoch): two ints. ``stop_epoch`` is the last epoch that runs
        (``len(val_losses) - 1`` when patience never runs out).

    Raises:
        ValueError: no losses or a non-finite one; patience not an int or < 1; min_delta negative
            or NaN.
    """
    raise NotImplementedError("ex19: implement early_stopping")


def sgd_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float, momentum: float = 0.0,
             weight_decay: float = 0.0) -> tuple[np.ndarray, dict]:
    """One step of ``torch.optim.SGD(lr=lr, momentum=momentum, weight_decay=weight_decay)``.

    Weight decay λ (가중치 감쇠) is L2 regularisation: the step behaves as if (λ/2)·‖param‖² were
    added to the loss, exactly as PyTorch's ``weight_decay`` does — the penalty's gradient joins
    ``grad`` before anything else (the momentum buffer included) sees it. Work that gradient out.

    Momentum μ as PyTorch (dampening 0, no Nesterov): a buffer b of the gradients used so far,
    b ← μ·b + (this step's gradient), which is simply this step's gradient on the first step; the
    parameter moves by −lr·b. With μ = 0 there is no buffer and the step is plain gradient descent.

    Args:
        param: float array of any shape, the current parameter. Not modified.
        grad: float array of the same shape, ∂loss/∂param at ``param`` (the penalty not included).
        state: ``{}`` on the first step, else the dict the previous call returned. Not modified.
        lr: learning rate ≥ 0.
        momentum: μ ≥ 0 (default 0.0).
        weight_decay: λ ≥ 0 (default 0.0: no decay).

    Returns:
        (new_param, new_state): a new float64 array shaped like ``param``, and a new dict holding
        what the next step needs (plain data: numpy arrays, numbers; any keys).

    Raises:
        ValueError: param and grad of different shapes; state not a dict; lr, momentum or
            weight_decay negative or not finite.
    """
    raise NotImplementedError("ex19: implement sgd_step")


def hflip(images: np.ndarray) -> np.ndarray:
    """Mirror images left to right.

    Args:
        images: array of shape (..., H, W) — (N, H, W), (N, C, H, W) or a single (H, W) image; the
            last axis runs along an image row (the columns). Not modified.

    Returns:
        A new array of the same shape and dtype: column j of each output image is column W − 1 − j
        of the input (``torch.flip(images, dims=[-1])``).

    Raises:
        ValueError: fewer than 2 axes.
    """
    raise NotImplementedError("ex19: implement hflip")


def shift(images: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Translate images by dy rows and dx columns, filling the uncovered border with 0.

    Positive dy moves the content DOWN (towards larger row indices), positive dx moves it RIGHT;
    negative values move it up or left. Pixels pushed past the border are gone — the image does
    not wrap around — and the pixels left uncovered are 0. A shift by H rows or more (W columns or
    more) leaves an all-zero image.

    Args:
        images: array of shape (..., H, W) (as in ``hflip``). Not modified.
        dy, dx: ints, any sign.

    Returns:
        A new array of the same shape and dtype.

    Raises:
        ValueError: fewer than 2 axes, or dy / dx not an int.
    """
    raise NotImplementedError("ex19: implement shift")


def augment(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator, flip_prob: float = 0.5,
            max_shift: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Data augmentation (데이터 증강): a random flip and a random shift for every sample.

    Each sample n is, independently of the others: mirrored left to right (``hflip``) with
    probability ``flip_prob`` (flip_prob = 0 never flips, flip_prob = 1 always does), then shifted
    (``shift``) by dy rows and dx columns, where dy and dx are each drawn uniformly from the
    integers −max_shift, …, max_shift (both ends included), independently of each other and of the
    flip. A sample's channels, if it has any, all get that sample's transform. Neither transform
    changes what the image shows, so every sample keeps its label, in its place.

    Every random number comes from ``rng``; how many you draw, and in which order, is up to you.

    Args:
        images: array of shape (N, H, W) or (N, C, H, W). Not modified.
        labels: array of shape (N,), the label of each sample. Not modified.
        rng: the ``numpy.random.Generator`` to draw from.
        flip_prob: probability of the flip, in [0, 1] (default 0.5).
        max_shift: the largest shift in either direction, an int ≥ 0 (default 2).

    Returns:
        (augmented, labels_out): a new array of the shape and dtype of ``images``, and a new array
        equal to ``labels``.

    Raises:
        ValueError: images with fewer than 3 axes; labels not of shape (N,); flip_prob not in
            [0, 1] (NaN included); max_shift not an int or negative.
    """
    raise NotImplementedError("ex19: implement augment")


def chain_gradients(x: float, weights: np.ndarray, activation: str = "sigmoid") -> tuple[float, np.ndarray]:
    """Gradients through a deep chain of single units, to see them vanish (or not).

    The chain has one unit per layer: h₀ = x and, for layers l = 1 … L,
    z_l = w_l · h_{l−1},  h_l = f(z_l), with f the activation; its output is h_L. Return how much
    h_L changes with the input and with each weight: the derivatives ∂h_L/∂x and ∂h_L/∂w_l, worked
    out with the chain rule (backpropagation from the output to the input).

    Activations: ``"sigmoid"`` 1 / (1 + e^(−z)); ``"tanh"``; ``"relu"`` max(0, z), whose derivative at
    z = 0 is taken as 0 (as PyTorch does).

    Args:
        x: the input, a float.
        weights: float array of shape (L,), L ≥ 1: w_1 (the first layer, next to the input) … w_L.
        activation: ``"sigmoid"`` (default), ``"tanh"`` or ``"relu"``.

    Returns:
        (dx, dw): ∂h_L/∂x as a float, and a float array of shape (L,) whose entry l − 1 is ∂h_L/∂w_l.

    Raises:
        ValueError: an unknown activation; weights not of shape (L,) with L ≥ 1.
    """
    raise NotImplementedError("ex19: implement chain_gradients")


def clip_grad_norm(grads: Sequence[np.ndarray], max_norm: float,
                   norm_type: float = 2.0) -> tuple[list[np.ndarray], float]:
    """Clip gradients by their total norm, as ``torch.nn.utils.clip_grad_norm_`` does.

    The total norm is the ``norm_type``-norm of all the gradients together, as if every entry of
    every array were laid out in one long vector (``norm_type=float("inf")``: the largest absolute
    entry). When it exceeds ``max_norm``, every gradient is multiplied by the same factor, the one
    that brings the total norm down to ``max_norm``, so their directions are kept; otherwise they are
    returned unchanged. (PyTorch adds 1e-6 to the total norm when it computes that factor; you may do
    the same or not — the grader's tolerance accepts both.)

    Unlike PyTorch's in-place ``clip_grad_norm_``, this returns new arrays.

    Args:
        grads: a list of float arrays of any shapes (one per parameter). Not modified.
        max_norm: the largest total norm allowed, a float ≥ 0.
        norm_type: the p of the p-norm, a float > 0, or ``float("inf")`` (default 2.0).

    Returns:
        (clipped, total_norm): a list of new float64 arrays shaped like ``grads``, and the total norm
        BEFORE clipping, as a float (as PyTorch returns it). An empty list gives ([], 0.0), and
        gradients with no entries at all have total norm 0.0 (for every norm_type).

    Raises:
        ValueError: max_norm negative or NaN; norm_type not > 0.
    """
    raise NotImplementedError("ex19: implement clip_grad_norm")


def clip_grad_value(grads: Sequence[np.ndarray], clip_value: float) -> list[np.ndarray]:
    """Clip every gradient entry into [−clip_value, clip_value], as ``torch.nn.utils.clip_grad_value_``.

    Each entry is clipped on its own (so, unlike clipping by norm, the direction may change).
    Returns new arrays; PyTorch's version works in place.

    Args:
        grads: a list of float arrays of any shapes. Not modified.
        clip_value: a float ≥ 0.

    Returns:
        A list of new float64 arrays shaped like ``grads``.

    Raises:
        ValueError: clip_value negative or NaN.
    """
    raise NotImplementedError("ex19: implement clip_grad_value")
