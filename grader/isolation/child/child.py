"""The submission's side of the boundary: load the student's file, then serve calls.

Run as ``python -I child.py PATH MODULE_NAME``. Fds 0 and 1 carry frames (see ``wire.py``);
everything the student prints goes to fd 2, a size-limited file the grader reads afterwards.
This process decides nothing: it only computes values. Whatever it sends is rebuilt from plain
data by the grader, which does all checking and scoring.

What serves the calls is bound before the student's module is imported, where a later change to a
module's attributes or to ``sys.modules`` does not reach it: this file runs as a private copy of
itself (``kit_child``, in no ``sys.modules`` entry; ``__main__`` is only the launcher), ``wire`` and
the helpers are private copies too, each with a snapshot of the builtins taken at start, and the
library functions used after the import (``os.read``, ``os.write`` …) are aliases taken at load.
A submission that replaces ``sys.modules["helpers_core"]``, rebinds ``wire.pack`` or
``builtins.isinstance``, or patches ``__main__`` changes nothing the grader receives. What one
Python process cannot rule out (frames, ``gc``, C-level state shared with the helpers) is named in
the README and flagged by the static inspection.
"""
from __future__ import annotations

import builtins
import importlib.util
import inspect
import os
import re
import signal
import sys
import time
import traceback
from typing import Any

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)  # -I leaves the script's folder out
# Taken when the child starts, before any student code: the builtins every private module sees.
_BUILTINS = dict(vars(builtins))


def load_private(name: str, path: str) -> Any:
    """Run ``path`` as a module that no ``sys.modules`` entry names once it is loaded, with a copy of
    the builtins as they are now (a later ``builtins.isinstance = ...`` does not reach its functions).
    It is in ``sys.modules`` only while its own code runs (``dataclasses`` and ``typing`` look there)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    module.__dict__["__builtins__"] = dict(_BUILTINS)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        if sys.modules.get(name) is module:
            del sys.modules[name]
    return module


wire = load_private("kit_wire", os.path.join(HERE, "wire.py"))
_Encoder, _Decoder, _Handle, _WireError = wire.Encoder, wire.Decoder, wire.Handle, wire.WireError
_pack, _read_frame = wire.pack, wire.read_frame
_read, _write, _dup, _dup2, _open, _close, _exit = os.read, os.write, os.dup, os.dup2, os.open, os.close, os._exit
_basename, _perf = os.path.basename, time.perf_counter
_extract_tb, _np_array = traceback.extract_tb, np.array
_isfunction = inspect.isfunction

MAX_INBOUND = 1 << 34  # the grader is trusted; its frames are as large as the data it sends


class Channel:
    def __init__(self) -> None:
        # Keep private copies of the protocol pipes, then point 0 at /dev/null and 1 at the log,
        # so that print() from student code can never interleave with frames.
        self.rfd = _dup(0)
        self.wfd = _dup(1)
        devnull = _open(os.devnull, os.O_RDONLY)
        _dup2(devnull, 0)
        _dup2(2, 1)
        _close(devnull)
        sys.stdout.reconfigure(line_buffering=True)
        self.handles: dict[int, Any] = {}

    def read_exact(self, n: int) -> bytes:
        parts, got = [], 0
        while got < n:
            b = _read(self.rfd, min(n - got, 1 << 20))
            if not b:
                _exit(3)  # the grader went away
            parts.append(b)
            got += len(b)
        return b"".join(parts)

    def send(self, header: dict, value: Any = None, has_value: bool = False) -> None:
        blobs: list[bytes] = []
        if has_value:
            enc = _Encoder(on_unknown=self._new_handle)
            header = dict(header, value=enc.encode(value))
            blobs = enc.blobs
        data = _pack(header, blobs)
        view = memoryview(data)
        while view:
            n = _write(self.wfd, view)
            view = view[n:]

    def recv(self) -> tuple[dict, list[bytes]]:
        return _read_frame(self.read_exact, MAX_INBOUND)

    def _new_handle(self, obj: Any) -> Any:
        hid = len(self.handles) + 1
        self.handles[hid] = obj
        return _Handle(hid, f"{type(obj).__module__}.{type(obj).__qualname__}")

    def decoder(self, blobs: list[bytes]) -> Any:
        def handle(hid: int, _type: str) -> Any:
            if hid not in self.handles:
                raise _WireError(f"unknown handle {hid}")
            return self.handles[hid]

        return _Decoder(blobs, on_callback=self._remote_callable, on_handle=handle, on_tensor=_to_tensor)

    def _remote_callable(self, cid: int) -> Any:
        def call_back(*args: Any, **kwargs: Any) -> Any:
            enc = _Encoder(on_unknown=self._new_handle)
            payload = {"op": "callback", "id": cid, "args": enc.encode(list(args)), "kwargs": enc.encode(kwargs)}
            data = _pack(payload, enc.blobs)
            view = memoryview(data)
            while view:
                view = view[_write(self.wfd, view):]
            header, blobs = self.recv()
            if header.get("op") == "cb_error":
                raise RuntimeError(str(header.get("message", "callback failed")))
            return self.decoder(blobs).decode(header.get("value"))

        return call_back


_from_numpy: list[Any] = []  # torch.from_numpy, bound when the first tensor arrives (torch is loaded then)


def _to_tensor(arr: np.ndarray) -> Any:
    if not _from_numpy:
        import torch

        _from_numpy.append(torch.from_numpy)
    return _from_numpy[0](_np_array(arr, copy=True))


def _error(exc: BaseException) -> dict:
    tb = _extract_tb(exc.__traceback__)
    # Only frames from the student's own file are useful (and safe) to show.
    frames = [f for f in tb if f.filename.startswith("/submission") or f.filename == SUBMISSION]
    return {
        "op": "error",
        "type": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "message": _safe_str(exc)[:2000],
        "where": [[_basename(f.filename), f.lineno, f.name, (f.line or "")[:200]] for f in frames[-5:]],
    }


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except BaseException:
        return "<the exception's message could not be read>"


SUBMISSION = ""
_HELPER = re.compile(r"helpers_[a-z0-9_]+")


def load_helpers() -> dict[str, dict[str, Any]]:
    """Load the kit helpers copied next to this file (only those the exercise asked for), BEFORE the
    student's module, as private modules (``load_private``), and bind their functions now: no
    ``sys.modules`` entry or module attribute a submission can reach leads to them later."""
    table: dict[str, dict[str, Any]] = {}
    for fname in sorted(os.listdir(HERE)):
        name = fname[:-3]
        if fname.endswith(".py") and _HELPER.fullmatch(name):
            mod = load_private(name, os.path.join(HERE, fname))
            table[name] = {k: v for k, v in vars(mod).items()
                           if _isfunction(v) and v.__module__ == name and not k.startswith("_")}
    return table


def bind_student(helpers: dict[str, dict[str, Any]], module: Any) -> None:
    """Hand the student's module to the helpers that drive it (``bind_student(module)``)."""
    for funcs in helpers.values():
        bind = funcs.pop("bind_student", None)
        if bind is not None:
            bind(module)


