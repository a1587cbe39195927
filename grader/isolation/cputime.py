"""Time limits that a busy machine does not change: what the child was charged, not the wall clock.

A call's limit of ``seconds`` is spent when either

* the child's process tree has used ``seconds`` of CPU time (all its threads and processes together,
  from ``/proc/<pid>/stat``): code that computes is stopped after the same amount of work on an idle
  machine and a busy one, and a submission that forks or starts threads spends its time faster, not
  slower; or
* ``seconds`` of the child's own time have passed: the wall time of the call less the time the tree's
  threads spent runnable but waiting for a CPU (Linux's run-queue delay, the second field of
  ``/proc/<pid>/task/<tid>/schedstat``, summed over the threads). A child that sleeps or blocks is
  charged its sleep (its own doing); one that only waits because other work holds the cores is not.

So the verdict of a call is the one an idle machine would give, only later. Where the kernel keeps
no schedstat the second rule is plain wall time, as before.

A wall-clock guard still ends every call, whatever the cause, at ``GUARD_FACTOR`` × its limit +
``GUARD_EXTRA_S`` (``GRADE_WALL_GUARD`` sets the factor): a verdict past the guard is "not checked",
never a pass and never the student's fault, since the machine rather than the code may have run out.

Training budgets inside the child are measured separately, in the child process's CPU seconds
(``helpers_training``); this module is the grader's side.
"""
from __future__ import annotations

import os
import time

GUARD_FACTOR = float(os.environ.get("GRADE_WALL_GUARD", "10"))
GUARD_EXTRA_S = 30.0


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def _children_files() -> bool:
    """Whether this kernel lists each thread's children (``/proc/<pid>/task/<tid>/children``)."""
    pid = os.getpid()
    return os.path.exists(f"/proc/{pid}/task/{pid}/children")


def tree(root: int) -> list[int]:
    """``root`` and every process below it (the sandbox's bwrap, its init, the child, their children).

    Walks down from ``root`` through the children lists of its threads, reading only the tree's own
    files (a call's limit measures the tree at its start and end: a scan of all of ``/proc`` each time
    cost more than the calls themselves); scans every process's parent where the kernel keeps no lists."""
    if not _CHILDREN:
        return _tree_by_scan(root)
    out, todo, seen = [], [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        out.append(pid)
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            data = _read(f"/proc/{pid}/task/{tid}/children")
            if data:
                todo += [int(c) for c in data.split()]
    return out


def _tree_by_scan(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        stat = _read(f"/proc/{entry.name}/stat")
        if stat is None:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def run_queue_waits(root: int) -> dict[int, int]:
    """Nanoseconds each thread of the tree under ``root`` has waited on a run queue: {tid: ns}."""
    waits: dict[int, int] = {}
    for pid in tree(root):
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            data = _read(f"/proc/{pid}/task/{tid}/schedstat")
            if not data:
                continue
            try:
                waits[int(tid)] = int(data.split()[1])
            except (IndexError, ValueError):
                continue
    return waits


def cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) of the tree under ``root``, the children it reaped included."""
    ticks = 0
    for pid in tree(root):
        stat = _read(f"/proc/{pid}/stat")
        if stat is None:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        try:
            ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
        except (IndexError, ValueError):
            continue
    return ticks / _HZ


_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_CHILDREN = _children_files()


def supported() -> bool:
    """Whether this kernel reports run-queue delays (else limits fall back to the wall clock)."""
    return bool(run_queue_waits(os.getpid()))


class Deadline:
    """The end of one call's limit of ``seconds`` charged to the child ``pid`` (None: wall time only).

    ``remaining()`` is the wall time to wait before looking again (0 when the limit is spent);
    ``credit(s)`` gives back time the grader itself spent (answering a callback), up to ``cap_s``
    in all; ``guarded`` tells, once the limit is spent, whether the wall-clock guard ended it."""

    def __init__(self, pid: int | None, seconds: float, cap_s: float = 0.0,
                 guard_factor: float | None = None, guard_extra_s: float | None = None) -> None:
        self.pid, self.seconds = pid, seconds
        self.start = time.monotonic()
        factor = GUARD_FACTOR if guard_factor is None else guard_factor
        extra = (GUARD_EXTRA_S if pid else 0.0) if guard_extra_s is None else guard_extra_s
        self.guard = self.start + max(factor, 1.0) * (seconds + cap_s) + extra
        self._base = run_queue_waits(pid) if pid else {}
        self._cpu0 = cpu_seconds(pid) if pid else 0.0
        self.waited_s = 0.0  # the child's time on run queues during the call, as last measured
        self._credit, self._cap = 0.0, cap_s
        self.guarded = False

    def credit(self, seconds: float) -> None:
        self._credit = min(self._cap, self._credit + max(0.0, seconds))

    def _waited(self) -> float:
        if not self.pid:
            return 0.0
        now = run_queue_waits(self.pid)
        return sum(max(0, ns - self._base.get(tid, 0)) for tid, ns in now.items()) / 1e9

    def cpu(self) -> float:
        """CPU seconds the child's tree used since the call began."""
        return cpu_seconds(self.pid) - self._cpu0 if self.pid else 0.0

    def charged(self) -> float:
        """Seconds charged to the child so far: wall time less its run-queue wait and the credits."""
        return time.monotonic() - self.start - self._waited() - self._credit

    def remaining(self) -> float:
        now = time.monotonic()
        end = self.start + self.seconds + self.waited_s + self._credit
        if now >= end:  # the wall time is up: spent in CPU time, or else extended by the waits for a CPU
            if self.cpu() >= self.seconds:
                return 0.0
            self.waited_s = max(self.waited_s, self._waited())
            end = self.start + self.seconds + self.waited_s + self._credit
        if now >= self.guard and now < end:
            self.guarded = True
            return 0.0
        return max(0.0, min(end, self.guard) - now)
