"""``grade batch`` on Dask distributed: the same grades as the local pool, a killed worker's task
retried, a mismatched worker refused, a killed coordinator resumed."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grader.authoring import mutants
from grader.classroom import batch, distributed
from grader.classroom.store import Store
from grader.core import discover
from grader.isolation import sandbox

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")
ISO = sandbox.detect_isolation()
pytestmark = pytest.mark.skipif(not ISO.isolated, reason="batch grading needs bubblewrap")


def _class(root: Path, slow_import_s: float = 0.0) -> Path:
    """Six students of ex01: the reference, the stub, three catalogued mistakes, and a slow importer."""
    subs = root / "subs"
    for sid in ("ref", "stub", "m0", "m1", "m2", "slow"):
        (subs / sid).mkdir(parents=True)
    (subs / "ref" / "ex01_metrics.py").write_bytes(EX01.solution.read_bytes())
    (subs / "stub" / "ex01_metrics.py").write_bytes(EX01.stub.read_bytes())
    for i, m in enumerate(EX01.mutants()[:3]):
        mutants.write_mutant(EX01.solution, m, subs / f"m{i}")
    delay = f"\nimport time\ntime.sleep({slow_import_s})\n" if slow_import_s else ""
    (subs / "slow" / "ex01_metrics.py").write_text(EX01.solution.read_text(encoding="utf-8") + delay,
                                                  encoding="utf-8")
    return subs


def _rows(out: Path) -> list[tuple]:
    with Store(out / "grades.sqlite") as store:
        grades = {(g["student"], g["exercise"]): (g["score"], g["verdict"]) for g in store.gradings()}
        tests = [(r["student"], r["exercise"], r["position"], r["test"], r["score"], r["status"], r["message"],
                  tuple(r["hints"])) for r in store.results()]
    return sorted(grades.items()) + tests


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes with nannies, as on a real cluster (a worker can be killed on its own)."""
    client, local = distributed.connect(None, "local:2", processes=True)
    yield client
    distributed.close(client, local)


def _run(subs: Path, out: Path, executor=None, jobs: int = 2) -> batch.Summary:
    return batch.run(subs, out, [EX01], jobs=jobs, timeout=120, lang="en", isolation=ISO, executor=executor)


def test_a_local_cluster_grades_exactly_like_the_local_pool(tmp_path, cluster):
    subs = _class(tmp_path)
    pool = _run(subs, tmp_path / "pool")
    dask = _run(subs, tmp_path / "dask", distributed.DaskExecutor(cluster, [EX01], "en", {}, 120, warn=print))
    assert pool.graded == dask.graded == 6 and dask.crashed == dask.errors == 0
    assert _rows(tmp_path / "pool") == _rows(tmp_path / "dask")


def test_in_process_workers_grade_exactly_like_the_local_pool_and_leave_no_process(tmp_path, monkeypatch):
    """``--cluster local:N`` (workers in the coordinator's process, each with its own grading process),
    the class sent two gradings per map with at most four in flight."""
    subs = _class(tmp_path)
    monkeypatch.setattr(distributed, "CHUNK_TASKS", 2)
    monkeypatch.setattr(distributed, "WINDOW_TASKS", 1)
    client, local = distributed.connect(None, "local:2")
    maps = []
    real_map = client.map
    monkeypatch.setattr(client, "map", lambda fn, payloads, **kw: maps.append(len(payloads)) or real_map(
        fn, payloads, **kw))
    try:
        dask = _run(subs, tmp_path / "dask", distributed.DaskExecutor(client, [EX01], "en", {}, 120, warn=print))
        procs = [g.worker.proc for idle in distributed._idle.values() for g in idle if g.worker]
    finally:
        distributed.close(client, local)
    pool = _run(subs, tmp_path / "pool")
    assert pool.graded == dask.graded == 6 and dask.crashed == dask.errors == 0
    assert _rows(tmp_path / "pool") == _rows(tmp_path / "dask")
    assert maps == [2, 2, 2]
    assert len(procs) == 2 and not distributed._idle
    assert not any(p.is_alive() for p in procs)


