"""Check a store against kg's SHACL shapes (``ontology/shapes.ttl``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import XSD, Graph, Literal, URIRef

from kg.export import export
from kg.namespace import Minter
from kg.store import Store


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: str
    triples: int


def shapes() -> Graph:
    g = Graph()
    g.parse(data=files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def validate_graph(data: Graph) -> Validation:
    conforms, _, text = shacl_validate(data, shacl_graph=shapes(), inference="none", allow_warnings=True)
    return Validation(bool(conforms), str(text), len(data))


def _rdflib_term(node: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    if node.datatype.value == str(XSD.string):
        return Literal(node.value)  # as rdflib's own parsers read a plain literal
    return Literal(node.value, datatype=URIRef(node.datatype.value))


def validate_store(store: Store, *, minter: Minter | None = None) -> Validation:
    """Validate the union of the store's graphs."""
    data = Graph()
    if store.native is not None:
        # Straight from Oxigraph's quads: a third faster than writing and re-parsing N-Triples.
        for t in {q.triple for q in store.native.quads_for_pattern(None, None, None, None)}:
            data.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    else:
        data.parse(data=export(store, fmt="ntriples", minter=minter), format="nt")
    return validate_graph(data)
