"""Two files named alike in two folders are one article id: a later build says when it replaces another story."""

from __future__ import annotations

import shutil

from kg import api
from tests.conftest import SEEDS

KHARKIV = SEEDS / "000_4c6d2b9258616e59.txt"


def _refugees() -> str:
    return next(p for p in sorted(SEEDS.glob("*.txt")) if p.read_text(encoding="utf-8").startswith("U.N.: Ukraine Refugee"))


def _notes(report) -> list[str]:  # noqa: ANN001 - a BuildReport
    return [p.problem for p in report.problems if not p.skipped and "replaces the stored article" in p.problem]


def test_a_story_replaced_by_another_of_the_same_name_gets_a_note_and_a_corrected_one_does_not(tmp_path):
    for folder, source in (("a", KHARKIV), ("b", _refugees()), ("c", KHARKIV)):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "story.txt")
    corrected = (tmp_path / "c" / "story.txt")
    corrected.write_text(corrected.read_text(encoding="utf-8") + "\n\nCorrection: an earlier version misspelled a name.\n",
                         encoding="utf-8")
    store = str(tmp_path / "store")
    first = api.build([str(tmp_path / "a")], store=store)
    assert first.added == 1 and not first.problems
    second = api.build([str(tmp_path / "b")], store=store)
    assert second.updated == 1 and not second.failed
    [note] = _notes(second)
    assert "'story'" in note and "rename one of the two files to keep both" in note
    assert [p.origin for p in second.problems] == [str(tmp_path / "b" / "story.txt")]
    back = api.build([str(tmp_path / "a")], store=store)
    assert back.updated == 1 and len(_notes(back)) == 1
    edited = api.build([str(tmp_path / "c")], store=store)
    assert edited.updated == 1 and not edited.problems
