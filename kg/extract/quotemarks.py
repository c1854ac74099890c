"""Quotation marks: the stretches of text inside them, and which tokens they cover."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

_OPEN_DOUBLE = "“«„"
_CLOSE_DOUBLE = "”»"
_BEFORE_OPEN = set(" \t\n([{—–-/:")


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # character after the last one inside the marks
    closed: bool


def quote_spans(text: str) -> list[QuoteSpan]:
    """Stretches of text inside quotation marks, paragraph by paragraph.

    Curly and straight double quotes, guillemets and curly single quotes opened after a space; a
    quotation left open at the end of a paragraph ends there (the next paragraph re-opens it).
    """
    found: list[QuoteSpan] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_text = para.start(), para.group()
        open_at: int | None = None
        open_single: int | None = None
        for i, ch in enumerate(p_text):
            prev = p_text[i - 1] if i else " "
            nxt = p_text[i + 1] if i + 1 < len(p_text) else " "
            if ch in _OPEN_DOUBLE:
                if open_at is None:
                    open_at = i + 1
            elif ch in _CLOSE_DOUBLE:
                if open_at is not None:
                    found.append(QuoteSpan(p_start + open_at, p_start + i, True))
                    open_at = None
            elif ch == '"':
                if open_at is None and (prev in _BEFORE_OPEN or not prev.isalnum()) and not nxt.isspace():
                    open_at = i + 1
                elif open_at is not None:
                    found.append(QuoteSpan(p_start + open_at, p_start + i, True))
                    open_at = None
            elif ch == "‘" and open_at is None and (prev in _BEFORE_OPEN) and not nxt.isspace():
                open_single = i + 1
            elif ch == "’" and open_single is not None and not nxt.isalpha():
                found.append(QuoteSpan(p_start + open_single, p_start + i, True))
                open_single = None
        if open_at is not None and len(p_text) - open_at > 1:
            found.append(QuoteSpan(p_start + open_at, p_start + len(p_text), False))
    return found


def is_quotation(text: str) -> bool:
    words = re.findall(r"[\w'’-]+", text)
    if len(words) < 3:
        return False  # a scare quote or a coined term
    # A title ('Fox News Sunday') is capitalised throughout.
    return not (len(words) <= 6 and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "a", "in", "on", "for", "to") for w in words))


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside quotations (as ``is_quotation`` counts them)."""
    inside: set[int] = set()
    for q in quote_spans(doc.text):
        if not is_quotation(doc.text[q.start:q.end]):
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return frozenset(inside)
