"""A class's submissions: one entry per student, turned into one file per exercise.

An entry in the submissions folder is one of

* a folder laid out like ``exercises/`` (``alice/exNN_name.py``; a copy of the whole kit, with the
  files under ``alice/exercises/``, works too), which may also hold notebooks;
* a ``.zip`` of such a folder — unpacked safely: no absolute paths or ``..``, no links, only ``.py``
  and ``.ipynb`` members, and hard limits on the member count and the unpacked size (read, not
  trusted from the archive's header), so a zip bomb stops at the limit;
* a single ``.ipynb`` — graded as the module its cells make (``grader.core.sources``: tagged cells,
  or, failing that, what the exercise's functions need from every cell); never executed.

The student id is the entry's name without its extension; ``safe_name`` gives each id a file name
of its own, and entries whose names differ only in letter case are refused (``collisions``). Every
name in the folder that is not graded is reported with the reason. Nothing here runs student code.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.core import i18n, sources
from grader.core.discover import Exercise

MAX_ZIP_MEMBERS = 2000
MAX_UNZIPPED_MB = 64
MAX_FILE_MB = 16
MAX_DEPTH = 4  # how deep an exercise file may sit inside an entry
MAX_NAME_BYTES = 100  # a student's file name (``safe_name``), so that suffixes still fit in 255 bytes
IGNORED_SILENTLY = {".DS_Store", "__MACOSX", "Thumbs.db", "desktop.ini", ".ipynb_checkpoints"}
_EX_FILE = re.compile(r"ex\d{2}_\w+\.py")
_SKIP_DIRS = {"__MACOSX", "__pycache__", ".ipynb_checkpoints", ".git", "solutions", "grader", "tests"}
KINDS = {".zip": "zip", ".ipynb": "notebook"}


class SubmissionError(Exception):
    """A problem with a whole entry, told to the student as a catalogue message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return i18n.t(self.key, lang, **self.params)


@dataclass
class Entry:
    id: str
    path: Path
    kind: str  # "folder" | "zip" | "notebook"
    files: dict[str, Path] = field(default_factory=dict)  # exercise name -> file to grade
    error: SubmissionError | None = None  # the entry as a whole could not be read
    notes: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # exercise name -> sha256 of its file

    def file_for(self, exercise: Exercise) -> Path | None:
        return self.files.get(exercise.name)


def student_id(path: Path) -> str:
    return path.name[: -len(path.suffix)] if path.suffix.lower() in KINDS else path.name


def safe_name(ident: str) -> str:
    """The one file or folder name of a student id (``feedback/<name>.md``, ``gradescope/<name>/``,
    ``figures/<name>/``, the work folder), different for different ids.

    An id made of letters, digits and ``_ . @ + -`` (not starting with ``.``, at most
    ``MAX_NAME_BYTES`` bytes) is its own name. Any other id is shortened to such characters and gets
    ``~`` and a hash of the exact id: ``a b`` → ``a_b~…``, never ``a_b``, which is the id ``a_b``'s.
    No id keeps a ``~`` of its own, so a name with a hash never equals a name without one, and two
    hashed names are equal only if their ids are."""
    name = re.sub(r"[^\w.@+-]", "_", ident).lstrip(".")
    if name == ident and 0 < len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    base = (name or "_").encode("utf-8")[:MAX_NAME_BYTES - 17].decode("utf-8", "ignore")
    return f"{base}~{hashlib.sha256(ident.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


def collisions(entries: Iterable[tuple[str, Path]]) -> dict[str, SubmissionError]:
    """The entries whose names would be one file on a file system that ignores letter case (``Alice``
    and ``alice``): each with the error that refuses it, naming every entry of its group."""
    groups: dict[str, list[tuple[str, Path]]] = {}
    for sid, path in entries:
        groups.setdefault(safe_name(sid).casefold(), []).append((sid, path))
    refused: dict[str, SubmissionError] = {}
    for folder, group in groups.items():
        if len(group) > 1:
            names = ", ".join(path.name for _, path in group)
            for sid, _ in group:
                refused[sid] = SubmissionError("batch.id_collision", names=names, folder=folder)
    return refused


def find_entries(root: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, dict]]]:
    """``[(student id, entry path)]`` sorted by id, and warnings as ``(message key, params)``: one for
    every name in ``root`` that is not graded (except a file system's own litter, ``IGNORED_SILENTLY``)."""
    by_id: dict[str, list[Path]] = {}
    warnings: list[tuple[str, dict]] = []
    for path in sorted(root.iterdir()):
        if path.name in IGNORED_SILENTLY:
            continue
        if path.is_symlink():
            warnings.append(("batch.ignored_link", {"name": path.name}))
        elif path.name.startswith((".", "_")):
            warnings.append(("batch.ignored_hidden", {"name": path.name}))
        elif path.is_dir() or (path.is_file() and path.suffix.lower() in KINDS):
            by_id.setdefault(student_id(path), []).append(path)
        else:
            warnings.append(("batch.ignored_entry", {"name": path.name}))
    order = {"folder": 0, "zip": 1, "notebook": 2}
    out = []
    for sid, paths in sorted(by_id.items()):
        paths.sort(key=lambda p: order[kind_of(p)])
        if len(paths) > 1:
            warnings.append(("batch.duplicate_entry", {"student": sid, "names": ", ".join(p.name for p in paths),
                                                         "used": paths[0].name}))
        out.append((sid, paths[0]))
    shown: set[str] = set()
    for error in collisions(out).values():
        if error.params["names"] not in shown:
            shown.add(str(error.params["names"]))
            warnings.append((error.key, error.params))
    return out, warnings


def kind_of(path: Path) -> str:
    return "folder" if path.is_dir() else KINDS[path.suffix.lower()]


