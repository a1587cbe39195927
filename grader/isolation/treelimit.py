"""Memory and processes of a child's whole process tree, not of each process alone.

``RLIMIT_AS`` bounds one process: a submission that forks 30 times, each child under the limit, would
still hold 30 × the limit. So every child also gets a limit on the memory of its whole tree (the
sandbox's init, the student's process and everything it starts), taken by the strongest mechanism
this machine offers:

* ``cgroup2`` — a cgroup v2 of its own under the grader's (where the grader may create one, with the
  memory controller enabled): ``memory.max``, ``memory.swap.max = 0`` and ``pids.max``. The kernel
  refuses the memory past the limit; the tree's processes are OOM-killed inside their own cgroup.
* ``cgroup1`` — the same with the v1 ``memory`` and ``pids`` hierarchies (``memory.limit_in_bytes``,
  ``memory.memsw.limit_in_bytes`` where swap accounting exists, ``pids.max``): needs root.
* ``watchdog`` — where neither can be created (a container with a read-only ``/sys/fs/cgroup``, a
  non-root grader without a delegated cgroup): a thread of the grader sums the proportional resident
  memory (PSS) of the tree every ``WATCH_S`` and kills the tree when it is over the limit. Between two
  samples the tree can grow by what it allocates in ``WATCH_S``, and no process beyond its own
  ``RLIMIT_AS``; the process limit is then ``RLIMIT_NPROC`` of the child's uid alone.

A child killed for its tree's memory fails with ``child.tree_memory`` (no points, the limit named).
``GRADE_TREE_LIMIT=cgroup2|cgroup1|watchdog`` forces a mechanism (tests), ``off`` disables it.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from grader.isolation import cputime

CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP_PREFIX = "dl-grader"
WATCH_S = 0.05
MECHANISMS = ("cgroup2", "cgroup1", "watchdog")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_counter = iter(range(1, 1 << 62))
_lock = threading.Lock()


def _write(path: Path, value: str) -> bool:
    try:
        path.write_text(value)
        return True
    except OSError:
        return False


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _event_count(path: Path, name: str) -> int:
    """A counter of a ``key value`` file such as ``memory.events`` (0 where absent)."""
    try:
        for line in path.read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == name:
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


def _own_v2_group() -> Path | None:
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                return CGROUP_ROOT / line[3:].lstrip("/")
    except OSError:
        pass
    return None


def _name() -> str:
    with _lock:
        return f"{GROUP_PREFIX}-{os.getpid()}-{next(_counter)}"


def sweep_stale(parents: list[Path]) -> int:
    """Remove the empty groups of graders that are no longer running (killed before their ``close``)."""
    removed = 0
    for parent in parents:
        try:
            groups = list(parent.glob(f"{GROUP_PREFIX}-*-*"))
        except OSError:
            continue
        for d in groups:
            try:
                owner = int(d.name.split("-")[-2])
            except ValueError:
                continue
            if owner != os.getpid() and not os.path.exists(f"/proc/{owner}"):
                try:
                    d.rmdir()  # fails while a process is still inside: then it stays
                    removed += 1
                except OSError:
                    pass
    return removed


_swept: set[str] = set()


def _sweep_once(parents: list[Path]) -> None:
    key = ",".join(map(str, parents))
    if key not in _swept:
        _swept.add(key)
        sweep_stale(parents)


class TreeLimit:
    """The memory (bytes) and process limit of one child's tree. ``enter`` runs in the forked child
    before exec; ``attach`` in the grader once the child has started; ``close`` after it ended."""

    mechanism = "none"

    def __init__(self, memory_bytes: int, pids: int) -> None:
        self.memory_bytes = memory_bytes
        self.pids = pids
        self.pid: int | None = None

    def enter(self) -> None:
        """In the child, before exec (a ``preexec_fn`` step): join the group. Must not raise."""

    def attach(self, pid: int, kill: Callable[[], None]) -> TreeLimit:
        """In the grader, once ``pid`` runs: the limit that actually holds for it (a cgroup the child
        could not join falls back to the watchdog)."""
        self.pid = pid
        return self

    def exceeded(self) -> bool:
        """Whether something of the tree was killed for its memory."""
        return False

    def close(self) -> None:
        """Kill what is left in the group and remove it."""

    @property
    def memory_mb(self) -> int:
        return self.memory_bytes // 2**20


class _Cgroup(TreeLimit):
    def __init__(self, memory_bytes: int, pids: int, dirs: list[Path]) -> None:
        super().__init__(memory_bytes, pids)
        self.dirs = dirs  # the group's folder in each hierarchy it uses (v2: one)
        self._procs = [str(d / "cgroup.procs") for d in dirs]

    def enter(self) -> None:
        # Plain os calls only: this runs between fork and exec.
        me = str(os.getpid()).encode()
        for path in self._procs:
            try:
                fd = os.open(path, os.O_WRONLY)
                try:
                    os.write(fd, me)
                finally:
                    os.close(fd)
            except OSError:
                pass

    def _joined(self, pid: int) -> bool:
        for d in self.dirs:
            try:
                pids = (d / "cgroup.procs").read_text().split()
            except OSError:
                return False
            if str(pid) not in pids:
                return False
        return True

    def attach(self, pid: int, kill: Callable[[], None]) -> TreeLimit:
        self.pid = pid
        if self._joined(pid):
            return self
        self.close()
        return Watchdog(self.memory_bytes, self.pids).attach(pid, kill)

    def members(self) -> list[int]:
        out: set[int] = set()
        for d in self.dirs:
            try:
                out |= {int(p) for p in (d / "cgroup.procs").read_text().split()}
            except (OSError, ValueError):
                pass
        return sorted(out)

    def close(self) -> None:
        for _ in range(10):
            members = self.members()
            if not members:
                break
            for pid in members:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)
        for d in self.dirs:
            try:
                d.rmdir()
            except OSError:
                pass


class Cgroup2(_Cgroup):
    mechanism = "cgroup2"

    @classmethod
    def create(cls, memory_bytes: int, pids: int) -> Cgroup2 | None:
        base = _own_v2_group()
        if base is None or not (base / "cgroup.subtree_control").exists():
            return None
        try:
            enabled = (base / "cgroup.subtree_control").read_text().split()
        except OSError:
            return None
        if "memory" not in enabled and not _write(base / "cgroup.subtree_control", "+memory +pids"):
            return None
        _sweep_once([base])
        d = base / _name()
        try:
            d.mkdir()
        except OSError:
            return None
        if not _write(d / "memory.max", str(memory_bytes)):
            _rmdir(d)
            return None
        _write(d / "memory.swap.max", "0")
        _write(d / "pids.max", str(pids))
        return cls(memory_bytes, pids, [d])

    def exceeded(self) -> bool:
        return _event_count(self.dirs[0] / "memory.events", "oom_kill") > 0


class Cgroup1(_Cgroup):
    mechanism = "cgroup1"

    @classmethod
    def create(cls, memory_bytes: int, pids: int) -> Cgroup1 | None:
        mem_root, pids_root = CGROUP_ROOT / "memory", CGROUP_ROOT / "pids"
        if os.geteuid() != 0 or not (mem_root / "memory.limit_in_bytes").exists():
            return None
        _sweep_once([mem_root, pids_root])
        name = _name()
        dirs = []
        for root in (mem_root, pids_root):
            if not (root / "cgroup.procs").exists():
                continue
            try:
                (root / name).mkdir()
            except OSError:
                continue
            dirs.append(root / name)
        if not dirs or dirs[0].parent != mem_root:
            for d in dirs:
                _rmdir(d)
            return None
        mem = dirs[0]
        if not _write(mem / "memory.limit_in_bytes", str(memory_bytes)):
            for d in dirs:
                _rmdir(d)
            return None
        _write(mem / "memory.memsw.limit_in_bytes", str(memory_bytes))  # where swap is accounted
        _write(mem / "memory.swappiness", "0")
        if len(dirs) > 1:
            _write(dirs[1] / "pids.max", str(pids))
        return cls(memory_bytes, pids, dirs)

    def exceeded(self) -> bool:
        mem = self.dirs[0]
        try:
            control = (mem / "memory.oom_control").read_text()
        except OSError:
            control = ""
        if "oom_kill " in control:  # kernels since 4.13 count the kills
            return _event_count(mem / "memory.oom_control", "oom_kill") > 0
        return bool(_read_int(mem / "memory.failcnt"))


def _rmdir(d: Path) -> None:
    try:
        d.rmdir()
    except OSError:
        pass


def tree_pss_bytes(pids: list[int]) -> int:
    """The proportional set size of these processes together (shared pages split between them), from
    ``smaps_rollup``; the resident size from ``statm`` where that file is missing."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            continue
        except (OSError, ValueError, IndexError):
            pass
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            pass
    return total


