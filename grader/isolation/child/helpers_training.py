"""Kit helpers for exercises where the student builds and trains a torch model (child side).

The student's module defines ``build_model()`` and ``train(model, x, y, [device,] epochs)``. The
model never leaves the child: the grader holds a handle and calls these functions with it. Inputs
arrive as numpy arrays and are turned into tensors here, in one of two layouts (``inputs``):

* ``"images_u8"`` — uint8 images (N, H, W), scaled to float32 (N, 1, H, W) in [0, 1];
* ``"float32"`` — feature rows (N, D), as float32.

Nothing is graded here: these only seed, build, describe, run, watch and time. The grader computes
every loss and accuracy itself, from outputs and predictions it receives as plain data.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

REPORT_EVERY = 50  # batches between progress reports to the grader
INPUTS = ("images_u8", "float32")
_student: Any = None


def bind_student(module: Any) -> None:
    global _student
    _student = module


def _inputs(x: np.ndarray, inputs: str) -> torch.Tensor:
    if inputs == "images_u8":  # uint8 (N, H, W) → float32 (N, 1, H, W) in [0, 1], on a private copy
        arr = np.array(x, dtype=np.uint8, copy=True)
        return torch.from_numpy(arr).to(torch.float32).div_(255.0).unsqueeze(1)
    if inputs == "float32":
        return torch.from_numpy(np.array(x, dtype=np.float32, copy=True))
    raise ValueError(f"inputs must be one of {INPUTS}, not {inputs!r}")


def seed_everything(seed: int, threads: int = 1) -> None:
    """Same seed for Python, numpy and torch (CPU and CUDA); a fixed number of CPU threads."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds every CUDA device too
    torch.set_num_threads(threads)


def cuda_available() -> bool:
    return bool(torch.cuda.is_available())


def device_name(device: str) -> str:
    if device == "cuda" and torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    return "cpu"


def build(seed: int, threads: int = 1) -> Any:
    """Seed, then return the student's ``build_model()`` (it stays here; the grader gets a handle)."""
    seed_everything(seed, threads)
    return _student.build_model()


def describe(model: Any) -> dict[str, Any]:
    """Type, layers, parameter count and the bytes of its state (parameters and buffers)."""
    kind = f"{type(model).__module__}.{type(model).__qualname__}"
    if not isinstance(model, torch.nn.Module):
        return {"type": kind, "is_module": False, "is_sequential": False, "layers": [], "parameters": 0}
    params = list(model.parameters())
    buffers = list(model.buffers())
    return {
        "type": kind,
        "is_module": True,
        "is_sequential": isinstance(model, torch.nn.Sequential),
        "layers": [type(m).__name__ for m in model.modules()][1:],
        "parameters": int(sum(p.numel() for p in params)),
        "state_bytes": int(sum(t.numel() * t.element_size() for t in params + buffers)),
        "training": bool(model.training),
        "devices": sorted({str(t.device) for t in params + buffers}),
    }


def _model_device(model: torch.nn.Module) -> torch.device:
    for t in list(model.parameters()) + list(model.buffers()):
        return t.device
    return torch.device("cpu")


def forward(model: Any, x: np.ndarray, inputs: str, seed: int | None = None, threads: int = 1) -> Any:
    """``model(x)`` in evaluation mode without gradients; its mode is restored afterwards."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"build_model() returned a {type(model).__name__}, not an nn.Module")
    if seed is not None:
        seed_everything(seed, threads)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            out = model(_inputs(x, inputs).to(_model_device(model)))
    finally:
        model.train(was_training)
    return out.float() if isinstance(out, torch.Tensor) and out.is_floating_point() else out


def predict(model: Any, x: np.ndarray, inputs: str, batch_size: int = 1000, threads: int = 1) -> np.ndarray:
    """Predicted classes (argmax of the outputs), in batches; int64 of shape (N,)."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"train() returned a {type(model).__name__}, not an nn.Module")
    torch.set_num_threads(threads)
    device = _model_device(model)
    parts = []
    model.eval()
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            out = model(_inputs(x[start:start + batch_size], inputs).to(device))
            if not isinstance(out, torch.Tensor) or out.ndim != 2:
                raise TypeError(f"the model returned {type(out).__name__} of shape "
                                f"{tuple(getattr(out, 'shape', ()))}, not (N, classes) scores")
            parts.append(out.argmax(dim=1).cpu().numpy().astype(np.int64))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


