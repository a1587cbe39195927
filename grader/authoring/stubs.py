"""Make student stubs from the references, so the two never drift (nbgrader's ClearSolutions).

In ``solutions/exNN_name.py`` each body to hide sits between ``# BEGIN SOLUTION`` and
``# END SOLUTION``. Inside a function the block becomes
``raise NotImplementedError("exNN: implement <function>")``; at module level it is dropped.
Everything else — signatures, type hints, docstrings, imports — is kept as written.
"""
from __future__ import annotations

import re
from pathlib import Path

BEGIN = re.compile(r"^(\s*)# BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*# END SOLUTION\s*$")
DEF = re.compile(r"^(\s*)def (\w+)\(")


class StubError(ValueError):
    pass


def make_stub(source: str, exercise_id: str) -> str:
    """The stub text for a reference's source."""
    out: list[str] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines):
        m = BEGIN.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        indent = m.group(1)
        j = i + 1
        while j < len(lines) and not END.match(lines[j]):
            if BEGIN.match(lines[j]):
                raise StubError(f"line {j + 1}: nested BEGIN SOLUTION")
            j += 1
        if j == len(lines):
            raise StubError(f"line {i + 1}: BEGIN SOLUTION without END SOLUTION")
        func = _enclosing_function(lines, i, indent)
        if func:
            out.append(f'{indent}raise NotImplementedError("{exercise_id}: implement {func}")')
        i = j + 1
    text = "\n".join(out) + "\n"
    return re.sub(r"\n{4,}", "\n\n\n", text)  # a dropped module-level block leaves no gap


def _enclosing_function(lines: list[str], index: int, indent: str) -> str | None:
    for k in range(index - 1, -1, -1):
        m = DEF.match(lines[k])
        if m and len(m.group(1)) < len(indent):
            return m.group(2)
    return None


def stub_for(solution: Path) -> str:
    return make_stub(solution.read_text(encoding="utf-8"), solution.stem[:4])


def command(root: Path, names: set[str] | None = None, check: bool = False) -> int:
    """``grade stubs [--check]``: write (or only check) ``exercises/`` from ``solutions/``; 1 when a check
    finds a stale stub."""
    solutions = sorted((root / "solutions").glob("ex[0-9][0-9]_*.py"))
    if names is not None:
        solutions = [p for p in solutions if p.stem in names]
    stale = [p for p in solutions if not (root / "exercises" / p.name).is_file()
             or (root / "exercises" / p.name).read_text(encoding="utf-8") != stub_for(p)]
    for sol in stale:
        if check:
            print(f"stale stub: exercises/{sol.name}")
        else:
            (root / "exercises" / sol.name).write_text(stub_for(sol), encoding="utf-8")
            print(f"wrote exercises/{sol.name}")
    return 1 if check and stale else 0
