"""SPARQL text for kg's writes: RDF terms in N-Triples syntax, safe for any content."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def term(node: Node) -> str:
    """An RDF term as N-Triples (and SPARQL) text; literals escaped so no content can break out."""
    if isinstance(node, URIRef):
        text = str(node)
        if any(c in text for c in '<>"{}|^`\\ \n\r\t') or any(ord(c) < 0x20 for c in text):
            raise ValueError(f"not a valid IRI: {text!r}")
        return f"<{text}>"
    if isinstance(node, Literal):
        body = f'"{_escape(str(node))}"'
        if node.language:
            return f"{body}@{node.language}"
        if node.datatype is not None and str(node.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{body}^^{term(node.datatype)}"
        return body
    if isinstance(node, BNode):
        raise ValueError("kg graphs have no blank nodes")
    raise TypeError(f"not an RDF term: {node!r}")


def triples_text(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Triples as sorted N-Triples lines, so the same graph always gives the same text."""
    return "\n".join(sorted(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples))


def values(nodes: Iterable[Node]) -> str:
    return " ".join(sorted(term(n) for n in nodes))
