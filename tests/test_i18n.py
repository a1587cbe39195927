"""grader.core.i18n: the language, the message files, formatting."""
from __future__ import annotations

from grader.core import discover, i18n


def test_language_from_the_environment(monkeypatch):
    for var in ("GRADE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert i18n.default_lang() == "ko"
    monkeypatch.setenv("GRADE_LANG", "en")
    assert i18n.default_lang() == "en"
    monkeypatch.setenv("GRADE_LANG", "fr")  # not a language of the kit: the locale decides
    assert i18n.default_lang() == "ko"


def test_engine_and_exercise_messages_are_found_by_their_prefix():
    assert i18n.has("core.values") and i18n.has("batch.timeout")
    ex = discover.all_exercises()[0]
    concept = next(k for k in i18n.catalogue() if k.startswith(f"{ex.name}.concept."))
    assert i18n.t(concept, "ko") != i18n.t(concept, "en")
    assert i18n.stems()[:2] == ["batch", "core"] and ex.name in i18n.stems()


def test_formatting_and_unknown_keys():
    assert i18n.t("core.child.timeout", "en", seconds=5, fn="f") == i18n.t("core.child.timeout", seconds=5, fn="f")
    assert i18n.t("no.such.key", "en", x=1) == "no.such.key {'x': 1}"
    assert i18n.t("core.values", "en") == i18n.catalogue()["core.values"]["en"]  # a missing placeholder


def test_case_names_are_localised_fragment_by_fragment():
    name = "softmax(z) on an int array of shape (2, 3), z_empty"
    assert i18n.localize(name, "en") == name
    ko = i18n.localize(name, "ko")
    assert ko == "softmax(z) 정수 배열, 모양 (2, 3), z_empty"  # the longest fragment wins; identifiers stay
    assert i18n.localize("np.empty((0,))", "ko") == "np.empty((0,))"  # code is not a word
    assert "2차원 배열" in i18n.t("core.shape", "ko", what="f(x) (2-D array)", expected=(1,), got=(2,))
    assert "2-D array" in i18n.t("core.shape", "en", what="f(x) (2-D array)", expected=(1,), got=(2,))


def test_every_label_table_is_korean_and_keyed_by_english():
    import tomllib
    for stem in i18n.stems():
        with open(i18n._path(stem), "rb") as f:
            labels = tomllib.load(f).get("labels", {})
        assert set(labels) <= set(i18n.LANGS) - {"en"}, f"{stem}: [labels.<lang>] tables only"
        for english, korean in labels.get("ko", {}).items():
            assert english.isascii() and korean and not korean.isascii(), f"{stem}: {english!r} = {korean!r}"
