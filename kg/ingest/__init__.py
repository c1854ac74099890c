"""Read articles from files, directories, globs, JSONL dumps and saved pages.

``read_articles`` yields an ``Article`` for every usable input and an ``InputProblem`` for every
input (or JSONL line) that is not, so one bad file never costs the others. A problem with
``skipped=False`` is a note on an article that was still read (an impossible date dropped, an
encoding repaired); it comes just before that article.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import DEFAULT_MAX_BYTES, decode, decode_line, too_big
from kg.ingest.html import parse_html
from kg.ingest.jsonl import parse_jsonl, parse_lines
from kg.ingest.sources import SUFFIXES, expand
from kg.ingest.text import parse_text
from kg.records import Article, InputProblem

__all__ = ["count_inputs", "read_articles", "read_file", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS"]

# The longest news stories in the reference corpora run to 25,000 characters; a text many times
# that long is a dump or a book, which the parser would take minutes and gigabytes over.
DEFAULT_MAX_CHARS = 200_000

# Metadata is a line, not a document: the longest real headlines, bylines and URLs are a few hundred
# characters. A longer field (a 10 MB "author") would be carried into the store, every export and
# the explorer's page.
MAX_FIELD_CHARS = 2_000
_FIELDS = {"title": "headline", "author": "author", "source": "source", "url": "URL"}

_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFDIR: "a directory"}


def _regular_size(path: Path, origin: str) -> int:
    """The size of a regular file; raises InputError for anything that is not one (never opening it)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(origin, f"broken symbolic link (to {os.readlink(path)!r}, which does not exist); skipped") from None
        raise InputError(origin, "file disappeared before it could be read; skipped") from None
    if not stat.S_ISREG(st.st_mode):
        kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
        raise InputError(origin, f"{kind}, not a file kg can read; skipped")
    return st.st_size


def _jsonl_lines(path: Path, origin: str, max_bytes: int) -> Iterator[tuple[int, str] | InputProblem]:
    """The lines of a JSONL file, read one at a time so that a dump of any size streams."""
    with path.open("rb") as f:
        number = 0
        while line := f.readline(max_bytes + 1):
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size = len(line)
                while (rest := f.readline(1 << 20)) and size < 1 << 62:
                    size += len(rest)
                    if rest.endswith(b"\n"):
                        break
                yield InputProblem(f"{origin}:{number}", too_big(size, max_bytes, "line"))
                continue
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            try:
                decoded = decode_line(line.rstrip(b"\r\n"), f"{origin}:{number}")
            except InputError as exc:
                yield InputProblem(exc.origin, exc.problem)
                continue
            for note in decoded.notes:
                yield InputProblem(f"{origin}:{number}", note, skipped=False)
            yield number, decoded.text


def _read_jsonl(path: Path, origin: str, size: int, max_bytes: int) -> Iterator[Article | InputProblem]:
    with path.open("rb") as f:
        head = f.read(8192)
    if not head.strip() and size <= len(head):
        raise InputError(origin, "file is empty; skipped" if not head else "file holds only whitespace; skipped")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        # UTF-16 and UTF-32 dumps (or binary files) are judged whole, within the size limit.
        if size > max_bytes:
            raise InputError(origin, too_big(size, max_bytes))
        decoded = decode(path.read_bytes(), origin, max_bytes=max_bytes)
        for note in decoded.notes:
            yield InputProblem(origin, note, skipped=False)
        yield from parse_jsonl(decoded.text, stem=path.stem, origin=origin)
        return
    yield from parse_lines(_jsonl_lines(path, origin, max_bytes), stem=path.stem, origin=origin)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputProblem]:
    origin = str(path)
    try:
        size = _regular_size(path, origin)
        kind = SUFFIXES[path.suffix.lower()]
        if kind == "jsonl":
            yield from _read_jsonl(path, origin, size, max_bytes)
            return
        if size > max_bytes:
            raise InputError(origin, too_big(size, max_bytes))
        decoded = decode(path.read_bytes(), origin, max_bytes=max_bytes)
        parse = parse_html if kind == "html" else parse_text
        article, notes = parse(decoded.text, article_id=path.stem, origin=origin)
        for note in (*decoded.notes, *notes):
            yield InputProblem(origin, note, skipped=False)
        yield article
    except InputError as exc:
        yield InputProblem(exc.origin, exc.problem)
    except OSError as exc:
        yield InputProblem(origin, f"cannot read file ({exc.strerror or exc}); skipped")


def _bound_fields(article: Article) -> tuple[Article, list[InputProblem]]:
    """The article without metadata fields over ``MAX_FIELD_CHARS``, and a note for each one dropped."""
    notes, dropped = [], {}
    for name, what in _FIELDS.items():
        value = getattr(article, name)
        if value and len(value) > MAX_FIELD_CHARS:
            dropped[name] = "" if name == "title" else None
            kept = "without a headline (the text keeps it)" if name == "title" else f"without {'a' if name != 'author' else 'an'} {what}"
            notes.append(InputProblem(article.origin, f"{what} is {len(value):,} characters, over the {MAX_FIELD_CHARS:,}-character "
                                                      f"limit for a metadata field; the article is kept {kept}", skipped=False))
    return (replace(article, **dropped) if dropped else article), notes


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


def count_inputs(paths: Iterable[str | os.PathLike[str]]) -> int:
    """About how many items ``read_articles`` will yield articles or skips for, read quickly ahead
    for a progress bar: a file or a bad path counts one, a JSONL file one per non-blank line."""
    total = 0
    for item in expand(paths):
        if isinstance(item, InputProblem) or SUFFIXES[item.suffix.lower()] != "jsonl" or not item.is_file():
            total += 1  # (a named pipe is never opened: reading it here would take what the build reads)
            continue
        try:
            with item.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        except OSError:
            total += 1
    return total


def read_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    today: date | None = None,
) -> Iterator[Article | InputProblem]:
    """Articles from every path; ``published`` is the date of articles that give none.

    ``max_bytes`` bounds a file (a line, for JSONL, which streams), ``max_chars`` an article's text.
    """
    today = today or date.today()
    seen: dict[str, str] = {}
    for item in expand(paths):
        if isinstance(item, InputProblem):
            yield item
            continue
        notes: list[InputProblem] = []
        for got in read_file(item, max_bytes=max_bytes):
            if isinstance(got, InputProblem):
                if got.skipped:
                    notes = [n for n in notes if n.origin != got.origin]
                    yield got
                else:
                    notes.append(got)  # a note goes out with its article, once the article is sure to land
                continue
            if len(got.text) > max_chars:
                notes.clear()
                yield InputProblem(got.origin, f"article text is {len(got.text):,} characters, over the {max_chars:,}-character "
                                               "limit for one article (a news story is far shorter); skipped")
                continue
            if got.id in seen:
                notes.clear()
                yield InputProblem(got.origin, f"article id {got.id!r} is already taken by {seen[got.id]}; skipped")
                continue
            seen[got.id] = got.origin
            article, too_long = _bound_fields(got)
            article, note = _check_date(article, default=published, today=today)
            yield from notes
            yield from too_long
            notes.clear()
            if note is not None:
                yield note
            yield article
