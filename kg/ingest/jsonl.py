"""JSON Lines: one article per line, with the field names news dumps commonly use."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from kg.errors import InputError
from kg.ingest.clean import clean_body, compose, normalise
from kg.ingest.dates import BadDate, parse_date
from kg.records import Article, InputProblem

FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "guid"),
    "title": ("title", "headline", "headlines", "name"),
    "text": ("text", "body", "content", "article", "articles", "maintext", "description"),
    "published": ("published", "date", "datePublished", "date_published", "publish_date", "pubdate", "published_at"),
    "url": ("url", "link", "href"),
    "source": ("source", "outlet", "publisher", "site", "source_domain"),
    "author": ("author", "authors", "byline", "creator"),
}


def _field(record: dict, name: str, where: str) -> str | None:
    for key in FIELDS[name]:
        if key not in record or record[key] is None:
            continue
        value = record[key]
        if name == "author" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ", ".join(v for v in value if v.strip())
        if name == "source" and isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise InputError(where, f"field {key!r} is {type(value).__name__}, expected a string")
        value = value.strip()
        if value:
            return value
    return None


def parse_record(record: object, *, where: str, fallback_id: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, found {type(record).__name__}")
    body_raw = _field(record, "text", where)
    if body_raw is None:
        names = "/".join(FIELDS["text"][:3])
        raise InputError(where, f"no article text (expected a non-empty field {names})")
    title = " ".join(normalise(_field(record, "title", where) or "").split())
    published: date | None = None
    raw_date = _field(record, "published", where)
    if raw_date is not None:
        try:
            published = parse_date(raw_date)
        except BadDate as exc:
            raise InputError(where, f"bad publication date {raw_date!r}: {exc}") from None
    body = clean_body(normalise(body_raw).split("\n"), title=title)
    text = compose(title, body.text)
    return Article(
        id=_field(record, "id", where) or fallback_id,
        title=title,
        text=text,
        published=published or body.published,
        url=_field(record, "url", where),
        source=_field(record, "source", where),
        author=_field(record, "author", where) or body.author,
        origin=where,
    )


def parse_jsonl(raw: str, *, stem: str, origin: str) -> Iterator[Article | InputProblem]:
    """Every article of a JSONL file; a bad line becomes a problem naming the line, not an abort."""
    for number, line in enumerate(normalise_lines(raw), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputProblem(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield parse_record(record, where=where, fallback_id=f"{stem}-{number}")
        except InputError as exc:
            yield InputProblem(exc.origin, exc.problem)


def normalise_lines(raw: str) -> list[str]:
    # Only real line breaks separate records: U+2028 inside a JSON string is legal and stays.
    return raw.replace("\r\n", "\n").split("\n")
