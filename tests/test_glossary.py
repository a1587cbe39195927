"""One glossary of the course's terms (grader/messages/glossary.toml) that every Korean message follows."""
from __future__ import annotations

import re
import tomllib

import pytest

from grader.core import discover, i18n

with open(i18n.MESSAGES_DIR / "glossary.toml", "rb") as f:
    GLOSSARY = tomllib.load(f)
TERMS = GLOSSARY["term"]
PARTICLE = re.compile(GLOSSARY["style"]["particle_after_placeholder"]["pattern"])
CATALOGUE = i18n.catalogue()


def test_the_glossary_is_consistent():
    for name, term in TERMS.items():
        assert term["en"] and term["ko"], name
        for pattern in term["avoid"]:
            assert not re.search(pattern, term["ko"]), f"{name}: the Korean term matches its own variant {pattern!r}"


@pytest.mark.parametrize("stem", i18n.stems())
def test_korean_messages_use_the_glossary(stem):
    problems = []
    for key, entry in CATALOGUE.items():
        if key.split(".", 1)[0] != stem:
            continue
        text = entry.get("ko", "")
        for term in TERMS.values():
            for pattern in term["avoid"]:
                m = re.search(pattern, text)
                if m:
                    problems.append(f"{key}: {m.group(0)!r} → {term['ko']!r} ({term['en']})")
        m = PARTICLE.search(text)
        if m:
            problems.append(f"{key}: a space before the particle in {m.group(0)!r}")
    assert not problems, "\n".join(problems)


def test_korean_templates_have_no_english_prose():
    from tests.korean import english_prose

    found = [f"{key}: {run!r}" for key, entry in CATALOGUE.items() for run in english_prose(entry.get("ko", ""))]
    assert not found, "\n".join(found)


def test_every_protection_of_every_layer_has_its_korean_name(monkeypatch):
    from grader.isolation import sandbox

    phrases = set()
    for root in (True, False):
        monkeypatch.setattr(sandbox, "_is_root", lambda root=root: root)
        for layer in sandbox.LAYERS:
            for drops in (True, False):
                iso = sandbox._describe(layer, drops)
                phrases |= set(iso.protections) | set(iso.missing)
    missing = sorted(p for p in phrases if i18n.phrase("core.protection", p, "ko") == p)
    assert not missing, f"add [protection.<slug>] to grader/messages/core.toml for: {missing}"


@pytest.mark.parametrize("exercise", [e for e in discover.all_exercises() if e.stub.is_file()], ids=lambda e: e.name)
def test_titles_and_stubs_use_the_glossary(exercise):
    """The Korean title and the stub's docstrings (the Korean names in them) follow the glossary too."""
    texts = {"title": exercise.title("ko"), "stub": exercise.stub.read_text(encoding="utf-8")}
    problems = [f"{exercise.name} {where}: {m.group(0)!r} → {term['ko']!r} ({term['en']})"
                for where, text in texts.items() for term in TERMS.values() for pattern in term["avoid"]
                for m in re.finditer(pattern, text)]
    assert not problems, "\n".join(problems)
