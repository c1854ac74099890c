"""Export the store (or one article's graph) as Turtle, TriG, N-Quads or JSON-LD.

Output is sorted (graph, subject, predicate, object), so the same store always gives the same
bytes, whatever order the articles were written in. Turtle and JSON-LD without a graph hold the
union of all graphs, as triples; TriG and N-Quads keep the named graphs.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.namespace import PREFIXES, Minter
from kg.store import Store

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
SUFFIXES = {"turtle": ".ttl", "trig": ".trig", "nquads": ".nq", "ntriples": ".nt", "jsonld": ".jsonld"}
_QUAD_FORMATS = {"trig", "nquads"}
_DATA_PREFIXES = ("article", "person", "organization", "place", "role", "quote", "attack", "figure", "extractor", "graph")


def prefixes(minter: Minter) -> dict[str, str]:
    """Readable prefixes: the vocabularies', and one per kind of data IRI under the base."""
    out = {p: str(ns) for p, ns in PREFIXES.items()}
    for kind in _DATA_PREFIXES:
        out.setdefault(kind, f"{minter.base}{kind}/")
    return out


def _ox_term(node: Node) -> ox.NamedNode | ox.Literal:
    """An rdflib term from a remote store's answer as a pyoxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    raise KgError(f"unexpected term from the store: {node!r}")


def _quads(store: Store, graph: ox.NamedNode | None, minter: Minter) -> list[ox.Quad]:
    if store.native is not None:
        return list(store.native.quads_for_pattern(None, None, None, graph))
    # A SPARQL server keeps graphs of its own (Virtuoso's system graphs): kg's are those under its base.
    where = (f"GRAPH <{graph.value}> {{ ?s ?p ?o }} BIND(<{graph.value}> AS ?g)" if graph else
             f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{minter.base}"))')
    return [ox.Quad(_ox_term(r.s), _ox_term(r.p), _ox_term(r.o), _ox_term(r.g)) for r in store.query(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}")]


def export(store: Store, *, fmt: str = "turtle", article_id: str | None = None, minter: Minter | None = None) -> bytes:
    """The store (or one article's graph) serialised in ``fmt``."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    minter = minter or Minter()
    graph = ox.NamedNode(str(minter.article(article_id))) if article_id is not None else None
    quads = _quads(store, graph, minter)
    if article_id is not None and not quads:
        raise KgError(f"no article {article_id!r} in store {store.location}")
    if fmt in _QUAD_FORMATS:
        items = sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    else:
        items = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(items, format=FORMATS[fmt], prefixes=prefixes(minter))
