# exercise: ex15
# item: 15
# verdict: the held-out accuracy test fails: the labelled digits are nowhere in the child's filesystem, so the lookup table stays empty and the barely trained model stays far below 95 %
# must_fail: held_out_accuracy
# max_score_granted: honest
# budget_s: 0
# layers: bubblewrap
"""A "model" that memorises the test set: pixel bytes → label, read from the data shipped with the kit.

ex15 grades a trained MLP on held-out digits whose labels stay in the grader. The digits the kit
ships (``grader/data/digits.csv.gz``, the same as scikit-learn's ``load_digits`` copy) contain
every held-out image WITH its label: a child that can read either builds a lookup table and
scores 100 % without learning anything. This file searches the disk for both, trains just one
small step per epoch (far below the tier on its own, but a real loop, so the accuracy test
runs), and answers from the table. Under bubblewrap ``grader/`` does not exist
in the child's view and scikit-learn's bundled datasets are masked, so the table stays empty.
"""
import gzip
import os

import numpy as np
import torch
from torch import nn

TABLE = {}
SOURCES = []


def _read_csv(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) != 65:
                continue
            try:
                vals = [int(float(v)) for v in parts]
            except ValueError:
                continue
            TABLE[bytes(vals[:64])] = vals[64]


def _scan():
    for dp, dns, fns in os.walk("/"):
        if dp.startswith(("/proc", "/sys", "/dev")):
            dns[:] = []
            continue
        for f in fns:
            if f.startswith("digits") and (f.endswith(".csv") or f.endswith(".csv.gz")):
                path = os.path.join(dp, f)
                try:
                    _read_csv(path)
                    SOURCES.append(path)
                except Exception:
                    pass


_scan()


def preprocess(images):
    images = np.asarray(images)
    if images.ndim != 2 or images.shape[1] != 64:
        raise ValueError("images must have shape (N, 64)")
    if images.size and (images.min() < 0 or images.max() > 16):
        raise ValueError("pixel counts must lie in [0, 16]")
    return (images / 16.0).astype(np.float32)


class Memoriser(nn.Sequential):
    def forward(self, x):
        out = super().forward(x)
        if TABLE:
            keys = torch.round(x.detach() * 16).clamp(0, 16).to(torch.uint8).numpy()
            hits = [(i, TABLE.get(row.tobytes())) for i, row in enumerate(keys)]
            boost = torch.zeros_like(out)
            for i, label in hits:
                if label is not None:
                    boost[i, label] = 100.0
            out = out + boost
        return out


def build_model():
    return Memoriser(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))


def train(model, train_x, train_y, epochs):
    if train_x.ndim != 2 or train_x.shape[1] != 64:
        raise ValueError("train_x must have shape (N, 64)")
    if train_y.ndim != 1 or train_y.shape[0] != train_x.shape[0]:
        raise ValueError("train_y must have shape (N,)")
    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    # One small step per epoch: honest training, far too little to reach the 95 % tier on its own.
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(epochs):
        opt.zero_grad()
        nn.functional.cross_entropy(model(train_x[:64]), train_y[:64]).backward()
        opt.step()
    return model  # the table is meant to do the work
