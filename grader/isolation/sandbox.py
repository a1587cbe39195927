"""How a submission's child process is confined: resource limits and the isolation layer.

Layers, strongest first (``detect_isolation`` picks the best one that works on this machine):

* ``bubblewrap`` — a private filesystem view (only the Python runtime, a few files of ``/etc``, the
  child's own helper files and the student's file exist, all read-only; the reference, the hidden
  tests, the kit's data, the grader's working directory and any results store do not), a private
  size-capped ``/tmp``, no network, its own PID namespace (nothing it starts outlives it), and, when
  the grader runs as root, a non-root uid of its own (``lease_uid``: one per running child on this
  machine, so that the process limit, which counts per uid, is its alone).
* ``unshare`` — no network and its own PID namespace, but the filesystem is the grader's.
* ``rlimits`` — resource limits and a process group only.

Without bubblewrap a root grader still runs the child under a leased uid when the Python runtime is
readable by other users (``uid_drop_works``): the process limit then holds, root's files are not
writable, and whatever the child left running is killed by uid. A runtime under ``/root`` rules
that out, and a root child has no process limit at all: grade untrusted code with bubblewrap.

Every result records which protections were active.
"""
from __future__ import annotations

import errno
import fcntl
import functools
import os
import pwd
import resource
import shutil
import signal
import site
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from grader.isolation import seccomp, treelimit

LAYERS = ("bubblewrap", "unshare", "rlimits")
BASE_UID = 61000  # child uids are leased from BASE_UID .. BASE_UID + UID_COUNT - 1 (RLIMIT_NPROC counts per uid)
TORCH_MIN_MB = 4096  # RLIMIT_AS floor for exercises whose child imports torch
UID_COUNT = 128  # stays below systemd's DynamicUser range (61184-65519)
# What the child sees of /etc: the dynamic loader, user and time-zone lookups, BLAS alternatives,
# fonts. Not the rest (package-manager and tool configs such as pip.conf, npmrc or gitconfig can
# hold credentials).
ETC_KEEP = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "passwd", "group", "nsswitch.conf",
            "localtime", "timezone", "hosts", "host.conf", "gai.conf", "protocols", "services", "mime.types",
            "fonts", "matplotlibrc", "os-release", "debian_version", "lsb-release", "ssl/openssl.cnf",
            "ssl/certs", "python3", f"python3.{sys.version_info[1]}")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one child. Exercises override fields with a module-level ``CHILD`` dict."""

    call_timeout_s: float = 10.0
    import_timeout_s: float = 30.0
    cpu_s: int = 120
    # The time charged to the child over one whole grading (the import and every call, summed across
    # restarts; charged as each call's limit is: wall time less waits for a CPU): a submission that
    # sleeps just under each call's limit cannot hold a grading for longer than this.
    grading_s: float = 300.0
    memory_mb: int = 2048
    # The memory of the child's whole process tree together (``treelimit``): 0 means ``memory_mb``
    # (at least the torch floor when ``torch``), so forking cannot multiply the limit.
    tree_memory_mb: int = 0
    nproc: int = 32
    nofile: int = 256
    output_mb: int = 8
    max_reply_mb: int = 64
    tmp_mb: int = 256  # size of the child's private /tmp (bubblewrap): files there use the machine's memory
    torch: bool = False  # the exercise's tests need torch in the child (memory_mb is then at least 4096)
    # Expose the NVIDIA devices to the child: True, False, or "auto" (when the grader's --device is not
    # cpu and the machine has them; see ``for_device``). A GPU child has no address-space limit: the
    # CUDA driver reserves far more virtual memory than it uses, and any RLIMIT_AS makes cuInit fail.
    gpu: bool | str = False
    # The largest submission graded, in KB (1024 bytes) of the module that runs (a notebook's extracted
    # code); 0: no bound. Checked by the engine before the child starts: a training exercise's data
    # come from its function's arguments, so a file that could carry a data set (or its answers) is
    # not graded.
    source_kb: int = 0

    def updated(self, **overrides: object) -> Limits:
        known = {k: v for k, v in overrides.items() if k in self.__dataclass_fields__}
        return replace(self, **known)

    @property
    def process_memory_mb(self) -> int:
        """The address-space limit of each process (``import torch`` alone maps about 3.2 GB)."""
        return max(self.memory_mb, TORCH_MIN_MB) if self.torch else self.memory_mb

    @property
    def tree_memory_bytes(self) -> int:
        return (self.tree_memory_mb or self.process_memory_mb) * 2**20

    @property
    def tree_pids(self) -> int:
        """The tasks (processes and threads) of the whole tree: the child's own and the sandbox's."""
        return self.nproc + 8

    @property
    def uses_gpu(self) -> bool:
        """Only an explicit True gives the child the GPU: an unresolved "auto" does not."""
        return self.gpu is True

    def for_device(self, device: str) -> Limits:
        """Resolve ``gpu="auto"`` for a run with ``--device device`` (auto|cpu|cuda)."""
        if self.gpu != "auto":
            return replace(self, gpu=bool(self.gpu))
        return replace(self, gpu=device != "cpu" and bool(gpu_devices()))


def gpu_devices() -> list[Path]:
    """The NVIDIA device files of this machine (none without a driver)."""
    return sorted(Path("/dev").glob("nvidia*"))


@dataclass(frozen=True)
class Isolation:
    layer: str
    protections: tuple[str, ...]
    missing: tuple[str, ...] = field(default=())
    drops_uid: bool = False  # the child runs under a leased non-root uid (root grader only)

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
    return _run_probe(cmd) is None


def _run_probe(cmd: list[str]) -> str | None:
    """None when ``cmd`` succeeds, else why not (its first line of stderr)."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              cwd="/", timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    if proc.returncode == 0:
        return None
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return (lines[0] if lines else f"exit status {proc.returncode}")[:200]


