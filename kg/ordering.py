"""SPARQL's ORDER BY, applied by kg to the rows of a SELECT from the embedded store.

Oxigraph 0.5 sorts stored strings by reading them back from its database comparison after
comparison: on 7,280 articles, ordering the 62,706 quotations by article, speaker and text takes it
longer than finding them. For a SELECT that ends in ``ORDER BY`` over plain projected variables, the store asks for the
rows unordered and sorts them here with SPARQL 1.1's ordering (section 15.1): unbound first, then
blank nodes, IRIs, literals; IRIs and strings by code point, numbers by value, ``xsd:date`` values
by date; ``DESC`` reverses. A column this module cannot order exactly as SPARQL does (language tags,
mixed or other literal types) makes ``sort`` return None, and the query goes back to the engine
whole; so does any ORDER BY on an expression, or one followed by LIMIT or OFFSET.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = {None, XSD + "string"}
_INTEGER = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_NUMBER = _INTEGER | {XSD + "decimal", XSD + "double", XSD + "float"}
_DATE = XSD + "date"
_UNBOUND = (0,)
# Four-digit years and no time zone: then the lexical order is the order of the dates.
_PLAIN_DATE = re.compile(r"\d{4}-\d\d-\d\d")

_KEY = r"(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+)"
_TRAILING_ORDER = re.compile(rf"\bORDER\s+BY((?:\s*{_KEY})+)\s*$", re.IGNORECASE)
_ONE_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*\?(\w+)", re.IGNORECASE)

Binding = dict[str, dict[str, str]]  # one row of SPARQL JSON results: variable -> term


@dataclass(frozen=True)
class OrderKey:
    variable: str
    descending: bool = False


@dataclass(frozen=True)
class Ordered:
    """A SELECT split into its text without the final ORDER BY, and that ORDER BY's keys."""

    unordered: str
    keys: tuple[OrderKey, ...]


def split_order(sparql: str) -> Ordered | None:
    """The query without its closing ``ORDER BY ?a DESC(?b) ...``; None when it has no such clause."""
    match = _TRAILING_ORDER.search(sparql)
    if match is None:
        return None
    keys = tuple(OrderKey(name, (how or "").upper() == "DESC") for how, name in _ONE_KEY.findall(match.group(1)))
    return Ordered(sparql[: match.start()] + "\n", keys)


def sort(rows: list[Binding], variables: Sequence[str], keys: Sequence[OrderKey]) -> list[Binding] | None:
    """The rows in SPARQL order by ``keys``, ties kept in the order given; None if kg can't order them."""
    if any(k.variable not in variables for k in keys):
        return None
    columns = []
    for key in keys:
        column = _column_key([row.get(key.variable) for row in rows], key.descending)
        if column is None:
            return None
        columns.append(column)
    # One pass over a tuple per row; sorted() keeps tied rows in the order given.
    order = sorted(range(len(rows)), key=list(zip(*columns)).__getitem__)
    return [rows[i] for i in order]


def _column_key(terms: list[dict[str, str] | None], descending: bool) -> list | None:
    """One sort key per term of a column, all mutually comparable; None when SPARQL's order differs."""
    literal_kind: str | None = None
    out: list[tuple] = []
    append = out.append
    for term in terms:
        if term is None:
            append(_UNBOUND)
            continue
        kind = term["type"]
        if kind == "uri":
            append((2, term["value"]))
            continue
        if kind == "literal" and len(term) == 2:  # a plain string, the common case
            parsed = "string", term["value"]
        elif kind not in ("literal", "typed-literal") or "xml:lang" in term:
            return None  # blank node labels are per result: no order SPARQL fixes; nor for languages
        else:
            parsed = _literal(term["value"], term.get("datatype"))
            if parsed is None:
                return None
        if literal_kind != parsed[0]:
            if literal_kind is not None:
                return None
            literal_kind = parsed[0]
        append((3, parsed[1]))
    if len({k[0] for k in out}) == 1:  # one class of terms: the bare values sort the same, faster
        out = [k[-1] for k in out]
    if not descending:
        return out
    rank = {k: i for i, k in enumerate(sorted(set(out)))}  # DESC: each key's rank in the column, negated
    return [-rank[k] for k in out]


def _literal(text: str, datatype: str | None) -> tuple[str, object] | None:
    if datatype in _STRING:
        return "string", text
    if datatype == _DATE:
        return ("date", text) if _PLAIN_DATE.fullmatch(text) else None
    if datatype in _NUMBER:
        return _number(text, datatype)
    return None


def _number(text: str, datatype: str) -> tuple[str, object] | None:
    parse: Callable[[str], object] = int if datatype in _INTEGER else Decimal if datatype == XSD + "decimal" else float
    try:
        value = parse(text.strip())
    except (ValueError, InvalidOperation):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return "number", value
