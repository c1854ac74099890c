"""Small curated tables kg ships with: demonyms, organisation aliases, titles and roles."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of ``data/NAME``, without comments and blank lines."""
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def tables_digest() -> str:
    """A short hash of every table and word list kg reads (here and ``kg/extract/lexicons``).

    Recorded with each article's pipeline: when a table changes (a person added to ``people.tsv``),
    an incremental build re-extracts every article, so no article keeps an identity the new table
    would not give it.
    """
    h = hashlib.sha1()
    for folder in (files(__name__), files("kg.extract").joinpath("lexicons")):
        for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".tsv")), key=lambda e: e.name):
            h.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes() + b"\0")
    return h.hexdigest()[:12]