def _bwrap_failure() -> str | None:
    """None when bubblewrap works here, else why not. Tried three times: a passing hiccup of a loaded
    machine must not silently weaken the isolation of the next submission."""
    reason = "not installed"
    for attempt in range(3):
        if not shutil.which("bwrap"):
            return "not installed"
        # A leased uid: a fork bomb running under a shared one would make exec fail (EAGAIN).
        lease = lease_uid(0) if _is_root() else None
        try:
            probe = bwrap_prefix(masked=(), uid=lease.uid if lease else None, extra_binds=())
            reason = _run_probe(probe + [sys.executable, "-I", "-S", "-c", "pass"])
        finally:
            if lease is not None:
                lease.release()
        if reason is None:
            return None
        time.sleep(0.2 * (attempt + 1))
    return reason


@functools.cache
def detect_isolation(prefer: str = "auto") -> Isolation:
    """The strongest layer that works here (or the one asked for, if it works)."""
    order = LAYERS if prefer == "auto" else LAYERS[LAYERS.index(prefer):]
    why_not: tuple[str, ...] = ()
    for layer in order:
        if layer == "bubblewrap":
            failure = _bwrap_failure()
            if failure is None:
                return _describe("bubblewrap")
            why_not = (f"bubblewrap ({failure})",)
        if layer == "unshare" and shutil.which("unshare") and _works(unshare_prefix() + ["true"]):
            iso = _describe("unshare", uid_drop_works())
            return replace(iso, missing=why_not + iso.missing)
        if layer == "rlimits":
            break
    iso = _describe("rlimits", uid_drop_works())
    return replace(iso, missing=why_not + iso.missing)


def setpriv_prefix(uid: int) -> list[str]:
    """Run as ``uid`` with no groups, no capabilities and no way to regain privileges."""
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
            "--inh-caps=-all", "--bounding-set=-all"]


@functools.cache
def uid_drop_works() -> bool:
    """Without bubblewrap, as root: whether the Python runtime can run under a sandbox uid. It
    cannot when it lives in a folder only root may enter (``/root/.pyenv``, say)."""
    if not _is_root() or not shutil.which("setpriv"):
        return False
    lease = lease_uid(0)
    try:
        return _works(setpriv_prefix(lease.uid) + [sys.executable, "-I", "-c", "import numpy"])
    finally:
        lease.release()


