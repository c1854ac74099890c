"""The benchmark corpora, read from ../shared/data and written as JSONL samples kg can build.

- ``ukraine``: ../shared/data/ukraine-news-2022/articles_all.jsonl, taken as it is;
- ``reuters``: the Reuters-21578 SGML files, converted here (never copied into the project) to one
  JSON line per document that has a body: id, title, publication date, text.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bench.results import DATA

UKRAINE = DATA / "ukraine-news-2022" / "articles_all.jsonl"
REUTERS = DATA / "reuters21578"

_DOC = re.compile(r"<REUTERS\b(.*?)</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}
_NEWID = re.compile(r'NEWID="(\d+)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    text = html.unescape(text)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s*\bReuter\s*$", "", text, flags=re.I).strip()
    # Lines are wrapped at 70 columns and paragraphs open with an indented line: unwrap the lines,
    # keep the paragraphs (kg ends a sentence at every paragraph break).
    paragraphs = re.split(r"\n[ \t]{2,}", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def reuters_records() -> Iterator[dict[str, str]]:
    """Reuters documents with a body, in file order, as kg JSONL records."""
    for path in sorted(REUTERS.glob("reut2-*.sgm")):
        for m in _DOC.finditer(path.read_text(encoding="latin-1")):
            doc = m.group(1)
            body = _FIELD["BODY"].search(doc)
            if body is None or not _clean(body.group(1)):
                continue
            newid = _NEWID.search(doc)
            record = {"id": f"reuters-{newid.group(1) if newid else len(doc)}", "text": _clean(body.group(1))}
            if title := _FIELD["TITLE"].search(doc):
                record["title"] = _clean(title.group(1))
            if date := _FIELD["DATE"].search(doc):
                with contextlib.suppress(ValueError):  # an unreadable date: the article has none
                    record["published"] = datetime.strptime(date.group(1).strip().split(".")[0], "%d-%b-%Y %H:%M:%S").date().isoformat()
            yield record


def sample(corpus: str, n: int, out: Path, *, skip: int = 0) -> Path:
    """Write articles ``skip`` to ``skip + n`` of a corpus (``n`` 0: all) to ``out`` as JSONL."""
    with out.open("w", encoding="utf-8") as f:
        if corpus == "reuters":
            records = reuters_records()
            for i, record in enumerate(records):
                if i < skip:
                    continue
                if n and i >= skip + n:
                    break
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            path = UKRAINE if corpus == "ukraine" else Path(corpus)
            with path.open(encoding="utf-8") as lines:
                for i, line in enumerate(lines):
                    if i < skip:
                        continue
                    if n and i >= skip + n:
                        break
                    f.write(line)
    return out
