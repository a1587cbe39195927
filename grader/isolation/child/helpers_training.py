"""Kit helpers for exercises where the student builds and trains a torch model (child side).

The student's module defines ``build_model()`` and ``train(model, x, y, [device,] epochs)``. The
model never leaves the child: the grader holds a handle and calls these functions with it. Inputs
arrive as numpy arrays and are turned into tensors here, in one of two layouts (``inputs``):

* ``"images_u8"`` — uint8 images (N, H, W), scaled to float32 (N, 1, H, W) in [0, 1];
* ``"float32"`` — feature rows (N, D), as float32.

Nothing is graded here: these only seed, build, describe, run, watch and time. The grader computes
every loss and accuracy itself, from outputs and predictions it receives as plain data, and measures
the training time and the model's size itself (its clock around the call; the parameters and
buffers it receives as arrays, ``state``).

Every torch, numpy and builtin function these helpers call is bound when the module loads, before
the student's module: module-level aliases, the unbound methods of ``torch.nn.Module`` and
``torch.Tensor`` called with the object, and the getters of tensor attributes taken from torch's C
base class. So a submission that, at import, replaces ``torch.any``, ``torch.Tensor.__ne__``,
``torch.is_grad_enabled`` or ``builtins.isinstance``, or a model class that overrides
``parameters``, ``modules``, ``register_forward_pre_hook`` or ``training``, does not change what the
watch sees. The model's own layers are walked through the dicts ``nn.Module`` keeps
(``_modules``, ``_parameters``, ``_buffers``), read with ``object.__getattribute__`` and ``dict``'s
own methods. What a submission shares with these helpers below that (torch's autograd and hook
machinery in C++) is out of reach of any binding: the README says so, and the static inspection
marks code that reaches for it.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

REPORT_EVERY = 50  # batches between progress reports to the grader
# Images per forward pass when the helper itself runs the model (forward, predict, the early-stop
# check): the activations of a course-sized network then stay below glibc's mmap threshold, so each
# batch reuses the memory of the last instead of having the kernel fault in fresh pages (a 1,000-image
# batch of the course's CNN costs a third more CPU time, a 10,000-image one twice as much).
EVAL_BATCH = 256
INPUTS = ("images_u8", "float32")
_student: Any = None

# ---- bound at load (see the module docstring) ----------------------------------------------------------
_Module, _Sequential, _Tensor, _TensorBase = torch.nn.Module, torch.nn.Sequential, torch.Tensor, torch._C.TensorBase
_type, _isinstance, _issubclass, _len = type, isinstance, issubclass, len
_int, _bool, _float, _str = int, bool, float, str
_list, _tuple, _sorted, _sum, _range, _id, _max = list, tuple, sorted, sum, range, id, max
_object_getattribute, _dict_get, _dict_values = object.__getattribute__, dict.get, dict.values
_list_append = list.append
_np_array, _np_asarray, _np_concatenate, _np_zeros, _np_int64, _np_float32, _np_float64 = (
    np.array, np.asarray, np.concatenate, np.zeros, np.int64, np.float32, np.float64)
_np_uint8, _ndarray_astype = np.uint8, np.ndarray.astype
_from_numpy, _stack, _cat, _any, _is_grad_enabled, _no_grad = (
    torch.from_numpy, torch.stack, torch.cat, torch.any, torch.is_grad_enabled, torch.no_grad)
_get_rng_state, _set_rng_state, _manual_seed, _set_num_threads = (
    torch.get_rng_state, torch.set_rng_state, torch.manual_seed, torch.set_num_threads)
_torch_device, _torch_float32, _torch_int64 = torch.device, torch.float32, torch.int64
_cuda_available, _cuda_name = torch.cuda.is_available, torch.cuda.get_device_name
_random_seed, _np_seed = random.seed, np.random.seed
_register_forward_pre_hook, _module_train, _module_setattr = (
    _Module.register_forward_pre_hook, _Module.train, _Module.__setattr__)
_register_hook, _backward = _Tensor.register_hook, _Tensor.backward
_t_ne, _t_item, _t_numel, _t_element_size, _t_detach, _t_reshape = (
    _TensorBase.__ne__, _TensorBase.item, _TensorBase.numel, _TensorBase.element_size, _TensorBase.detach,
    _TensorBase.reshape)
_t_float, _t_cpu, _t_numpy, _t_to, _t_argmax, _t_dim, _t_size = (
    _TensorBase.float, _TensorBase.cpu, _TensorBase.numpy, _TensorBase.to, _TensorBase.argmax, _TensorBase.dim,
    _TensorBase.size)
_t_div_, _t_unsqueeze, _t_is_floating_point = _TensorBase.div_, _TensorBase.unsqueeze, _TensorBase.is_floating_point
_t_getitem = _TensorBase.__getitem__
_t_grad = _TensorBase.grad.__get__
_t_requires_grad = _TensorBase.requires_grad.__get__
_t_device = _TensorBase.device.__get__
_t_shape = _TensorBase.shape.__get__
_handle_remove = torch.utils.hooks.RemovableHandle.remove


def _is_module(obj: Any) -> bool:
    return _issubclass(_type(obj), _Module)  # type(), not isinstance: a __class__ property cannot lie


def _is_tensor(obj: Any) -> bool:
    return _issubclass(_type(obj), _TensorBase)


def _own(module: Any, name: str) -> Any:
    """What ``nn.Module`` stored as ``name`` in the instance (no class-level override in between)."""
    try:
        return _dict_get(_object_getattribute(module, "__dict__"), name)
    except (AttributeError, TypeError):
        return None


def _children(module: Any) -> list[Any]:
    kids = _own(module, "_modules")
    return [m for m in _dict_values(kids) if m is not None] if _isinstance(kids, dict) else []


def _modules(root: Any) -> list[Any]:
    """``root`` and every module below it, each once, in the order of ``Module.modules()``."""
    out: list[Any] = []
    seen: set[int] = set()
    todo = [root]
    while todo:
        m = todo.pop()
        if _id(m) in seen or not _is_module(m):
            continue
        seen.add(_id(m))
        _list_append(out, m)
        todo.extend(reversed(_children(m)))
    return out


def _tensors(root: Any, kind: str) -> list[Any]:
    """The parameters (``kind="_parameters"``) or buffers (``"_buffers"``) of every module, each once."""
    out: list[Any] = []
    seen: set[int] = set()
    for m in _modules(root):
        table = _own(m, kind)
        for t in _dict_values(table) if _isinstance(table, dict) else ():
            if t is not None and _is_tensor(t) and _id(t) not in seen:
                seen.add(_id(t))
                _list_append(out, t)
    return out


def _training(module: Any) -> bool:
    """The mode ``Module.train``/``eval`` set: the instance's own value, not a class property."""
    mode = _own(module, "training")
    return _bool(mode) if _type(mode) is bool else _bool(_object_getattribute(module, "training"))


