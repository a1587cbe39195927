"""Time to 98 % and to 99 % MNIST test accuracy for the ex09 reference (and the course network).

    python bench/bench_mnist.py                      # CPU, 2 threads (the CPU tier's machine)
    python bench/bench_mnist.py --device cuda        # a GPU (the GPU tier), named in the output
    python bench/bench_mnist.py --device auto --course   # also the course's network with Adam

The reference's own ``train`` runs unchanged, for the epochs of the tier (CPU 8, GPU 15). A forward
pre-hook evaluates the whole test set every ``--every`` epochs with the clock stopped (evaluation
mode, no gradients: no random numbers drawn, no batch-norm statistics updated), so the training
trajectory is the one the grader sees and the times are training time only.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import mnist
from solutions import ex09_mnist_cnn as reference  # noqa: E402

EPOCHS = {"cpu": 8, "cuda": 15}
TARGETS = (0.98, 0.99)


class CourseNet(nn.Module):
    """The course's network (conv 1→10 k5, pool, conv 10→20 k5, pool, linear 320→10, log-softmax)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.mp = nn.MaxPool2d(2)
        self.fc = nn.Linear(320, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        in_size = x.size(0)
        x = F.relu(self.mp(self.conv1(x)))
        x = F.relu(self.mp(self.conv2(x)))
        return F.log_softmax(self.fc(x.view(in_size, -1)), dim=1)


def course_train(model: nn.Module, train_x: torch.Tensor, train_y: torch.Tensor, device: torch.device,
                 epochs: int) -> nn.Module:
    """The course's loop with Adam (lr 1e-3) instead of SGD, batches of 64."""
    model.to(device)
    x, y = train_x.to(device), train_y.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(x)).to(device)
        for start in range(0, len(x), 64):
            idx = order[start:start + 64]
            optimizer.zero_grad()
            F.nll_loss(model(x[idx]), y[idx]).backward()
            optimizer.step()
    return model


def images(arr: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.array(arr, dtype=np.uint8)).float().div_(255.0).unsqueeze(1)


def time_to_targets(build, train, device: torch.device, epochs: int, every: float, seed: int = 0) -> dict:
    data = mnist.load()
    train_x, train_y = images(data.train_images), torch.from_numpy(data.train_labels.astype(np.int64))
    test_x = images(data.test_images).to(device)
    test_y = torch.from_numpy(data.test_labels.astype(np.int64)).to(device)
    n = len(train_x)
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = build()
    state = {"seen": 0, "next": every * n, "paused": 0.0, "reached": {}, "curve": []}
    start = time.perf_counter()

    def sync() -> None:
        if device.type == "cuda":
            torch.cuda.synchronize()

    def evaluate(m: nn.Module) -> float:
        was = m.training
        m.eval()
        with torch.no_grad():
            correct = sum(int((m(test_x[i:i + 2000]).argmax(1) == test_y[i:i + 2000]).sum())
                          for i in range(0, len(test_x), 2000))
        m.train(was)
        return correct / len(test_y)

    def checkpoint(m: nn.Module) -> None:
        sync()
        t_pause = time.perf_counter()
        elapsed = t_pause - start - state["paused"]
        acc = evaluate(m)
        state["curve"].append((round(state["seen"] / n, 3), round(elapsed, 2), acc))
        for target in TARGETS:
            if acc >= target and target not in state["reached"]:
                state["reached"][target] = (elapsed, state["seen"] / n)
        state["paused"] += time.perf_counter() - t_pause

    def hook(m: nn.Module, args: tuple) -> None:
        if not (torch.is_grad_enabled() and m.training):
            return
        if state["seen"] >= state["next"]:
            checkpoint(m)
            state["next"] += every * n
        state["seen"] += len(args[0])

    handle = model.register_forward_pre_hook(hook)
    model = train(model, train_x, train_y, device, epochs)
    sync()
    handle.remove()
    checkpoint(model)
    total = time.perf_counter() - start - state["paused"]
    return {"epochs": epochs, "train_s": round(total, 2), "final_accuracy": state["curve"][-1][2],
            "time_to": {f"{int(t * 100)}%": (round(v[0], 2), round(v[1], 2)) if v else None
                        for t in TARGETS for v in [state["reached"].get(t)]},
            "curve": state["curve"]}


def device_label(device: torch.device, threads: int) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (cuda, torch {torch.__version__})"
    return f"cpu: {platform.processor() or platform.machine()}, {threads} threads (torch {torch.__version__})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", choices=("cpu", "cuda", "auto"), default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=None, help="default: the tier's (CPU 8, GPU 15)")
    ap.add_argument("--every", type=float, default=0.25, help="epochs between evaluations (default 0.25)")
    ap.add_argument("--course", action="store_true", help="also the course network trained with Adam")
    ap.add_argument("--json", action="store_true", help="one JSON document instead of the table")
    args = ap.parse_args()
    name = "cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        sys.exit("--device cuda: no CUDA device here")
    device = torch.device(name)
    torch.set_num_threads(args.threads)
    epochs = args.epochs or EPOCHS[name]
    runs = {"reference": (reference.build_model, reference.train)}
    if args.course:
        runs["course network + Adam"] = (CourseNet, course_train)
    results = {label: time_to_targets(b, t, device, epochs, args.every) for label, (b, t) in runs.items()}
    out = {"device": device_label(device, args.threads), "tier": "gpu" if name == "cuda" else "cpu",
           "results": results}
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"device: {out['device']}   ({epochs} epochs, test accuracy every {args.every:g} epoch)")
    print(f"{'model':<24} {'to 98 %':>16} {'to 99 %':>16} {'final':>8} {'train':>9}")
    for label, r in results.items():
        cells = [f"{v[0]:6.1f} s @ {v[1]:4.2f} ep" if v else "not reached" for v in r["time_to"].values()]
        print(f"{label:<24} {cells[0]:>16} {cells[1]:>16} {100 * r['final_accuracy']:7.2f}% {r['train_s']:8.1f}s")


if __name__ == "__main__":
    main()
