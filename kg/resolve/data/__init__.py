"""Small curated tables kg ships with: demonyms, organisation aliases, titles and roles."""

from __future__ import annotations

from importlib.resources import files


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of ``data/NAME``, without comments and blank lines."""
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
