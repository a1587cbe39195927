"""``grade batch`` on a Dask distributed cluster: one task per student × exercise.

The coordinator (the ``grade batch`` process) prepares the submissions exactly as for the local
pool, then sends each grading to the cluster as a task whose arguments are plain data: the
exercise's name, the submission's bytes (workers share no filesystem with the coordinator), the
language and options, and the fingerprint the worker must match. On the worker the task is graded
exactly as ``grade EXERCISE`` grades it — by a long-lived grading process of that worker (the same
one the local pool uses), under bubblewrap with a slot uid of that worker — and comes back as plain
data: the result's fields and the bytes of any report figure. No student object ever crosses:
students' values never leave the sandboxed child in the first place.

The coordinator alone writes the store, one transaction per grading, as results stream in
(``as_completed``): a killed coordinator resumes exactly as the local batch does (what is committed
is kept, a re-run skips it). A worker that dies mid-task has its task retried by the scheduler (at
most ``allowed-failures`` times, then the grading is recorded as crashed); each future yields once, so
a grading is never committed twice.

Before any task is sent, every worker is asked for its fingerprint — kit version, the hash of each
exercise's tests, its isolation layer. A worker that differs from the coordinator is refused (its
tasks are restricted to the workers that match) with a message naming it; each task checks the
fingerprint again on the worker it lands on.

Exercises whose child wants the GPU run on workers that declare a ``GPU`` resource (``dask worker
--resources GPU=1``) when there are any and the device is not ``cpu``; every other task runs anywhere.
"""
from __future__ import annotations

import base64
import dataclasses
import itertools
import os
import shutil
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grader.core import i18n
from grader.core.discover import Exercise
from grader.core.results import ExerciseResult
from grader.isolation import sandbox

ALLOWED_FAILURES = 2  # a task whose worker died this many times is recorded as crashed
MAX_FIGURE_MB = 8  # per figure file sent back from a worker
CHUNK_TASKS, CHUNK_MB = 256, 4  # one map sends at most this many gradings, or submissions of this size
WINDOW_TASKS = 512  # gradings in flight on the cluster at most (or 2 per worker thread, if more)


class ClusterError(Exception):
    """The cluster cannot grade this batch (no scheduler, no matching worker): a message for the instructor."""


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    """What a worker must share with the coordinator for its grades to mean the same."""

    kit_version: str
    tests: dict[str, str]  # exercise name -> tests hash (for the batch's language)
    isolation: str  # the layer the worker's children get

    def differences(self, other: Fingerprint) -> list[str]:
        out = []
        if self.kit_version != other.kit_version:
            out.append(f"kit version {other.kit_version} (coordinator: {self.kit_version})")
        changed = sorted(name for name, h in self.tests.items() if other.tests.get(name) != h)
        if changed:
            out.append("different tests for " + ", ".join(changed))
        if self.isolation != other.isolation:
            out.append(f"isolation {other.isolation} (coordinator: {self.isolation})")
        return out


def fingerprint(exercise_names: list[str], lang: str) -> dict[str, Any]:
    """This process's fingerprint, as plain data (runs on the coordinator and on every worker)."""
    from grader.classroom.batch import kit_version, tests_hash
    from grader.core import discover

    tests = {}
    for name in exercise_names:
        try:
            tests[name] = tests_hash(discover.find(name), lang)
        except discover.UnknownExercise:
            tests[name] = "missing"
    import multiprocessing

    layer = sandbox.detect_isolation().layer
    if multiprocessing.current_process().daemon:  # cannot start the grading process it needs
        layer += " (daemonic worker: start it with DASK_DISTRIBUTED__WORKER__DAEMON=False)"
    return dataclasses.asdict(Fingerprint(kit_version(), tests, layer))


# ---- on a worker ---------------------------------------------------------------------------------
_idle: dict[tuple, list[LocalGrader]] = {}  # grading processes of this worker not in use, by configuration
_idle_lock = threading.Lock()
_made = itertools.count()  # grading processes made by this worker: each gets a slot of its own


def _slot(index: int) -> int:
    """A uid slot for this worker's ``index``-th grading process (leases settle any collision)."""
    name = str(_worker_name or "")
    base = int(name) if name.isdigit() else zlib.crc32(name.encode()) if name else os.getpid()
    return 1 + (base * 8 + index) % (sandbox.UID_COUNT - 1)


