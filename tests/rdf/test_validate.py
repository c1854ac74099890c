"""SHACL: the seeds' graph conforms, a broken graph fails with a readable report."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SDO

from kg.rdf.namespace import DEFAULT_BASE
from kg.rdf.validate import validate_graph, validate_quads
from kg.store import open_store


def test_seeds_conform(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        result = validate_quads(db.quads(base=DEFAULT_BASE))
    assert result.conforms, result.report
    assert result.triples > 1000


def test_broken_graph_fails_readably(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        data = Graph().parse(data=db.export(fmt="ntriples"), format="nt")
    article = next(data.subjects(RDF.type, SDO.NewsArticle))
    data.remove((article, SDO.identifier, None))
    data.add((article, SDO.datePublished, Literal("yesterday")))
    data.add((URIRef("https://kg.example/id/figure/x"), RDF.type, URIRef("https://kg.example/ns#FigureClaim")))
    result = validate_graph(data)
    assert not result.conforms
    for words in ("schema:identifier", "datePublished", "figure/x", "kg:count"):
        assert words in result.report, words
