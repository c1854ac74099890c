"""Read articles from files, directories, globs, JSONL dumps and saved pages.

``read_articles`` yields an ``Article`` for every usable input and an ``InputProblem`` for every
input (or JSONL line) that is not, so one bad file never costs the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import DEFAULT_MAX_BYTES, decode
from kg.ingest.html import parse_html
from kg.ingest.jsonl import parse_jsonl
from kg.ingest.sources import SUFFIXES, expand
from kg.ingest.text import parse_text
from kg.records import Article, InputProblem

__all__ = ["read_articles", "read_file", "DEFAULT_MAX_BYTES"]


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputProblem]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(origin, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one input (split it, or raise the limit with --max-bytes)")
        data = path.read_bytes()
        raw = decode(data, origin, max_bytes=max_bytes)
        kind = SUFFIXES[path.suffix.lower()]
        if kind == "jsonl":
            yield from parse_jsonl(raw, stem=path.stem, origin=origin)
        elif kind == "html":
            yield parse_html(raw, article_id=path.stem, origin=origin)
        else:
            yield parse_text(raw, article_id=path.stem, origin=origin)
    except InputError as exc:
        yield InputProblem(exc.origin, exc.problem)
    except OSError as exc:
        yield InputProblem(origin, f"cannot read file ({exc.strerror or exc})")


def _check_date(article: Article, *, default: date | None, today: date) -> tuple[Article, InputProblem | None]:
    if article.published is not None and article.published > today:
        note = InputProblem(
            article.origin,
            f"publication date {article.published.isoformat()} is in the future; "
            "the article is kept without a date",
            skipped=False,
        )
        return replace(article, published=default), note
    if article.published is None and default is not None:
        return replace(article, published=default), None
    return article, None


def read_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: date | None = None,
) -> Iterator[Article | InputProblem]:
    """Articles from every path; ``published`` is the date of articles that give none."""
    today = today or date.today()
    seen: dict[str, str] = {}
    for item in expand(paths):
        if isinstance(item, InputProblem):
            yield item
            continue
        for got in read_file(item, max_bytes=max_bytes):
            if isinstance(got, InputProblem):
                yield got
                continue
            if got.id in seen:
                yield InputProblem(got.origin, f"article id {got.id!r} is already taken by {seen[got.id]}; skipped")
                continue
            seen[got.id] = got.origin
            article, note = _check_date(got, default=published, today=today)
            if note is not None:
                yield note
            yield article
