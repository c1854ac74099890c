"""Separate an article body from page furniture: bylines, datelines, captions, audio players, links.

Works line by line on text that keeps its paragraph breaks; what it removes is either metadata
(returned) or noise (dropped). A sentence of the story is never cut in half.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kg.ingest.dates import dateline

# Whole lines that belong to the page, not the story.
_NOISE = re.compile(
    r"""^(?:
        listen\ to\ this\ article
      | loading\ (?:audio|video|player)?\s*(?:\.\.\.|…)?
      | (?:read|see|watch)\ more\s*[:\-–].*
      | read\ more
      | more\ to\ follow\s*(?:\.\.\.|…|\.)?
      | advertisement
      | (?:sign\ up|subscribe)\b.*\b(?:newsletter|updates|email)s?\b.*
      | share\ this\ (?:article|story)
      | (?:follow|like)\ us\ on\ .*
      | click\ here\b.*
      | (?:copyright|©)\ .*
      | all\ rights\ reserved\.?
      | additional\ reporting\ by\ .*
      | (?:picture|image|photo|photograph|credit|video)\s*:\s*.*
    )$""",
    re.I | re.X,
)
# A caption ends with its credit: "Ukraine's cities are being devastated. Picture: Alamy".
_CAPTION = re.compile(r"(?:^|[.!?)\s])(?:Picture|Image|Photo|Photograph|Credit)\s*:\s*[^.!?]{1,60}\.?$")
_BYLINE = re.compile(
    r"^By\s+(?P<author>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|bin|al|and|&)){0,6})"
    r"(?:\s*[,|]\s*.*)?$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a page leaves of a link or an embedded post whose words it dropped: free-standing quotation marks with the
# punctuation and the capitals around them (": ‘ ’", "'S ' '", "‘’ : 'T ‘ I ’ :", "'S ‘ ’ : A ‘- ’" in many Fox News
# bodies): each word of it quotation marks and dashes, one of ":;,-", or a capital with marks around it.
_STRAY_TOKEN = re.compile(r"^(?:['‘’“”\-–—]+|[:;,]|['‘’]?[A-Z]['‘’\-]?)$")
_QUOTE_CHARS = re.compile(r"['‘’“”]")


def normalise(text: str) -> str:
    """Unix newlines, NFC, no control characters other than newline and tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    published: date | None
    author: str | None


def is_furniture(line: str) -> bool:
    """Whether a whole line is page furniture ("Read more", "Advertisement"), never a headline or story."""
    return bool(_NOISE.match(" ".join(line.split())))


def without_stray_marks(line: str) -> str:
    """The line without the stray quotation marks a page left between its sentences: a run of such words with at
    least two quotation marks among them, less the capitals that end it ("‘ ’ A man was killed": "A" is a word).
    They are no one's words, and would open or close quotations that are not there."""
    words = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and _STRAY_TOKEN.match(words[j]):
            j += 1
        while j > i and words[j - 1].isalpha():
            j -= 1  # a capital that ends the run begins the next sentence
        if len(_QUOTE_CHARS.findall(" ".join(words[i:j]))) >= 2:
            i = j
            continue
        out.append(words[i])
        i += 1
    return " ".join(out)


def _key(line: str) -> str:
    return " ".join(line.lower().split()).rstrip(".")


def clean_body(lines: list[str], *, title: str = "") -> Body:
    """The story's paragraphs, with the dateline and byline near the top taken as metadata."""
    stripped = [without_stray_marks(" ".join(line.split())) for line in lines]
    kept: list[str] = []
    published: date | None = None
    author: str | None = None
    title_key = _key(title)
    nonblank_seen = 0
    # The next non-blank line after each line, found once (looking it up from each line was
    # quadratic in the number of lines).
    following_of, following = [""] * len(stripped), ""
    for i in range(len(stripped) - 1, -1, -1):
        following_of[i] = following
        following = stripped[i] or following
    for i, line in enumerate(stripped):
        if not line:
            continue
        nonblank_seen += 1
        near_top = nonblank_seen <= 8
        if near_top and published is None:
            d = dateline(line)
            if d is not None:
                published = d
                continue
        if near_top and author is None:
            m = _BYLINE.match(line)
            if m and len(line.split()) <= 12:
                author = m["author"].strip()
                continue
        if _NOISE.match(line) or _CAPTION.search(line):
            continue
        if title_key and _key(line) == title_key:
            continue  # the headline repeated at the top of the body
        following = following_of[i]
        if following and _CAPTION.search(following) and _key(following).startswith(_key(line)):
            continue  # an image caption printed twice, the second time with its credit
        kept.append(line)
    return Body(text="\n\n".join(kept), published=published, author=author)


def compose(title: str, body: str) -> str:
    """The text kg analyses: the title as the first paragraph, then the body."""
    return f"{title}\n\n{body}" if title and body else (title or body)