def test_the_class_is_sent_in_chunks_by_count_and_size_the_kinds_of_worker_taking_turns(tmp_path, monkeypatch):
    small, big = tmp_path / "small.py", tmp_path / "big.py"
    small.write_bytes(b"x" * 100)
    big.write_bytes(b"x" * (3 * 2**20))
    monkeypatch.setattr(distributed, "CHUNK_TASKS", 3)
    executor = object.__new__(distributed.DaskExecutor)
    gpu = discover.find("ex09")
    monkeypatch.setattr(executor, "_resources", lambda ex: {"GPU": 1} if ex is gpu else None, raising=False)
    jobs = [batch.Job(f"s{i}", EX01, small, None) for i in range(7)]
    jobs += [batch.Job("b1", EX01, big, None), batch.Job("b2", EX01, big, None)]
    jobs += [batch.Job(f"g{i}", gpu, small, None) for i in range(4)]
    chunks = executor._chunks(jobs)
    assert [(kind, [j.student for j in run]) for kind, run in chunks] == [
        ((), ["s0", "s1", "s2"]), ((("GPU", 1),), ["g0", "g1", "g2"]),
        ((), ["s3", "s4", "s5"]), ((("GPU", 1),), ["g3"]),
        ((), ["s6", "b1"]),  # 4 MB: a second 3 MB file starts a new map
        ((), ["b2"]),
    ]


@pytest.mark.parametrize(("worker_resources", "device", "wanted"), [
    ({"GPU": 1}, "auto", {"GPU": 1}),  # a GPU exercise goes to the workers that declare one
    ({"GPU": 1}, "cpu", None),  # --device cpu: anywhere
    ({}, "auto", None),  # no worker has a GPU: anywhere (on the CPU tier)
])
def test_only_exercises_that_want_a_gpu_are_restricted_to_gpu_workers(worker_resources, device, wanted):
    executor = object.__new__(distributed.DaskExecutor)
    executor.workers = {"tcp://a:1": {"resources": worker_resources}, "tcp://b:1": {"resources": {}}}
    executor.options = {"device": device}
    assert executor._resources(discover.find("ex09")) == wanted
    assert executor._resources(EX01) is None


def test_a_worker_killed_mid_task_has_its_task_retried(tmp_path, cluster):
    subs = _class(tmp_path, slow_import_s=6.0)
    executor = distributed.DaskExecutor(cluster, [EX01], "en", {}, 120, warn=print)
    summary: dict = {}
    thread = threading.Thread(target=lambda: summary.setdefault("s", _run(subs, tmp_path / "out", executor)))
    thread.start()
    pids = cluster.run(os.getpid)
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and time.monotonic() < deadline:
        for address, keys in cluster.processing().items():
            if any("grade-slow-" in str(k) for k in keys):
                time.sleep(1.0)  # inside the slow import
                os.kill(pids[address], signal.SIGKILL)
                killed = address
                break
        time.sleep(0.1)
    thread.join(240)
    assert killed is not None, "the slow task was never seen running"
    s = summary["s"]
    assert s.graded == 6 and s.crashed == 0, s
    with Store(tmp_path / "out" / "grades.sqlite") as store:
        assert store.count("gradings") == 6
        assert store.exercise_result("slow", "ex01").score == EX01.points  # graded on its second try


def test_a_worker_with_other_tests_is_refused(tmp_path, cluster):
    """A worker whose checkout has a changed hidden test is named and gets no task."""
    other = tmp_path / "kit"
    for name in ("grader", "exercises", "solutions"):
        shutil.copytree(ROOT / name, other / name, ignore=shutil.ignore_patterns("__pycache__", "*.gz"))
    shutil.copyfile(ROOT / "pyproject.toml", other / "pyproject.toml")
    hidden = other / "grader" / "exercises" / EX01.name / "test_hidden.py"
    hidden.write_text(hidden.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    address = cluster.scheduler.address
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False", PYTHONPATH=str(other))
    proc = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                             "--no-nanny", "--name", "stranger", "--no-dashboard"], cwd=other, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(cluster.scheduler_info()["workers"]) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        warnings: list[str] = []
        executor = distributed.DaskExecutor(cluster, [EX01], "en", {}, 120, warn=warnings.append)
        assert len(executor.workers) == 2
        assert len(warnings) == 1 and "different tests for ex01_metrics" in warnings[0]
        subs = _class(tmp_path)
        summary = _run(subs, tmp_path / "out", executor)
        assert summary.graded == 6
    finally:
        proc.kill()
        proc.wait(10)


def test_a_killed_coordinator_resumes(tmp_path):
    subs = _class(tmp_path, slow_import_s=3.0)
    for i in range(4):
        shutil.copytree(subs / "slow", subs / f"slow{i}")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", "ex01", "--out", str(out),
           "--cluster", "local:2", "--lang", "en"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and committed < 2:
        time.sleep(0.3)
        try:
            with sqlite3.connect(out / "grades.sqlite") as db:
                committed = db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0]
        except sqlite3.Error:
            committed = 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert 2 <= committed < 10, committed
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{committed} already graded" in done.stderr or "already graded" in done.stderr
    with Store(out / "grades.sqlite") as store:
        assert store.count("gradings") == 10 and {g["verdict"] for g in store.gradings()} == {"graded"}
