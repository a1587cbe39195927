"""``grade contracts``: the evidence of an exercise's contract table (its folder's ``contract.toml``).

Each row of the table is one clause of a stub's docstring and names the hidden tests that check it. Its
``evidence`` names submissions that break that clause, and the row's tests must lose points on every one
of them — otherwise nothing shows that the tests would notice the clause broken. A submission is

* a catalogue entry of the exercise (``catalogue/<file stem>``: a typical wrong answer in ``mutants/``), or
* a mutant that ``grade audit`` generates (its id, ``kit/<operator>/<function>#<digest>`` or
  ``cosmic-ray/…``): one change to the reference, of the kind the row's clause names where an operator
  of that kind exists (a changed default for a default, a removed ``raise`` for an error, another dtype,
  a removed copy, a loop bound off by one, a swapped axis, a generator of the function's own).

``check`` grades each row's evidence through the same isolated path a student's file takes, running only
the tests of the rows it is evidence for, and reports every row that is not shown. ``find`` proposes
evidence for rows that have none: it tries the mutants of the row's function (and the helpers it calls)
and keeps the first one the row's tests catch; ``write`` puts it into the table. For a convention (the
formula itself) the catalogue comes first, then every operator; for any other kind only the operators
shaped like that kind, since a change of another kind breaks some other clause — a catalogue entry
that breaks just that clause is named by hand.
"""
from __future__ import annotations

import ast
import dataclasses
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from grader.authoring import audit, mutants
from grader.core.discover import Exercise

CONTRACT = "contract.toml"
CATALOGUE = "catalogue/"
# The mistake-shaped operators that break a clause of each kind (grader.authoring.mistakes).
KIND_OPERATORS: dict[str, tuple[str, ...]] = {
    "default": ("changed_default",),
    "error": ("removed_raise",),
    "dtype": ("changed_dtype", "returned_dtype", "result_dtype", "numpy_scalar"),
    "aliasing": ("removed_copy", "result_into_input", "input_modified", "updated_in_place"),
    "loop": ("loop_bound_off_by_one", "counter_from_zero"),
    "shape": ("swapped_axis", "extra_axis"),
    # a trajectory fixed to a tight tolerance: its visiting order, the size and the number of its steps
    "determinism": ("own_generator", "perturbed_constant", "loop_bound_off_by_one"),
    "convention": (),  # the formula itself: any change to the function that its tests see
}
TRIES_PER_ROUND = 3
MAX_TRIES = 15


@dataclasses.dataclass
class Row:
    index: int  # 1-based, in the table's order
    function: str
    kind: str
    text: str
    tests: list[str]
    evidence: list[str]
    param: str = ""
    error: str = ""

    @property
    def label(self) -> str:
        what = self.param or self.error
        return f"row {self.index} ({self.function}, {self.kind}{': ' + what if what else ''})"


@dataclasses.dataclass
class Problem:
    row: Row
    message: str


def rows(exercise: Exercise) -> list[Row]:
    path = exercise.folder / CONTRACT
    if not path.is_file():
        return []
    with open(path, "rb") as f:
        table = tomllib.load(f).get("clause", [])
    return [Row(i, str(r.get("function", "")), str(r.get("kind", "")), str(r.get("text", "")),
                list(r.get("tests", [])), list(r.get("evidence", [])), str(r.get("param", "")),
                str(r.get("error", "")))
            for i, r in enumerate(table, 1)]


# ---- what a mutant changes ---------------------------------------------------------------------------
def changed_defaults(reference: str, code: str) -> set[tuple[str, str]]:
    """(function, parameter) whose default differs between two sources."""
    def defaults(src: str) -> dict[tuple[str, str], str]:
        out = {}
        for node in ast.parse(src).body:
            if isinstance(node, ast.FunctionDef):
                args = node.args
                positional = args.posonlyargs + args.args
                pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
                pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
                out.update({(node.name, a.arg): ast.unparse(d) for a, d in pairs})
        return out
    before, after = defaults(reference), defaults(code)
    return {k for k in before if after.get(k) != before[k]}


def reach(functions: dict[str, ast.FunctionDef], fn: str) -> set[str]:
    """``fn`` and the module's functions it calls, directly or not."""
    found, todo = set(), [fn]
    while todo:
        f = todo.pop()
        if f in found or f not in functions:
            continue
        found.add(f)
        todo += [c.func.id for c in ast.walk(functions[f]) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)]
    return found


def _removed_error(m: audit.Mutant) -> str:
    """The exception a removed-raise mutant no longer raises ('' when the diff does not say)."""
    found = re.search(r"^-\s*raise\s+(\w+)", m.diff, re.M)
    return found.group(1) if found else ""


def _catalogue_functions(path: Path) -> set[str]:
    return {n.name for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.FunctionDef)}


