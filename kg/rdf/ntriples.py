"""SPARQL text for kg's writes: RDF terms in N-Triples syntax, safe for any content."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# What must not appear raw inside a quoted literal: the quote and backslash, line breaks, and every
# control, surrogate or non-character code point, written as \\uXXXX so the text survives exactly.
_NEEDS_ESCAPE = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters N-Triples and SPARQL forbid in an IRI.
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_one(m: re.Match[str]) -> str:
    ch = m.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(_escape_one, text)


def term(node: Node) -> str:
    """An RDF term as N-Triples (and SPARQL) text; literals escaped so no content can break out."""
    if isinstance(node, URIRef):
        text = str(node)
        if _NOT_IRI.search(text):
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
