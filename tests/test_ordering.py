"""kg applies a closing ORDER BY itself: the rows must come out exactly as Oxigraph orders them."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.ordering import OrderKey, sort, split_order
from kg.query import named_queries
from kg.store import open_store

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def db(seeds_store):
    with open_store(seeds_store, read_only=True) as store:
        yield store


def engine_rows(store, sparql: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The rows as Oxigraph itself orders them."""
    data = json.loads(store.native.query(sparql, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON))
    columns = tuple(data["head"]["vars"])
    return columns, [tuple(b[c]["value"] if c in b else "" for c in columns) for b in data["results"]["bindings"]]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_come_out_in_the_engines_order(db, name):
    text = named_queries()[name].text
    assert split_order(text) is not None, "every named query ends in an ORDER BY kg applies"
    columns, rows = db.select(text)
    assert rows, name
    assert (columns, rows) == engine_rows(db, text)


@pytest.mark.parametrize("order", [
    "?v", "DESC(?v)", "?kind ?v", "?kind DESC(?v)", "DESC(?kind) ?v",
])
def test_mixed_terms_numbers_strings_and_unbound_in_the_engines_order(db, order):
    # IRIs, strings, numbers and unbound values in one column: where kg can't order as SPARQL does it
    # hands the query back to the engine; either way the rows are the engine's.
    text = f"""SELECT ?kind ?v WHERE {{
      VALUES (?kind ?v) {{ ("b" 10) ("b" 9) ("a" UNDEF) ("a" "Zeta") ("a" "alpha") ("c" <http://x/b>)
                           ("c" <http://x/a>) ("b" -2.5) ("d" "2022-03-01"^^<{XSD}date>) ("d" "2021-12-31"^^<{XSD}date>)
                           ("e" "hello"@en) ("e" "Hello"@fr) ("f" "Émile") ("f" "Eve") }}
    }} ORDER BY {order}"""
    assert db.select(text) == engine_rows(db, text)


@pytest.mark.parametrize("values", [
    '"b" "Zeta" "alpha" UNDEF "Émile" "Eve" "" "a\\tb" "a b" <http://x/b> <http://x/a> "Ω" "z"',
    f'10 9 -2.5 UNDEF 0 "1e3"^^<{XSD}double> 7.25 "-0"^^<{XSD}integer> 100',
    f'"2022-03-01"^^<{XSD}date> UNDEF "2021-12-31"^^<{XSD}date> "2022-02-28"^^<{XSD}date>',
])
@pytest.mark.parametrize("descending", [False, True])
def test_kg_orders_terms_as_the_engine_does(db, values, descending):
    order = "DESC(?v)" if descending else "?v"
    text = f"SELECT ?v WHERE {{ VALUES ?v {{ {values} }} }} ORDER BY {order}"
    split = split_order(text)
    data = json.loads(db.native.query(split.unordered).serialize(format=ox.QueryResultsFormat.JSON))
    assert sort(data["results"]["bindings"], data["head"]["vars"], split.keys) is not None, "kg orders these itself"
    assert db.select(text) == engine_rows(db, text)


def binding(value: str, kind: str = "literal", datatype: str | None = None) -> dict[str, str]:
    term = {"type": kind, "value": value}
    if datatype:
        term["datatype"] = datatype
    return term


def test_sparql_order_of_terms():
    rows = [
        {"v": binding("10", datatype=XSD + "integer")},
        {"v": binding("9", datatype=XSD + "integer")},
        {},
        {"v": binding("http://x/a", "uri")},
        {"v": binding("-0.5", datatype=XSD + "decimal")},
    ]
    ordered = sort(rows, ("v",), (OrderKey("v"),))
    assert [r.get("v", {}).get("value") for r in ordered] == [None, "http://x/a", "-0.5", "9", "10"]
    descending = sort(rows, ("v",), (OrderKey("v", descending=True),))
    assert [r.get("v", {}).get("value") for r in descending] == ["10", "9", "-0.5", "http://x/a", None]


def test_ties_keep_the_order_given_and_later_keys_break_them():
    rows = [{"a": binding("x"), "b": binding(str(i), datatype=XSD + "integer"), "i": binding(str(n))}
            for n, i in enumerate([2, 1, 2, 1])]
    by_a = sort(rows, ("a", "b", "i"), (OrderKey("a"),))
    assert [r["i"]["value"] for r in by_a] == ["0", "1", "2", "3"]
    by_a_desc_b = sort(rows, ("a", "b", "i"), (OrderKey("a"), OrderKey("b", descending=True)))
    assert [r["i"]["value"] for r in by_a_desc_b] == ["0", "2", "1", "3"]


@pytest.mark.parametrize("column", [
    [binding("a"), binding("1", datatype=XSD + "integer")],          # strings and numbers mixed
    [binding("chat", "literal") | {"xml:lang": "fr"}],                 # language-tagged
    [binding("b0", "bnode")],                                          # blank nodes
    [binding("2022-03-01Z", datatype=XSD + "date")],                   # a date with a time zone
    [binding("12022-03-01", datatype=XSD + "date")],                   # a five-digit year
    [binding("P1D", datatype=XSD + "duration")],                       # a type kg doesn't order
    [binding("NaN", datatype=XSD + "double")],
])
def test_orders_kg_does_not_reproduce_go_back_to_the_engine(column):
    assert sort([{"v": t} for t in column], ("v",), (OrderKey("v"),)) is None


def test_only_a_closing_order_by_on_projected_variables_is_taken():
    split = split_order("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a DESC( ?b )\n")
    assert split is not None
    assert split.keys == (OrderKey("a"), OrderKey("b", descending=True))
    assert "ORDER" not in split.unordered
    assert split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 10") is None
    assert split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY STRLEN(?a)") is None
    assert split_order("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 1 } }") is None
    assert sort([{"a": binding("x")}], ("a",), (OrderKey("b"),)) is None  # not projected


def test_an_order_on_an_unprojected_variable_is_left_to_the_engine(db):
    text = "SELECT ?s WHERE { VALUES (?s ?n) { (<http://x/a> 2) (<http://x/b> 1) } } ORDER BY ?n"
    columns, rows = db.select(text)
    assert [r[0] for r in rows] == ["http://x/b", "http://x/a"]
