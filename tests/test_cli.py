"""The command line: every command, its output and its exit status."""

from __future__ import annotations

import json
import re
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


def _on_a_terminal(args: list[str], *, columns: int = 120, env: dict[str, str] | None = None) -> str:
    """What ``kg ARGS`` shows on a pseudo-terminal of ``columns`` columns (standard output and error together)."""
    import fcntl
    import os
    import select
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "kg", *args], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT,
                               close_fds=True, env={**os.environ, **(env or {})})
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=60)
    os.close(master)
    return out.decode("utf-8", "replace")


@pytest.mark.slow
def test_progress_bar_has_total_percentage_rate_and_time_left(tmp_path):
    store = str(tmp_path / "s")
    shown = _on_a_terminal(["build", str(SEEDS), "--store", store])
    frames = [f for f in shown.replace("\r\n", "\n").replace("\r", "\n").splitlines() if f.startswith("kg build:")]
    assert frames, shown
    last = frames[-1]
    assert re.search(r"kg build: 100%\|.*\| 5/5 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ articles/s, 5 written, 0 unchanged\]", last), last
    assert all(len(f) <= 120 for f in frames)
    assert "5 added, 0 updated, 0 unchanged" in shown
    again = _on_a_terminal(["build", str(SEEDS), "--store", store])
    assert re.search(r"100%\|.*\| 5/5 .*0 written, 5 unchanged\]", again), again
    quiet = _on_a_terminal(["build", str(SEEDS), "--store", store, "--quiet"])
    assert "kg build:" not in quiet and "5 unchanged" in quiet
    # A terminal that reports no size (a fresh pseudo-terminal, some CI runners) with $COLUMNS set: a bar $COLUMNS wide.
    unsized = _on_a_terminal(["build", str(SEEDS), "--store", str(tmp_path / "t")], columns=0, env={"COLUMNS": "90"})
    frames = [f for f in unsized.replace("\r\n", "\n").replace("\r", "\n").splitlines() if f.startswith("kg build:")]
    assert frames and frames[0].startswith("kg build:   0%|") and all(len(f) <= 90 for f in frames), unsized
    assert re.search(r"kg build: 100%\|█+\| 5/5 ", frames[-1]), frames[-1]


@pytest.mark.parametrize("command", sorted(__import__("kg.cli", fromlist=["COMMANDS"]).COMMANDS))
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "examples:\n" in text and f"  kg {command}" in text.split("examples:\n", 1)[1]
    if "--base" in text:
        assert "base IRI of the data (default: https://kg.example/id/)" in " ".join(text.split())


def test_help_is_quick_and_loads_neither_spacy_nor_rdflib_nor_the_store():
    import time

    code = ("import sys\nfrom kg.cli import main\ntry:\n    main(['build', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('spacy', 'rdflib', 'pyoxigraph', 'kg.store', 'kg.nlp', 'tqdm') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]"), done.stdout[-300:]
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "query", "--help"], capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
    assert min(seconds) < 0.5, seconds  # the interpreter's own start included; about 0.1 s on an idle machine


def test_the_defaults_help_shows_are_the_librarys():
    from kg import cli
    from kg.explorer.network import NETWORK_FORMATS
    from kg.ingest import DEFAULT_MAX_BYTES
    from kg.nlp import DEFAULT_MODEL
    from kg.rdf.export import FORMATS
    from kg.rdf.namespace import DEFAULT_BASE
    from kg.store import DEFAULT_STORE, ENV_STORE, TOKEN_ENV

    assert (cli.DEFAULT_MODEL, cli.DEFAULT_BASE, cli.DEFAULT_MAX_BYTES) == (DEFAULT_MODEL, DEFAULT_BASE, DEFAULT_MAX_BYTES)
    assert (cli.DEFAULT_STORE, cli.ENV_STORE, cli.TOKEN_ENV) == (DEFAULT_STORE, ENV_STORE, TOKEN_ENV)
    assert set(cli.RDF_FORMATS) == set(FORMATS) and set(cli.NETWORK_FORMATS) == {*NETWORK_FORMATS, "csv"}


def test_ask_prints_its_answer_and_describe_its_graph(seeds_store, capsys):
    assert main(["query", "ASK { ?a a schema:NewsArticle }", "--store", seeds_store]) == 0
    assert capsys.readouterr().out == "true\n"
    assert main(["query", "ASK { ?a a schema:Nothing }", "--store", seeds_store, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "answer\nfalse\n"
    assert main(["query", "DESCRIBE person:vitali-klitschko", "--store", seeds_store]) == 0
    turtle = capsys.readouterr().out
    assert "@prefix schema: <https://schema.org/> ." in turtle and "person:vitali-klitschko a schema:Person" in turtle
    assert main(["query", "CONSTRUCT WHERE { ?p a schema:Person } LIMIT 3", "--store", seeds_store, "--format", "tsv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3  # N-Triples, three distinct triples
