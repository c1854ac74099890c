"""Oxigraph's TSV results read back: the same values its SPARQL JSON results give, whatever the text."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.store import results as tsv

XSD = "http://www.w3.org/2001/XMLSchema#"
HOSTILE = ["tab\there", "line\nbreak", "carriage\rreturn", 'say "no"', "back\\slash", "\\t not a tab",
           "bell\x07", "nul\x00l", "para\u2028graph", "emoji 🚀", "rtl \u202eevil", "<script>", "", " "]


def literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a SPARQL string literal: JSON's escapes are SPARQL's


def both(sparql: str) -> tuple[tuple[tuple[str, ...], list[tuple[str, ...]]], tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    store = ox.Store()
    data = json.loads(store.query(sparql).serialize(format=ox.QueryResultsFormat.JSON))
    names = tuple(data["head"]["vars"])
    expected = names, [tuple(b[n]["value"] if n in b else "" for n in names) for b in data["results"]["bindings"]]
    table = tsv.read(store.query(sparql).serialize(format=ox.QueryResultsFormat.TSV))
    return (table.variables, tsv.rows(table)), expected


@pytest.mark.parametrize("text", HOSTILE)
def test_any_string_reads_back_as_written(text):
    got, expected = both(f"SELECT ?v ?w WHERE {{ VALUES (?v ?w) {{ ({literal(text)} {literal(text)}@en) }} }}")
    assert got == expected
    assert got[1] == [(text, text)]


def test_every_kind_of_term_and_unbound_cells_anywhere():
    got, expected = both(f"""SELECT ?a ?b ?c WHERE {{ VALUES (?a ?b ?c) {{
        (<http://x/é> 42 UNDEF) (UNDEF UNDEF UNDEF) ("x"@en-GB 2.50 true) ("{'a' * 40}" "1e3"^^<{XSD}double> UNDEF)
        ("2022-03-01"^^<{XSD}date> "P1D"^^<{XSD}duration> "-0"^^<{XSD}integer>) }} }}""")
    assert got == expected
    assert got[1][1] == ("", "", "")
    blank, _ = both("SELECT ?b WHERE { BIND(BNODE() AS ?b) }")
    assert blank[1][0][0] and not blank[1][0][0].startswith("_:")


def test_no_rows_and_no_variables():
    empty, expected = both("SELECT ?v WHERE { VALUES ?v { } }")
    assert empty == expected == (("v",), [])
    one, expected = both("SELECT * WHERE { }")
    assert one == expected == ((), [()])
    assert tsv.read(b"\n").size == 0


def test_a_ragged_document_is_refused():
    with pytest.raises(ValueError, match="rows of 2"):
        tsv.read(b"?a\t?b\n<http://x/a>\t1\n<http://x/b>\n")


def test_a_triple_term_stays_as_written():
    table = tsv.read(ox.Store().query("SELECT ?t ?i WHERE { BIND(TRIPLE(<http://a>, <http://b>, <http://c>) AS ?t) "
                                      "BIND(<http://a> AS ?i) }").serialize(format=ox.QueryResultsFormat.TSV))
    assert tsv.column_kind(table.columns[0]) is None and tsv.column_kind(table.columns[1]) == "iri"
    assert tsv.rows(table) == [("<<( <http://a> <http://b> <http://c> )>>", "http://a")]
