"""The named queries: their columns are a public contract, and every .rq file runs."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from kg.errors import QueryError
from kg.query import Table, format_table, named_queries, resolve, run_query
from kg.resources import shipped
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
ALL_RQ = sorted(p.name for p in shipped("queries").iterdir() if p.name.endswith(".rq"))


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
    text = shipped("queries").joinpath(filename).read_text(encoding="utf-8")
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
    assert format_table(table, "table").splitlines()[-1].startswith(f"({len(table.rows)} rows")


def test_listing():
    named = named_queries()
    assert set(CONTRACT) <= set(named)
    assert all(q.description for q in named.values())
    assert resolve("roles") == named["roles"].text


def test_quotes_say_the_role_their_speaker_spoke_in(db):
    roles = {(r["speakerName"], r["speakerRole"]) for r in run_query(db, "quotes").records() if r["speakerRole"]}
    assert ("Sergey Lavrov", "foreign minister") in roles and any(role == "mayor" for _, role in roles), roles


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_tables_fit_the_width_with_names_for_iris(db, name):
    table = run_query(db, name, names=True)
    text = format_table(table, "table", width=120)
    assert _widest(text) <= 120
    assert "https://kg.example/" not in text  # names or prefixed names, never a raw kg IRI
    body = text.splitlines()
    assert body[-1] == f"({len(table.rows)} rows" + (body[-1][body[-1].find(";"):] if ";" in body[-1] else ")")
    for entity, label in (("person", "personName"), ("speaker", "speakerName"), ("claimant", "claimantName")):
        if entity in table.columns:
            assert body[0].split()[0] != entity and entity in body[-1]  # left out, and said so
            assert label in body[0]


def test_quotes_table_cuts_texts_but_not_numbers_or_ids(db):
    quotes = run_query(db, "quotes", names=True)
    text = format_table(quotes, "table", width=120)
    assert "…" in text  # the seeds' long quotations are cut
    ids = {r["articleId"] for r in quotes.records()}
    assert all(any(i in line for line in text.splitlines()) for i in ids)
    figures = run_query(db, "figures", names=True)
    narrow = format_table(figures, "table", width=60)
    for row in figures.records():
        assert re.search(rf"(?<![0-9]){row['count']}(?![0-9])", narrow)


def test_iris_option_shows_every_column_whole(db):
    roles = run_query(db, "roles")
    text = format_table(roles, "table", width=120, iris=True)
    assert text.splitlines()[0].split()[0] == "person"
    assert all(r["person"] in text for r in roles.records())


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_machine_formats_stay_complete(db, fmt):
    quotes = run_query(db, "quotes", names=True)
    text = format_table(quotes, fmt, width=40)
    if fmt == "json":
        back = [tuple(r.values()) for r in json.loads(text)]
    else:
        back = [tuple(r) for r in csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t")][1:]
    # Every cell whole (TSV puts each text on one line); no name replaces an IRI.
    want = [tuple(" ".join(c.split()) if fmt == "tsv" else c for c in row) for row in quotes.rows]
    assert back == want and max(len(r["text"]) for r in quotes.records()) > 150


def test_selecting_columns(db):
    roles = run_query(db, "roles")
    picked = roles.select(["articleId", "personName"])
    assert picked.columns == ("articleId", "personName")
    assert picked.rows == tuple((r["articleId"], r["personName"]) for r in roles.records())
    with pytest.raises(QueryError, match="its columns are person, personName"):
        roles.select(["nope"])


def test_ad_hoc_iris_show_as_names_or_prefixed_names(db):
    table = run_query(db, "SELECT ?s ?p ?o WHERE { ?s a <http://www.w3.org/ns/org#Membership> ; ?p ?o } LIMIT 20", names=True)
    text = format_table(table, "table", width=120)
    assert "org:member" in text and "rdf:type" in text and "role:" in text
    members = [r["o"] for r in table.records() if r["p"].endswith("#member")]
    assert members and all(table.names[m] in text for m in members)


@pytest.mark.slow
def test_every_named_query_fits_120_columns_on_real_articles(real_store, capsys, monkeypatch):
    """On real articles (long quotations, long names, speakers the article does not name): kg query's
    tables fit 120 columns, with names for kg's IRIs, every row shown, and CSV keeps every text whole."""
    from kg.cli import main

    monkeypatch.delenv("COLUMNS", raising=False)
    for name in CONTRACT:
        assert main(["query", name, "--store", real_store]) == 0
        out = capsys.readouterr().out
        assert _widest(out) <= 120, name
        assert "https://kg.example/" not in out, name
        with open_store(real_store, read_only=True) as store:
            rows = len(run_query(store, name).rows)
        assert out.splitlines()[-1].startswith(f"({rows} row{'' if rows == 1 else 's'}"), name
    assert main(["query", "quotes", "--store", real_store, "--format", "csv"]) == 0
    texts = [r["text"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))]
    assert max(map(len, texts)) > 120 and not any(t.endswith("…") for t in texts)


@pytest.mark.slow
def test_entities_of_real_articles_are_described_once(real_store):
    """SELECT ?s ?p ?o over the most reported entities gives each triple once, without DISTINCT."""
    with open_store(real_store, read_only=True) as store:
        top = [r["entity"] for r in run_query(store, "entities").records()[:5]]
        values = " ".join(f"<{e}>" for e in top)
        _, rows = store.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
        _, distinct = store.select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
        copies = store.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    assert rows and len(rows) == len(set(rows)) == len(distinct)
    assert copies > 2 * len(rows)  # the article graphs repeat the descriptions the default graph holds once


def test_wide_characters_take_two_columns():
    """An emoji or a CJK character takes two terminal columns, a combining accent none: lines still fit."""
    import unicodedata

    def width(line: str) -> int:
        return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    table = Table(("speakerName", "text", "articleId"), (
        ("Zelensky", "Слава Україні! 💙💛 " * 12, "ukr-00001-aaaa"),
        ("習近平", "和平 " * 40, "ukr-00002-bbbb"),
        ("Kovác\u030cová", "Plain words, " * 15, "ukr-00003-cccc"),
    ))
    text = format_table(table, "table", width=80)
    lines = text.splitlines()
    assert all(width(line) <= 80 for line in lines) and "…" in text
    assert len({width(line) for line in lines[2:-1]}) == 1  # the cut texts end in the same column
    assert "ukr-00002-bbbb" in text and "Kovác\u030cová" in text


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