def bind_student(module: Any) -> None:
    global _student
    _student = module


def _inputs(x: np.ndarray, inputs: str) -> torch.Tensor:
    if inputs == "images_u8":  # uint8 (N, H, W) → float32 (N, 1, H, W) in [0, 1], on a private copy
        arr = _np_array(x, dtype=_np_uint8, copy=True)
        return _t_unsqueeze(_t_div_(_t_to(_from_numpy(arr), _torch_float32), 255.0), 1)
    if inputs == "float32":
        return _from_numpy(_np_array(x, dtype=_np_float32, copy=True))
    raise ValueError(f"inputs must be one of {INPUTS}, not {inputs!r}")


def seed_everything(seed: int, threads: int = 1) -> None:
    """Same seed for Python, numpy and torch (CPU and CUDA); a fixed number of CPU threads."""
    _random_seed(seed)
    _np_seed(seed)
    _manual_seed(seed)  # seeds every CUDA device too
    _set_num_threads(threads)


def cuda_available() -> bool:
    return _bool(_cuda_available())


def device_name(device: str) -> str:
    if device == "cuda" and _cuda_available():
        return _cuda_name(0)
    return "cpu"


def build(seed: int, threads: int = 1) -> Any:
    """Seed, then return the student's ``build_model()`` (it stays here; the grader gets a handle)."""
    seed_everything(seed, threads)
    return _student.build_model()


def describe(model: Any) -> dict[str, Any]:
    """Type, layers, parameter count and the bytes of its state (parameters and buffers).

    The grader counts the size again from ``state`` (the arrays themselves) where a verdict depends on it."""
    kind = f"{_type(model).__module__}.{_type(model).__qualname__}"
    if not _is_module(model):
        return {"type": kind, "is_module": False, "is_sequential": False, "layers": [], "parameters": 0}
    params = _tensors(model, "_parameters")
    buffers = _tensors(model, "_buffers")
    return {
        "type": kind,
        "is_module": True,
        "is_sequential": _issubclass(_type(model), _Sequential),
        "layers": [_type(m).__name__ for m in _modules(model)][1:],
        "parameters": _int(_sum(_t_numel(p) for p in params)),
        "state_bytes": _int(_sum(_t_numel(t) * _t_element_size(t) for t in params + buffers)),
        "training": _training(model),
        "devices": _sorted({_str(_t_device(t)) for t in params + buffers}),
    }


