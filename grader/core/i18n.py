"""The message catalogue: every sentence the grader shows, in English and Korean.

The engine's messages live in ``grader/messages/*.toml`` (``core.toml``, ``batch.toml``); each
exercise's in ``grader/exercises/<name>/messages.toml``. A key is the file's stem (or the
exercise's name) plus the table path, e.g. ``core.values`` or ``<exercise name>.concept.X``; each
leaf table holds ``en`` and ``ko`` strings with ``str.format`` placeholders.

A hidden test names what it checks in English (``"entropy(p) (2-D array)"``). The fragments of those
names that are words rather than code are translated by a file's ``[labels.<lang>]`` table, English
fragment = its translation, e.g. ``"2-D array" = "2차원 배열"``; :func:`localize` applies them.
"""
from __future__ import annotations

import functools
import locale
import os
import re
import tomllib
from pathlib import Path
from typing import Any

LANGS = ("en", "ko")
MESSAGES_DIR = Path(__file__).resolve().parent.parent / "messages"
EXERCISES_DIR = Path(__file__).resolve().parent.parent / "exercises"


def default_lang() -> str:
    """``GRADE_LANG``, else the locale (ko_KR… gives Korean), else English."""
    explicit = os.environ.get("GRADE_LANG", "")
    if explicit in LANGS:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, dict[str, str]]) -> None:
    if "en" in table and isinstance(table["en"], str):
        out[prefix] = {k: v for k, v in table.items() if isinstance(v, str)}
        for key, value in table.items():  # a message's own parts, e.g. its "more" (shown on request)
            if isinstance(value, dict):
                _flatten(f"{prefix}.{key}", value, out)
        return
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(f"{prefix}.{key}", value, out)


def _path(stem: str) -> Path:
    """The engine's ``messages/<stem>.toml``, or the messages of the exercise named ``stem``."""
    engine = MESSAGES_DIR / f"{stem}.toml"
    return engine if engine.is_file() else EXERCISES_DIR / stem / "messages.toml"


@functools.cache
def _file(stem: str) -> dict[str, dict[str, str]]:
    """The messages of one file (``core``, or an exercise's), read on first use."""
    out: dict[str, dict[str, str]] = {}
    path = _path(stem)
    if stem and "/" not in stem and path.is_file():
        with open(path, "rb") as f:
            _flatten(stem, tomllib.load(f), out)
    return out


def stems() -> list[str]:
    """Every message file's stem: the engine's, then one per exercise folder."""
    return ([p.stem for p in sorted(MESSAGES_DIR.glob("*.toml"))]
            + [p.parent.name for p in sorted(EXERCISES_DIR.glob("*/messages.toml"))])


def catalogue() -> dict[str, dict[str, str]]:
    """All messages, keyed by full key."""
    return {k: v for stem in stems() for k, v in _file(stem).items()}


def _entry(key: str) -> dict[str, str] | None:
    return _file(key.split(".", 1)[0]).get(key)  # a key starts with its file's stem


@functools.cache
def _labels(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every file's ``[labels.<lang>]`` fragments, longest first, as whole-word patterns."""
    pairs: dict[str, str] = {}
    for stem in stems():
        path = _path(stem)
        with open(path, "rb") as f:
            table = tomllib.load(f).get("labels", {}).get(lang, {})
        pairs |= {k: v for k, v in table.items() if isinstance(v, str)}
    return tuple((re.compile(r"(?<![\w.])" + re.escape(k) + r"(?![\w(])"), v)
                 for k, v in sorted(pairs.items(), key=lambda kv: -len(kv[0])))


def localize(text: str, lang: str) -> str:
    """An English name of a checked case (``"f(x) on an int array"``) with its word fragments in ``lang``."""
    if lang == "en" or not text:
        return text
    for pattern, translation in _labels(lang):
        text = pattern.sub(lambda _m, tr=translation: tr, text)
    return text


def has(key: str) -> bool:
    return _entry(key) is not None


def phrase(prefix: str, text: str, lang: str = "en") -> str:
    """A fixed English phrase (a protection's name, say) in ``lang``: the message ``<prefix>.<slug of text>``
    where the catalogue has one, else the phrase as it is."""
    key = f"{prefix}." + re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return t(key, lang) if has(key) else text


def t(key: str, lang: str = "en", **params: Any) -> str:
    """The message ``key`` in ``lang``, formatted with ``params`` (their English fragments localised).
    Unknown keys show themselves."""
    entry = _entry(key)
    if entry is None:
        return key + (f" {params}" if params else "")
    template = entry.get(lang) or entry["en"]
    if lang != "en":  # names of checked cases, written in English by the tests, in the reader's language
        params = {k: localize(v, lang) if isinstance(v, str) else v for k, v in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
