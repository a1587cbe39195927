"""The student edition: what students get, and nothing they should not.

``build(OUT)`` copies the stubs (``exercises/``), a notebook per exercise (``notebooks/``) and the
grader with its public checks only — no ``grader/hidden/``, no wrong-answer catalogue
(``grader/mutants/``, ``grader/mutants.py``), no references (``solutions/`` holds only an empty
package, so the engine's ``import solutions`` still works) — plus a ``pyproject.toml`` and a README.
In that edition ``grade ex05`` runs the public checks and says that the final grade also uses
hidden tests (the engine grades public-only whenever an exercise has no hidden tests).
"""
from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

from grader import discover, i18n

MARKER = ".student-edition"
_DROP_IN_GRADER = {"hidden", "mutants", "mutants.py"}
_DROP_ANYWHERE = {"__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache"}


class ReleaseError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def _ignore(grader_dir: Path):  # type: ignore[no-untyped-def]
    def ignore(folder: str, names: list[str]) -> set[str]:
        drop = {n for n in names if n in _DROP_ANYWHERE or n.endswith((".pyc", ".pyo"))}
        if Path(folder).resolve() == grader_dir.resolve():
            drop |= {n for n in names if n in _DROP_IN_GRADER}
        return drop

    return ignore


def build(out: Path, lang: str = "en", root: Path | None = None) -> list[str]:
    """Write the student edition to ``out``; return warnings (exercises without public checks)."""
    root = root or discover.kit_root()
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise ReleaseError("batch.release.not_empty", path=str(out))
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    grader_dir = root / "grader"
    shutil.copytree(grader_dir, out / "grader", ignore=_ignore(grader_dir))
    shutil.copytree(root / "exercises", out / "exercises",
                    ignore=lambda d, names: {n for n in names if n in _DROP_ANYWHERE or n.startswith("test_")})
    (out / "solutions").mkdir()
    (out / "solutions" / "__init__.py").write_text(
        '"""The reference solutions are not part of the student edition."""\n', encoding="utf-8")
    warnings = []
    exercises = [e for e in discover.all_exercises() if e.stub.is_file()]
    from grader import notebooks

    for ex in exercises:
        if not any(p.parent.name == "public" for p in ex.test_files):
            warnings.append(i18n.t("batch.release.public_missing", lang, exercise=ex.id))
        notebooks.write(ex, out / "notebooks" / f"{ex.name}.ipynb", lang)
    (out / "pyproject.toml").write_text(_pyproject(root / "pyproject.toml"), encoding="utf-8")
    public = [e for e in exercises if any(p.parent.name == "public" for p in e.test_files)]
    (out / "README.md").write_text(_readme(public, lang), encoding="utf-8")
    (out / MARKER).write_text("built by `grade release`; safe to overwrite with another release\n", encoding="utf-8")
    return warnings


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def _pyproject(source: Path) -> str:
    """The kit's pyproject.toml, keeping what installing needs (no test settings, no maintainer tools)."""
    with open(source, "rb") as f:
        data = tomllib.load(f)
    project = dict(data.get("project", {}))
    project["description"] = (project.get("description", "") + " Student edition.").strip()
    project["readme"] = "README.md"
    project.pop("optional-dependencies", None)
    scripts = project.pop("scripts", {"grade": "grader.cli:main"})
    project.pop("urls", None)
    tables: list[tuple[str, dict[str, Any]]] = [
        ("build-system", data.get("build-system", {"requires": ["setuptools>=68"],
                                                   "build-backend": "setuptools.build_meta"})),
        ("project", project), ("project.scripts", scripts),
        ("tool.setuptools.packages.find", {"include": ["grader*", "solutions*"]}),
        ("tool.setuptools.package-data", data.get("tool", {}).get("setuptools", {}).get(
            "package-data", {"*": ["*.toml", "*.ini", "*.gz", "*.md"]})),
    ]
    lines = ["# The student edition of the kit (built by `grade release`)."]
    for name, table in tables:
        lines += ["", f"[{name}]"]
        for k, v in table.items():
            key = k if k.replace("-", "").replace("_", "").isalnum() else json.dumps(k)
            lines.append(f"{key} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


def _readme(exercises: list[discover.Exercise], lang: str) -> str:
    rows = "\n".join(f"| {e.id} | {e.title('en')} | {e.title('ko')} |" for e in exercises)
    return f"""# {i18n.t("batch.release.readme_title", lang)}

## Install / 설치

```bash
pip install -e .
```

## Work on an exercise / 과제 풀기

Write your code in `exercises/exNN_name.py` (or in `notebooks/exNN_name.ipynb`, in the cell tagged
`solution`), then check it:

`exercises/exNN_name.py`(또는 `notebooks/exNN_name.ipynb`의 `solution` 태그 셀)에 코드를 작성한 뒤 확인하세요:

```bash
grade list                 # exercises and points / 과제 목록과 배점
grade ex01                 # public checks for exercises/ex01_*.py / 공개 테스트 실행
grade ex01 --lang ko       # feedback in Korean / 한국어 피드백
grade all                  # every exercise / 모든 과제
```

These are the public checks only: the final grade also uses hidden tests, so make your functions
correct for every input the docstring allows, not only for the examples.

여기에는 공개 테스트만 들어 있습니다. 최종 점수에는 비공개 테스트도 반영되므로, 예시뿐 아니라
docstring이 허용하는 모든 입력에서 올바르게 동작하도록 작성하세요.

| id | title | 제목 |
|---|---|---|
{rows}
"""


def command(out: Path, lang: str) -> int:
    """``grade release OUT``."""
    from rich.console import Console

    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    try:
        warnings = build(out, lang)
    except ReleaseError as exc:
        err.print(i18n.t(exc.key, lang, **exc.params), style="red")
        return 2
    for w in warnings:
        err.print(w, style="yellow")
    count = sum(1 for _ in (out / "exercises").glob("ex[0-9][0-9]_*.py"))
    err.print(i18n.t("batch.release.done", lang, path=str(out), count=count))
    return 0