def state(model: Any) -> dict[str, Any]:
    """The model's parameters and buffers as arrays on the CPU (float32 or as they are), for the grader
    to count: ``{"is_module", "parameters": [array, ...], "buffers": [array, ...]}``."""
    if not _is_module(model):
        return {"is_module": False, "parameters": [], "buffers": []}

    def array(t: Any) -> np.ndarray:
        plain = _t_cpu(_t_detach(t))
        try:
            return _t_numpy(plain)
        except TypeError:  # a dtype numpy lacks (bfloat16, float8): its values as float32
            return _t_numpy(_t_float(plain))

    def arrays(kind: str) -> list[np.ndarray]:
        return [array(t) for t in _tensors(model, kind)]

    return {"is_module": True, "parameters": arrays("_parameters"), "buffers": arrays("_buffers")}


def _model_device(model: Any) -> Any:
    for t in _tensors(model, "_parameters") + _tensors(model, "_buffers"):
        return _t_device(t)
    return _torch_device("cpu")


def _classes(out: Any) -> np.ndarray:
    """argmax over dim 1 of the model's outputs, as int64 numbers on the CPU."""
    return _ndarray_astype(_t_numpy(_t_cpu(_t_argmax(out, dim=1))), _np_int64)


def forward(model: Any, x: np.ndarray, inputs: str, seed: int | None = None, threads: int = 1) -> Any:
    """``model(x)`` in evaluation mode without gradients; its mode is restored afterwards."""
    if not _is_module(model):
        raise TypeError(f"build_model() returned a {_type(model).__name__}, not an nn.Module")
    if seed is not None:
        seed_everything(seed, threads)
    was_training = _training(model)
    _module_train(model, False)
    try:
        with _no_grad():
            out = _forward_in_batches(model, x, inputs, _model_device(model))
    finally:
        _module_train(model, was_training)
    return _t_float(out) if _is_tensor(out) and _t_is_floating_point(out) else out


def _forward_in_batches(model: Any, x: np.ndarray, inputs: str, device: Any) -> Any:
    """``model(x)``, ``EVAL_BATCH`` images at a time while every batch gives one row per image (the
    rows joined); anything else comes from one call on the whole of ``x``, so a wrong output is
    reported as it is."""
    def run(part: np.ndarray) -> Any:
        return model(_t_to(_inputs(part, inputs), device))

    if _len(x) <= EVAL_BATCH:
        return run(x)
    parts: list[Any] = []
    for start in _range(0, _len(x), EVAL_BATCH):
        part = x[start:start + EVAL_BATCH]
        out = run(part)
        if not _is_tensor(out) or _t_dim(out) < 1 or _int(_t_size(out, 0)) != _len(part) \
                or (parts and _t_shape(out)[1:] != _t_shape(parts[0])[1:]):
            return run(x)
        _list_append(parts, out)
    return _cat(parts)


