"""JSON Lines: one article per line, with the field names news dumps commonly use.

A line without usable text (or without a usable id) is skipped; a line whose optional fields are
missing or of the wrong type still gives its article, with a note naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date

from kg.errors import InputError
from kg.ingest.clean import clean_body, compose, normalise
from kg.ingest.dates import BadDate, parse_date
from kg.ingest.decode import scrub_surrogates
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
REQUIRED = ("id", "text")
# Lines at the top of a file that must all be malformed before kg calls the file "not JSON Lines".
NOT_JSONL_AFTER = 5


class _WrongType(Exception):
    def __init__(self, key: str, value: object) -> None:
        super().__init__(f"field {key!r} is {type(value).__name__}, expected a string")
        self.key = key


def _field(record: dict, name: str, notes: list[str]) -> str | None:
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
            raise _WrongType(key, value)
        value, bad = scrub_surrogates(value)
        if bad:
            notes.append(f"field {key!r} holds {bad} invalid Unicode escapes (lone surrogates), replaced by U+FFFD; "
                         "the article is kept")
        value = value.strip()
        if value:
            return value
    return None


def _optional(record: dict, name: str, notes: list[str]) -> str | None:
    try:
        return _field(record, name, notes)
    except _WrongType as exc:
        notes.append(f"{exc}; the field is ignored, the article is kept")
        return None


def parse_record(record: object, *, where: str, fallback_id: str) -> tuple[Article, tuple[str, ...]]:
    """The article of one JSON record, and notes on what in it could not be used."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, found {type(record).__name__}; skipped")
    notes: list[str] = []
    try:
        body_raw = _field(record, "text", notes)
        article_id = _field(record, "id", notes) or fallback_id
    except _WrongType as exc:
        raise InputError(where, f"{exc}; skipped") from None
    if body_raw is None:
        names = "/".join(FIELDS["text"][:3])
        raise InputError(where, f"no article text (expected a non-empty field {names}); skipped")
    title = " ".join(normalise(_optional(record, "title", notes) or "").split())
    if not title:
        notes.append(f"no title (expected a field {'/'.join(FIELDS['title'][:2])}); the article is kept without a headline")
    published: date | None = None
    raw_date = _optional(record, "published", notes)
    if raw_date is not None:
        try:
            published = parse_date(raw_date)
        except BadDate as exc:
            notes.append(f"impossible publication date {raw_date!r} ({exc}); the article is kept without a date")
    body = clean_body(normalise(body_raw).split("\n"), title=title)
    text = compose(title, body.text)
    article = Article(
        id=article_id,
        title=title,
        text=text,
        published=published or body.published,
        url=_optional(record, "url", notes),
        source=_optional(record, "source", notes),
        author=_optional(record, "author", notes) or body.author,
        origin=where,
    )
    return article, tuple(notes)


def parse_line(line: str, *, where: str, fallback_id: str) -> Iterator[Article | InputProblem]:
    """The notes on, then the article of, one line; or the problem that keeps it out."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        said = exc.msg if exc.msg.endswith(" at") else f"{exc.msg} at"
        yield InputProblem(where, f"malformed JSON ({said} column {exc.colno}); skipped")
        return
    except RecursionError:
        yield InputProblem(where, "JSON nested too deeply; skipped")
        return
    try:
        article, notes = parse_record(record, where=where, fallback_id=fallback_id)
    except InputError as exc:
        yield InputProblem(exc.origin, exc.problem)
        return
    for note in notes:
        yield InputProblem(where, note, skipped=False)
    yield article


def parse_lines(lines: Iterable[tuple[int, str] | InputProblem], *, stem: str, origin: str) -> Iterator[Article | InputProblem]:
    """Every article of numbered lines; a bad line becomes a problem naming the line, not an abort.

    When the first few lines are all malformed the file is not JSON Lines at all, and one problem
    says so instead of one per line.
    """
    held: list[InputProblem] = []
    settled = False
    for item in lines:
        if isinstance(item, InputProblem):
            got: list[Article | InputProblem] = [item]
        else:
            number, line = item
            if not line.strip():
                continue
            got = list(parse_line(line, where=f"{origin}:{number}", fallback_id=f"{stem}-{number}"))
        if not settled:
            if len(got) == 1 and isinstance(got[0], InputProblem) and got[0].problem.startswith("malformed JSON"):
                held.append(got[0])
                if len(held) >= NOT_JSONL_AFTER:
                    yield InputProblem(origin, f"not JSON Lines (lines 1 to {number} are not JSON); skipped")
                    return
                continue
            settled = True
            yield from held
            held = []
        yield from got
    yield from held


def parse_jsonl(raw: str, *, stem: str, origin: str) -> Iterator[Article | InputProblem]:
    """Every article of a JSONL file's text."""
    # Only real line breaks separate records: U+2028 inside a JSON string is legal and stays.
    yield from parse_lines(enumerate(raw.replace("\r\n", "\n").split("\n"), start=1), stem=stem, origin=origin)
