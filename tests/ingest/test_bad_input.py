"""Bad input: every kind gets one line naming the file (and line), the build's exit status says
some inputs failed, and every good article of the same run is in the store.

The small bad files are committed in ``tests/badinput/``; the big ones, the symbolic links, the
named pipe and the unreadable files are made at test time. Unreadable files: the tests may run as
root, for whom permissions do not stop reading, so the build then runs without the capabilities
that let root ignore them (``setpriv --bounding-set -dac_override,-dac_read_search``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.api import export, run_query
from tests.conftest import ROOT, kg_command

BAD = ROOT / "tests" / "badinput"
STORY = ("The mayor of Kharkiv, Ihor Terekhov, said the city was shelled on Tuesday.\n\n"
         "“We will rebuild every street,” he told reporters.\n")

# (file under the run's folders, line or None, "skipped" or "note", what the message must say)
EXPECTED = [
    ("badinput/empty.txt", None, "skipped", "file is empty"),
    ("badinput/whitespace-only.txt", None, "skipped", "file holds only whitespace"),
    ("badinput/binary.txt", None, "skipped", "binary file"),
    ("badinput/nul-bytes.txt", None, "skipped", "binary file (NUL byte at line 3"),
    ("badinput/invalid-utf8.txt", None, "skipped", "not valid UTF-8 (byte 0xc3 at line 4"),
    ("badinput/utf16-with-bom.txt", None, "note", "encoded as UTF-16 (byte-order mark)"),
    ("badinput/utf16-without-bom.txt", None, "skipped", "looks like UTF-16 without a byte-order mark"),
    ("badinput/cp1252.txt", None, "skipped", "perhaps Windows-1252"),
    ("badinput/mojibake.txt", None, "note", "mojibake"),
    ("badinput/scripts-only.html", None, "skipped", "no article text found in the page"),
    ("badinput/no-title.html", None, "note", "no title"),
    ("badinput/february-31.txt", None, "note", "impossible date '2022-02-31'"),
    ("badinput/future-date.txt", None, "note", "publication date 2099-03-02 is in the future"),
    ("badinput/notes.pdf", None, "skipped", "unsupported file type '.pdf'"),  # named: a folder's other files are ignored
    ("badinput/dump.jsonl", 2, "skipped", "malformed JSON (Unterminated string"),
    ("badinput/dump.jsonl", 3, "skipped", "no article text"),
    ("badinput/dump.jsonl", 4, "skipped", "field 'text' is int"),
    ("badinput/dump.jsonl", 5, "note", "field 'url' is int, expected a string; the field is ignored"),
    ("badinput/dump.jsonl", 6, "note", "no title"),
    ("badinput/dump.jsonl", 7, "note", "year 20222 is out of range"),
    ("badinput/dump.jsonl", 8, "skipped", "field 'id' is list"),
    ("badinput/dump.jsonl", 9, "skipped", "expected a JSON object, found list"),
    ("badinput/dump.jsonl", 10, "note", "lone surrogates"),
    ("badinput/dump.jsonl", 11, "skipped", "article id 'jsonl-good' is already taken"),
    ("badinput/dump.jsonl", 12, "skipped", "malformed JSON"),
    ("made/big-50mb.txt", None, "skipped", "file is 50.0 MiB, over the 20 MiB limit"),
    ("made/one-line-1mb.txt", None, "skipped", "article text is 1,048,576 characters"),
    ("made/one-line-1mb.jsonl", 1, "skipped", "over the 200,000-character limit"),
    ("made/loop/inner/back", None, "skipped", "directory loop"),
    ("made/named-pipe.txt", None, "skipped", "a named pipe"),
    ("made/dangling-link.txt", None, "skipped", "broken symbolic link"),
    ("made/unreadable.txt", None, "skipped", "cannot read file (Permission denied)"),
    ("made/unreadable-folder", None, "skipped", "cannot read directory (Permission denied)"),
    ("made/folder-named-like-a-file.txt/not-jsonl.jsonl", None, "skipped", "not JSON Lines"),
]
GOOD = {"good-text", "good-page", "good-jsonl-1", "good-jsonl-2", "inside-loop",
        # kept, with a note
        "utf16-with-bom", "mojibake", "no-title", "february-31", "future-date", "jsonl-good", "jsonl-url-number",
        "jsonl-no-title", "jsonl-year-20222", "jsonl-surrogate"}


def _make(folder: Path) -> None:
    """The inputs too big, too odd or too system-specific to commit."""
    folder.mkdir()
    with open(folder / "big-50mb.txt", "wb") as f:
        f.write(b"A fifty megabyte article\n\n")
        f.truncate(50 * 2**20)  # sparse: a NUL-filled tail, never read since the size is checked first
    (folder / "one-line-1mb.txt").write_text(("Kharkiv was shelled again. " * 40000)[:2**20], encoding="utf-8")
    (folder / "one-line-1mb.jsonl").write_text(json.dumps({"id": "long", "text": "Kharkiv was shelled. " * 50000}), encoding="utf-8")
    (folder / "loop" / "inner").mkdir(parents=True)
    (folder / "loop" / "inner" / "inside-loop.txt").write_text("Inside a loop\n\n" + STORY, encoding="utf-8")
    (folder / "loop" / "inner" / "back").symlink_to("..", target_is_directory=True)
    os.mkfifo(folder / "named-pipe.txt")
    (folder / "dangling-link.txt").symlink_to(folder / "nowhere.txt")
    (folder / "unreadable.txt").write_text("Unreadable\n\n" + STORY, encoding="utf-8")
    (folder / "unreadable.txt").chmod(0)
    (folder / "unreadable-folder").mkdir()
    (folder / "unreadable-folder" / "hidden.txt").write_text("Hidden\n\n" + STORY, encoding="utf-8")
    (folder / "unreadable-folder").chmod(0)
    (folder / "folder-named-like-a-file.txt").mkdir()  # a folder is walked, whatever its name
    (folder / "folder-named-like-a-file.txt" / "not-jsonl.jsonl").write_text("just\nsome\nplain\ntext\nlines\nhere\n", encoding="utf-8")


def _good(folder: Path) -> None:
    folder.mkdir()
    (folder / "good-text.txt").write_text(" date 2022-03-02 Shelling in Kharkiv\n\n" + STORY, encoding="utf-8")
    (folder / "good-page.html").write_text(
        "<html><head><title>Kharkiv shelled</title><script>alert('not text');</script></head><body><article>"
        "<h1>Kharkiv shelled</h1><p>" + STORY.replace("\n\n", "</p><p>") + "</p></article></body></html>", encoding="utf-8")
    (folder / "good.jsonl").write_text("\n".join(json.dumps({"id": f"good-jsonl-{i}", "title": f"Report {i}", "text": STORY,
                                                             "published": "2022-03-03"}) for i in (1, 2)) + "\n", encoding="utf-8")


def _without_root_privilege() -> list[str]:
    """A command prefix under which permissions stop reading (they always do for other users)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to run the unreadable-file case as root"
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    top = tmp_path_factory.mktemp("bad")
    shutil.copytree(BAD, top / "badinput")
    _make(top / "made")
    _good(top / "good")
    store = top / "store"
    command = _without_root_privilege() + kg_command("build", "badinput", "made", "good", "badinput/notes.pdf", "--store", str(store))
    result = subprocess.run(command, capture_output=True, text=True, cwd=top, check=False, timeout=600)
    query = subprocess.run(kg_command("query", "articles", "--format", "json", "--store", str(store)),
                           capture_output=True, text=True, check=False)
    assert query.returncode == 0, query.stderr
    (top / "made" / "unreadable-folder").chmod(0o755)  # so that pytest can clean up
    return result, {r["articleId"]: r for r in json.loads(query.stdout)}, store