def _target(channel: Channel, module: Any, helpers: dict[str, dict[str, Any]], target: str, fn: str) -> Any:
    if target == "student":
        if not hasattr(module, fn):
            raise AttributeError(f"your file does not define {fn!r}")
        return getattr(module, fn)
    if target.startswith("helper:") and target[7:] in helpers and fn in helpers[target[7:]]:
        return helpers[target[7:]][fn]
    if target.startswith("handle:"):
        return getattr(channel.handles[int(target[7:])], fn)
    raise _WireError(f"bad call target {target!r}")


def main() -> None:
    global SUBMISSION
    path, name = sys.argv[1], sys.argv[2]
    SUBMISSION = path
    # Python ignores SIGXFSZ, so a write past the output limit would only raise OSError (which a
    # loop can catch and go on). Restore the default: the kernel ends the child at the limit and
    # the grader's verdict names the output limit.
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    channel = Channel()
    sys.setrecursionlimit(10_000)
    t0 = _perf()
    helpers = load_helpers()
    if "torch" in sys.modules and not _from_numpy:  # a helper loaded it: bind before the student can patch it
        _from_numpy.append(sys.modules["torch"].from_numpy)
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt at import are the student's too
        channel.send(dict(_error(exc), op="import_error"))
        return
    bind_student(helpers, module)
    public = sorted(k for k, v in vars(module).items() if callable(v) and not k.startswith("_"))
    channel.send({"op": "ready", "functions": public, "import_s": _perf() - t0})
    while True:
        header, blobs = channel.recv()
        op = header.get("op")
        if op == "shutdown":
            return
        if op != "call":
            channel.send({"op": "error", "type": "ProtocolError", "mro": [], "message": f"unexpected {op!r}"})
            continue
        try:
            dec = channel.decoder(blobs)
            args = dec.decode(header.get("args", []))
            kwargs = dec.decode(header.get("kwargs", {"$dict": []}))
            func = _target(channel, module, helpers, str(header.get("target")), str(header.get("fn")))
            t1 = _perf()
            value = func(*args, **kwargs)
            elapsed = _perf() - t1
        except BaseException as exc:  # a student's SystemExit inside a function is an error, not an exit
            channel.send(_error(exc))
            continue
        try:
            channel.send({"op": "result", "elapsed_s": elapsed}, value, has_value=True)
        except Exception as exc:
            channel.send({"op": "error", "type": "TransferError", "mro": ["TransferError"],
                          "message": f"the returned value cannot be graded: {exc}"[:2000]})


if __name__ == "__main__":
    # Serve from a private copy of this file: patching ``__main__`` (its Channel, its ``wire``)
    # after the student's import reaches nothing that runs.
    load_private("kit_child", os.path.abspath(__file__)).main()
