# exercise: ex09
# item: 15
# verdict: the accuracy test fails: the evaluation images reach the child without labels and the shipped MNIST data is not in its filesystem
# must_fail: accuracy
# max_score_granted: honest
# budget_s: 30
# layers: bubblewrap
"""A "model" that memorises the MNIST test set: image hash → label, read from the shipped data.

Written against ex09's interface (``build_model``, ``train``). At import it walks the disk for MNIST
files (``grader/data/mnist``, torchvision's ``MNIST/raw`` idx files, ``.npz`` copies) and builds a
table from the hash of each image's bytes to its label. ``train`` is an honest but weak loop (a
linear model, plain SGD: about 92 % on the published images), so the quick tests pass and the accuracy test really runs;
the model answers from the table where it can. It could only reach the CPU tier if the child
could read labelled evaluation images; and the evaluation images are distorted per submission, so
even a table of the published test images would find none of them.
"""
import gzip
import hashlib
import os

import numpy as np
import torch
from torch import nn

TABLE = {}
SOURCES = []


def _key(img) -> str:
    a = np.asarray(img, dtype=np.float64).reshape(-1)
    if a.max(initial=0) <= 1.0:
        a = a * 255.0
    return hashlib.sha1(np.round(a).astype(np.uint8).tobytes()).hexdigest()


def _idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _scan():
    images, labels = {}, {}
    for dp, dns, fns in os.walk("/"):
        if dp.startswith(("/proc", "/sys", "/dev")):
            dns[:] = []
            continue
        if "mnist" not in dp.lower() and not any("mnist" in f.lower() for f in fns):
            continue
        for f in fns:
            path = os.path.join(dp, f)
            low = f.lower()
            try:
                if "idx3" in low or "images" in low and "ubyte" in low:
                    images[dp + low.split("-")[0]] = _idx(path)
                elif "idx1" in low or "labels" in low and "ubyte" in low:
                    labels[dp + low.split("-")[0]] = _idx(path)
                elif low.endswith(".npz"):
                    z = np.load(path, allow_pickle=False)
                    xs = [k for k in z.files if k.lower().startswith("x")]
                    ys = [k for k in z.files if k.lower().startswith("y")]
                    for kx, ky in zip(sorted(xs), sorted(ys)):
                        for img, lab in zip(z[kx], z[ky]):
                            TABLE[_key(img)] = int(lab)
                    SOURCES.append(path)
            except Exception:
                continue
    for k, imgs in images.items():
        if k in labels:
            for img, lab in zip(imgs, labels[k]):
                TABLE[_key(img)] = int(lab)
            SOURCES.append(k)


_scan()


class Memoriser(nn.Module):
    def __init__(self):
        super().__init__()
        self.fallback = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))

    def forward(self, x):
        out = self.fallback(x)
        if TABLE:
            boost = torch.zeros_like(out)
            for i, img in enumerate(x.detach().cpu().numpy()):
                label = TABLE.get(_key(img))
                if label is not None:
                    boost[i, label] = 100.0
            out = out + boost
        return out


def build_model():
    return Memoriser()


def train(model, train_x, train_y, device, epochs):
    """An honest linear classifier: the table is meant to do the work."""
    model.to(device).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(epochs):
        for i in range(0, len(train_x), 256):
            xb, yb = train_x[i:i + 256].to(device), train_y[i:i + 256].to(device)
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
    return model