def prepare(sid: str, path: Path, exercises: Iterable[Exercise], work: Path) -> Entry:
    """Map each exercise to a file of the entry (materialising zips and notebooks under ``work``)."""
    entry = Entry(sid, path, kind_of(path))
    exercises = list(exercises)
    stage = work / safe_name(sid)
    try:
        if entry.kind == "zip":
            folder = stage / "unzipped"
            unzip_safely(path, folder)
            _from_folder(entry, folder, exercises)
        elif entry.kind == "notebook":
            _from_notebooks(entry, [path], exercises)
        else:
            _from_folder(entry, path, exercises)
        entry.hashes = {name: file_hash(p) for name, p in entry.files.items()}
    except SubmissionError as exc:
        entry.error = exc
    except (OSError, ValueError, RecursionError, MemoryError) as exc:  # unreadable, odd names, …: this entry only
        entry.error = SubmissionError("batch.unreadable", name=path.name, detail=_short(exc))
    if entry.error is not None:
        entry.files.clear()
        entry.hashes.clear()
    return entry


def _walk(folder: Path) -> list[tuple[int, Path]]:
    """Regular files under ``folder`` (no links followed), with their depth; shallow ones first."""
    found: list[tuple[int, Path]] = []
    base = len(folder.parts)
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        depth = len(Path(dirpath).parts) - base
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith(".")
                             and depth < MAX_DEPTH)
        for name in sorted(filenames):
            p = Path(dirpath) / name
            try:
                st = p.lstat()
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode) and st.st_size <= MAX_FILE_MB * 2**20:
                found.append((depth, p))
    found.sort(key=lambda dp: (dp[0], str(dp[1])))
    return found


def _from_folder(entry: Entry, folder: Path, exercises: list[Exercise]) -> None:
    files = _walk(folder)
    by_name: dict[str, Path] = {}
    for _, p in files:
        if _EX_FILE.fullmatch(p.name):
            by_name.setdefault(p.name, p)  # the shallowest copy wins
    for ex in exercises:
        if f"{ex.name}.py" in by_name:
            entry.files[ex.name] = by_name[f"{ex.name}.py"]
    notebooks = [p for _, p in files if p.suffix.lower() == ".ipynb"]
    todo = [ex for ex in exercises if ex.name not in entry.files]
    if notebooks and todo:
        # A notebook named after an exercise is tried first for it.
        _from_notebooks(entry, notebooks, todo, tolerate_errors=True)


def _from_notebooks(entry: Entry, notebooks: list[Path], exercises: list[Exercise],
                    tolerate_errors: bool = False) -> None:
    """Map each exercise to the first notebook with code for it (one named after it first). The
    notebook itself is what gets graded: the engine reads it (``grader.core.sources``), as for
    ``grade EXERCISE --file``, so the feedback says which of its cells were used."""
    from grader.authoring import notebooks as nb_mod

    readable = []
    for path in notebooks:
        try:
            nb_mod.read(path)
            readable.append(path)
        except nb_mod.NotebookError as exc:
            if not tolerate_errors or len(notebooks) == 1:
                raise SubmissionError(exc.key, **exc.params) from None
            entry.notes.append(i18n.t(exc.key, "en", **exc.params))
    for ex in exercises:
        ranked = sorted(readable, key=lambda p: not p.name.startswith(ex.id))
        found = next((p for p in ranked if sources.has_code_for(p, ex)), None)
        if found is not None:
            entry.files[ex.name] = found


def unzip_safely(archive: Path, dest: Path, max_members: int = MAX_ZIP_MEMBERS,
                 max_total_mb: int = MAX_UNZIPPED_MB, max_file_mb: int = MAX_FILE_MB) -> list[Path]:
    """Unpack the ``.py`` and ``.ipynb`` members of ``archive`` under ``dest``; raise SubmissionError."""
    name = archive.name
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise SubmissionError("batch.zip.bad", name=name, detail=_short(exc)) from None
    written: list[Path] = []
    total = 0
    with zf:
        members = zf.infolist()
        if len(members) > max_members:
            raise SubmissionError("batch.zip.too_many", name=name, limit=max_members)
        for info in members:
            rel = _safe_member_path(info.filename)
            if rel is None:
                raise SubmissionError("batch.zip.unsafe_path", name=name, path=info.filename[:200])
            if info.is_dir():
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                continue  # a link could point anywhere: never materialise one
            if rel.suffix.lower() not in (".py", ".ipynb") or any(part in _SKIP_DIRS for part in rel.parts[:-1]):
                continue
            if info.flag_bits & 0x1:
                raise SubmissionError("batch.zip.encrypted", name=name)
            target = dest.joinpath(*rel.parts)
            size = 0
            try:
                if dest.resolve() not in target.resolve().parents:
                    raise SubmissionError("batch.zip.unsafe_path", name=name, path=info.filename[:200])
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "xb") as out:
                    while chunk := src.read(1 << 16):
                        size += len(chunk)
                        total += len(chunk)
                        if size > max_file_mb * 2**20 or total > max_total_mb * 2**20:
                            raise SubmissionError("batch.zip.too_large", name=name, mb=max_total_mb)
                        out.write(chunk)
            except FileExistsError:
                continue  # the same path twice in one archive: keep the first
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
                raise SubmissionError("batch.zip.bad", name=name, detail=_short(exc)) from None
            written.append(target)
    return written


def _safe_member_path(filename: str) -> PurePosixPath | None:
    """The member's path if it stays inside the destination, else None."""
    name = filename.replace("\\", "/")
    if not name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if any(part in ("..",) for part in path.parts):
        return None
    parts = [p for p in path.parts if p not in ("", ".")]
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


def file_hash(path: Path | None) -> str:
    if path is None:
        return "missing"
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def clear(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
