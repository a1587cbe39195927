"""The submission's side of the boundary: load the student's file, then serve calls.

Run as ``python -I child.py PATH MODULE_NAME``. Fds 0 and 1 carry frames (see ``wire.py``);
everything the student prints goes to fd 2, a size-limited file the grader reads afterwards.
This process decides nothing: it only computes values. Whatever it sends is rebuilt from plain
data by the grader, which does all checking and scoring.
"""
from __future__ import annotations

import importlib
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves the script's folder out
import wire  # noqa: E402

MAX_INBOUND = 1 << 34  # the grader is trusted; its frames are as large as the data it sends


class Channel:
    def __init__(self) -> None:
        # Keep private copies of the protocol pipes, then point 0 at /dev/null and 1 at the log,
        # so that print() from student code can never interleave with frames.
        self.rfd = os.dup(0)
        self.wfd = os.dup(1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)
        os.close(devnull)
        sys.stdout.reconfigure(line_buffering=True)
        self.handles: dict[int, Any] = {}

    def read_exact(self, n: int) -> bytes:
        parts, got = [], 0
        while got < n:
            b = os.read(self.rfd, min(n - got, 1 << 20))
            if not b:
                os._exit(3)  # the grader went away
            parts.append(b)
            got += len(b)
        return b"".join(parts)

    def send(self, header: dict, value: Any = None, has_value: bool = False) -> None:
        blobs: list[bytes] = []
        if has_value:
            enc = wire.Encoder(on_unknown=self._new_handle)
            header = dict(header, value=enc.encode(value))
            blobs = enc.blobs
        data = wire.pack(header, blobs)
        view = memoryview(data)
        while view:
            n = os.write(self.wfd, view)
            view = view[n:]

    def recv(self) -> tuple[dict, list[bytes]]:
        return wire.read_frame(self.read_exact, MAX_INBOUND)

    def _new_handle(self, obj: Any) -> wire.Handle:
        hid = len(self.handles) + 1
        self.handles[hid] = obj
        return wire.Handle(hid, f"{type(obj).__module__}.{type(obj).__qualname__}")

    def decoder(self, blobs: list[bytes]) -> wire.Decoder:
        def handle(hid: int, _type: str) -> Any:
            if hid not in self.handles:
                raise wire.WireError(f"unknown handle {hid}")
            return self.handles[hid]

        return wire.Decoder(blobs, on_callback=self._remote_callable, on_handle=handle, on_tensor=_to_tensor)

    def _remote_callable(self, cid: int) -> Any:
        def call_back(*args: Any, **kwargs: Any) -> Any:
            enc = wire.Encoder(on_unknown=self._new_handle)
            payload = {"op": "callback", "id": cid, "args": enc.encode(list(args)), "kwargs": enc.encode(kwargs)}
            data = wire.pack(payload, enc.blobs)
            view = memoryview(data)
            while view:
                view = view[os.write(self.wfd, view):]
            header, blobs = self.recv()
            if header.get("op") == "cb_error":
                raise RuntimeError(str(header.get("message", "callback failed")))
            return self.decoder(blobs).decode(header.get("value"))

        return call_back


def _to_tensor(arr: np.ndarray) -> Any:
    import torch

    return torch.from_numpy(np.array(arr, copy=True))


def _error(exc: BaseException) -> dict:
    tb = traceback.extract_tb(exc.__traceback__)
    # Only frames from the student's own file are useful (and safe) to show.
    frames = [f for f in tb if f.filename.startswith("/submission") or f.filename == SUBMISSION]
    return {
        "op": "error",
        "type": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "message": _safe_str(exc)[:2000],
        "where": [[os.path.basename(f.filename), f.lineno, f.name, (f.line or "")[:200]] for f in frames[-5:]],
    }


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except BaseException:
        return "<the exception's message could not be read>"


SUBMISSION = ""
_HELPER = re.compile(r"helpers_[a-z0-9_]+")


def load_helpers() -> dict[str, dict[str, Any]]:
    """Import the kit helpers copied next to this file (only those the exercise asked for), BEFORE the
    student's module, and bind their functions now: a later change to a helper module's attributes
    or to ``sys.modules`` does not change what a call reaches."""
    table: dict[str, dict[str, Any]] = {}
    here = os.path.dirname(os.path.abspath(__file__))
    for fname in sorted(os.listdir(here)):
        name = fname[:-3]
        if fname.endswith(".py") and _HELPER.fullmatch(name):
            mod = importlib.import_module(name)
            table[name] = {k: v for k, v in vars(mod).items()
                           if inspect.isfunction(v) and v.__module__ == name and not k.startswith("_")}
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
    raise wire.WireError(f"bad call target {target!r}")


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
    t0 = time.perf_counter()
    helpers = load_helpers()
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
    channel.send({"op": "ready", "functions": public, "import_s": time.perf_counter() - t0})
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
            t1 = time.perf_counter()
            value = func(*args, **kwargs)
            elapsed = time.perf_counter() - t1
        except BaseException as exc:  # a student's SystemExit inside a function is an error, not an exit
            channel.send(_error(exc))
            continue
        try:
            channel.send({"op": "result", "elapsed_s": elapsed}, value, has_value=True)
        except Exception as exc:
            channel.send({"op": "error", "type": "TransferError", "mro": ["TransferError"],
                          "message": f"the returned value cannot be graded: {exc}"[:2000]})


if __name__ == "__main__":
    main()
