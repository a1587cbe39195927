"""grader.isolation.cputime: a call's limit counts the child's own time, so a busy machine delays a
verdict without changing it; the wall-clock guard turns what load alone ends into "not checked"."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from grader.core.plugin import NOT_CHECKED_FAILURES
from grader.isolation import cputime
from grader.isolation.runner import ChildFailure

SPIN = [sys.executable, "-c", "while True: pass"]
needs_schedstat = pytest.mark.skipif(not cputime.supported(),
                                     reason="this kernel keeps no /proc/<pid>/task/<tid>/schedstat")


def _pinned(cmd: list[str], cpu: int) -> subprocess.Popen:
    return subprocess.Popen(cmd, preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))


def _spent(deadline: cputime.Deadline, limit_s: float = 60) -> float:
    start = time.monotonic()
    while (left := deadline.remaining()) > 0:
        assert time.monotonic() - start < limit_s, "the deadline never came"
        time.sleep(min(left, 0.05))
    return time.monotonic() - deadline.start


def test_wall_time_only_without_a_child():
    d = cputime.Deadline(None, 0.3)
    assert 0.3 <= _spent(d) < 1.0 and not d.guarded


def test_the_process_tree_is_found():
    proc = subprocess.Popen([sys.executable, "-c", "import subprocess, sys; subprocess.run(['sleep', '30'])"])
    try:
        for _ in range(100):
            if len(cputime.tree(proc.pid)) >= 2:
                break
            time.sleep(0.05)
        assert proc.pid in cputime.tree(proc.pid) and len(cputime.tree(proc.pid)) >= 2
    finally:
        subprocess.run(["pkill", "-P", str(proc.pid)])
        proc.kill()
        proc.wait()


def test_the_walk_down_the_children_lists_finds_what_a_scan_of_proc_finds():
    """A child started from a second thread and the grandchildren of a shell are all found; the walk
    reads only the tree's files, the scan every process's."""
    script = ("import os, subprocess, threading, time\n"
              "t = threading.Thread(target=lambda: subprocess.run(['sleep', '30'])); t.start()\n"
              "subprocess.Popen(['sh', '-c', 'sleep 30 & sleep 30'])\n"
              "time.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(100):
            if len(cputime._tree_by_scan(proc.pid)) >= 5:
                break
            time.sleep(0.05)
        assert sorted(cputime.tree(proc.pid)) == sorted(cputime._tree_by_scan(proc.pid))
        assert len(cputime.tree(proc.pid)) >= 5
    finally:
        for pid in reversed(cputime._tree_by_scan(proc.pid)):
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        proc.wait()


@needs_schedstat
def test_a_sleeping_child_is_charged_its_sleep():
    proc = subprocess.Popen(["sleep", "30"])
    try:
        d = cputime.Deadline(proc.pid, 0.5)
        assert 0.5 <= _spent(d) < 2.0 and not d.guarded
    finally:
        proc.kill()
        proc.wait()


@needs_schedstat
def test_a_child_sharing_its_core_is_given_the_time_it_waited():
    cpu = sorted(os.sched_getaffinity(0))[0]
    hog, child = _pinned(SPIN, cpu), _pinned(SPIN, cpu)  # both on one core: each runs about half the time
    try:
        time.sleep(0.2)
        d = cputime.Deadline(child.pid, 1.0)
        wall = _spent(d)
        assert wall > 1.5, f"the child waited about half of {wall:.2f} s for its core: that time is not charged"
        assert d.charged() == pytest.approx(1.0, abs=0.35)
        assert not d.guarded
    finally:
        for p in (hog, child):
            p.kill()
            p.wait()


@needs_schedstat
def test_past_the_wall_clock_guard_the_limit_ends_as_guarded():
    cpu = sorted(os.sched_getaffinity(0))[0]
    hogs = [_pinned(SPIN, cpu) for _ in range(3)]
    child = _pinned(SPIN, cpu)
    try:
        time.sleep(0.2)
        d = cputime.Deadline(child.pid, 1.0, guard_factor=1.0, guard_extra_s=0.5)
        wall = _spent(d)
        assert d.guarded and 1.4 <= wall < 3.0, (wall, d.charged())
    finally:
        for p in (*hogs, child):
            p.kill()
            p.wait()


def test_the_guard_is_not_checked_never_a_timeout(tmp_path):
    from grader.core.plugin import Grading

    assert "child.wall_guard" in NOT_CHECKED_FAILURES
    grading = Grading.__new__(Grading)  # describe_failure needs no child for this failure
    grading.lang, grading.options, grading._child = "en", {}, None
    failure = ChildFailure("child.wall_guard", seconds="5", fn="f", wall="80", charged="1.2")
    text, hints = grading.describe_failure(failure, lang="en")
    assert text.startswith("Not checked:") and "1.2 s of its 5 s limit after 80 s" in text and hints == []
    ko, _ = grading.describe_failure(failure, lang="ko")
    assert ko.startswith("확인하지 못함:")
