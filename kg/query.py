"""Named SPARQL queries (``queries/NAME.rq``), running queries, and writing their results.

A query argument is a name (``roles``), a path to a ``.rq`` file, or SPARQL text. Results come
back as a ``Table`` of plain strings: IRIs as IRIs, literals by their lexical form, unbound as "".

CSV, TSV and JSON hold every cell whole. The ``table`` format is for reading in a terminal: it
fits the width it is given, shows names rather than IRIs (a column of IRIs whose names another
column already gives is left out; any other IRI shows as its preferred name, or as a prefixed
name such as ``quote:3f2a...``), and cuts long texts with an ellipsis; numbers are never cut.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from kg.errors import KgError, QueryError
from kg.rdf.export import prefixes, serialize
from kg.rdf.namespace import Minter
from kg.rdf.ntriples import term, values
from kg.resources import shipped
from kg.store import NotATable, Store

if TYPE_CHECKING:
    import pandas

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What reads as an IRI in a cell (results are plain strings): a URL or a URN, with no space in it.
_IRI = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|urn:)\S+$")
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CHUNK = 1500  # IRIs per VALUES block


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Preferred names of the IRIs in the rows, when asked for (``run_query(..., names=True)``): for display only.
    names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def select(self, columns: Sequence[str]) -> Table:
        """The table with only ``columns``, in that order."""
        unknown = [c for c in columns if c not in self.columns]
        if unknown:
            raise QueryError(f"no column {', '.join(map(repr, unknown))} in this result; its columns are {', '.join(self.columns)}")
        at = [self.columns.index(c) for c in columns]
        return Table(tuple(columns), tuple(tuple(row[i] for i in at) for row in self.rows), self.names)

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_pandas(self) -> pandas.DataFrame:
        """The table as a pandas DataFrame (``pip install 'kg[pandas]'``).

        Empty cells are missing values; a column whose every value is a whole number becomes
        integers (``Int64``), one of decimal numbers ``Float64``, and one of ISO dates dates.
        """
        try:
            import pandas as pd
        except ImportError:
            raise KgError("to_pandas needs pandas: pip install pandas (or kg's extra: pip install 'kg[pandas]')") from None
        frame = pd.DataFrame(list(self.rows), columns=list(self.columns), dtype="string")
        for column in self.columns:
            present = [v for v in (row[self.columns.index(column)] for row in self.rows) if v != ""]
            frame[column] = frame[column].replace("", pd.NA)
            if present and all(_INTEGER.fullmatch(v) for v in present):
                frame[column] = frame[column].astype("Int64")
            elif present and all(_NUMBER.fullmatch(v) for v in present):
                frame[column] = frame[column].astype("Float64")
            elif present and all(_DATE.fullmatch(v) for v in present):
                frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        return frame


def named_queries() -> dict[str, NamedQuery]:
    """Every query shipped in ``queries/``, by name."""
    out: dict[str, NamedQuery] = {}
    for entry in sorted(shipped("queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        out[entry.name[:-3]] = NamedQuery(entry.name[:-3], first.lstrip("# ").strip(), text)
    return out


def resolve(query: str) -> str:
    """SPARQL text for a query name, a ``.rq`` file, or SPARQL itself."""
    named = named_queries()
    if query in named:
        return named[query].text
    if query.endswith(".rq") or ("\n" not in query and _is_file(query)):
        if not _is_file(query):
            raise QueryError(f"no query file {query}")
        return Path(query).read_text(encoding="utf-8")
    if re.search(r"\b(select|construct|ask|describe)\b", query, re.I):
        return query
    names = ", ".join(named)
    raise QueryError(f"unknown query {query!r}: give a name ({names}), a .rq file or SPARQL text")


def _is_file(text: str) -> bool:
    """Whether ``text`` names a file; SPARQL on one line is often longer than a file name may be."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # too long a name, or a NUL byte in it
        return False


def run_query(store: Store, query: str, *, names: bool = False) -> Table | Graph:
    """Run a query (by name, file or text). A SELECT gives its table, an ASK a one-cell table
    (``answer``: ``true`` or ``false``), a CONSTRUCT or DESCRIBE an rdflib ``Graph`` (kg's prefixes
    bound). ``names`` also reads the preferred names of the IRIs in a table (for the ``table`` format)."""
    try:
        columns, rows = store.select(resolve(query))
    except NotATable as other:
        if other.triples is None:
            return Table(ANSWER, ((str(other.answer).lower(),),))
        return _graph(other.triples)
    table = Table(columns, tuple(rows))
    if names:
        table = Table(columns, table.rows, preferred_names(store, {c for row in rows for c in row if _IRI.match(c)}))
    return table


ANSWER = ("answer",)  # the one column of an ASK's table


def _graph(triples: Iterable[ox.Triple]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(Minter()).items():
        graph.bind(prefix, namespace)
    for t in triples:
        graph.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return graph


def _rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | Literal | BNode:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=None if term.datatype.value == str(XSD.string) else URIRef(term.datatype.value))


def _ox(term: URIRef | Literal | BNode) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def format_graph(graph: Graph, fmt: str) -> str:
    """A CONSTRUCT's or DESCRIBE's graph, sorted: Turtle with kg's prefixes for ``table``,
    N-Triples for ``csv`` and ``tsv``, compacted JSON-LD for ``json``."""
    syntax = {"table": "turtle", "csv": "ntriples", "tsv": "ntriples", "json": "jsonld"}.get(fmt)
    if syntax is None:
        raise QueryError(f"unknown format {fmt!r}: use table, csv, tsv or json")
    quads = [ox.Quad(_ox(s), _ox(p), _ox(o), ox.DefaultGraph()) for s, p, o in graph]
    return serialize(quads, fmt=syntax).decode("utf-8")