def test_every_kind_of_bad_input_gets_exactly_one_line(bad_run):
    result, _, _ = bad_run
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("kg: ")]
    assert len(lines) == len(result.stderr.splitlines())  # nothing but the one-line reports
    unclaimed = list(lines)
    for path, line, status, says in EXPECTED:
        where = f"{path}:{line}: " if line else f"{path}: "
        found = [x for x in unclaimed if x.startswith(f"kg: {status}: {where}")]
        assert len(found) == 1, f"{status} {where}: {found or 'no line'}\n{result.stderr}"
        assert says in found[0], found[0]
        unclaimed.remove(found[0])
    assert not unclaimed, "lines for inputs that are fine:\n" + "\n".join(unclaimed)
    kinds = {(path.split("/")[-1], status) for path, _, status, _ in EXPECTED}
    print(f"\nbad input: {len(EXPECTED)} bad inputs, {sum(1 for e in EXPECTED if e[2] == 'skipped')} skipped, "
          f"{sum(1 for e in EXPECTED if e[2] == 'note')} kept with a note; {len(kinds)} distinct files")


def test_the_exit_status_says_inputs_failed(bad_run):
    result, _, _ = bad_run
    assert result.returncode == 1, result.stderr
    skipped = sum(1 for e in EXPECTED if e[2] == "skipped")
    assert f"{len(GOOD)} added, 0 updated, 0 unchanged, {skipped} failed inputs" in result.stdout


