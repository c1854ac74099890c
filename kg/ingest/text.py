"""Plain-text articles: a title line (or a `` date YYYY-MM-DD `` line), then the story."""

from __future__ import annotations

import re

from kg.errors import InputError
from kg.ingest.clean import clean_body, compose, is_furniture, normalise
from kg.ingest.dates import BadDate, parse_date
from kg.records import Article

_DATE_LINE = re.compile(r"^\s*date\s+(?P<date>\S+)\s*(?P<title>.*)$")


def parse_text(raw: str, *, article_id: str, origin: str) -> tuple[Article, tuple[str, ...]]:
    """One article from the text of a ``.txt`` file, and notes on what in it could not be used.

    The first non-empty line is the title, unless it starts with `` date YYYY-MM-DD ``, which sets
    the publication date and leaves the rest of the line as the title. A dateline or byline near
    the top is metadata; see ``kg.ingest.clean``.
    """
    lines = normalise(raw).split("\n")
    if not any(line.strip() for line in lines):
        raise InputError(origin, "file holds no text; skipped")
    # Furniture copied from a page above the headline ("Read more", "Advertisement") is not the title.
    first = next((i for i, line in enumerate(lines) if line.strip() and not is_furniture(line)), None)
    if first is None:
        raise InputError(origin, "file holds only page furniture (lines such as 'Read more' or 'Advertisement'), "
                                 "no article text; skipped")
    notes: list[str] = []
    head = lines[first].strip()
    published = None
    m = _DATE_LINE.match(head)
    if m:
        try:
            published = parse_date(m["date"])
        except BadDate as exc:
            notes.append(f"line {first + 1}: impossible date {m['date']!r} ({exc}); the article is kept without a date")
            head = m["title"].strip()
        else:
            if published is not None:
                head = m["title"].strip()
            # else the line merely starts with the word "date": it is the title
    title = " ".join(head.split())
    if not title:
        notes.append(f"line {first + 1}: no title after the date; the article is kept without a headline")
    body = clean_body(lines[first + 1:], title=title)
    text = compose(title, body.text)
    if not text.strip():
        raise InputError(origin, "no article text after the title line; skipped")
    article = Article(
        id=article_id,
        title=title,
        text=text,
        published=published or body.published,
        author=body.author,
        origin=origin,
    )
    return article, tuple(notes)