def predict(model: Any, x: np.ndarray, inputs: str, batch_size: int | None = None, threads: int = 1) -> np.ndarray:
    """Predicted classes (argmax of the outputs), ``batch_size`` (default ``EVAL_BATCH``) inputs at a
    time; int64 of shape (N,)."""
    batch_size = batch_size or EVAL_BATCH
    if not _is_module(model):
        raise TypeError(f"train() returned a {_type(model).__name__}, not an nn.Module")
    _set_num_threads(threads)
    device = _model_device(model)
    parts = []
    _module_train(model, False)
    with _no_grad():
        for start in _range(0, _len(x), batch_size):
            out = model(_t_to(_inputs(x[start:start + batch_size], inputs), device))
            if not _is_tensor(out) or _t_dim(out) != 2:
                shape = _t_shape(out) if _is_tensor(out) else ()
                raise TypeError(f"the model returned {_type(out).__name__} of shape "
                                f"{_tuple(shape)}, not (N, classes) scores")
            _list_append(parts, _classes(out))
    return _np_concatenate(parts) if parts else _np_zeros(0, dtype=_np_int64)


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
    train_y = _from_numpy(_np_array(y, dtype=_np_int64, copy=True))
    n = _max(_int(_t_size(train_x, 0)), 1)
    is_module = _is_module(model)
    w = {"backward": 0, "stale": 0, "eval_backward": 0, "first_backward_eval": None, "samples": 0,
         "forwards": 0, "stopped": False, "evaluating": False, "evaluations": 0, "reached": False}
    eval_inputs = _inputs(eval_x, inputs) if evaluate is not None and eval_x is not None else None

    def goal_reached(module: Any) -> bool:
        """Predict ``eval_x`` with the model as it stands, leaving no trace on the training."""
        modes = [(m, _training(m)) for m in _modules(module)]
        rng = _get_rng_state()
        w["evaluating"] = True
        try:
            _module_train(module, False)
            target = _model_device(module)
            parts = []
            with _no_grad():
                for start in _range(0, _int(_t_size(eval_inputs, 0)), EVAL_BATCH):
                    batch = _t_getitem(eval_inputs, slice(start, start + EVAL_BATCH))
                    _list_append(parts, _classes(module(_t_to(batch, target))))
            predicted = _np_concatenate(parts) if parts else _np_zeros(0, dtype=_np_int64)
        finally:
            for m, mode in modes:
                _module_setattr(m, "training", mode)
            _set_rng_state(rng)
            w["evaluating"] = False
        w["evaluations"] += 1
        return _bool(evaluate(predicted))
    losses: list[Any] = []
    loss_at: list[int] = []  # samples seen when each loss was recorded
    handles = []
    clock = _WALL if device is not None and device.startswith("cuda") else _CPU
    deadline = clock() + budget_s if budget_s else None

    def report(final: bool = False) -> None:
        if progress is None or not losses:
            return
        seen = w["samples"]
        progress({"epoch": _max(seen - 1, 0) // n + 1, "batch": w["backward"],
                  "samples": seen, "loss": _float(_t_item(_t_float(losses[-1]))),
                  "total_samples": n * epochs, "final": final})

    if is_module:
        params = [p for p in _tensors(model, "_parameters") if _t_requires_grad(p)]

        def pre_forward(module: Any, args: tuple) -> None:
            if w["evaluating"]:
                return
            grad_on = _is_grad_enabled()
            if deadline is not None and clock() > deadline and grad_on:
                w["stopped"] = True
                raise TimeUp()
            if (eval_inputs is not None and grad_on and w["samples"] >= n * (w["evaluations"] + 1)
                    and w["samples"] < n * epochs and goal_reached(module)):
                w["reached"] = True
                raise Reached()
            if grad_on and _type(args) is _tuple and args and _is_tensor(args[0]):
                w["forwards"] += 1
                w["samples"] += _int(_t_size(args[0], 0)) if _t_dim(args[0]) else 0

        def watch(p: Any, first: bool) -> Callable[[Any], None]:
            def hook(grad: Any) -> None:
                if first:
                    w["backward"] += 1
                    in_eval = not _training(model)
                    if w["first_backward_eval"] is None:
                        w["first_backward_eval"] = in_eval
                    if in_eval:
                        w["eval_backward"] += 1
                old = _t_grad(p)
                if old is not None and _t_item(_any(_t_ne(old, 0))):
                    w["stale"] += 1
            return hook

        _list_append(handles, _register_forward_pre_hook(model, pre_forward))
        handles += [_register_hook(p, watch(p, i == 0)) for i, p in enumerate(params)]
        if start_in_eval:
            _module_train(model, False)

    def backward(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _t_numel(self) == 1:
            _list_append(losses, _t_reshape(_t_detach(self), ()))
            _list_append(loss_at, w["samples"])
            if _len(losses) % REPORT_EVERY == 0:
                report()
        return _backward(self, *args, **kwargs)

    _Tensor.backward = backward  # type: ignore[method-assign]
    started, started_cpu = _WALL(), _CPU()
    result: Any = None
    try:
        if device is None:
            result = _student.train(model, train_x, train_y, epochs)
        else:
            result = _student.train(model, train_x, train_y, _torch_device(device), epochs)
    except (TimeUp, Reached):
        result = model
    finally:
        seconds, cpu_seconds = _WALL() - started, _CPU() - started_cpu
        _Tensor.backward = _backward  # type: ignore[method-assign]
        for h in handles:
            _handle_remove(h)
    report(final=True)
    curve = _t_numpy(_t_cpu(_t_float(_stack(losses)))) if losses else _np_zeros(0, dtype=_np_float32)
    devices = _sorted({_str(_t_device(t)) for t in _tensors(result, "_parameters") + _tensors(result, "_buffers")}) \
        if _is_module(result) else []
    return {"model": result, "same_object": result is model, "seconds": seconds, "cpu_seconds": cpu_seconds,
            "budget_clock": "wall" if clock is _WALL else "cpu", "stopped": w["stopped"],
            "reached_goal": w["reached"], "evaluations": w["evaluations"],
            "backward_calls": w["backward"], "stale_gradients": w["stale"], "eval_backward": w["eval_backward"],
            "first_backward_eval": _bool(w["first_backward_eval"]), "samples_seen": w["samples"],
            "losses": _ndarray_astype(curve, _np_float64), "loss_samples": _np_asarray(loss_at, dtype=_np_int64),
            "loss_count": _len(losses), "devices": devices}