_worker_name: Any = None  # set by warm_up (client.run hands it the worker)


def _config_key(lang: str, options: dict[str, Any], timeout: float) -> tuple:
    return lang, tuple(sorted(options.items())), float(timeout)


def _take(lang: str, options: dict[str, Any], timeout: float) -> LocalGrader:
    """An idle grading process of this configuration, or a new one."""
    with _idle_lock:
        idle = _idle.setdefault(_config_key(lang, options, timeout), [])
        if idle:
            return idle.pop()
    return LocalGrader(_slot(next(_made)), lang, options, timeout)


def _give_back(grader: LocalGrader) -> None:
    with _idle_lock:
        _idle.setdefault(_config_key(grader.lang, grader.options, grader.timeout), []).append(grader)


def warm_up(lang: str, options: dict[str, Any], timeout: float, dask_worker: Any = None) -> int:
    """Start one grading process per thread of this worker (their imports go on in the background).

    Run by ``client.run``, which passes the worker as ``dask_worker``."""
    global _worker_name
    _worker_name = getattr(dask_worker, "name", None)
    threads = int(getattr(getattr(dask_worker, "state", None), "nthreads", 1) or 1)
    started = [_take(lang, options, timeout) for _ in range(threads)]
    for grader in started:
        grader.start()
        _give_back(grader)
    return len(started)


def grade_task(payload: dict[str, Any]) -> dict[str, Any]:
    """Grade one student × exercise on this worker; plain data in, plain data out."""
    from grader.core import discover

    name = payload["exercise"]
    mine = Fingerprint(**fingerprint([name], payload["lang"]))
    coordinator = payload["fingerprint"]
    theirs = Fingerprint(coordinator["kit_version"], {name: coordinator["tests"].get(name, "")},
                         coordinator["isolation"])
    wrong = theirs.differences(mine)
    if wrong:
        return {"verdict": "refused", "detail": "; ".join(wrong)}
    exercise = discover.find(name)
    grader = _take(payload["lang"], payload["options"], payload["timeout"])
    tmp = Path(tempfile.mkdtemp(prefix="grade-task-"))
    try:
        file = tmp / f"{exercise.name}{payload['suffix']}"
        file.write_bytes(base64.b64decode(payload["source"]))
        figures = tmp / "figures"
        result, verdict = grader.grade(payload["student"], exercise, file, figures)
        sent = {}
        if figures.is_dir():
            for p in sorted(figures.iterdir()):
                if p.is_file() and p.stat().st_size <= MAX_FIGURE_MB * 2**20:
                    sent[p.name] = base64.b64encode(p.read_bytes()).decode("ascii")
        return {"verdict": verdict, "result": dataclasses.asdict(result), "figures": sent,
                "worker": _worker_address()}
    finally:
        _give_back(grader)
        shutil.rmtree(tmp, ignore_errors=True)


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return ""


class LocalGrader:
    """One long-lived grading process of this worker (``batch._Worker``), used one job at a time."""

    def __init__(self, slot: int, lang: str, options: dict[str, Any], timeout: float) -> None:
        import multiprocessing

        from grader.classroom import batch

        self.slot = slot
        self.lang = lang
        self.options = dict(options)
        self.timeout = timeout
        iso = sandbox.detect_isolation()
        self.config = {"isolation": iso, "lang": lang, "options": options, "timeout": timeout,
                       "child_threads": os.environ.get("GRADE_CHILD_THREADS") or "1"}
        self.ctx = multiprocessing.get_context("spawn")
        self.worker: batch._Worker | None = None

    def start(self) -> None:
        """A running grading process (a fresh one if the last died or has done its share of jobs)."""
        from grader.classroom import batch

        if self.worker is None or not self.worker.proc.is_alive() or self.worker.done >= batch.JOBS_PER_WORKER:
            self.close()
            self.worker = batch._Worker(self.ctx, self.slot, self.config)

    def grade(self, student: str, exercise: Exercise, file: Path, figures: Path) -> tuple[ExerciseResult, str]:
        from grader.classroom import batch

        job = batch.Job(student, exercise, file, key=None, figures=figures)  # type: ignore[arg-type]
        while True:
            self.start()
            assert self.worker is not None
            outcome = batch.run_one(self.worker, job, self.timeout, self.lang)
            if outcome.replace_worker:
                self.close()
            if not batch.again(job, outcome):
                return outcome.result, outcome.verdict
            job.attempt += 1

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


