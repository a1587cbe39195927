"""The memory and process limits of a child's whole process tree (``grader.isolation.treelimit``).

Each mechanism this machine offers is tried: the cgroup (v2 where the grader may create one, v1 as
root) and the watchdog, which works everywhere. A mechanism that cannot be set up here is skipped
with the reason.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from grader.isolation import sandbox, treelimit
from grader.isolation.runner import Child, ChildFailure, ChildSpec

HOG = '''
import os, time
import numpy as np

def fork_and_hold(n, mb):
    """n processes, each holding mb MB (touched), each well under its own address-space limit."""
    for _ in range(n):
        if os.fork() == 0:
            block = np.ones(mb * 2**20, dtype=np.uint8)
            time.sleep(30 + int(block[0]))
            os._exit(0)
    time.sleep(3)
    return n

def hold(mb):
    block = np.ones(mb * 2**20, dtype=np.uint8)
    time.sleep(2)
    return int(block[::4096].sum())

def fork_many(n):
    """How many sleeping processes could be started (fork fails once a process limit is reached)."""
    started = 0
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        started += 1
    return started

def ok(x):
    return x + 1
'''
ISO = sandbox.detect_isolation()
WHY_NOT = {"cgroup2": "no cgroup v2 this grader may create here (needs a cgroup v2 hierarchy whose memory controller "
                      "is delegated to the grader)",
           "cgroup1": "no cgroup v1 this grader may create here (needs root and a writable /sys/fs/cgroup/memory)"}
LIMITS = sandbox.Limits(memory_mb=1024, tree_memory_mb=512, call_timeout_s=30)


def _can(mechanism: str) -> str | None:
    """None when ``mechanism`` can be set up here, else why not."""
    if mechanism == "watchdog":
        return None
    made = {"cgroup2": treelimit.Cgroup2, "cgroup1": treelimit.Cgroup1}[mechanism].create(64 * 2**20, 8)
    if made is None:
        return WHY_NOT[mechanism]
    made.close()
    return None


@pytest.fixture(params=treelimit.MECHANISMS)
def mechanism(request, monkeypatch) -> str:
    why_not = _can(request.param)
    if why_not:
        pytest.skip(why_not)
    monkeypatch.setenv("GRADE_TREE_LIMIT", request.param)
    return request.param


@pytest.fixture(scope="module")
def hog_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hog") / "hog.py"
    path.write_text(HOG)
    return path


def _gone(pids: list[int], within_s: float = 5.0) -> bool:
    end = time.monotonic() + within_s
    while time.monotonic() < end:
        if not [p for p in pids if os.path.exists(f"/proc/{p}") and _not_zombie(p)]:
            return True
        time.sleep(0.05)
    return False


def _not_zombie(pid: int) -> bool:
    try:
        return " Z " not in Path(f"/proc/{pid}/stat").read_text().split(")", 1)[1][:4]
    except OSError:
        return False


def test_a_child_within_the_limit_is_unaffected(mechanism, hog_file):
    with Child(ChildSpec(hog_file, "hog", LIMITS, ISO)) as c:
        assert c.call("student", "ok", (1,)) == 2
        assert c.call("student", "hold", (200,)) == 200 * 2**20 // 4096
        assert c._tree is not None and c._tree.mechanism == mechanism


def test_forked_processes_cannot_hold_more_than_the_tree_limit_together(mechanism, hog_file):
    """Four processes of 200 MB: each under its own 1024 MB limit, 800 MB together against 512 MB."""
    c = Child(ChildSpec(hog_file, "hog", LIMITS, ISO)).start()
    uid = c._lease.uid if c._lease is not None else None
    tree = c._tree
    try:
        with pytest.raises(ChildFailure) as info:
            c.call("student", "fork_and_hold", (4, 200))
        assert info.value.key == "child.tree_memory" and info.value.params["mb"] == 512
        with pytest.raises(ChildFailure):  # the child stays failed
            c.call("student", "ok", (1,))
    finally:
        c.close()
    if uid is not None:
        assert _gone(sandbox.processes_of_uid(uid)), "processes of the tree survived"
    if mechanism.startswith("cgroup"):
        assert not any(d.exists() for d in tree.dirs), "the cgroup was not removed"


def test_a_gpu_child_without_an_address_space_limit_still_has_the_tree_limit(mechanism, hog_file):
    """A GPU child gets no RLIMIT_AS (the CUDA driver needs the address space): one process that
    holds 800 MB is stopped by the tree's limit alone."""
    gpu = LIMITS.updated(gpu=True)
    with Child(ChildSpec(hog_file, "hog", gpu, ISO)) as c:
        with pytest.raises(ChildFailure) as info:
            c.call("student", "hold", (800,))
        assert info.value.key == "child.tree_memory"


@pytest.mark.skipif(os.geteuid() != 0, reason="a child runs as root (no process limit of its uid) only under a root grader")
def test_the_cgroup_limits_the_processes_of_a_root_child(hog_file, monkeypatch):
    """Without a uid of its own a root child ignores RLIMIT_NPROC: the cgroup's pids.max still holds."""
    if _can("cgroup1") and _can("cgroup2"):
        pytest.skip("no cgroup can be created here")
    root_child = sandbox.Isolation("rlimits", ("time limit",), drops_uid=False)
    with Child(ChildSpec(hog_file, "hog", LIMITS, root_child)) as c:
        started = c.call("student", "fork_many", (100,))
    assert started < LIMITS.tree_pids


def test_the_limit_defaults_to_the_process_limit_and_counts_the_torch_floor():
    assert sandbox.Limits(memory_mb=1024).tree_memory_bytes == 1024 * 2**20
    assert sandbox.Limits(memory_mb=1024, torch=True).tree_memory_bytes == sandbox.TORCH_MIN_MB * 2**20
    assert sandbox.Limits(memory_mb=1024, tree_memory_mb=3000).tree_memory_bytes == 3000 * 2**20


def test_groups_of_dead_graders_are_swept(tmp_path):
    dead = tmp_path / f"{treelimit.GROUP_PREFIX}-999999999-1"
    alive = tmp_path / f"{treelimit.GROUP_PREFIX}-{os.getpid()}-1"
    dead.mkdir()
    alive.mkdir()
    assert treelimit.sweep_stale([tmp_path]) == 1
    assert not dead.exists() and alive.exists()


def test_every_result_names_the_tree_limit():
    active = ", ".join(ISO.protections + ISO.missing)
    assert "tree memory limit" in active