# The clocks, bound when the helper is loaded (before the student's module): a submission that
# replaces time.process_time does not stretch its own budget.
_WALL, _CPU = time.perf_counter, time.process_time


class TimeUp(BaseException):
    """Raised into the student's loop at the next forward pass once the training budget is spent.

    A BaseException, so that an ``except Exception`` in the student's loop does not swallow it."""


class Reached(BaseException):
    """Raised into the student's loop at the first forward pass of an epoch once the grader said the
    model, as it stood at the end of the last one, already reached its goal (see ``evaluate``)."""


def train(model: Any, x: np.ndarray, y: np.ndarray, epochs: int, inputs: str, seed: int, threads: int = 1,
          device: str | None = None, budget_s: float | None = None, start_in_eval: bool = False,
          progress: Callable[[dict], Any] | None = None, eval_x: np.ndarray | None = None,
          evaluate: Callable[[np.ndarray], Any] | None = None) -> dict[str, Any]:
    """Seed, run the student's ``train`` and report what happened.

    The student's function is called as ``train(model, x, y, torch.device(device), epochs)`` when
    ``device`` is given, else as ``train(model, x, y, epochs)``; ``y`` arrives as int64 labels.

    Watches, without changing the computation:

    * forward passes of the model (a pre-hook): how many samples went through in training, and the
      budget — past ``budget_s`` the next forward pass raises ``TimeUp``, which ends the student's
      loop; the model is then evaluated as it is. On the CPU the budget is this process's CPU time
      (all its threads: ``time.process_time``), so other work on the machine slows training without
      shortening it; on a GPU, whose work the CPU clock does not see, it is wall time;
    * every parameter's gradient (a hook that runs before the new gradient is added to ``.grad``):
      backward passes, gradients still holding a nonzero value from an earlier pass (no
      ``zero_grad``), and backward passes made while the model was in evaluation mode;
    * ``Tensor.backward`` on a scalar: the loss values, for the progress bar and the loss curve.

    ``start_in_eval`` hands the model over in evaluation mode, as after an evaluation: a loop that
    never calls ``model.train()`` then trains in evaluation mode, which the counts show.

    ``evaluate`` (a callback into the grader) with ``eval_x``: at the first training forward pass of
    every epoch after the first, the model as it stands predicts ``eval_x`` (evaluation mode, no
    gradients, every module's mode and torch's random state restored afterwards, so the training
    that follows is the one that would have happened) and the predicted classes go to ``evaluate``;
    when it answers true the loop is ended there (``Reached``): the goal was met, more training
    would only cost time.
    """
    seed_everything(seed, threads)
    train_x = _inputs(x, inputs)
    train_y = torch.from_numpy(np.array(y, dtype=np.int64, copy=True))
    n = max(len(train_x), 1)
    is_module = isinstance(model, torch.nn.Module)
    w = {"backward": 0, "stale": 0, "eval_backward": 0, "first_backward_eval": None, "samples": 0,
         "forwards": 0, "stopped": False, "evaluating": False, "evaluations": 0, "reached": False}
    eval_inputs = _inputs(eval_x, inputs) if evaluate is not None and eval_x is not None else None

    def goal_reached(module: torch.nn.Module) -> bool:
        """Predict ``eval_x`` with the model as it stands, leaving no trace on the training."""
        modes = [(m, m.training) for m in module.modules()]
        rng = torch.get_rng_state()
        w["evaluating"] = True
        try:
            module.eval()
            target = _model_device(module)
            parts = []
            with torch.no_grad():
                for start in range(0, len(eval_inputs), 1000):
                    out = module(eval_inputs[start:start + 1000].to(target))
                    parts.append(out.argmax(dim=1).cpu().numpy().astype(np.int64))
            predicted = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        finally:
            for m, mode in modes:
                m.training = mode
            torch.set_rng_state(rng)
            w["evaluating"] = False
        w["evaluations"] += 1
        return bool(evaluate(predicted))
    losses: list[torch.Tensor] = []
    loss_at: list[int] = []  # samples seen when each loss was recorded
    handles = []
    clock = _WALL if device is not None and device.startswith("cuda") else _CPU
    deadline = clock() + budget_s if budget_s else None

    def report(final: bool = False) -> None:
        if progress is None or not losses:
            return
        seen = w["samples"]
        progress({"epoch": max(seen - 1, 0) // n + 1, "batch": w["backward"],
                  "samples": seen, "loss": float(losses[-1].detach().float().cpu()),
                  "total_samples": n * epochs, "final": final})

    if is_module:
        params = [p for p in model.parameters() if p.requires_grad]

        def pre_forward(module: torch.nn.Module, args: tuple) -> None:
            if w["evaluating"]:
                return
            if deadline is not None and clock() > deadline and torch.is_grad_enabled():
                w["stopped"] = True
                raise TimeUp()
            if (eval_inputs is not None and torch.is_grad_enabled() and w["samples"] >= n * (w["evaluations"] + 1)
                    and w["samples"] < n * epochs and goal_reached(module)):
                w["reached"] = True
                raise Reached()
            if torch.is_grad_enabled() and args and isinstance(args[0], torch.Tensor):
                w["forwards"] += 1
                w["samples"] += int(args[0].shape[0]) if args[0].ndim else 0

        def watch(p: torch.Tensor, first: bool) -> Callable[[torch.Tensor], None]:
            def hook(grad: torch.Tensor) -> None:
                if first:
                    w["backward"] += 1
                    if w["first_backward_eval"] is None:
                        w["first_backward_eval"] = not model.training
                    if not model.training:
                        w["eval_backward"] += 1
                if p.grad is not None and bool(torch.any(p.grad != 0)):
                    w["stale"] += 1
            return hook

        handles.append(model.register_forward_pre_hook(pre_forward))
        handles += [p.register_hook(watch(p, i == 0)) for i, p in enumerate(params)]
        if start_in_eval:
            model.eval()

    original_backward = torch.Tensor.backward

    def backward(self: torch.Tensor, *args: Any, **kwargs: Any) -> Any:
        if self.numel() == 1:
            losses.append(self.detach().reshape(()))
            loss_at.append(w["samples"])
            if len(losses) % REPORT_EVERY == 0:
                report()
        return original_backward(self, *args, **kwargs)

    torch.Tensor.backward = backward  # type: ignore[method-assign]
    started, started_cpu = _WALL(), _CPU()
    result: Any = None
    try:
        if device is None:
            result = _student.train(model, train_x, train_y, epochs)
        else:
            result = _student.train(model, train_x, train_y, torch.device(device), epochs)
    except (TimeUp, Reached):
        result = model
    finally:
        seconds, cpu_seconds = _WALL() - started, _CPU() - started_cpu
        torch.Tensor.backward = original_backward  # type: ignore[method-assign]
        for h in handles:
            h.remove()
    report(final=True)
    curve = torch.stack(losses).float().cpu().numpy() if losses else np.zeros(0, dtype=np.float32)
    devices = sorted({str(t.device) for t in list(result.parameters()) + list(result.buffers())}) \
        if isinstance(result, torch.nn.Module) else []
    return {"model": result, "same_object": result is model, "seconds": seconds, "cpu_seconds": cpu_seconds,
            "budget_clock": "wall" if clock is _WALL else "cpu", "stopped": w["stopped"],
            "reached_goal": w["reached"], "evaluations": w["evaluations"],
            "backward_calls": w["backward"], "stale_gradients": w["stale"], "eval_backward": w["eval_backward"],
            "first_backward_eval": bool(w["first_backward_eval"]), "samples_seen": w["samples"],
            "losses": curve.astype(np.float64), "loss_samples": np.asarray(loss_at, dtype=np.int64),
            "devices": devices}
