"""kg applies a closing ORDER BY itself: the rows must come out exactly as Oxigraph orders them."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.query import named_queries
from kg.store import open_store
from kg.store.ordering import OrderKey, sort, split_order
from kg.store.results import Columns, read

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def db(seeds_store):
    with open_store(seeds_store, read_only=True) as store:
        yield store


def engine_rows(store, sparql: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The rows as Oxigraph itself orders them."""
    data = json.loads(store.native.query(sparql, **store.query_options()).serialize(format=ox.QueryResultsFormat.JSON))
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
    terms = read(db.native.query(split.unordered, **db.query_options()).serialize(format=ox.QueryResultsFormat.TSV))
    assert sort(terms, split.keys) is not None, "kg orders these itself"
    assert db.select(text) == engine_rows(db, text)


def table(**columns: list[str]) -> Columns:
    """A table of TSV terms, column by column."""
    size = len(next(iter(columns.values())))
    return Columns(tuple(columns), tuple(tuple(c) for c in columns.values()), size)


def test_sparql_order_of_terms():
    # unbound, then blank nodes, IRIs, literals; numbers by value.
    column = table(v=["10", "9", "", "<http://x/a>", "-0.5", f'"7"^^<{XSD}integer>'])
    assert sort(column, (OrderKey("v"),)) == [2, 3, 4, 5, 1, 0]
    assert sort(column, (OrderKey("v", descending=True),)) == [0, 1, 5, 4, 3, 2]


def test_strings_sort_by_their_text_not_their_escapes():
    # "a\tb" holds a tab (U+0009), which comes before a space; written escaped it would sort after.
    column = table(v=['"a b"', '"a\\tb"', '"a\\"b"', '"a"', '""', ""])
    assert [column.columns[0][i] for i in sort(column, (OrderKey("v"),))] == [
        "", '""', '"a"', '"a\\tb"', '"a b"', '"a\\"b"']


def test_ties_keep_the_order_given_and_later_keys_break_them():
    rows = table(a=['"x"'] * 4, b=["2", "1", "2", "1"])
    assert sort(rows, (OrderKey("a"),)) == [0, 1, 2, 3]
    assert sort(rows, (OrderKey("a"), OrderKey("b", descending=True))) == [0, 2, 1, 3]


@pytest.mark.parametrize("column", [
    ['"a"', "1"],                                   # strings and numbers mixed
    ['"chat"@fr'],                                  # language-tagged
    ["_:b0"],                                       # blank nodes
    [f'"2022-03-01Z"^^<{XSD}date>'],                 # a date with a time zone
    [f'"12022-03-01"^^<{XSD}date>'],                 # a five-digit year
    [f'"P1D"^^<{XSD}duration>'],                     # a type kg doesn't order
    [f'"NaN"^^<{XSD}double>'],
    ["true", "false"],                              # booleans
    ["<<( <http://x/a> <http://x/b> <http://x/c> )>>", "<http://x/a>"],  # a triple term
])
def test_orders_kg_does_not_reproduce_go_back_to_the_engine(column):
    assert sort(table(v=column), (OrderKey("v"),)) is None


def test_only_a_closing_order_by_on_projected_variables_is_taken():
    split = split_order("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a DESC( ?b )\n")
    assert split is not None
    assert split.keys == (OrderKey("a"), OrderKey("b", descending=True))
    assert "ORDER" not in split.unordered
    assert split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 10") is None
    assert split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY STRLEN(?a)") is None
    assert split_order("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 1 } }") is None
    assert sort(table(a=['"x"']), (OrderKey("b"),)) is None  # not projected


def test_an_order_on_an_unprojected_variable_is_left_to_the_engine(db):
    text = "SELECT ?s WHERE { VALUES (?s ?n) { (<http://x/a> 2) (<http://x/b> 1) } } ORDER BY ?n"
    columns, rows = db.select(text)
    assert [r[0] for r in rows] == ["http://x/b", "http://x/a"]
