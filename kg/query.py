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
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError, QueryError
from kg.resources import shipped
from kg.store import Store

if TYPE_CHECKING:
    import pandas

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"no query file {query}")
        return path.read_text(encoding="utf-8")
    if re.search(r"\b(select|construct|ask|describe)\b", query, re.I):
        return query
    names = ", ".join(named)
    raise QueryError(f"unknown query {query!r}: give a name ({names}), a .rq file or SPARQL text")


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
