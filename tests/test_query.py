"""The named queries: their columns are a public contract, and every .rq file runs."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest

from kg.errors import QueryError
from kg.query import format_table, named_queries, resolve, run_query
from kg.store import open_store

CONTRACT = {
    "articles": ("articleId", "title", "published", "url", "duplicateOf"),
    "entities": ("entity", "name", "type", "articleCount"),
    "roles": ("person", "personName", "role", "orgName", "articleId"),
    "quotes": ("quote", "speaker", "speakerName", "text", "kind", "articleId", "speakerRole"),
    "attacks": ("event", "place", "placeName", "date", "dateText", "articleId"),
    "figures": ("figure", "count", "measure", "group", "placeName", "claimant", "claimantName", "articleId", "date"),
    "contested_figures": ("measure", "group", "placeName", "count", "claimantName", "articleId"),
}
ALL_RQ = sorted(p.name for p in files("kg.queries").iterdir() if p.name.endswith(".rq"))


@pytest.fixture(scope="module")
def db(seeds_store):
    with open_store(seeds_store, read_only=True) as store:
        yield store


@pytest.mark.parametrize(("name", "columns"), CONTRACT.items())
def test_contract_columns(db, name, columns):
    table = run_query(db, name)
    assert table.columns == columns
    assert table.rows, f"{name} returned no rows on the seeds"


@pytest.mark.parametrize("filename", ALL_RQ)
def test_every_query_file_runs_and_describes_itself(db, filename):
    text = files("kg.queries").joinpath(filename).read_text(encoding="utf-8")
    assert text.startswith("# ") and len(text.splitlines()[0]) > 10
    assert run_query(db, text).columns


def test_value_formats(db):
    for row in run_query(db, "attacks").records():
        assert row["date"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
    for row in run_query(db, "quotes").records():
        assert row["kind"] in ("direct", "indirect")
    for row in run_query(db, "figures").records():
        assert row["count"].isdigit()
    for row in run_query(db, "entities").records():
        assert row["type"] in ("person", "organization", "place") and int(row["articleCount"]) >= 1


def test_one_row_per_fact_and_article(db):
    for name, key in (("quotes", "quote"), ("attacks", "event"), ("figures", "figure")):
        rows = run_query(db, name).records()
        pairs = [(r[key], r["articleId"]) for r in rows]
        assert len(pairs) == len(set(pairs)), name


def test_queries_by_file_and_text(db, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    assert int(run_query(db, str(f)).rows[0][0]) > 100
    assert run_query(db, "SELECT ?x WHERE { BIND(1 AS ?x) }").rows == (("1",),)


@pytest.mark.parametrize("bad", ["nonsense", "SELECT ?x WHERE { ?x", "missing.rq"])
def test_bad_queries_raise_query_errors(db, bad):
    with pytest.raises(QueryError):
        run_query(db, bad)


def test_formats(db):
    table = run_query(db, "roles")
    rows = json.loads(format_table(table, "json"))
    assert rows and set(rows[0]) == set(CONTRACT["roles"])
    csv_text = format_table(table, "csv")
    assert csv_text.splitlines()[0] == ",".join(CONTRACT["roles"])
    assert format_table(table, "tsv").splitlines()[0] == "\t".join(CONTRACT["roles"])
    assert format_table(table, "table").rstrip().endswith(f"({len(table.rows)} rows)")


def test_listing():
    named = named_queries()
    assert set(CONTRACT) <= set(named)
    assert all(q.description for q in named.values())
    assert resolve("roles") == named["roles"].text


def test_quotes_say_the_role_their_speaker_spoke_in(db):
    roles = {(r["speakerName"], r["speakerRole"]) for r in run_query(db, "quotes").records() if r["speakerRole"]}
    assert ("Sergey Lavrov", "foreign minister") in roles and any(role == "mayor" for _, role in roles), roles


SERIES = {
    "r1": ("2022-03-03", "More than 1 million people have fled Ukraine, the United Nations said on Thursday."),
    "r2": ("2022-03-08", "More than 2 million people have fled Ukraine, the UNHCR said on Tuesday."),
    "r3": ("2022-03-15", "More than 3 million people have fled Ukraine, the International Organization for Migration said."),
    "r4": ("2022-03-15", "More than 2.5 million people have fled Ukraine, the Ukrainian government said."),
}


def test_a_growing_series_is_not_a_dispute_but_one_day_s_disagreement_is(tmp_path):
    """Counts that grow from one week to the next are a series; two claimants' counts for the same day disagree."""
    from kg.api import build

    for name, (day, sentence) in SERIES.items():
        (tmp_path / f"{name}.txt").write_text(f"date {day} Refugees\n\n{sentence}\n", encoding="utf-8")
    store = str(tmp_path / "store")
    build([str(tmp_path)], store=store)
    with open_store(store, read_only=True) as db:
        figures = {(r["count"], r["date"]) for r in run_query(db, "figures").records()}
        contested = {r["count"] for r in run_query(db, "contested_figures").records()}
    assert {("1000000", "2022-03-03"), ("2000000", "2022-03-08"), ("3000000", "2022-03-15")} <= figures
    assert contested == {"3000000", "2500000"}
