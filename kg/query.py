"""Named SPARQL queries (``queries/NAME.rq``), running queries, and writing their results.

A query argument is a name (``roles``), a path to a ``.rq`` file, or SPARQL text. Results come
back as a ``Table`` of plain strings: IRIs as IRIs, literals by their lexical form, unbound as "".
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from kg.errors import QueryError
from kg.store import Store


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def named_queries() -> dict[str, NamedQuery]:
    """Every query shipped in ``queries/``, by name."""
    out: dict[str, NamedQuery] = {}
    for entry in sorted(files("kg.queries").iterdir(), key=lambda e: e.name):
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


def run_query(store: Store, query: str) -> Table:
    """Run a SELECT query (by name, file or text) and return its table."""
    columns, rows = store.select(resolve(query))
    return Table(columns, tuple(rows))


def format_table(table: Table, fmt: str) -> str:
    """The table as ``table`` (aligned text), ``csv``, ``tsv`` or ``json``."""
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
    return _aligned(table)


def _aligned(table: Table, *, width: int = 60) -> str:
    def short(cell: str) -> str:
        cell = " ".join(cell.split())
        return cell if len(cell) <= width else cell[: width - 1] + "…"

    rows = [[short(c) for c in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(table.columns)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(table.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