# ---- the submissions ---------------------------------------------------------------------------------
class Submissions:
    """The exercise's catalogue and generated mutants, by evidence name, generated once when first needed."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.reference = exercise.solution.read_text(encoding="utf-8")
        self.functions = {n.name: n for n in ast.parse(self.reference).body if isinstance(n, ast.FunctionDef)}
        self.catalogue = {f"{CATALOGUE}{p.stem}": p for p in exercise.mutants()}
        self._generated: dict[str, audit.Mutant] | None = None
        self._sources: tuple[str, ...] = ()

    def generated(self, with_cosmic_ray: bool = True) -> dict[str, audit.Mutant]:
        sources = ("kit", "cosmic-ray") if with_cosmic_ray else ("kit",)
        if self._generated is None or not set(sources) <= set(self._sources):
            found, _ = audit.generate(self.exercise, sources)
            known = audit.equivalent(self.exercise)
            self._generated = {m.id: m for m in found if m.id not in known}
            self._sources = sources
        return self._generated

    def exists(self, name: str) -> bool:
        if name.startswith(CATALOGUE):
            return name in self.catalogue
        return name in self.generated(with_cosmic_ray=name.startswith("cosmic-ray/"))

    def write(self, name: str, folder: Path) -> Path:
        """The complete submission ``name`` as a file under ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        if name.startswith(CATALOGUE):
            return mutants.write_mutant(self.exercise.solution, self.catalogue[name], folder)
        file = folder / f"{self.exercise.name}.py"
        file.write_text(self.generated(name.startswith("cosmic-ray/"))[name].code, encoding="utf-8")
        return file

    def candidates(self, row: Row) -> list[str]:
        """Submissions that may break ``row``'s clause, the likeliest first (see the module's docstring)."""
        near = reach(self.functions, row.function)
        generated = [m for m in self.generated().values() if m.function in near]
        generated.sort(key=lambda m: (m.function != row.function, m.source != "kit", m.id))
        order = KIND_OPERATORS.get(row.kind, ())
        shaped = sorted((m for m in generated if m.operator in order),
                        key=lambda m: (order.index(m.operator), m.function != row.function))
        if row.kind == "default":
            shaped = [m for m in shaped if (row.function, row.param) in changed_defaults(self.reference, m.code)]
        if row.kind == "error":
            shaped.sort(key=lambda m: _removed_error(m) != row.error)
        if row.kind != "convention":  # only a change of that kind breaks that clause alone; a catalogue
            return [m.id for m in shaped]  # entry that does is named by hand, by the author who judged it
        catalogue = [name for name, path in self.catalogue.items() if _catalogue_functions(path) & near]
        out = catalogue + [m.id for m in generated]
        return list(dict.fromkeys(out))


# ---- grading -----------------------------------------------------------------------------------------
def lost_points(exercise: Exercise, subs: Submissions, wanted: dict[str, set[str]], jobs: int,
                progress: Callable[[int, int, str], None] | None = None) -> dict[str, set[str] | None]:
    """For each submission: the tests (of those wanted for it) that lost points on it; None when it
    could not be graded."""
    from grader.classroom.batch import Job, Pool
    from grader.isolation import sandbox

    out: dict[str, set[str] | None] = {}
    if not wanted:
        return out
    with tempfile.TemporaryDirectory(prefix="grade-contracts-") as tmp:
        queue = []
        for i, (name, tests) in enumerate(sorted(wanted.items())):
            folder = Path(tmp) / f"s{i:05d}"
            file = subs.write(name, folder)
            queue.append(Job(name, exercise, file, key=None, figures=folder / "figures",  # type: ignore[arg-type]
                             options={"only_tests": sorted(tests)}))

        def on_result(job: Job, result: Any, verdict: str) -> None:
            if verdict == "timeout":  # the row's tests ran past their budget on it: they do not pass it
                out[job.student] = set(wanted[job.student])
            elif verdict != "graded" or result.error:
                out[job.student] = None
            else:
                out[job.student] = {t.name.split("[")[0] for t in result.tests
                                    if t.status == "failed" and t.score < t.max_score - 1e-9}

        Pool(max(1, min(jobs, len(queue))), sandbox.detect_isolation(), "en", {"device": "cpu"}, 1800).run(
            queue, on_result, progress)
    return out


