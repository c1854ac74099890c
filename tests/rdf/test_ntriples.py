"""SPARQL text for writes: no literal content can break out of its quotes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.ntriples import term, triples_text


@given(st.text())
def test_any_literal_round_trips_through_an_update(text):
    store = ox.Store()
    store.update(f"INSERT DATA {{ GRAPH <http://g> {{ <http://s> <http://p> {term(Literal(text))} }} }}")
    (quad,) = list(store)
    assert quad.object.value == text


def test_injection_stays_a_literal():
    evil = '" } } ; DROP ALL ; INSERT DATA { GRAPH <http://x> { <http://a> <http://b> "c'
    store = ox.Store()
    store.update(f"INSERT DATA {{ GRAPH <http://g> {{ <http://s> <http://p> {term(Literal(evil))} }} }}")
    assert [q.object.value for q in store] == [evil]


@pytest.mark.parametrize("iri", ["http://a b", "http://a>b", 'http://a"b'])
def test_invalid_iris_are_refused(iri):
    with pytest.raises(ValueError):
        term(URIRef(iri))


def test_typed_literals_and_sorting():
    s, p = URIRef("http://s"), URIRef("http://p")
    text = triples_text([(s, p, Literal(2, datatype=XSD.integer)), (s, p, Literal("a", lang="en"))])
    assert text.splitlines() == ['<http://s> <http://p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .',
                                 '<http://s> <http://p> "a"@en .']
