"""The grader's side of the boundary: start a confined child and call into it.

A ``Child`` is one warm process holding one student file. ``call`` sends plain data, waits at most
the call's time limit, and returns plain data rebuilt here (numpy arrays, numbers, lists, dicts,
tuples, or ``RemoteObject`` handles to things that stay in the child). A child that hangs, crashes
or exits is killed with its whole process group; from then on every call fails at once with the
same ``ChildFailure``, so a test driven by hypothesis does not shrink against a dead process.

Nothing the child sends is trusted: every frame is size-checked before it is read, every value is
rebuilt from JSON and strict ``.npy`` data (``wire``), an error report is reduced to bounded
strings, and a frame that arrives without being asked for, or does not parse, ends the child with
``child.protocol``. When the grader runs as root under bubblewrap, each child runs under a uid
leased for its lifetime (``sandbox.lease_uid``); when it ends, anything left under that uid is
killed.
"""
from __future__ import annotations

import os
import re
import select
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.isolation import cputime, sandbox, treelimit
from grader.isolation.child import wire

CHILD_DIR = Path(__file__).parent / "child"
CORE_CHILD_FILES = ("child.py", "wire.py", "helpers_core.py")  # every child gets these, and only these
EXERCISE_HELPER = "helpers_exercise"  # the module name of an exercise's own child_helpers.py in the child
TMP_PREFIX = "grade-child-"
MAX_HEADER_MB = 16  # the JSON part of a reply; arrays travel as blobs
_SIGNALS = {signal.SIGKILL: "killed", signal.SIGXCPU: "cpu", signal.SIGXFSZ: "output",
            signal.SIGSEGV: "segfault", signal.SIGABRT: "abort", signal.SIGBUS: "segfault"}