def check(exercise: Exercise, jobs: int = 1, progress: Callable[[int, int, str], None] | None = None
          ) -> tuple[list[Row], list[Problem]]:
    """Grade every row's evidence with the row's tests; the problems of rows that are not shown."""
    table = rows(exercise)
    subs = Submissions(exercise)
    problems: list[Problem] = []
    wanted: dict[str, set[str]] = {}
    for row in table:
        if not row.evidence:
            problems.append(Problem(row, "no evidence: name a submission that breaks the clause "
                                         "(grade contracts --find proposes one)"))
        for name in row.evidence:
            if not subs.exists(name):
                problems.append(Problem(row, f"{name}: no such catalogue entry or generated mutant "
                                             "(a changed reference function changes its mutants' ids)"))
            else:
                wanted.setdefault(name, set()).update(row.tests)
    lost = lost_points(exercise, subs, wanted, jobs, progress)
    for row in table:
        for name in row.evidence:
            if name not in lost:
                continue
            if lost[name] is None:
                problems.append(Problem(row, f"{name}: could not be graded"))
            elif not lost[name] & set(row.tests):
                problems.append(Problem(row, f"{name} breaks the clause, yet none of {row.tests} loses points on it"))
    return table, problems


def find(exercise: Exercise, jobs: int = 1, only_missing: bool = True,
         progress: Callable[[int, int, str], None] | None = None) -> dict[int, str]:
    """{row index: a submission its tests catch}, for the rows without evidence or with evidence that no
    longer exists (every row unless ``only_missing``); rows for which none of the first ``MAX_TRIES``
    candidates is caught are left out."""
    subs = Submissions(exercise)
    todo = {row.index: (row, subs.candidates(row)) for row in rows(exercise)
            if not only_missing or not row.evidence or not all(subs.exists(e) for e in row.evidence)}
    found: dict[int, str] = {}
    for start in range(0, MAX_TRIES, TRIES_PER_ROUND):
        wanted: dict[str, set[str]] = {}
        for index, (row, cands) in todo.items():
            if index not in found:
                for name in cands[start:start + TRIES_PER_ROUND]:
                    wanted.setdefault(name, set()).update(row.tests)
        if not wanted:
            break
        lost = lost_points(exercise, subs, wanted, jobs, progress)
        for index, (row, cands) in todo.items():
            if index in found:
                continue
            for name in cands[start:start + TRIES_PER_ROUND]:
                if lost.get(name) and lost[name] & set(row.tests):  # type: ignore[operator]
                    found[index] = name
                    break
    return found


def write(exercise: Exercise, found: dict[int, str]) -> None:
    """Add ``evidence = [...]`` to each row of ``found`` (at the end of its block of the table)."""
    path = exercise.folder / CONTRACT
    lines = path.read_text(encoding="utf-8").splitlines()
    headers = [i for i, line in enumerate(lines) if line.strip() == "[[clause]]"]
    for number in sorted(found, reverse=True):
        start = headers[number - 1]
        end = headers[number] if number < len(headers) else len(lines)
        block = lines[start:end]
        existing = next((i for i, line in enumerate(block) if line.startswith("evidence")), None)
        entry = f"evidence = [{found[number]!r}]".replace("'", '"')
        if existing is not None:
            lines[start + existing] = entry
            continue
        last = max(i for i, line in enumerate(block) if line.strip() and not line.lstrip().startswith("#"))
        lines.insert(start + last + 1, entry)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---- the command ---------------------------------------------------------------------------------------
def command(exercises: Iterable[Exercise], *, fmt: str, jobs: int, do_find: bool) -> int:
    """``grade contracts``: exit 0 when every row of every table is shown by its evidence."""
    import json
    import sys

    from rich.console import Console

    from grader.classroom.batch import BatchProgress

    reports = []
    for ex in exercises:
        if not (ex.folder / CONTRACT).is_file() or not ex.solution.is_file():
            continue
        if do_find:
            with BatchProgress(enabled=fmt == "text", label=f"find {ex.id}") as bar:
                found = find(ex, jobs, progress=bar.update)
            if found:
                write(ex, found)
        with BatchProgress(enabled=fmt == "text", label=f"contracts {ex.id}") as bar:
            table, problems = check(ex, jobs, progress=bar.update)
        reports.append((ex, table, problems))
    if fmt == "json":
        sys.stdout.write(json.dumps([{"exercise": ex.name, "rows": len(table), "shown": len(table) - len(
            {p.row.index for p in problems}), "problems": [{"row": p.row.index, "function": p.row.function,
                                                           "kind": p.row.kind, "message": p.message}
                                                          for p in problems]}
                                     for ex, table, problems in reports], ensure_ascii=False, indent=2) + "\n")
    else:
        console = Console()
        for ex, table, problems in reports:
            bad = {p.row.index for p in problems}
            console.print(f"{ex.name}: {len(table) - len(bad)}/{len(table)} rows shown by their evidence",
                          highlight=False)
            for p in problems:
                console.print(f"  [red]{p.row.label}[/red] {p.message}", highlight=False)
    return 1 if any(problems for _, _, problems in reports) else 0
