"""The seeds built into a store, checked through the named queries: concrete facts, end to end."""

from __future__ import annotations

import pytest

from kg.query import run_query
from kg.store import open_store


@pytest.fixture(scope="module")
def tables(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        return {name: run_query(db, name).records()
                for name in ("articles", "entities", "roles", "quotes", "attacks", "figures", "contested_figures")}


def test_every_family_has_facts(tables):
    for family in ("roles", "quotes", "attacks", "figures", "contested_figures"):
        assert tables[family], family


def test_klitschko_is_mayor_of_kyiv(tables):
    assert any(r["personName"] == "Vitali Klitschko" and r["role"] == "mayor" and r["orgName"] == "Kyiv"
               for r in tables["roles"])


def test_lavrov_is_quoted(tables):
    lavrov = [q for q in tables["quotes"] if q["speakerName"] == "Sergey Lavrov"]
    assert any(q["kind"] == "direct" and q["text"].startswith("We are ready to conduct talks") for q in lavrov)
    assert {q["articleId"] for q in lavrov} == {"004_c7c84149450f7894"}


def test_kharkiv_attacked_on_2_march_in_003(tables):
    assert any(a["placeName"] == "Kharkiv" and a["date"] == "2022-03-02" and a["articleId"] == "003_9005c87e2e9c69b0"
               for a in tables["attacks"])


def test_no_date_is_guessed_for_an_undated_article(tables):
    # 002 has no publication date: its "yesterday" must stay unresolved.
    undated = [a for a in tables["attacks"] if a["articleId"] == "002_a0a28e4cab6760e0"]
    assert undated and all(a["date"] == "" for a in undated)


def test_2000_civilians_killed_per_the_emergency_service(tables):
    assert any(f["count"] == "2000" and f["measure"] == "killed" and f["group"] == "civilians"
               and "Emergency Service" in f["claimantName"] for f in tables["figures"])


def test_boychenko_and_boichenko_are_one_person(tables):
    people = [e for e in tables["entities"] if e["type"] == "person" and "Boychenko" in e["name"] + e["entity"]
              or e["type"] == "person" and "Boichenko" in e["name"]]
    assert len(people) == 1 and people[0]["articleCount"] == "2"


def test_near_duplicates_are_linked(tables):
    by_id = {a["articleId"]: a for a in tables["articles"]}
    assert by_id["001_e953b9b09d8558c9"]["duplicateOf"] == "000_4c6d2b9258616e59"
    assert sum(1 for a in tables["articles"] if a["duplicateOf"]) == 1


def test_shared_facts_of_near_duplicates_are_not_counted_twice(tables):
    for family in ("quotes", "figures", "roles", "attacks"):
        rows = [r for r in tables[family] if r["articleId"] == "001_e953b9b09d8558c9"]
        originals = {r.get("quote") or r.get("figure") or r.get("event") or r.get("person") for r in tables[family]
                     if r["articleId"] == "000_4c6d2b9258616e59"}
        assert not any((r.get("quote") or r.get("figure") or r.get("event")) in originals for r in rows if family != "roles")


def test_contested_figures_show_the_disagreement(tables):
    killed = [r for r in tables["contested_figures"] if r["measure"] == "killed" and r["group"] == "civilians"]
    counts = {int(r["count"]) for r in killed}
    assert {2000, 364, 227} <= counts


def test_places_are_places_and_nobody_is_named_kyiv(tables):
    kinds = {e["name"]: e["type"] for e in tables["entities"]}
    for place in ("Kyiv", "Mariupol", "Bucha", "Kharkiv", "Odesa"):
        assert kinds.get(place) == "place", place
    assert not any(e["type"] == "person" and e["name"] in ("Kyiv", "Mariupol", "Bucha") for e in tables["entities"])


def test_the_same_fact_in_two_articles_is_one_node_with_two_sources(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        rows = list(db.query("""
            PREFIX schema: <https://schema.org/> PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            SELECT ?fact (GROUP_CONCAT(DISTINCT ?id; separator=" ") AS ?ids) WHERE {
              ?fact a schema:Quotation ; schema:text ?text ; prov:wasDerivedFrom/nif:referenceContext/schema:identifier ?id .
              FILTER(STRSTARTS(?text, "I hope the conversation"))
            } GROUP BY ?fact"""))
    assert len(rows) == 1
    assert sorted(str(rows[0].ids).split()) == ["000_4c6d2b9258616e59", "001_e953b9b09d8558c9"]
