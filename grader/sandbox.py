"""How a submission's child process is confined: resource limits and the isolation layer.

Layers, strongest first (``detect_isolation`` picks the best one that works on this machine):

* ``bubblewrap`` — a private filesystem view (only the Python runtime, the child's own helper files
  and the student's file exist; the reference, the hidden tests, the kit's data and any results
  store do not), no network, its own PID namespace, and, when the grader runs as root, a dedicated
  non-root uid so that the process limit applies.
* ``unshare`` — no network and its own PID namespace, but the filesystem is the grader's.
* ``rlimits`` — resource limits and a process group only.

Every result records which protections were active.
"""
from __future__ import annotations

import functools
import os
import resource
import shutil
import site
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

LAYERS = ("bubblewrap", "unshare", "rlimits")
BASE_UID = 61000  # child uids are BASE_UID + slot, one per parallel slot (RLIMIT_NPROC counts per uid)


@dataclass(frozen=True)
class Limits:
    """Resource limits for one child. Exercises override fields with a module-level ``CHILD`` dict."""

    call_timeout_s: float = 10.0
    import_timeout_s: float = 30.0
    cpu_s: int = 120
    memory_mb: int = 2048
    nproc: int = 32
    nofile: int = 256
    output_mb: int = 8
    max_reply_mb: int = 64
    torch: bool = False  # the exercise's tests need torch in the child (then memory_mb >= 4096)
    gpu: bool = False  # expose NVIDIA devices to the child

    def updated(self, **overrides: object) -> "Limits":
        known = {k: v for k, v in overrides.items() if k in self.__dataclass_fields__}
        return replace(self, **known)


@dataclass(frozen=True)
class Isolation:
    layer: str
    protections: tuple[str, ...]
    missing: tuple[str, ...] = field(default=())

    @property
    def isolated(self) -> bool:
        return self.layer == "bubblewrap"

    def describe(self) -> str:
        text = f"{self.layer}: " + ", ".join(self.protections)
        if self.missing:
            text += "; not active: " + ", ".join(self.missing)
        return text


def _is_root() -> bool:
    return os.geteuid() == 0


def _works(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.lru_cache(maxsize=None)
def detect_isolation(prefer: str = "auto") -> Isolation:
    """The strongest layer that works here (or the one asked for, if it works)."""
    order = LAYERS if prefer == "auto" else LAYERS[LAYERS.index(prefer):]
    for layer in order:
        if layer == "bubblewrap" and shutil.which("bwrap"):
            probe = bwrap_prefix(masked=(), uid=BASE_UID if _is_root() else None, extra_binds=())
            if _works(probe + [sys.executable, "-I", "-S", "-c", "pass"]):
                return _describe("bubblewrap")
        if layer == "unshare" and shutil.which("unshare") and _works(unshare_prefix() + ["true"]):
            return _describe("unshare")
        if layer == "rlimits":
            return _describe("rlimits")
    return _describe("rlimits")


def _describe(layer: str) -> Isolation:
    common = ("time limit", "CPU limit", "memory limit", "output limit", "process group killed")
    if layer == "bubblewrap":
        prot = common + ("private filesystem", "no network", "own PID namespace")
        prot += ("non-root uid", "process limit") if _is_root() else ("process limit",)
        return Isolation(layer, prot)
    if layer == "unshare":
        return Isolation(layer, common + ("no network", "own PID namespace", "process limit"),
                         ("private filesystem (the reference is readable)",)
                         + (("non-root uid",) if _is_root() else ()))
    return Isolation(layer, common + ("process limit",),
                     ("private filesystem (the reference is readable)", "no network", "own PID namespace")
                     + (("non-root uid",) if _is_root() else ()))


def unshare_prefix() -> list[str]:
    user = [] if _is_root() else ["--user", "--map-root-user"]
    return ["unshare", *user, "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--"]


def runtime_paths() -> list[str]:
    """Directories the Python runtime needs: its prefixes and site-packages."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    for p in site.getsitepackages() + [site.getusersitepackages()]:
        paths.add(p)
    real = sorted({os.path.realpath(p) for p in paths if os.path.isdir(p)} | {p for p in paths if os.path.isdir(p)})
    # Drop those already inside another bound path (and the system dirs bound anyway).
    keep: list[str] = []
    for p in real:
        if p.startswith(("/usr/", "/etc/")) or p in ("/usr", "/etc"):
            continue
        if not any(p.startswith(k.rstrip("/") + "/") for k in keep):
            keep.append(p)
    return keep


def _mkdirs(path: str) -> list[str]:
    """bwrap creates missing parents as 0700; make them 0755 so a non-root uid can pass."""
    out: list[str] = []
    parts = Path(path).parts
    for i in range(2, len(parts)):
        out += ["--perms", "0755", "--dir", str(Path(*parts[:i]))]
    return out


def bwrap_prefix(masked: tuple[str, ...], uid: int | None, extra_binds: tuple[tuple[str, str], ...],
                 gpu: bool = False) -> list[str]:
    """The bubblewrap command line up to (not including) the program to run."""
    cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
           "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib64", "lib32"):
        p = Path("/") / name
        if p.is_symlink():
            cmd += ["--symlink", os.readlink(p), str(p)]
        elif p.is_dir():
            cmd += ["--ro-bind", str(p), str(p)]
    cmd += ["--ro-bind", "/etc", "/etc", "--ro-bind-try", "/sys", "/sys",
            "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
    for p in runtime_paths():
        cmd += _mkdirs(p) + ["--ro-bind", p, p]
    for p in masked:
        if os.path.isdir(p) and any(p == r or p.startswith(r.rstrip("/") + "/") for r in runtime_paths() + ["/usr", "/etc"]):
            cmd += ["--tmpfs", p]
    for src, dst in extra_binds:
        cmd += _mkdirs(dst) + ["--ro-bind", src, dst]
    if gpu:
        for dev in sorted(Path("/dev").glob("nvidia*")):
            cmd += ["--dev-bind", str(dev), str(dev)]
    cmd += ["--chdir", "/tmp", "--"]
    if uid is not None:
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all"]
    return cmd


def child_env(limits: Limits) -> dict[str, str]:
    """A minimal environment: nothing of the grader's (tokens, paths) reaches the child."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
           "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": "/tmp", "MPLBACKEND": "Agg"}
    threads = os.environ.get("GRADE_CHILD_THREADS") or str(min(os.cpu_count() or 1, 4))
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = threads
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # needed by old OpenBLAS on some CPUs
        if var in os.environ:
            env[var] = os.environ[var]
    if not limits.gpu:
        env["CUDA_VISIBLE_DEVICES"] = ""
    return env


def _own_process_count() -> int:
    uid = os.getuid()
    n = 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                n += os.stat(f"/proc/{d}").st_uid == uid
            except OSError:
                pass
    return n


def limit_setter(limits: Limits, drops_uid: bool) -> Callable[[], None]:
    """A ``preexec_fn`` that applies the limits in the forked child before exec."""
    # RLIMIT_NPROC counts every process of the real uid. For a dedicated uid that is just the
    # child's; otherwise allow for what this user already runs.
    nproc = limits.nproc if drops_uid else _own_process_count() + limits.nproc
    mem = limits.memory_mb * 2**20
    out = limits.output_mb * 2**20

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 5))
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_FSIZE, (out, out))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.nofile, limits.nofile))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if not _is_root() or drops_uid:
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

    return apply
