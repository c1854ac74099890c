"""SPARQL 1.1 results in TSV, as Oxigraph writes them, read into columns of terms.

A term stays as the results write it, in N-Triples syntax: ``<iri>``, ``"text"``, ``"text"@en``,
``"5.0"^^<datatype>``, a bare ``42``, ``1.5`` or ``true``, ``_:label``; an unbound variable is "".
Tabs, line breaks, quotes and backslashes inside a literal are escaped, so a row is one line and a
cell one field. Reading the TSV is several times cheaper than SPARQL JSON on big results (no object
per term), and ``kg.store.ordering`` sorts on the terms themselves; ``value`` gives a term's plain string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_CHARACTERS = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@dataclass(frozen=True)
class Columns:
    """A SELECT's variables and its values column by column; ``size`` rows (even with no variables)."""

    variables: tuple[str, ...]
    columns: tuple[tuple[str, ...], ...]
    size: int

    @cached_property
    def plain(self) -> tuple[list[str], ...]:
        """Each column's plain strings (see ``values``), converted once for ordering and rows alike."""
        return tuple(values(column) for column in self.columns)


def read(data: bytes) -> Columns:
    """The table of a TSV results document."""
    header, _, body = data.decode("utf-8").partition("\n")
    variables = tuple(name.lstrip("?$") for name in header.split("\t")) if header else ()
    if not variables:
        return Columns((), (), body.count("\n"))
    # Every row has one cell per variable and ends in a line break: cut all cells in one go and take
    # each column as a slice.
    cells = body.replace("\n", "\t").split("\t")[:-1] if body else []
    size, rest = divmod(len(cells), len(variables))
    if rest:
        raise ValueError(f"TSV results: {len(cells)} cells do not make rows of {len(variables)}")
    return Columns(variables, tuple(tuple(cells[k::len(variables)]) for k in range(len(variables))), size)


def rows(table: Columns) -> list[tuple[str, ...]]:
    """The table's rows as tuples of plain strings, in the order read."""
    if not table.variables:
        return [()] * table.size
    return list(zip(*table.plain))


def values(column: tuple[str, ...]) -> list[str]:
    """Each term's plain string (see ``value``), with a shortcut for columns of IRIs or of strings."""
    kind = column_kind(column)
    if kind == "iri":
        return [t[1:-1] for t in column]
    if kind == "string":
        return [t[1:-1] if "\\" not in t else unescape(t[1:-1]) for t in column]
    return list(map(value, column))


def column_kind(column: tuple[str, ...]) -> str | None:
    """What every term of a column is: ``iri`` (or unbound), ``string`` (a literal without language
    or datatype, or unbound), or None for anything else or a mix."""
    starts, ends = {t[:1] for t in column}, {t[-1:] for t in column}
    if starts <= {"<", ""} and ends <= {">", ""}:
        return None if any(t.startswith("<<") for t in column) else "iri"  # not triple terms
    if starts <= {'"', ""} and ends <= {'"', ""}:
        return "string"
    return None


def value(term: str) -> str:
    """A term's plain string: an IRI without its brackets, a literal's text, a blank node's label."""
    if not term:
        return ""
    first = term[0]
    if first == "<":
        return term if term.startswith("<<") else term[1:-1]  # a triple term stays as written
    if first == '"':
        return literal(term)[0]
    if term.startswith("_:"):
        return term[2:]
    return term  # a number or boolean written bare


def literal(term: str) -> tuple[str, str | None, str | None]:
    """A quoted literal's text, language tag and datatype IRI (each None when absent)."""
    end = term.rindex('"')
    text = term[1:end]
    if "\\" in text:
        text = unescape(text)
    suffix = term[end + 1:]
    if suffix.startswith("@"):
        return text, suffix[1:], None
    if suffix.startswith("^^<"):
        return text, None, suffix[3:-1]
    return text, None, None


def unescape(text: str) -> str:
    return _ESCAPE.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    short, long, single = match.groups()
    if single is not None:
        return _CHARACTERS.get(single, "\\" + single)
    return chr(int(short or long, 16))
