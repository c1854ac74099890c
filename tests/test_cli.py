"""The command line: every command, its output and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.cli import main
from tests.conftest import ROOT, SEEDS


def kg(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd or ROOT, check=False)


@pytest.mark.slow
def test_build_and_query_roles_as_csv(tmp_path):
    store = str(tmp_path / "s")
    built = kg("build", str(SEEDS), "--store", store)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("5 added, 0 updated, 0 unchanged, 0 failed inputs")
    out = kg("query", "roles", "--format", "csv", "--store", store)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "person,personName,role,orgName,articleId"
    assert any("Vitali Klitschko,mayor,Kyiv,003_9005c87e2e9c69b0" in line for line in lines)
    again = kg("build", str(SEEDS), "--store", store)
    assert again.stdout.startswith("0 added, 0 updated, 5 unchanged")


@pytest.mark.slow
def test_bad_inputs_exit_1_with_one_line_each(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Mayor speaks\n\nThe mayor of Kharkiv, Ihor Terekhov, spoke.", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": "j1", "text": "Fine text."}\n{broken\n', encoding="utf-8")
    result = kg("build", str(tmp_path / "in"), "--store", str(tmp_path / "s"))
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped")]
    assert len(problems) == 2
    assert any("empty.txt: file is empty" in p for p in problems)
    assert any("bad.jsonl:2: malformed JSON" in p for p in problems)
    assert result.stdout.startswith("2 added")


def test_export_viz_validate_stats_remove(seeds_store, store_copy, tmp_path, capsys):
    assert main(["export", "--store", seeds_store, "--format", "trig", "-o", str(tmp_path / "g.trig")]) == 0
    assert (tmp_path / "g.trig").read_bytes().startswith(b"@prefix")
    assert main(["viz", "--store", seeds_store, "-o", str(tmp_path / "g.html")]) == 0
    assert "<html" in (tmp_path / "g.html").read_text(encoding="utf-8")
    assert main(["validate", "--store", seeds_store]) == 0
    assert main(["stats", "--store", seeds_store]) == 0
    assert "articles" in capsys.readouterr().out
    assert main(["remove", "004_c7c84149450f7894", "--store", store_copy]) == 0
    assert main(["remove", "004_c7c84149450f7894", "--store", store_copy]) == 1


def test_query_json_and_queries_listing(seeds_store, capsys):
    assert main(["query", "attacks", "--format", "json", "--store", seeds_store]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and set(rows[0]) == {"event", "place", "placeName", "date", "dateText", "articleId"}
    assert main(["queries"]) == 0
    listing = capsys.readouterr().out
    for name in ("articles", "entities", "roles", "quotes", "attacks", "figures", "contested_figures"):
        assert name in listing


def test_query_table_fits_the_terminal(seeds_store, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # not a terminal, no $COLUMNS: 120 characters
    assert main(["query", "quotes", "--store", seeds_store]) == 0
    out = capsys.readouterr().out
    assert max(map(len, out.splitlines())) <= 120 and "https://" not in out and "speakerName" in out
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["query", "quotes", "--store", seeds_store]) == 0
    assert max(map(len, capsys.readouterr().out.splitlines())) <= 80
    assert main(["query", "quotes", "--store", seeds_store, "--width", "0", "--iris", "--columns", "quote,text"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["quote", "text"] and max(map(len, lines)) > 200 and "https://kg.example/id/quote/" in lines[2]
    assert main(["query", "quotes", "--store", seeds_store, "--format", "csv", "--columns", "?articleId,kind"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "articleId,kind"
    assert main(["query", "roles", "--store", seeds_store, "--columns", "personName,nope"]) == 2
    assert "no column 'nope' in this result; its columns are person," in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["query", "roles", "--store", "/nonexistent/store"], "no kg store at"),
     (["query", "no_such_query"], "unknown query"),
     (["build", "seeds", "--model", "xx_no_such_model"], "is not installed")],
)
def test_errors_are_one_line_with_exit_2(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow
def test_python_dash_m_and_version():
    result = kg("--version")
    assert result.returncode == 0 and result.stdout.startswith("kg ")


def test_build_summary_stats_and_named_queries_count_the_same_reports(seeds_store, capsys):
    """One vocabulary: a report is one fact in one article; the build, kg stats and the named queries agree."""
    from kg.api import stats
    from kg.query import run_query
    from kg.store import open_store

    counts = stats(store=seeds_store)
    with open_store(seeds_store, read_only=True) as db:
        rows = {name: len(run_query(db, name).rows) for name in ("roles", "quotes", "attacks", "figures", "entities")}
    assert counts["near-duplicates"] == 1  # the seeds' 001 repeats 000: its repeats are not counted again
    for family in ("roles", "quotes", "attacks", "figures"):
        assert counts[f"{family[:-1]} reports"] == rows[family] >= counts[family] > 0, family
    assert counts["people"] + counts["organisations"] + counts["places"] == rows["entities"]
    assert main(["stats", "--store", seeds_store]) == 0
    out = capsys.readouterr().out
    assert f"roles{counts['roles']:>19,}{rows['roles']:>11,}" in out and "a report is one fact in one article" in out


@pytest.mark.slow
def test_the_build_summary_counts_reports_as_the_queries_do(tmp_path):
    store = str(tmp_path / "s")
    built = kg("build", str(SEEDS), "--store", store)
    from kg.query import run_query
    from kg.store import open_store

    with open_store(store, read_only=True) as db:
        rows = {name: len(run_query(db, name).rows) for name in ("roles", "quotes", "attacks", "figures")}
    said = ", ".join(f"{n} {name}" for name, n in rows.items())
    assert f"reported in them: {said};" in built.stdout
