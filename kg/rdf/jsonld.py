"""Compacted JSON-LD of a dataset: an ``@context`` of kg's prefixes, one entry per named graph.

Oxigraph writes JSON-LD expanded (every IRI in full, every value an object), which people cannot
read and tools must compact themselves. This writes the compacted form directly: IRIs as prefixed
names where a prefix applies (``schema:headline``, ``person:vitali-klitschko``), ``rdf:type`` as
``@type``, plain strings as JSON strings, other literals as ``{"@value", "@type"}`` keeping their
lexical form exactly, one value bare and several in a sorted array. Each named graph is an
object with its ``@id`` and ``@graph``, so the article graphs survive the round trip. Graphs,
nodes, properties and values are sorted, so the same quads always give the same bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda p: (-len(p[1]), p[0]))  # the longest namespace wins

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def value(self, term: ox.NamedNode | ox.Literal) -> tuple[tuple, object]:
        """A sort key and the compacted JSON-LD value of an object term."""
        if isinstance(term, ox.NamedNode):
            return (0, term.value), {"@id": self.iri(term.value)}
        if term.language:
            return (1, term.value, term.language), {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return (1, term.value, ""), term.value
        return (1, term.value, term.datatype.value), {"@value": term.value, "@type": self.iri(term.datatype.value)}


def _node(subject: str, triples: list[ox.Triple], c: _Compactor) -> dict[str, object]:
    by_property: dict[str, list[tuple[tuple, object]]] = defaultdict(list)
    types: list[str] = []
    for t in triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            types.append(t.object.value)
        else:
            by_property[t.predicate.value].append(c.value(t.object))
    node: dict[str, object] = {"@id": c.iri(subject)}
    if types:
        compacted = [c.iri(t) for t in sorted(set(types))]
        node["@type"] = compacted[0] if len(compacted) == 1 else compacted
    for key, prop in sorted((c.iri(p), p) for p in by_property):
        values = [v for _, v in sorted(dict(by_property[prop]).items())]
        node[key] = values[0] if len(values) == 1 else values
    return node


def _graph(triples: Iterable[ox.Triple], c: _Compactor) -> list[dict[str, object]]:
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        by_subject[t.subject.value].append(t)
    return [_node(s, by_subject[s], c) for s in sorted(by_subject)]


def compacted(quads: Iterable[ox.Quad], *, prefixes: dict[str, str]) -> bytes:
    """The quads as compacted JSON-LD with ``prefixes`` as its ``@context``; the default graph's
    triples at the top level, each named graph an object of its own."""
    c = _Compactor(prefixes)
    graphs: dict[str, set[ox.Triple]] = defaultdict(set)
    default: set[ox.Triple] = set()
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            graphs[q.graph_name.value].add(q.triple)
        else:
            default.add(q.triple)
    entries = _graph(default, c)
    entries += [{"@id": c.iri(g), "@graph": _graph(graphs[g], c)} for g in sorted(graphs)]
    document = {"@context": dict(sorted(prefixes.items())), "@graph": entries}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