def tree_protections() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(active, missing) protections of the whole process tree, as ``treelimit`` can set them here."""
    mechanism = treelimit.available()
    if mechanism.startswith("cgroup"):
        return (f"tree memory limit ({mechanism})", f"tree process limit ({mechanism})"), ()
    if mechanism == "watchdog":
        return ("tree memory limit (watchdog)",), ("tree cgroup (no writable cgroup)",)
    return (), ("tree memory limit",)


def _describe(layer: str, drops_uid: bool = False) -> Isolation:
    iso = _describe_layer(layer, drops_uid)
    active, missing = tree_protections()
    return replace(iso, protections=iso.protections + active, missing=iso.missing + missing)


def _describe_layer(layer: str, drops_uid: bool = False) -> Isolation:
    common = ("time limit", "CPU limit", "memory limit", "output limit", "open-files limit", "process group killed")
    root = _is_root()
    if layer == "bubblewrap":
        prot = common + ("private read-only filesystem", "private size-capped /tmp", "no network",
                         "own PID namespace")
        prot += ("no nested user namespaces",) if seccomp.program() is not None else ()
        prot += ("non-root uid of its own", "process limit") if root else ("process limit",)
        return Isolation(layer, prot, drops_uid=root)
    drops_uid = drops_uid and root
    if drops_uid:  # a leased uid: RLIMIT_NPROC applies, root's files are not writable, leftovers are swept
        uid_prot: tuple[str, ...] = ("non-root uid of its own", "process limit", "leftover processes killed")
        uid_missing: tuple[str, ...] = ()
        fs = ("private filesystem (world-readable files, the reference among them, are readable)",)
    elif root:  # a root child ignores RLIMIT_NPROC and can write anywhere
        uid_prot = ()
        uid_missing = ("non-root uid", "process limit (the child runs as root)")
        fs = ("private filesystem (the reference, the hidden tests and the results are readable and writable)",)
    else:
        uid_prot, uid_missing = ("process limit",), ()
        fs = ("private filesystem (the reference, the hidden tests and the results are readable)",)
    if layer == "unshare":
        return Isolation(layer, common + ("no network", "own PID namespace") + uid_prot, fs + uid_missing,
                         drops_uid=drops_uid)
    pid_ns = ("own PID namespace" + ("" if drops_uid else " (a detached process can outlive the call)"),)
    return Isolation(layer, common + uid_prot, fs + ("no network",) + pid_ns + uid_missing, drops_uid=drops_uid)


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


@functools.cache
def _bwrap_supports(option: str) -> bool:
    try:
        out = subprocess.run(["bwrap", "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return option in out.stdout + out.stderr


def _inside(p: str, roots: list[str]) -> bool:
    return any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)


def bwrap_prefix(masked: tuple[str, ...], uid: int | None, extra_binds: tuple[tuple[str, str], ...],
                 gpu: bool = False, tmp_mb: int = 256, seccomp_fd: int | None = None) -> list[str]:
    """The bubblewrap command line up to (not including) the program to run.

    Everything bound is read-only; ``masked`` paths that fall inside a bound directory are hidden
    under an empty read-only tmpfs (the kit installed into site-packages, say)."""
    cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
           "--hostname", "sandbox", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib64", "lib32"):
        p = Path("/") / name
        if p.is_symlink():
            cmd += ["--symlink", os.readlink(p), str(p)]
        elif p.is_dir():
            cmd += ["--ro-bind", str(p), str(p)]
    cmd += ["--perms", "0755", "--dir", "/etc", "--symlink", "../proc/self/mounts", "/etc/mtab"]
    for name in ETC_KEEP:
        if os.path.lexists(f"/etc/{name}"):
            cmd += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    cmd += ["--ro-bind-try", "/sys", "/sys", "--proc", "/proc", "--dev", "/dev", "--perms", "1777"]
    if tmp_mb and _bwrap_supports("--size"):
        cmd += ["--size", str(int(tmp_mb) * 2**20)]
    cmd += ["--tmpfs", "/tmp"]
    bound = runtime_paths()
    for p in bound:
        cmd += _mkdirs(p) + ["--ro-bind", p, p]
    for p in sorted(set(masked)):
        if os.path.isdir(p) and _inside(p, bound + ["/usr", "/etc"]):
            cmd += ["--tmpfs", p, "--remount-ro", p]
    for src, dst in extra_binds:
        cmd += _mkdirs(dst) + ["--ro-bind", src, dst]
    if gpu:
        for dev in gpu_devices():
            cmd += ["--dev-bind", str(dev), str(dev)]
    if seccomp_fd is not None:  # no nested user namespaces (grader.isolation.seccomp)
        cmd += ["--seccomp", str(seccomp_fd)]
    cmd += ["--chdir", "/tmp", "--"]
    if uid is not None:
        cmd += setpriv_prefix(uid)
    return cmd


def hide_bwrap_options(cmd: list[str]) -> tuple[list[str], int | None]:
    """Move bubblewrap's options into a memory file read with ``--args FD`` (when supported), so
    that the sandbox's init process, whose command line the child can read in /proc/1/cmdline,
    does not show the grader's paths. Returns the new argv and the fd to pass (close it after)."""
    if not cmd or cmd[0] != "bwrap" or "--" not in cmd or not _bwrap_supports("--args"):
        return cmd, None
    cut = cmd.index("--")
    fd = memory_file("bwrap-args", b"".join(a.encode() + b"\0" for a in cmd[1:cut]))
    if fd is None:
        return cmd, None
    return ["bwrap", "--args", str(fd)] + cmd[cut:], fd


def memory_file(name: str, data: bytes) -> int | None:
    """A memory file holding ``data``, positioned at its start, for bubblewrap's ``--args`` / ``--seccomp``
    (None where the system has none). The caller closes it."""
    try:
        fd = os.memfd_create(name, 0)
    except (AttributeError, OSError):
        return None
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def seccomp_fd() -> int | None:
    """The seccomp filter (``seccomp.program``) in a memory file, or None where there is none."""
    code = seccomp.program()
    return memory_file("grader-seccomp", code) if code is not None else None


