"""A malformed query's error says where: line and column, the line itself, a caret under the place."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.query import run_query
from kg.store import open_store
from kg.store.syntax import explain


@pytest.fixture(scope="module")
def db(seeds_store):
    with open_store(seeds_store, read_only=True) as store:
        yield store


@pytest.mark.parametrize(("query", "line", "shown"), [
    ("SELECT ?x WHERE { ?x ?y }", 1, "SELECT ?x WHERE { ?x ?y }"),
    ("SELECT ?x\nWHERE {\n  ?x a schema:Person ;\n     nope:name ?n .\n}", 4, "     nope:name ?n ."),
    ("SELECT ?x\nWHERE {\n  FILTER(?x = )\n}", 4, "}"),
])
def test_syntax_errors_name_the_line_and_column(db, query, line, shown):
    with pytest.raises(QueryError) as caught:
        run_query(db, query)
    first, text, caret = str(caught.value).splitlines()
    assert first.startswith(f"SPARQL syntax error at line {line}, column ")
    column = int(first.split("column ", 1)[1].split(":", 1)[0])
    assert text == "  " + shown and caret == "  " + " " * min(column - 1, len(shown)) + "^"
    assert "['" not in first and "..=" not in first  # the parser's character ranges are left out


def test_an_unknown_prefix_is_named(db):
    with pytest.raises(QueryError, match=r"unknown prefix 'nope:' \(declare it: PREFIX nope: <\.\.\.>\)"):
        run_query(db, "SELECT ?x WHERE { ?x nope:name ?n }")


def test_a_message_without_a_place_is_kept():
    assert explain("ASK {}", SyntaxError("something odd")) == "SPARQL syntax error: something odd"
