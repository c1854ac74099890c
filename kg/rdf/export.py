"""Serialise quads as Turtle, TriG, N-Quads, N-Triples or JSON-LD.

Output is sorted (graph, subject, predicate, object), so the same store always gives the same
bytes, whatever order the articles were written in. Turtle and N-Triples hold the merge of the
graphs, as triples; TriG, N-Quads and JSON-LD (compacted, with kg's prefixes as its ``@context``:
``kg.rdf.jsonld``) keep the named graphs.

Unicode's non-characters are written as themselves: Oxigraph escapes U+FFFE and U+FFFF
(``\\uFFFF``), an escape rapper (Raptor) refuses as an illegal code point, while every parser
reads the character itself, which the grammars of all four text formats allow inside a string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.jsonld import compacted
from kg.rdf.namespace import PREFIXES, Minter

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
SUFFIXES = {"turtle": ".ttl", "trig": ".trig", "nquads": ".nq", "ntriples": ".nt", "jsonld": ".jsonld"}
_QUAD_FORMATS = {"trig", "nquads", "jsonld"}
# An escaped backslash (kept as it is), or the escape of U+FFFE or U+FFFF.
_NONCHARACTER_ESCAPE = re.compile(rb"\\\\|\\u(FFF[EF])", re.I)
_DATA_PREFIXES = ("article", "person", "organization", "place", "role", "quote", "attack", "figure", "extractor", "graph")


def prefixes(minter: Minter) -> dict[str, str]:
    """Readable prefixes: the vocabularies', and one per kind of data IRI under the base."""
    out = {p: str(ns) for p, ns in PREFIXES.items()}
    for kind in _DATA_PREFIXES:
        out.setdefault(kind, f"{minter.base}{kind}/")
    return out


def serialize(quads: Iterable[ox.Quad], *, fmt: str = "turtle", minter: Minter | None = None) -> bytes:
    """The quads serialised in ``fmt``, sorted, with kg's prefixes."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    minter = minter or Minter()
    if fmt == "jsonld":
        return compacted(quads, prefixes=prefixes(minter))
    if fmt in _QUAD_FORMATS:
        items = sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    else:
        items = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    data = ox.serialize(items, format=FORMATS[fmt], prefixes=prefixes(minter))
    if b"\\u" not in data:
        return data
    return _NONCHARACTER_ESCAPE.sub(_unescape_noncharacter, data)


def _unescape_noncharacter(m: re.Match[bytes]) -> bytes:
    return m[0] if m[1] is None else chr(int(m[1], 16)).encode("utf-8")
