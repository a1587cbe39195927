"""ex09 · A convolutional network for MNIST (MNIST 합성곱 신경망).

The course ends with this network for the 28×28 handwritten digits of MNIST (60,000 training and
10,000 test images, classes 0–9):

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
            self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
            self.mp = nn.MaxPool2d(2)
            self.fc = nn.Linear(320, 10)

        def forward(self, x):
            in_size = x.size(0)
            x = F.relu(self.mp(self.conv1(x)))
            x = F.relu(self.mp(self.conv2(x)))
            x = x.view(in_size, -1)          # flatten: (N, 20, 4, 4) -> (N, 320)
            x = self.fc(x)
            return F.log_softmax(x, dim=1)

Where 320 comes from — the shape arithmetic of ex08, n_out = floor((n + 2p − k) / s) + 1:

    input               (N,  1, 28, 28)
    conv1 k=5, p=0      (N, 10, 24, 24)    28 − 5 + 1 = 24
    max-pool 2          (N, 10, 12, 12)    24 / 2 = 12
    conv2 k=5           (N, 20,  8,  8)    12 − 5 + 1 = 8
    max-pool 2          (N, 20,  4,  4)    8 / 2 = 4
    flatten             (N, 320)           20 · 4 · 4 = 320
    linear 320 → 10     (N, 10)

Flatten with ``x.view(x.size(0), -1)`` (or ``nn.Flatten()``): keep the batch axis and let the
rest be computed. ``x.view(-1, 320)`` hides a wrong size, and ``nn.Linear(500, 10)`` (forgetting a
pooling step: 20·5·5) fails with "mat1 and mat2 shapes cannot be multiplied (N×320 and 500×10)".

The model's output is either raw logits — train it with ``nn.CrossEntropyLoss`` — or
log-probabilities (``F.log_softmax(x, dim=1)``) — train it with ``nn.NLLLoss``. Never a softmax
before ``CrossEntropyLoss``: that loss applies log-softmax itself, and probabilities squashed a
second time learn slowly. (``log_softmax`` before ``CrossEntropyLoss`` is harmless: log-softmax of
log-probabilities changes nothing.) The grader predicts ``argmax`` of the outputs.

The training loop (one mini-batch of images ``xb`` (B, 1, 28, 28) and labels ``yb`` (B,)):

    model.train()                      # dropout on, batch-norm uses batch statistics
    optimizer.zero_grad()              # .grad accumulates: clear it every step
    loss = criterion(model(xb), yb)    # yb: int64 class indices of shape (B,), not one-hot
    loss.backward()
    optimizer.step()

The model you receive may be in evaluation mode (``model.eval()``, as after an evaluation): call
``model.train()`` before training, and switch back to it after any evaluation you do in between.

Grading: your ``train`` runs in the sandbox under a fixed seed, then your model predicts the test
images there (in evaluation mode), each slightly distorted: rotated by up to 10°, shifted by up to
2 pixels along each axis and bent a little, by a random draw of its own that is fixed for your file
(regrading the same file meets the same images); the grader compares the predictions with the test
labels, which never reach your code, and reports the accuracy on the undistorted test images too.
Tiers, on the distorted images: on the CPU (2 threads), at least 92.0 % (about 98 % on the
undistorted ones) within 240 s of CPU time of training — 120 s on two idle cores; a busy machine
makes it take longer but does not shorten it (the grader passes ``epochs=8``); on a GPU, at least
96.0 % (about 99 % undistorted) within 60 s (``epochs=15``). Training is stopped at the limit and
the model is evaluated as it is then; it is also ended after any epoch at whose end the model
already reaches its tier (your loop is interrupted at the next forward pass, so keep no work for
after the last epoch). The file may be at most 64 KB: the training data come from ``train``'s
arguments, and a larger file is not graded.
The course network trained with Adam reaches the CPU tier; the GPU tier takes a little more
(wider convolutions, batch normalisation, dropout, a learning-rate schedule).
"""
from __future__ import annotations

import torch
from torch import nn


def build_model() -> nn.Module:
    """The classifier, freshly initialised.

    Returns:
        an ``nn.Module`` mapping float32 images of shape (N, 1, 28, 28) with values in [0, 1] to
        (N, 10) float32 logits or log-probabilities, for any N ≥ 1. At most 1.5 million
        parameters and 8 MB of parameters and buffers together.
    """
    raise NotImplementedError("ex09: implement build_model")


def train(model: nn.Module, train_x: torch.Tensor, train_y: torch.Tensor, device: torch.device,
          epochs: int) -> nn.Module:
    """Train ``model`` on the training set for ``epochs`` passes and return it.

    Args:
        model: the module from ``build_model()``, on the CPU, possibly in evaluation mode.
        train_x: float32 tensor of shape (N, 1, 28, 28), values in [0, 1], on the CPU.
        train_y: int64 tensor of shape (N,), class indices 0..9, on the CPU.
        device: where to train (``torch.device("cpu")`` or ``torch.device("cuda")``): move the
            model and each batch (or the whole data set) there.
        epochs: number of passes over the training set (≥ 1).

    Returns:
        the trained model (the same object is fine), on ``device``.

    Raises:
        ValueError: if train_x is not (N, 1, 28, 28), train_y does not hold one label per image,
        or epochs < 1.

    Choose your own optimiser, loss, batch size and schedule. Use the global random generators
    (``torch.randperm``, ``torch.manual_seed`` …) for shuffling: the grader seeds them, so the
    same submission trains the same way every time.
    """
    raise NotImplementedError("ex09: implement train")