def child_env(limits: Limits) -> dict[str, str]:
    """A minimal environment: nothing of the grader's (tokens, paths) reaches the child."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
           "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": "/tmp", "MPLBACKEND": "Agg",
           "USER": "student", "LOGNAME": "student"}  # getpass.getuser() without a passwd entry
    threads = os.environ.get("GRADE_CHILD_THREADS") or str(min(os.cpu_count() or 1, 4))
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = threads
    # Idle threads sleep instead of spinning: on a busy machine spinning burns the CPU time that
    # training budgets count (grader.isolation.cputime), and the verdict would follow the load.
    env.update(OMP_WAIT_POLICY="PASSIVE", GOMP_SPINCOUNT="0", KMP_BLOCKTIME="0")
    # glibc keeps freed memory up to these sizes instead of handing it back to the kernel after every
    # training batch and faulting it in again for the next (the course's CNN, two epochs on MNIST:
    # 1.2 million page faults fewer, 1.8 s less system time). The memory limits count it all the same.
    env["GLIBC_TUNABLES"] = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # needed by old OpenBLAS on some CPUs
        if var in os.environ:
            env[var] = os.environ[var]
    if not limits.uses_gpu:
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


def limit_setter(limits: Limits, drops_uid: bool, tree: treelimit.TreeLimit | None = None) -> Callable[[], None]:
    """A ``preexec_fn`` that applies the limits in the forked child before exec."""
    # RLIMIT_NPROC counts every process of the real uid. For a dedicated uid that is just the
    # child's; otherwise allow for what this user already runs.
    nproc = limits.nproc if drops_uid else _own_process_count() + limits.nproc
    mem = limits.process_memory_mb * 2**20
    out = limits.output_mb * 2**20

    def apply() -> None:
        if tree is not None:
            tree.enter()  # first: everything the child starts from here on is inside its tree's limit
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 5))
        if not limits.uses_gpu:
            resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_FSIZE, (out, out))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.nofile, limits.nofile))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if not _is_root() or drops_uid:
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

    return apply


# ---- a uid of its own for each running child (root only) -----------------------------------------------
class UidLease:
    """A uid that no other child on this machine uses while the lease is held (an flock on a file
    in a root-only folder; the kernel drops it if the grader dies)."""

    def __init__(self, uid: int, fd: int | None) -> None:
        self.uid = uid
        self._fd = fd

    def sweep(self) -> int:
        """Kill every process still running under this uid (nothing should be: belt and braces).
        Only for a held lease: an unleased uid may be another child's."""
        return kill_uid(self.uid) if self._fd is not None else 0

    def release(self) -> None:
        self.sweep()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _lease_dir() -> Path | None:
    d = Path(tempfile.gettempdir()) / "dl-grader-uids"
    try:
        d.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(d)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
        return None  # someone else made it: do not trust it
    return d


def _uid_is_free(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
        return False  # a real account: never run student code as it, never kill its processes
    except KeyError:
        return True


def lease_uid(slot: int = 0) -> UidLease:
    """The first free uid from ``BASE_UID + slot`` on. Falls back to ``BASE_UID + slot`` unleased
    when no lock folder can be used or every uid is taken."""
    d = _lease_dir()
    if d is not None:
        for i in range(UID_COUNT):
            uid = BASE_UID + (slot + i) % UID_COUNT
            if not _uid_is_free(uid):
                continue
            try:
                fd = os.open(d / str(uid), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            lease = UidLease(uid, fd)
            lease.sweep()  # leftovers of a grader killed while it held this uid
            return lease
    return UidLease(BASE_UID + slot % UID_COUNT, None)


def processes_of_uid(uid: int) -> list[int]:
    """Live (not zombie) pids whose real or effective uid is ``uid``, from /proc."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/status", "rb") as f:
                zombie = False
                for line in f:
                    if line.startswith(b"State:"):
                        zombie = line.split()[1:2] in ([b"Z"], [b"X"])
                    elif line.startswith(b"Uid:"):
                        if not zombie and uid in [int(x) for x in line.split()[1:3]]:
                            out.append(int(d))
                        break
        except (OSError, ValueError):
            continue
    return out


def kill_uid(uid: int) -> int:
    """SIGKILL every process of a sandbox uid (only ever a leased one, never a real account)."""
    if not (_is_root() and BASE_UID <= uid < BASE_UID + UID_COUNT and _uid_is_free(uid)):
        return 0
    killed = 0
    for _ in range(5):  # a process may fork between the scan and the kill: scan again
        pids = processes_of_uid(uid)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError as exc:
                if exc.errno not in (errno.ESRCH, errno.EPERM):
                    raise
    return killed
