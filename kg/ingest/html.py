"""Saved news pages: the story's paragraphs and its metadata, without scripts, menus or footers."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser

from kg.errors import InputError
from kg.ingest.clean import clean_body, compose, normalise
from kg.ingest.dates import BadDate, parse_date
from kg.records import Article

# Elements whose text is never part of the story.
_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
         "form", "button", "select", "figure", "figcaption", "iframe", "object", "menu"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section",
          "article", "main", "br", "tr", "dd", "dt"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}

_META_DATE = ("article:published_time", "datepublished", "date", "pubdate", "publish-date",
              "dc.date", "dc.date.issued", "sailthru.date", "og:published_time")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        # How many of each tag the stack holds: an end tag with no open element is ignored without
        # searching the stack (n stray end tags under n open ones were n squared steps).
        self.open: Counter[str] = Counter()
        self.skip_depth = 0
        self.in_article = 0
        self.saw_article = False
        self.blocks: list[list[str]] = [[]]  # paragraphs of the whole body
        self.article_blocks: list[list[str]] = [[]]  # paragraphs inside <article>/<main>
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.json_ld: list[str] = []
        self.time_datetime: str | None = None
        self.canonical: str | None = None
        self._in_title = self._in_h1 = self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"]
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href") or None
            return
        if tag == "time" and self.time_datetime is None and a.get("datetime"):
            self.time_datetime = a["datetime"]
        if tag in _VOID:
            if tag == "br":
                self._break()
            return
        self.stack.append(tag)
        self.open[tag] += 1
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in ("article", "main"):
            self.in_article += 1
            self.saw_article = True
        if tag == "title" and self.skip_depth == 0:  # not the <title> of an inline <svg>: a tooltip
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if not self.open[tag]:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.open[open_tag] -= 1
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag in ("article", "main"):
                self.in_article -= 1
            if open_tag == "title":
                self._in_title = False
            if open_tag == "h1":
                self._in_h1 = False
            if open_tag == "script":
                self._in_json_ld = False
            if open_tag in _BLOCK:
                self._break()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)
            return
        if self._in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self._in_h1:
            self.h1_parts.append(data)
            return
        self.blocks[-1].append(data)
        if self.in_article:
            self.article_blocks[-1].append(data)

    def finish(self) -> None:
        """End the page, in time linear in its length.

        What ``feed`` leaves unparsed starts with a tag, comment or declaration that the end of the
        file cuts off; by HTML's end-of-file rules it holds no text. ``close()`` would instead read
        it as text up to the next ``>`` and parse on, searching the rest of the page again for every
        such opening (``<a b="`` or ``<!--`` repeated took minutes for a few hundred kilobytes).
        """
        if self.rawdata.startswith("<"):
            self.rawdata = ""
        self.close()

    def _break(self) -> None:
        if self.blocks[-1]:
            self.blocks.append([])
        if self.article_blocks[-1]:
            self.article_blocks.append([])


def _json_ld_field(chunks: list[str], *names: str) -> str | None:
    for chunk in chunks:
        try:
            data = json.loads(chunk)
        except json.JSONDecodeError:
            continue
        todo = [data]
        while todo:
            item = todo.pop(0)
            if isinstance(item, list):
                todo.extend(item)
            elif isinstance(item, dict):
                for name in names:
                    value = item.get(name)
                    if isinstance(value, dict):
                        value = value.get("name")
                    if isinstance(value, list) and value and isinstance(value[0], dict):
                        value = value[0].get("name")
                    if isinstance(value, str) and value.strip():
                        return value.strip()
                todo.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return None


def _paragraphs(blocks: list[list[str]]) -> list[str]:
    return [p for p in (" ".join("".join(b).split()) for b in blocks) if p]


def parse_html(raw: str, *, article_id: str, origin: str) -> tuple[Article, tuple[str, ...]]:
    """One article from a saved news page, and notes on what in it could not be used."""
    page = _Page()
    try:
        page.feed(normalise(raw))
        page.finish()
    except (AssertionError, ValueError) as exc:  # html.parser's own failures on broken markup
        raise InputError(origin, f"unreadable HTML ({exc}); skipped") from None
    m = page.meta
    title = (
        m.get("og:title") or _json_ld_field(page.json_ld, "headline")
        or " ".join("".join(page.h1_parts).split()) or " ".join("".join(page.title_parts).split())
    )
    title = " ".join(title.split())
    paragraphs = _paragraphs(page.article_blocks if page.saw_article else page.blocks)
    # A page's paragraphs include short menu and link lines; keep the ones that read as prose.
    story = [p for p in paragraphs if len(p) >= 40 or p.endswith((".", "!", "?", '"', "”"))]
    body = clean_body(story, title=title)
    if not body.text.strip():
        raise InputError(origin, "no article text found in the page (no paragraphs of prose); skipped")
    notes: list[str] = []
    if not title:
        notes.append("no title (no og:title, headline, h1 or title element); the article is kept without a headline")
    published = None
    for raw_date in [*(m.get(k) for k in _META_DATE), _json_ld_field(page.json_ld, "datePublished"),
                     page.time_datetime]:
        if not raw_date:
            continue
        try:
            published = parse_date(raw_date)
        except BadDate as exc:
            notes.append(f"impossible publication date {raw_date.strip()!r} ({exc}); ignored")
            published = None
        if published is not None:
            break
    article = Article(
        id=article_id,
        title=title,
        text=compose(title, body.text),
        published=published or body.published,
        url=m.get("og:url") or page.canonical,
        source=m.get("og:site_name") or _json_ld_field(page.json_ld, "publisher"),
        author=m.get("author") or m.get("article:author") or _json_ld_field(page.json_ld, "author") or body.author,
        origin=origin,
    )
    return article, tuple(notes)