def test_every_good_article_of_the_run_is_in_the_store(bad_run):
    _, articles, _ = bad_run
    assert set(articles) == GOOD


def test_kept_articles_lose_only_what_was_wrong(bad_run):
    _, articles, store = bad_run
    assert articles["utf16-with-bom"]["title"] == "Shelling in Kharkiv, read from UTF-16"
    assert articles["february-31"]["published"] == "" and articles["future-date"]["published"] == ""
    assert articles["jsonl-year-20222"]["published"] == "" and articles["good-text"]["published"] == "2022-03-02"
    assert articles["jsonl-surrogate"]["title"] == "Lone surrogate \ufffd in a title"
    assert "â€".encode() not in export(store=str(store), fmt="nquads")  # the mojibake was repaired
    quotes = run_query("quotes", store=str(store)).records()
    assert any(q["articleId"] == "mojibake" and q["text"].startswith("We will rebuild every street") for q in quotes)


def test_at_least_twenty_kinds():
    assert len(EXPECTED) >= 20


def test_max_bytes_bounds_a_file_and_a_jsonl_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "small.txt").write_text("Small\n\n" + STORY, encoding="utf-8")
    (folder / "big.txt").write_text("Big\n\n" + STORY * 20, encoding="utf-8")
    lines = [{"id": "line-small", "title": "Small", "text": STORY}, {"id": "line-big", "title": "Big", "text": STORY * 20}]
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    result = subprocess.run(kg_command("build", str(folder), "--max-bytes", "2K", "--store", str(tmp_path / "store")),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    big, line = sorted(result.stderr.splitlines())
    advice = "over the 2 KiB limit for one input; skipped (split it, or raise the limit with --max-bytes)"
    assert re.fullmatch(rf"kg: skipped: {re.escape(str(folder / 'big.txt'))}: file is \d\.\d KiB, {re.escape(advice)}", big), big
    assert re.fullmatch(rf"kg: skipped: {re.escape(str(folder / 'dump.jsonl'))}:2: line is \d\.\d KiB, {re.escape(advice)}", line), line
    assert result.stdout.startswith("2 added")


def test_an_extractor_failing_on_one_article_costs_only_that_article(tmp_path, monkeypatch):
    import kg.pipeline.build
    import kg.pipeline.workers

    real = kg.pipeline.workers.extract

    def flaky(article, doc, **kw):  # noqa: ANN001, ANN003, ANN202
        if article.id == "boom":
            raise RuntimeError("an extractor's bug")
        return real(article, doc, **kw)

    monkeypatch.setattr(kg.pipeline.workers, "extract", flaky)
    for name in ("boom", "fine"):
        (tmp_path / f"{name}.txt").write_text(f"{name}\n\n{STORY}", encoding="utf-8")
    report = kg.pipeline.build.build([str(tmp_path / "boom.txt"), str(tmp_path / "fine.txt")], store=str(tmp_path / "store"))
    assert report.added == 1
    (failed,) = report.failed
    assert failed.origin.endswith("boom.txt") and "kg failed to analyse this article (RuntimeError: an extractor's bug)" in failed.problem
    assert {r["articleId"] for r in run_query("articles", store=str(tmp_path / "store")).records()} == {"fine"}
