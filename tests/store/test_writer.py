"""Writing articles: unchanged is a no-op, changed replaces, removed is gone, corpus names follow."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from kg.api import build, remove
from kg.query import run_query
from kg.resolve.labels import preferred_label
from kg.store import open_store
from tests.conftest import SEEDS
from tests.storecheck import default_graph_problems, quads_by_graph


def names(store: str) -> dict[str, str]:
    with open_store(store, read_only=True) as db:
        return {r["entity"]: r["name"] for r in run_query(db, "entities").records()}


def nquads(store: str) -> bytes:
    with open_store(store, read_only=True) as db:
        return db.export(fmt="nquads")


def test_rebuilding_unchanged_articles_changes_nothing(store_copy):
    before = nquads(store_copy)
    report = build([str(SEEDS)], store=store_copy)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 5)
    assert nquads(store_copy) == before


def test_force_rebuilds_unchanged_articles_to_the_same_graph(store_copy):
    before = nquads(store_copy)
    report = build([str(SEEDS)], store=store_copy, force=True)
    assert (report.added, report.updated, report.unchanged) == (0, 5, 0)
    assert nquads(store_copy) == before


def test_a_changed_article_replaces_its_graph(store_copy, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    path = src / "004_c7c84149450f7894.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Sergey Lavrov", "Sergei Lavrov"), encoding="utf-8")
    report = build([str(src)], store=store_copy)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 4)
    with open_store(store_copy, read_only=True) as db:
        quotes = run_query(db, "quotes").records()
        ids = {r["articleId"] for r in run_query(db, "articles").records()}
        labels = {r["l"] for r in run_query(db, "SELECT ?l WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                                                 'FILTER(CONTAINS(?l, "Lavrov")) }').records()}
    assert ids == {p.stem for p in SEEDS.glob("*.txt")}
    assert len({q["speakerName"] for q in quotes if "Lavrov" in q["speakerName"]}) == 1  # one person, whatever the spelling
    assert "Sergei Lavrov" in labels and "Sergey Lavrov" not in labels  # the old spelling went with the old graph
    assert not default_graph_problems(quads_by_graph(store_copy))  # and from the default graph


def test_remove_drops_the_article_and_what_derived_from_it(store_copy):
    assert remove("004_c7c84149450f7894", store=store_copy)
    assert not remove("004_c7c84149450f7894", store=store_copy)
    with open_store(store_copy, read_only=True) as db:
        ids = {r["articleId"] for r in run_query(db, "articles").records()}
        people = {r["name"] for r in run_query(db, "entities").records()}
    assert "004_c7c84149450f7894" not in ids
    assert "Sergey Lavrov" not in people
    assert not default_graph_problems(quads_by_graph(store_copy))


def test_removing_the_original_unlinks_its_duplicate(store_copy):
    remove("000_4c6d2b9258616e59", store=store_copy)
    with open_store(store_copy, read_only=True) as db:
        rows = {r["articleId"]: r["duplicateOf"] for r in run_query(db, "articles").records()}
    assert rows["001_e953b9b09d8558c9"] == ""
    assert not default_graph_problems(quads_by_graph(store_copy))


def test_build_then_remove_equals_never_built(tmp_path):
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    build(files, store=a)
    remove("002_a0a28e4cab6760e0", store=a)
    build([f for f in files if "002_" not in f], store=b)
    assert nquads(a) == nquads(b)
    assert quads_by_graph(a) == quads_by_graph(b)  # the default graph too: the merge, as a clean build writes it


def test_spelling_variants_share_one_node_with_every_name(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        rows = db.query("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?e ?pref (GROUP_CONCAT(?alt; separator="|") AS ?alts) WHERE {
              ?e skos:prefLabel ?pref . OPTIONAL { ?e skos:altLabel ?alt } FILTER(CONTAINS(?pref, "Vadym"))
            } GROUP BY ?e ?pref""")
        (row,) = list(rows)
    assert {str(row.pref), *str(row.alts).split("|")} >= {"Vadym Boychenko", "Vadym Boichenko"}


@pytest.mark.parametrize(
    ("names_", "labels", "expected"),
    [({}, {"Boychenko": 3, "Vadym Boychenko": 1}, "Vadym Boychenko"),
     ({}, {"Vadym Boichenko": 1, "Vadym Boychenko": 1}, "Vadym Boichenko"),
     ({}, {"Vadym Boichenko": 1, "Vadym Boychenko": 2}, "Vadym Boychenko"),
     ({"Kyiv": 2}, {"Kiev": 5, "Kyiv": 2}, "Kyiv"),
     ({}, {}, None)],
)
def test_preferred_label(names_, labels, expected):
    assert preferred_label(Counter(names_), Counter(labels)) == expected


def test_a_second_writer_is_refused_with_a_clear_message(store_copy):
    from kg.errors import StoreInUse

    with open_store(store_copy), pytest.raises(StoreInUse, match="in use"):
        open_store(store_copy)
