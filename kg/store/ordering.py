"""SPARQL's ORDER BY, applied by kg to the rows of a SELECT from the embedded store.

Oxigraph 0.5 sorts stored strings by reading them back from its database comparison after
comparison: on 7,280 articles, ordering the 62,706 quotations by article, speaker and text takes it
longer than finding them. For a SELECT that ends in ``ORDER BY`` over plain projected variables,
the store asks for the rows unordered and sorts them here with SPARQL 1.1's ordering (section
15.1): unbound first, then blank nodes, IRIs, literals; IRIs and strings by code point, numbers by
value, ``xsd:date`` values by date; ``DESC`` reverses. A column this module cannot order exactly as
SPARQL does (language tags, mixed or other literal types) makes ``sort`` return None, and the query
goes back to the engine whole; so does any ORDER BY on an expression, or one followed by LIMIT or
OFFSET.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.store import results
from kg.store.results import Columns

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


def sort(table: Columns, keys: Sequence[OrderKey]) -> list[int] | None:
    """The row numbers of ``table`` in SPARQL order by ``keys``, ties kept in the order given.

    None when kg can't order them as SPARQL does (see the module's docstring).
    """
    if any(k.variable not in table.variables for k in keys):
        return None
    columns = []
    for key in keys:
        column = _column_key(table, table.variables.index(key.variable), key.descending)
        if column is None:
            return None
        columns.append(column)
    # One pass over a tuple per row; sorted() keeps tied rows in the order given.
    return sorted(range(table.size), key=list(zip(*columns)).__getitem__)


def _column_key(table: Columns, index: int, descending: bool) -> list | None:
    """One sort key per term of a column, all mutually comparable; None when SPARQL's order differs."""
    terms = table.columns[index]
    kind = results.column_kind(terms)
    if kind == "iri" or (kind == "string" and '""' not in terms):
        # IRIs only, or strings only: their plain values, where unbound ("") comes before all others.
        return _descending(table.plain[index]) if descending else table.plain[index]
    literal_kind: str | None = None
    out: list[tuple] = []
    append = out.append
    for term in terms:
        if not term:
            append(_UNBOUND)
            continue
        first = term[0]
        if term.startswith("<<"):
            return None  # triple terms: SPARQL 1.1 gives them no order
        if first == "<":
            append((2, term[1:-1]))
            continue
        if first == '"':
            text, language, datatype = results.literal(term)
            parsed = None if language else _literal(text, datatype)
        elif first == "_":
            return None  # blank node labels are per result: no order SPARQL fixes
        else:
            parsed = _literal(term, _bare_type(term))
        if parsed is None:
            return None  # language tags and literal types kg does not order
        if literal_kind != parsed[0]:
            if literal_kind is not None:
                return None
            literal_kind = parsed[0]
        append((3, parsed[1]))
    if len({k[0] for k in out}) == 1:  # one class of terms: the bare values sort the same, faster
        out = [k[-1] for k in out]
    return _descending(out) if descending else out


def _descending(keys: list) -> list[int]:
    """Each key's rank in the column, negated: sorting on them is sorting on the keys in reverse."""
    rank = {k: i for i, k in enumerate(sorted(set(keys)))}
    return [-rank[k] for k in keys]


def _bare_type(term: str) -> str:
    """The datatype of a literal written without quotes (Turtle's short forms)."""
    if term in ("true", "false"):
        return XSD + "boolean"
    if "e" in term or "E" in term:
        return XSD + "double"
    return XSD + ("decimal" if "." in term else "integer")


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
