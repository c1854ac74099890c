"""The benchmark scripts run from a clean checkout, on 20 articles, and print their tables.

Benchmarks are not tests: these only check that each script still works end to end (so the numbers
in bench/RESULTS.md can be reproduced), with --no-record so RESULTS.md is left alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UKRAINE = ROOT.parent / "shared" / "data" / "ukraine-news-2022" / "articles_all.jsonl"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not UKRAINE.is_file(), reason="needs ../shared/data beside the checkout")]


def bench(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args, "--no-record"],
                          capture_output=True, text=True, check=False, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_throughput_compares_kg_with_raw_spacy_on_the_same_texts():
    out = bench("throughput.py", "--articles", "20", "--workers", "2", "--checkpoints", "8,16")
    assert "| raw spaCy nlp.pipe (incl. import and model load) | 20 |" in out
    assert "| kg build, 1 process | 20 |" in out and "| kg build --workers 2 | 20 |" in out
    assert "both stores export identical N-Quads" in out
    assert "| 8 |" in out and "| 16 |" in out and "| 20 |" in out  # the scaling checkpoints, and the end
    assert "kg/spaCy throughput ratio: **" in out


def test_throughput_reads_reuters_from_the_sgml_files(tmp_path):
    out = bench("throughput.py", "--corpus", "reuters", "--articles", "20", "--checkpoints", "10",
                "--keep", str(tmp_path / "kept"))
    assert "Corpus: reuters, 20 articles" in out
    meta = json.loads((tmp_path / "kept.json").read_text())
    assert meta["articles"] == 20 and meta["corpus"] == "reuters" and (tmp_path / "kept").is_dir()


def test_reuters_records_are_clean_articles():
    sys.path.insert(0, str(ROOT))
    from bench.corpora import reuters_records

    first = next(reuters_records())
    assert first["id"] == "reuters-1" and first["published"] == "1987-02-26"
    assert first["title"] == "BAHIA COCOA REVIEW" and first["text"].startswith("Showers continued")
    assert "\x03" not in first["text"] and not first["text"].endswith("Reuter")


def test_queries_times_every_named_query_and_the_exports():
    out = bench("queries.py", "--articles", "20", "--runs", "1")
    for name in ("articles", "roles", "quotes", "attacks", "figures", "contested_figures", "entities"):
        assert f"| {name} |" in out
    assert "kg export --format nquads" in out and "pyoxigraph Store.dump N-Quads" in out


def test_incremental_rebuilds_and_adds():
    out = bench("incremental.py", "--articles", "20", "--add", "5")
    assert "again, unchanged: 0 added, 0 updated, 20 unchanged" in out
    assert "5 new articles (ukraine) into the 20-article store" in out and "adding 5 articles to 20 costs" in out


def test_surfaces_measures_ad_hoc_sparql_tables_help_and_the_explorer():
    out = bench("surfaces.py", "--lines", "30")
    assert "| over the default graph (the merge of the article graphs) |" in out
    assert "| quotes | " in out and "| kg --help | " in out
    assert "| nodes without an edge | 0 |" in out and "| overlapping node-and-label boxes | 0 |" in out


def test_html_parsing_compares_kg_with_the_baseline_commit():
    out = bench("html_parsing.py", "--sizes", "200", "--big", "", "--baseline-up-to", "200")
    assert "| spans then stray end tags | 200 |" in out and "| cut-off comment | 200 |" in out


def test_duplicates_compares_kg_with_the_baseline_commit():
    out = bench("duplicates.py", "--relink", "20", "--build", "")
    assert "| 20 | copies |" in out and "| 20 | distinct |" in out


def test_server_reliability_survives_a_round_and_refuses_every_remote_fetch():
    out = bench("server_reliability.py", "--rounds", "1")
    assert "4 stopped with 503" in out and ", 0 taken;" in out and "the server answered 200 after the rounds" in out
    assert "12 of 12 refused" in out and "0 connections reached the listening port" in out
    assert "engine gone, store free" in out


def test_entities_reports_people_types_junk_and_the_top_people(tmp_path):
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(UKRAINE.read_text(encoding="utf-8").splitlines(keepends=True)[:20]), encoding="utf-8")
    out = bench("entities.py", "--input", str(sample))
    assert "People with one IRI:" in out and "| Zelenskyy |" in out
    assert "| person |" in out and "Junk estimate:" in out and "Top 30 people" in out