class ChildFailure(Exception):
    """The child process failed as a whole: a verdict key from the message catalogue and its params."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return f"{self.key} {self.params}"


class StudentError(Exception):
    """The student's function raised; only the exception's names and message cross the boundary."""

    def __init__(self, type_name: str, mro: list[str], message: str, where: list[list[Any]]) -> None:
        super().__init__(f"{type_name}: {message}")
        self.type_name = type_name
        self.mro = [str(m) for m in mro][:32]
        self.message = message
        self.where = where

    def is_a(self, exc_type: type[BaseException]) -> bool:
        return exc_type.__name__ in self.mro or self.type_name == exc_type.__name__

    def location(self) -> str:
        if not self.where:
            return ""
        file, line, func, text = self.where[-1]
        return f"{file}:{line} in {func}: {text}"


class RemoteObject(wire.Handle):
    """An object that lives in the child (a torch model, say). Attribute access calls its methods."""

    __slots__ = ("_child",)

    def __init__(self, child: Child, id: int, type_name: str) -> None:
        super().__init__(id, type_name)
        self._child = child

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *a, timeout=None, **k: self._child.call(f"handle:{self.id}", name, a, k, timeout=timeout)


@dataclass
class GradingBudget:
    """The time charged to the children of one grading so far (``Limits.grading_s`` bounds it)."""

    spent_s: float = 0.0


@dataclass
class ChildSpec:
    """One child: the student's file, the module name it is imported as, and what the exercise asks for.

    ``helpers`` names engine helper modules of the child side (``helpers_<name>.py`` in ``child/``);
    ``exercise_helper`` is the exercise's own ``child_helpers.py`` (imported as ``helpers_exercise``);
    ``masked`` are extra paths the child must not see (``hidden_site_paths``)."""

    submission: Path
    module_name: str
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    isolation: sandbox.Isolation | None = None
    slot: int = 0
    masked: tuple[str, ...] = ()
    helpers: tuple[str, ...] = ()
    exercise_helper: Path | None = None
    budget: GradingBudget | None = None  # shared by every child of one grading (restarts included)

    def child_files(self) -> list[tuple[Path, str]]:
        """(source, name in the child's folder) of every file the child gets."""
        files = [(CHILD_DIR / name, name) for name in CORE_CHILD_FILES]
        for helper in self.helpers:
            src = CHILD_DIR / f"helpers_{helper}.py"
            if not re.fullmatch(r"[a-z0-9_]+", helper) or not src.is_file():
                raise ValueError(f"no child helper {helper!r} (grader/isolation/child/helpers_<name>.py)")
            files.append((src, src.name))
        if self.exercise_helper is not None:
            files.append((self.exercise_helper, f"{EXERCISE_HELPER}.py"))
        return files


def hidden_site_paths(relative: tuple[str, ...]) -> tuple[str, ...]:
    """The folders ``relative`` (e.g. ``pkg/datasets/data``) inside every site-packages that has them."""
    out = set()
    for sp in site.getsitepackages() + [site.getusersitepackages()]:
        for sub in relative:
            if os.path.isdir(os.path.join(sp, sub)):
                out.add(os.path.realpath(os.path.join(sp, sub)))
    return tuple(sorted(out))


def kit_paths() -> tuple[str, ...]:
    """What a child must never see: the grader package (hidden tests, data), the references, the
    kit's checkout, and the grader's working directory (where results are written)."""
    package = Path(__file__).resolve().parents[1]
    paths = {str(package)}
    if (package.parent / "pyproject.toml").is_file():  # the kit's checkout (an editable install), not site-packages
        paths.add(str(package.parent))
    try:
        import solutions

        for p in getattr(solutions, "__path__", []) or [Path(solutions.__file__).parent]:
            paths.add(str(Path(p).resolve()))
    except ImportError:  # a student release has no references
        pass
    try:
        paths.add(os.getcwd())
    except OSError:
        pass
    return tuple(sorted(paths))


class Child:
    def __init__(self, spec: ChildSpec) -> None:
        self.spec = spec
        self.limits = spec.limits
        self.isolation = spec.isolation or sandbox.detect_isolation()
        self.proc: subprocess.Popen[bytes] | None = None
        self.failure: ChildFailure | None = None
        self.functions: list[str] | None = None
        self.import_error: StudentError | None = None
        self.callbacks: dict[int, Callable[..., Any]] = {}
        self.calls = 0
        self._buf = bytearray()
        self._lease: sandbox.UidLease | None = None
        self._tree: treelimit.TreeLimit | None = None
        _sweep_stale_dirs()
        # 0700: other users of the machine cannot read the submission; the child sees only the
        # folders bound into its sandbox (0755 inside), never this one.
        self._tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))
        (self._tmp / "owner").write_text(f"{os.getpid()} {_start_time(os.getpid())}")
        self._log = self._tmp / "output.log"

    # ---- life cycle -------------------------------------------------------------------------
    def start(self) -> Child:
        tmp = self._tmp
        (tmp / "child").mkdir()
        for src, name in self.spec.child_files():
            shutil.copyfile(src, tmp / "child" / name)
        (tmp / "submission").mkdir()
        sub = tmp / "submission" / f"{self.spec.module_name}.py"
        shutil.copyfile(self.spec.submission, sub)
        for p in [tmp / "child", tmp / "submission"]:
            p.chmod(0o755)
        for p in [sub, *(tmp / "child").iterdir()]:
            p.chmod(0o644)
        layer = self.isolation.layer
        drops_uid = os.geteuid() == 0 and (layer == "bubblewrap" or self.isolation.drops_uid)
        if drops_uid and self._lease is None:
            self._lease = sandbox.lease_uid(self.spec.slot)
        filter_fd = None
        if layer == "bubblewrap":
            child_dir, sub_path = "/opt/kit-child", f"/submission/{sub.name}"
            filter_fd = sandbox.seccomp_fd()
            prefix = sandbox.bwrap_prefix(
                masked=tuple(self.spec.masked) + kit_paths(),
                uid=self._lease.uid if self._lease else None,
                extra_binds=((str(tmp / "child"), child_dir), (str(sub), sub_path)),
                gpu=self.limits.uses_gpu, tmp_mb=self.limits.tmp_mb, seccomp_fd=filter_fd)
        else:
            child_dir, sub_path = str(tmp / "child"), str(sub)
            prefix = sandbox.unshare_prefix() if layer == "unshare" else []
            if self._lease is not None:  # the sandbox uid reads its files here: traverse, not list
                tmp.chmod(0o711)
                prefix += sandbox.setpriv_prefix(self._lease.uid)
        argv, args_fd = sandbox.hide_bwrap_options(
            prefix + [sys.executable, "-I", f"{child_dir}/child.py", sub_path, self.spec.module_name])
        lease = self._lease
        tree = treelimit.create(self.limits.tree_memory_bytes, self.limits.tree_pids,
                                extra=(lambda: sandbox.processes_of_uid(lease.uid)) if lease else None)
        log = open(self._log, "wb")
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd=tmp,
                env=sandbox.child_env(self.limits), start_new_session=True, close_fds=True,
                pass_fds=tuple(fd for fd in (args_fd, filter_fd) if fd is not None),
                preexec_fn=sandbox.limit_setter(self.limits, drops_uid, tree))
        except BaseException:
            tree.close()
            raise
        finally:
            log.close()
            for fd in (args_fd, filter_fd):
                if fd is not None:
                    os.close(fd)
        self._tree = tree.attach(self.proc.pid, self._signal_tree)
        return self

    def _signal_tree(self) -> None:
        """SIGKILL the whole tree now (the memory watchdog's thread calls this: no waiting here)."""
        proc = self.proc
        if proc is None:
            return
        pids = cputime.tree(proc.pid)
        for kill in ([lambda: os.killpg(proc.pid, signal.SIGKILL)]
                     + [lambda p=p: os.kill(p, signal.SIGKILL) for p in reversed(pids)]):
            try:
                kill()
            except OSError:
                pass
        if self._lease is not None:
            self._lease.sweep()

    def _tree_failure(self, where: str) -> ChildFailure | None:
        """The tree went over its memory limit (the kernel's OOM killer, or the watchdog, ended some of it)."""
        if self._tree is None or not self._tree.exceeded():
            return None
        return ChildFailure("child.tree_memory", mb=self._tree.memory_mb, where=where)

    def wait_ready(self) -> list[str]:
        """Wait for the student's module to import. Raises ChildFailure or StudentError."""
        if self.functions is not None:
            return self.functions
        if self.import_error is not None:
            raise self.import_error
        self._check_alive()
        deadline = self._deadline(self.limits.import_timeout_s)
        try:
            header, _ = self._recv(deadline, phase="import")
        finally:
            self._charge(deadline)
        if header.get("op") == "import_error":
            self.import_error = _student_error(header)
            self._kill()
            self.failure = ChildFailure("child.import_error", error=str(self.import_error))
            raise self.import_error
        if header.get("op") != "ready":
            self._die(ChildFailure("child.protocol", detail="no ready message"))
        over = self._tree_failure("import")
        if over is not None:
            self._die(over)
        names = header.get("functions")
        if type(names) is not list or any(type(f) is not str for f in names):
            self._die(ChildFailure("child.protocol", detail="malformed ready message"))
        self.functions = [f[:200] for f in names[:10_000]]
        return self.functions

    def close(self) -> None:
        # No polite shutdown: the child holds nothing worth flushing, and killing the whole group
        # at once also ends anything it started.
        self._kill()
        if self._tree is not None:
            self._tree.close()
            self._tree = None
        if self._lease is not None:
            self._lease.release()
            self._lease = None
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Child:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def output_tail(self, max_bytes: int = 2000) -> str:
        """The end of what the student's code printed (stdout and stderr together)."""
        try:
            with open(self._log, "rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                f.seek(max(0, size - max_bytes))
                return _printable(f.read().decode("utf-8", "replace"))
        except OSError:
            return ""

    # ---- calls ----------------------------------------------------------------------------------
    def call(self, target: str, fn: str, args: tuple | list = (), kwargs: dict | None = None,
             timeout: float | None = None, measure: dict[str, float] | None = None) -> Any:
        """Call ``fn`` in the child (target "student", "helper:<module>" or "handle:<id>").

        ``measure``, a dict, receives what the grader measured of the call, whatever the child says
        about itself: ``wall_s`` (by the grader's clock, less the time it spent answering callbacks),
        ``cpu_s`` (CPU seconds of the child's whole process tree, from ``/proc``: every thread),
        ``charged_s`` (what the call's limit charged, see ``cputime``) and ``callbacks_s``."""
        self.wait_ready()
        self._check_alive()
        self._check_quiet(fn)
        timeout = self.limits.call_timeout_s if timeout is None else timeout
        left = self._budget_left()
        if left is not None and left <= 0:
            self._die(self._grading_timeout())
        capped = left is not None and left < timeout
        timeout = min(timeout, left) if capped else timeout
        enc = wire.Encoder(on_callable=self._register_callback)
        header = {"op": "call", "target": target, "fn": fn,
                  "args": enc.encode(list(args)), "kwargs": enc.encode(dict(kwargs or {}))}
        # Time the grader spends answering callbacks does not count, up to one more ``timeout``:
        # a child that calls back without end still gets its verdict within twice the limit.
        deadline = self._deadline(timeout, cap_s=timeout)
        self.calls += 1
        callbacks_s = 0.0
        try:
            self._send(header, enc.blobs, deadline, fn=fn, seconds=timeout)
            while True:
                reply, blobs = self._recv(deadline, phase="call", fn=fn, timeout=timeout)
                op = reply.get("op")
                if op == "result":
                    over = self._tree_failure(fn)
                    if over is not None:  # something of the tree was killed for memory: no verdict from it
                        self._die(over)
                    return self._decode(reply.get("value"), blobs)
                if op == "error":
                    raise _student_error(reply)
                if op == "callback":
                    started = time.monotonic()
                    self._answer_callback(reply, blobs, cputime.Deadline(None, 30.0), timeout)
                    callbacks_s += time.monotonic() - started
                    deadline.credit(time.monotonic() - started)
                    continue
                self._die(ChildFailure("child.protocol", detail=f"unexpected message {str(op)[:40]!r}"))
        except ChildFailure as failure:
            if capped and failure.key == "child.timeout":  # the grading's total, not this call's own limit
                self.failure = self._grading_timeout()
                raise self.failure from None
            raise
        finally:
            self._charge(deadline)
            if measure is not None:
                measure.update(wall_s=max(0.0, time.monotonic() - deadline.start - callbacks_s),
                               cpu_s=max(0.0, deadline.cpu()), charged_s=max(0.0, deadline.charged()),
                               callbacks_s=callbacks_s)

    # ---- the grading's total time ------------------------------------------------------------------
    def _budget_left(self) -> float | None:
        budget = self.spec.budget
        if budget is None or not self.limits.grading_s:
            return None
        return self.limits.grading_s - budget.spent_s

    def _charge(self, deadline: cputime.Deadline) -> None:
        if self.spec.budget is not None:
            self.spec.budget.spent_s += max(0.0, deadline.charged())

    def _grading_timeout(self) -> ChildFailure:
        return ChildFailure("child.grading_timeout", seconds=_fmt_s(self.limits.grading_s))

    def _register_callback(self, fn: Callable[..., Any]) -> int:
        cid = len(self.callbacks) + 1
        self.callbacks[cid] = fn
        return cid

    def _decoder(self, blobs: list[bytes]) -> wire.Decoder:
        return wire.Decoder(blobs, on_handle=lambda hid, t: RemoteObject(self, hid, t))

    def _decode(self, value: Any, blobs: list[bytes]) -> Any:
        """Rebuild a value the child sent; anything malformed ends the child (it was forged)."""
        try:
            return self._decoder(blobs).decode(value)
        except Exception as exc:
            detail = str(exc) if isinstance(exc, wire.WireError) else f"malformed value ({type(exc).__name__})"
            self._die(ChildFailure("child.protocol", detail=detail[:200]))
            raise  # unreachable

    def _answer_callback(self, reply: dict, blobs: list[bytes], deadline: cputime.Deadline,
                         timeout: float) -> None:
        cid = reply.get("id")
        fn = self.callbacks.get(cid) if type(cid) is int else None
        args = self._decode(reply.get("args", []), blobs)
        kwargs = self._decode(reply.get("kwargs", {"$dict": []}), blobs)
        if fn is None or type(args) is not list or type(kwargs) is not dict:
            self._die(ChildFailure("child.protocol", detail="malformed callback"))
        try:
            value = fn(*args, **_str_keys(kwargs))
            enc = wire.Encoder()
            header = {"op": "cb_result", "value": enc.encode(value)}
        except ChildFailure:
            raise
        except Exception as exc:  # the grader's callback failed on the child's arguments
            enc = wire.Encoder()
            header = {"op": "cb_error", "message": f"{type(exc).__name__}: {exc}"[:2000]}
        self._send(header, enc.blobs, deadline, seconds=timeout)

    # ---- framing with deadlines -------------------------------------------------------------------
    def _deadline(self, seconds: float, cap_s: float = 0.0) -> cputime.Deadline:
        """A limit of ``seconds`` charged to the child (see grader.isolation.cputime)."""
        return cputime.Deadline(self.proc.pid if self.proc is not None else None, seconds, cap_s)

    def _timeout(self, deadline: cputime.Deadline, key: str, limit: float, fn: str) -> None:
        """The limit is spent: a timeout the child earned, or the wall-clock guard (not checked). A tree
        that went over its memory limit meanwhile is named instead (the kernel's OOM killer may have left
        the rest of it waiting on what it killed)."""
        over = self._tree_failure(fn or "import")
        if over is not None:
            self._die(over)
        if deadline.guarded:
            self._die(ChildFailure("child.wall_guard", seconds=_fmt_s(limit), fn=fn or "import",
                                   wall=_fmt_s(time.monotonic() - deadline.start),
                                   charged=_fmt_s(max(0.0, deadline.charged()))))
        self._die(ChildFailure(key, seconds=_fmt_s(limit), fn=fn))

    def _send(self, header: dict, blobs: list[bytes] = (), deadline: cputime.Deadline | None = None, fn: str = "",
              seconds: float | None = None) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        data = memoryview(wire.pack(header, list(blobs)))
        fd = self.proc.stdin.fileno()
        while data:
            limit = self.limits.call_timeout_s if seconds is None else seconds
            deadline = deadline or self._deadline(limit)
            remaining = deadline.remaining()
            if remaining <= 0:
                self._timeout(deadline, "child.timeout", limit, fn)
            _, w, _ = select.select([], [fd], [], remaining)
            if not w:
                continue
            try:
                n = os.write(fd, data[: 1 << 20])
            except (BrokenPipeError, OSError):
                self._die(self._exit_failure("call", fn))
            data = data[n:]

    def _recv(self, deadline: cputime.Deadline, phase: str, fn: str = "",
              timeout: float | None = None) -> tuple[dict, list[bytes]]:
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        limit = self.limits.import_timeout_s if phase == "import" else (timeout or self.limits.call_timeout_s)

        def read_exact(n: int) -> bytes:
            while len(self._buf) < n:
                remaining = deadline.remaining()
                if remaining <= 0:
                    key = "child.import_timeout" if phase == "import" else "child.timeout"
                    self._timeout(deadline, key, limit, fn)
                r, _, _ = select.select([fd], [], [], remaining)
                if not r:
                    continue
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    self._die(self._exit_failure(phase, fn))
                self._buf += chunk
            out = bytes(self._buf[:n])
            del self._buf[:n]
            return out

        max_bytes = self.limits.max_reply_mb * 2**20
        try:
            header, blobs = wire.read_frame(read_exact, max_bytes, min(max_bytes, MAX_HEADER_MB * 2**20))
        except wire.WireError as exc:
            self._die(ChildFailure("child.protocol", detail=str(exc)[:200]))
            raise  # unreachable
        if type(header.get("op")) is not str:
            self._die(ChildFailure("child.protocol", detail="a message without an operation"))
        return header, blobs

    def _check_quiet(self, fn: str) -> None:
        """Between calls the child has nothing to say: a frame nobody asked for is a forgery (a
        background thread answering ahead of time, say) and ends the child."""
        assert self.proc is not None and self.proc.stdout is not None
        if not self._buf:
            fd = self.proc.stdout.fileno()
            try:
                ready, _, _ = select.select([fd], [], [], 0)
            except (OSError, ValueError):
                return
            if not ready:
                return
            chunk = os.read(fd, 1 << 16)
            if not chunk:  # it exited between calls
                self._die(self._exit_failure("call", fn))
            self._buf += chunk
        self._die(ChildFailure("child.protocol", detail="a message nobody asked for"))

    # ---- failure -------------------------------------------------------------------------------
    def _check_alive(self) -> None:
        if self.failure is not None:
            raise self.failure
        if self.proc is None:
            self.start()

    def _exit_failure(self, phase: str, fn: str) -> ChildFailure:
        assert self.proc is not None
        try:
            rc = self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            rc = None
        where = "import" if phase == "import" else fn
        over = self._tree_failure(where)
        if over is not None:
            return over
        if rc is None:
            return ChildFailure("child.closed", where=where)
        sig = -rc if rc < 0 else (rc - 128 if rc > 128 and self.isolation.layer != "rlimits" else 0)
        kind = _SIGNALS.get(sig) if sig else None
        if kind == "cpu":
            return ChildFailure("child.cpu_limit", seconds=self.limits.cpu_s, where=where)
        if kind == "output":
            return ChildFailure("child.output_limit", mb=self.limits.output_mb, where=where)
        if kind:
            return ChildFailure("child.signal", signal=signal.Signals(sig).name, where=where)
        key = "child.exit_import" if phase == "import" else "child.exit_call"
        return ChildFailure(key, code=rc, where=where)

    def _die(self, failure: ChildFailure) -> None:
        self.failure = failure
        self._kill()
        raise failure

    def _kill(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if self._lease is not None:
            self._lease.sweep()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass

    @property
    def alive(self) -> bool:
        return self.failure is None and self.proc is not None and self.proc.poll() is None


def _student_error(header: dict) -> StudentError:
    """Only bounded strings and numbers of a student's exception cross (its report is untrusted)."""
    where = []
    raw_where = header.get("where")
    for frame in raw_where[-5:] if type(raw_where) is list else []:
        if type(frame) is list and len(frame) == 4:
            file, line, func, text = frame
            where.append([_printable(str(file)[:200]), line if type(line) is int else 0, _printable(str(func)[:200]),
                          _printable(str(text)[:200])])
    mro = header.get("mro")
    mro = [str(m)[:100] for m in mro[:32]] if type(mro) is list else []
    return StudentError(_printable(str(header.get("type", "Exception"))[:100]), mro,
                        _printable(str(header.get("message", ""))[:2000]), where)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Student text on its way to a terminal or a report: no escape sequences (an OSC 52 sequence can
    write to the instructor's clipboard, others retitle or garble the terminal)."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def _str_keys(d: Any) -> dict[str, Any]:
    return {str(k): v for k, v in d.items()} if isinstance(d, dict) else {}


def _fmt_s(s: float) -> str:
    return f"{s:g}"


def _start_time(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return "?"


_swept = False


def _sweep_stale_dirs() -> None:
    """Remove the folders of children whose grader was killed (a batch worker past its budget, say):
    once per process, only folders this user owns whose owner process is gone."""
    global _swept
    if _swept:
        return
    _swept = True
    root = Path(tempfile.gettempdir())
    try:
        candidates = list(root.glob(TMP_PREFIX + "*"))
    except OSError:
        return
    for d in candidates:
        try:
            if d.is_symlink() or not d.is_dir() or d.stat().st_uid != os.geteuid():
                continue
            pid, _, started = (d / "owner").read_text().partition(" ")
            if os.path.exists(f"/proc/{int(pid)}") and _start_time(int(pid)) == started:
                continue  # its grader is alive
        except (OSError, ValueError):
            continue
        shutil.rmtree(d, ignore_errors=True)
