"""ex06 · Inverted dropout (드롭아웃).

Dropout switches off each unit of a layer at random while training, so that the network cannot
rely on any single unit (a cheap ensemble of thinned networks). ``p`` is the probability of
DROPPING a unit, as in ``torch.nn.Dropout(p)`` — not the probability of keeping it.

Inverted dropout scales the surviving units up during training, so that every unit keeps its
expected value and nothing at all needs to change at test time:

    keep ~ Bernoulli(1 − p)  independently for every entry    (1 = kept, 0 = dropped)
    mask = keep / (1 − p)          entries are 0 or 1/(1 − p)
    out  = x * mask                E[out] = x                 (training)
    out  = x                                                  (evaluation: the identity)

The course notes describe the older variant that leaves training unscaled and multiplies the
outputs by the keep ratio at TEST time; inverted dropout moves that scaling into training, so
evaluation mode must return ``x`` unchanged — no dropping, no scaling.

Backward: ``out = x * mask`` is element-wise, so ``dx = dout * mask`` (dropped units pass no
gradient, kept ones pass it scaled by 1/(1 − p)).

Edge cases: ``p = 0`` keeps everything (mask all ones, out = x); ``p = 1`` drops everything
(mask all zeros, out all zeros — never divide by 1 − p = 0). The input ``x`` is never modified.
"""
from __future__ import annotations

import numpy as np


def dropout_forward(x: np.ndarray, p: float, train: bool,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout, forward pass.

    Args:
        x: float array of any shape (N, D), (N, C, H, W) … — the layer's activations. Not modified.
        p: probability of DROPPING each entry, independently of the others, 0 ≤ p ≤ 1 (torch's
            convention).
        train: True while training (drop and rescale), False in evaluation (identity).
        rng: a ``numpy.random.Generator`` (``np.random.default_rng(seed)``); draw every random
            number from it — e.g. ``rng.random(x.shape)`` — so that a seed reproduces the result.
            The mask is fixed by the generator: it depends on the generator's state and ``x.shape``
            only, never on the values of ``x`` (a gradient check reruns the forward pass with the
            same seed and a nudged ``x``, and needs the same mask). Not used in evaluation mode,
            where it may be ``None``.

    Returns:
        (out, mask), two float arrays of the same shape as ``x``:

        * ``mask`` is the SCALED keep mask: 1/(1 − p) where the entry is kept, 0.0 where it is
          dropped (so ``out = x * mask`` and ``dx = dout * mask``). In evaluation mode, and for
          p = 0, it is all ones. For p = 1 it is all zeros.
        * ``out = x * mask``.

    Raises:
        ValueError: if p is not a number in [0, 1] (NaN included).
    """
    raise NotImplementedError("ex06: implement dropout_forward")


def dropout_backward(dout: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Inverted dropout, backward pass: ``dx = dout * mask``.

    Args:
        dout: upstream gradient, same shape as the forward input.
        mask: the scaled keep mask returned by ``dropout_forward`` (entries 0 or 1/(1 − p)).

    Returns:
        dx, float array of the same shape as ``dout``.

    Raises:
        ValueError: if ``dout`` and ``mask`` differ in shape.
    """
    raise NotImplementedError("ex06: implement dropout_backward")
