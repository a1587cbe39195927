"""ex15 · A multi-layer perceptron for handwritten digits (다층 퍼셉트론으로 손글씨 숫자 분류하기).

scikit-learn's digits (``load_digits()``): 1797 grey-scale images of the digits 0–9, 8×8 pixels,
each pixel a count 0..16, flattened to 64 features. A single-layer perceptron is a linear
classifier; stacking hidden layers with a NON-LINEAR activation between them (ReLU) is what makes
a multi-layer perceptron more than one linear map: without it, Linear → Linear → Linear collapses
to a single Linear layer (W3·W2·W1 is just another matrix).

The pipeline:

    preprocess(images)  pixel counts (N, 64) in 0..16  →  float32 (N, 64) in [0, 1]   (÷ 16)
    build_model()       nn.Sequential: 64 → hidden → ReLU → … → 10 LOGITS (no softmax)
    train(model, x, y, epochs)   mini-batches, an optimiser, nn.CrossEntropyLoss

Logits, not probabilities: ``nn.CrossEntropyLoss`` applies log-softmax itself, so its input is
the raw scores of the last Linear layer (a Softmax layer before it squashes the gradients and
slows learning). Its target is the class INDEX per sample, an int64 tensor of shape (N,) — not
a one-hot matrix (``F.one_hot`` gives int64, which the loss does not take).

One optimisation step: ``optimizer.zero_grad()`` (gradients accumulate in ``.grad`` otherwise),
``loss = loss_fn(model(xb), yb)``, ``loss.backward()``, ``optimizer.step()``.

How it is graded: the grader seeds torch, calls ``build_model()``, then ``train`` with the
training part of a fixed stratified split (≈ 80 %, already scaled by the grader as pixel / 16)
and ``epochs = 30``; the trained model must classify at least 95 % of the held-out images
correctly, training in at most 20 s of CPU time on one thread. Mini-batches of 32–64 with Adam
(lr ≈ 1e-3 … 3e-3) get there in a second or two; full-batch steps as in the course notes need
far more epochs than 30. The held-out images are only passed through the trained model, in
evaluation mode, for its predictions; training is ended after any epoch at whose end the model
already classifies 95 % of them (your loop is interrupted at the next forward pass).
The file may be at most 32 KB: the training data come from ``train``'s arguments, and a larger
file is not graded.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

NUM_PIXELS = 64
NUM_CLASSES = 10


def preprocess(images: np.ndarray) -> np.ndarray:
    """Scale pixel counts to [0, 1]: x = images / 16, as float32.

    Args:
        images: array of shape (N, 64), pixel counts 0..16 (integers or floats).

    Returns:
        float32 array of shape (N, 64) with values in [0, 1].

    Raises:
        ValueError: if images is not (N, 64) or a value lies outside [0, 16].
    """
    raise NotImplementedError("ex15: implement preprocess")


def build_model() -> nn.Module:
    """A multi-layer perceptron as ``nn.Sequential``: input (N, 64) in [0, 1] → logits (N, 10).

    At least one hidden layer with a non-linear activation (e.g. ReLU) between Linear layers,
    and NO softmax at the end (``nn.CrossEntropyLoss`` includes it).
    """
    raise NotImplementedError("ex15: implement build_model")


def train(model: nn.Module, train_x: torch.Tensor, train_y: torch.Tensor, epochs: int) -> nn.Module:
    """Train ``model`` in place with mini-batch gradient descent and return it.

    Args:
        model: the module from ``build_model()``.
        train_x: float32 tensor of shape (N, 64), pixel / 16.
        train_y: int64 tensor of shape (N,), class indices 0..9.
        epochs: number of passes over the training data (≥ 1).

    Returns:
        the trained model (the same object).

    Raises:
        ValueError: if train_x is not (N, 64), train_y is not (N,), or epochs < 1.
    """
    raise NotImplementedError("ex15: implement train")