class Watchdog(TreeLimit):
    mechanism = "watchdog"

    def __init__(self, memory_bytes: int, pids: int, extra: Callable[[], list[int]] | None = None) -> None:
        super().__init__(memory_bytes, pids)
        self._extra = extra
        self._stop = threading.Event()
        self._hit = False
        self._thread: threading.Thread | None = None
        self.peak_bytes = 0

    def attach(self, pid: int, kill: Callable[[], None]) -> TreeLimit:
        self.pid = pid
        self._thread = threading.Thread(target=self._watch, args=(pid, kill), name=f"tree-memory-{pid}",
                                        daemon=True)
        self._thread.start()
        return self

    def sample(self, pid: int) -> int:
        pids = set(cputime.tree(pid))
        if self._extra is not None:
            pids |= set(self._extra())
        return tree_pss_bytes(sorted(pids))

    def _watch(self, pid: int, kill: Callable[[], None]) -> None:
        while not self._stop.wait(WATCH_S):
            if not os.path.exists(f"/proc/{pid}"):
                return
            used = self.sample(pid)
            self.peak_bytes = max(self.peak_bytes, used)
            if used > self.memory_bytes:
                self._hit = True
                kill()
                return

    def exceeded(self) -> bool:
        return self._hit

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)


def choose() -> str:
    """The mechanism asked for (``GRADE_TREE_LIMIT``), or "auto"."""
    return os.environ.get("GRADE_TREE_LIMIT", "auto").strip().lower() or "auto"


def create(memory_bytes: int, pids: int, extra: Callable[[], list[int]] | None = None) -> TreeLimit:
    """The strongest tree limit that can be set up here (see the module's docstring)."""
    want = choose()
    if want == "off":
        return TreeLimit(memory_bytes, pids)
    if want in ("auto", "cgroup2"):
        group = Cgroup2.create(memory_bytes, pids)
        if group is not None:
            return group
    if want in ("auto", "cgroup1"):
        group1 = Cgroup1.create(memory_bytes, pids)
        if group1 is not None:
            return group1
    return Watchdog(memory_bytes, pids, extra)


def available() -> str:
    """The mechanism ``create`` would use here (made and removed at once)."""
    limit = create(64 * 2**20, 8)
    limit.close()
    return limit.mechanism