# ---- on the coordinator ------------------------------------------------------------------------------
def connect(scheduler: str | None, cluster: str | None, *, processes: bool = False) -> tuple[Any, Any]:
    """(client, cluster or None): to a running scheduler, or a LocalCluster started for this batch.

    ``local:N`` starts N workers inside this process (one thread each) unless ``processes``: every
    grading already runs in a long-lived grading process of its worker and, below it, a sandboxed
    child, so a worker process between them would only add its start-up and its CPU on the cores
    the gradings use. ``processes=True`` gives worker processes with a nanny, as on a real cluster
    (a killed worker is then one process that the nanny restarts)."""
    import dask
    from distributed import Client, LocalCluster

    # Workers start a grading process of their own: they must not be daemonic processes.
    dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES, "distributed.worker.daemon": False})
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"no Dask scheduler at {scheduler}: {exc}") from None
    kind, _, n = (cluster or "").partition(":")
    if kind != "local" or not n.isdigit() or int(n) < 1:
        raise ClusterError(f"--cluster takes local:N (N workers on this machine), not {cluster!r}")
    # Every port it opens (scheduler, workers, their HTTP routes) is on the loopback and chosen free.
    local = LocalCluster(n_workers=int(n), threads_per_worker=1, processes=processes,
                         scheduler_port=0, dashboard_address="127.0.0.1:0", worker_dashboard_address="127.0.0.1:0",
                         silence_logs=40)
    return Client(local), local


def close(client: Any, cluster: Any) -> None:
    """Close the client and a LocalCluster started for the batch, then this process's idle grading processes
    (those of in-process workers: a worker process takes its own with it)."""
    for thing in (client, cluster):
        if thing is not None:
            thing.close()
    with _idle_lock:
        graders = [g for idle in _idle.values() for g in idle]
        _idle.clear()
    for grader in graders:
        grader.close()