def triples_bytes(triples: Iterable[ox.Triple], syntax: str) -> bytes:
    """Triples (a CONSTRUCT's or DESCRIBE's) in ``syntax`` (turtle, ntriples, jsonld) as kg writes
    them everywhere: sorted, Turtle with kg's prefixes, JSON-LD compacted with them as its context."""
    return serialize((ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples), fmt=syntax)


def preferred_names(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """The preferred name (``skos:prefLabel``) of each IRI that has one."""
    out: dict[str, str] = {}
    wanted = sorted(i for i in set(iris) if not _NOT_IRI.search(i))
    for lo in range(0, len(wanted), _CHUNK):
        chunk = values(URIRef(i) for i in wanted[lo : lo + _CHUNK])
        _, rows = store.select(f"SELECT ?e ?name WHERE {{ VALUES ?e {{ {chunk} }} ?e {term(SKOS.prefLabel)} ?name }}")
        for iri, name in rows:
            out.setdefault(iri, name)
    return out


def format_table(table: Table, fmt: str, *, width: int | None = None, iris: bool = False) -> str:
    """The table as ``table`` (aligned text for a terminal), ``csv``, ``tsv`` or ``json``.

    Only ``table`` uses ``width`` (the characters a line may take; None: no limit) and ``iris``
    (show IRIs as they are, every column kept); the other formats hold every cell whole.
    """
    if fmt == "json":
        return json.dumps(table.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([" ".join(c.split()) if fmt == "tsv" else c for c in row])
        return buf.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: use table, csv, tsv or json")
    return _aligned(table, width=width, iris=iris)


def _redundant(table: Table, column: int) -> bool:
    """A column of IRIs whose names another column of the same row already gives (person beside personName)."""
    cells = [row[column] for row in table.rows]
    if not any(cells) or not all(c == "" or _IRI.match(c) for c in cells):
        return False
    if table.names:
        return all(c == "" or (c in table.names and table.names[c] in row[:column] + row[column + 1 :])
                   for c, row in zip(cells, table.rows))
    name = table.columns[column]
    return f"{name}Name" in table.columns or (name == "entity" and "name" in table.columns)


def _shown(cell: str, names: Mapping[str, str], curies: list[tuple[str, str]]) -> str:
    if _IRI.match(cell):
        if cell in names:
            return names[cell]
        for prefix, namespace in curies:
            if cell.startswith(namespace) and len(cell) > len(namespace):
                return f"{prefix}:{cell[len(namespace):]}"
        return cell
    return " ".join(cell.split())


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide characters (CJK, emoji) two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(cell: str, w: int) -> str:
    """``cell`` in at most ``w`` terminal columns, ended with ``…`` when cut; padded by the caller."""
    if _width(cell) <= w:
        return cell
    out, used = [], 0
    for ch in cell:
        step = _width(ch)
        if used + step > w - 1:
            break
        out.append(ch)
        used += step
    return "".join(out) + "…" if w > 0 else ""


def _pad(cell: str, w: int, *, right: bool) -> str:
    gap = " " * max(0, w - _width(cell))
    return gap + cell if right else cell + gap


def _fit(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths within ``room``: the widest columns give way first, none below its ``least``."""
    if sum(natural) <= room:
        return natural
    lo, hi = 0, max(natural)
    while lo < hi:  # the largest cap at which the columns fit
        cap = (lo + hi + 1) // 2
        if sum(min(n, max(cap, m)) for n, m in zip(natural, least)) <= room:
            lo = cap
        else:
            hi = cap - 1
    return [min(n, max(lo, m)) for n, m in zip(natural, least)]


def _aligned(table: Table, *, width: int | None, iris: bool) -> str:
    keep = list(range(len(table.columns)))
    if not iris:
        keep = [i for i in keep if not _redundant(table, i)] or keep
    columns = [table.columns[i] for i in keep]
    curies = sorted(prefixes(Minter()).items(), key=lambda p: -len(p[1])) if not iris else []
    names = table.names if not iris else {}
    rows = [[_shown(row[i], names, curies) if not iris else " ".join(row[i].split()) for i in keep] for row in table.rows]
    numeric = [bool(rows) and all(_NUMBER.fullmatch(r[j]) or r[j] == "" for r in rows) for j in range(len(keep))]
    natural = [max([_width(c)] + [_width(r[j]) for r in rows]) for j, c in enumerate(columns)]
    # Texts give way first. Numbers are never cut, nor IRIs asked for with ``iris``; identifiers (a
    # column without spaces: ids, dates, kinds) keep up to 40 characters; a text its heading, or 12.
    whole = [numeric[j] or (iris and bool(rows) and all(_IRI.match(r[j]) or r[j] == "" for r in rows)) for j in range(len(keep))]
    token = [all(" " not in r[j] for r in rows) for j in range(len(keep))]
    least = [n if whole[j] else min(n, 40) if token[j] else min(n, max(len(columns[j]), 12)) for j, n in enumerate(natural)]
    room = None if width is None else width - 2 * (len(columns) - 1)
    if room is not None and sum(least) > room:  # a narrow terminal: identifiers give way too, to their headings
        least = [n if whole[j] else min(n, max(len(columns[j]), 6)) for j, n in enumerate(natural)]
    widths = natural if room is None else _fit(natural, least, room)

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(_cut(c, w), w, right=numeric[j]) for j, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
    hidden = [c for i, c in enumerate(table.columns) if i not in keep]
    if hidden:
        footer += f"; IRI columns {', '.join(hidden)} left out, --iris shows them"
    out.append(footer + ")")
    return "\n".join(out) + "\n"
