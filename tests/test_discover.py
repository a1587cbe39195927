"""grader.core.discover: exercises are folders, read from their metadata without importing tests."""
from __future__ import annotations

import pytest

from grader.core import discover


def _folder(tmp_path, name="ex42_thing", meta='[title]\nen = "Thing"\nko = "것"\n', tests=None):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "exercise.toml").write_text(meta, encoding="utf-8")
    (folder / "test_hidden.py").write_text(tests or (
        "import pytest\n\n@pytest.mark.points(2.5)\ndef test_a(student):\n    pass\n\n"
        "def test_b(student):\n    pass\n\n"
        "@pytest.mark.points(2)\n@pytest.mark.parametrize('n', [1, 2, 3])\ndef test_c(student, n):\n    pass\n"),
        encoding="utf-8")
    return folder


def test_points_are_counted_without_importing(tmp_path):
    ex = discover.load(_folder(tmp_path))
    assert (ex.id, ex.name, ex.points) == ("ex42", "ex42_thing", 2.5 + 1 + 3 * 2)
    assert ex.title("ko") == "것" and ex.title("xx") == "Thing"
    assert ex.has_hidden and not ex.has_public and ex.test_files == (ex.folder / "test_hidden.py",)


def test_limits_helpers_and_parts(tmp_path):
    meta = ('[title]\nen = "T"\nko = "T"\n[limits]\ncall_timeout_s = 3\ntorch = true\n'
            '[child]\nhelpers = ["training"]\nhide_site_data = ["pkg/data"]\n[parts]\nfigure = true\n')
    ex = discover.load(_folder(tmp_path, meta=meta))
    assert ex.limits.call_timeout_s == 3 and ex.limits.torch and ex.limits.memory_mb == discover.Limits().memory_mb
    assert ex.child_helpers == ("training",) and ex.hidden_site_data == ("pkg/data",)
    assert ex.has_part("figure") and not ex.has_part("dataset") and ex.child_helper_file is None


def test_malformed_metadata_is_a_fault_of_the_kit(tmp_path):
    with pytest.raises(discover.MetadataError, match="unknown parts"):
        discover.load(_folder(tmp_path, meta="[parts]\nvideo = true\n"))
    ex = discover.load(_folder(tmp_path, "ex43_other", meta="[limits]\ncall_timeout = 3\n"))
    with pytest.raises(discover.MetadataError, match="unknown limits"):
        ex.limits  # noqa: B018
    with pytest.raises(discover.MetadataError, match="named exNN_name"):
        discover.load(_folder(tmp_path, "Ex44"))
    with pytest.raises(discover.MetadataError, match="literal list"):
        ex = discover.load(_folder(tmp_path, "ex45_p", tests="import pytest\nN = [1]\n"
                                   "@pytest.mark.parametrize('n', N)\ndef test_a(n):\n    pass\n"))
        assert ex.points


def test_find_by_id_name_or_file_name():
    first = discover.all_exercises()[0]
    assert discover.find(first.id) == discover.find(first.name) == discover.find(f"{first.name}.py") == first
    with pytest.raises(discover.UnknownExercise, match="known:"):
        discover.find("ex00")