class DaskExecutor:
    """Runs a batch's queue on a Dask cluster; the coordinator stays the only writer of the store."""

    def __init__(self, client: Any, exercises: list[Exercise], lang: str, options: dict[str, Any], timeout: float,
                 warn: Callable[[str], None]) -> None:
        self.client = client
        self.lang = lang
        self.options = {k: v for k, v in options.items() if k != "figures"}
        self.timeout = timeout
        self.warn = warn
        self.mine = Fingerprint(**fingerprint([e.name for e in exercises], lang))
        self.workers = self._preflight()

    def _preflight(self) -> dict[str, dict[str, Any]]:
        """The workers whose fingerprint matches, with their resources; refuse the others by name."""
        deadline = time.monotonic() + 60
        while not self.client.scheduler_info().get("workers"):
            if time.monotonic() > deadline:
                raise ClusterError("the Dask scheduler has no workers")
            time.sleep(0.2)
        names = list(self.mine.tests)
        prints = self.client.run(fingerprint, names, self.lang)
        info = self.client.scheduler_info()["workers"]
        good = {}
        for address, plain in prints.items():
            wrong = self.mine.differences(Fingerprint(**plain))
            if wrong:
                self.warn(i18n.t("batch.cluster.refused", self.lang, worker=address, why="; ".join(wrong)))
            else:
                good[address] = info.get(address, {})
        if not good:
            raise ClusterError(i18n.t("batch.cluster.no_worker", self.lang))
        # The grading processes start while the coordinator prepares the class.
        self.client.run(warm_up, self.lang, self.options, self.timeout, workers=list(good))
        return good

    def _resources(self, exercise: Exercise) -> dict[str, float] | None:
        wants_gpu = exercise.limits.gpu in (True, "auto") and self.options.get("device", "auto") != "cpu"
        has_gpu = any((w.get("resources") or {}).get("GPU") for w in self.workers.values())
        return {"GPU": 1} if wants_gpu and has_gpu else None

    def run(self, queue: list[Any], on_result: Callable[[Any, ExerciseResult, str], None],
            progress: Callable[[int, int, str], None] | None = None) -> None:
        from distributed import as_completed

        from grader.classroom import batch

        futures: dict[Any, Any] = {}
        chunks = self._chunks(queue)
        window = max(WINDOW_TASKS, 2 * sum(int(w.get("nthreads") or 1) for w in self.workers.values()))
        done_so_far = as_completed(raise_errors=False)

        def send_more() -> None:
            """Map the next chunks while fewer than ``window`` gradings are in flight: the submissions'
            bytes reach the scheduler a few megabytes at a time, not the whole class at once."""
            while chunks and len(futures) < window:
                resources, jobs = chunks.pop(0)
                payloads = [self._payload(job) for job in jobs]
                keys = [f"grade-{job.student}-{job.exercise.id}-{time.monotonic_ns()}-{i}"
                        for i, job in enumerate(jobs)]
                mapped = self.client.map(grade_task, payloads, key=keys, pure=False, workers=list(self.workers),
                                         allow_other_workers=False, resources=dict(resources) or None)
                futures.update(zip(mapped, jobs))
                done_so_far.update(mapped)

        total, finished = len(queue), 0
        if progress:
            progress(0, total, "")
        send_more()
        # Results as they complete, fetched a batch at a time (one round trip for all that finished
        # meanwhile, not one per grading), each committed on its own as before.
        for done in done_so_far.batches():
            ok = [f for f in done if f.status == "finished"]
            replies = dict(zip(ok, self.client.gather(ok))) if ok else {}
            for future in done:
                job = futures.pop(future)
                if future in replies:
                    result, verdict = self._read(job, replies[future])
                    on_result(job, result, verdict)
                else:
                    exc = future.exception()
                    detail = f"{type(exc).__name__}: {exc}"[:300]
                    on_result(job, batch._failed(job, self.lang, "batch.crashed", "crashed", detail=detail),
                              "crashed")
                finished += 1
                if progress:
                    progress(finished, total, f"{job.student} {job.exercise.id}")
            send_more()

    def _chunks(self, queue: list[Any]) -> list[tuple[tuple, list[Any]]]:
        """The queue in maps of at most ``CHUNK_TASKS`` gradings or ``CHUNK_MB`` of submissions, each for
        one kind of worker (GPU or any), the kinds taking turns so that no kind waits behind another."""
        groups: dict[tuple, list[list[Any]]] = {}
        sizes: dict[tuple, int] = {}
        for job in queue:
            kind = tuple(sorted((self._resources(job.exercise) or {}).items()))
            size = job.file.stat().st_size if job.file.is_file() else 0
            runs = groups.setdefault(kind, [[]])
            if runs[-1] and (len(runs[-1]) >= CHUNK_TASKS or sizes.get(kind, 0) + size > CHUNK_MB * 2**20):
                runs.append([])
                sizes[kind] = 0
            runs[-1].append(job)
            sizes[kind] = sizes.get(kind, 0) + size
        turns = itertools.zip_longest(*[[(kind, run) for run in runs] for kind, runs in groups.items()])
        return [chunk for turn in turns for chunk in turn if chunk is not None]

    def _payload(self, job: Any) -> dict[str, Any]:
        name = job.exercise.name
        mine = {"kit_version": self.mine.kit_version, "tests": {name: self.mine.tests.get(name, "")},
                "isolation": self.mine.isolation}
        return {"student": job.student, "exercise": name, "suffix": job.file.suffix or ".py",
                "source": base64.b64encode(job.file.read_bytes()).decode("ascii"), "lang": self.lang,
                "options": self.options, "timeout": self.timeout, "fingerprint": mine}

    def _read(self, job: Any, reply: dict[str, Any]) -> tuple[ExerciseResult, str]:
        from grader.classroom import batch

        verdict = reply.get("verdict")
        if verdict == "refused":
            return batch._failed(job, self.lang, "batch.kit_error", "error", detail=str(reply.get("detail"))), "error"
        result = batch.result_from_plain(reply["result"])
        figures = reply.get("figures") or {}
        if figures and job.figures is not None:
            job.figures.mkdir(parents=True, exist_ok=True)
            for name, data in figures.items():
                if Path(name).name == name and not name.startswith("."):
                    (job.figures / name).write_bytes(base64.b64decode(data))
        if "figure" in result.extra and job.figures is not None:
            result.extra["figure"] = str(job.figures / Path(str(result.extra["figure"])).name)
        return result, str(verdict)
