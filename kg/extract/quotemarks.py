"""Quotation marks: the stretches of text inside them, and which tokens they cover."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.extract.lexicon import lexicon

_OPEN_DOUBLE = "“«„"
_CLOSE_DOUBLE = "”»"
_BEFORE_OPEN = set(" \t\n([{—–-/:")
_MARKS = re.compile("[\"'`“”«»„‘’]")


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
        skip_to = 0
        for mark in _MARKS.finditer(p_text):  # only the marks: the other characters change nothing
            i, ch = mark.start(), mark.group()
            if i < skip_to:
                continue
            prev = p_text[i - 1] if i else " "
            nxt = p_text[i + 1] if i + 1 < len(p_text) else " "
            if p_text[i:i + 2] in ("''", "``"):
                # Typewriter double quotes, as in the New York Times' archive: ''I love depreciation,''
                skip_to = i + 2
                if open_at is None and p_text[i:i + 2] == "``" or open_at is None and (prev in _BEFORE_OPEN or not prev.isalnum()):
                    open_at = i + 2
                elif open_at is not None:
                    found.append(QuoteSpan(p_start + open_at, p_start + i, True))
                    open_at = None
                continue
            if ch in _OPEN_DOUBLE:
                if open_at is not None and i > open_at and prev.isspace():
                    # A second opening mark: the paragraph break between them was lost (a text
                    # flattened into one line), and the first quotation ran to its paragraph's end.
                    found.append(QuoteSpan(p_start + open_at, p_start + i, False))
                    open_at = None
                if open_at is None:
                    open_at = i + 1
            elif ch in _CLOSE_DOUBLE:
                if open_at is not None:
                    found.append(QuoteSpan(p_start + open_at, p_start + i, True))
                    open_at = None
            elif ch == '"':
                if open_at is None and (prev in _BEFORE_OPEN or not prev.isalnum()) and not nxt.isspace():
                    open_at = i + 1
                elif open_at is not None and prev.isspace() and nxt.isalnum() and i > open_at and _ends_open(p_text[open_at:i]):
                    # '"... right now "They are': an opening mark where a paragraph break was lost
                    found.append(QuoteSpan(p_start + open_at, p_start + i, False))
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




def _ends_open(text: str) -> bool:
    """Does a quotation's text run on without closing, as a paragraph's last words do (no mark before a space)?"""
    stripped = text.rstrip()
    return len(stripped.split()) >= 3 and stripped[-1:] not in ",;:-—–("


def is_quotation(text: str) -> bool:
    """Three words or more that are not a title: one or two words in quotation marks are scare quotes."""
    words = re.findall(r"[\w'’-]+", text)
    if len(words) < 3:
        return False
    # A title ('Fox News Sunday', "Failure to Adjust: How Americans Got Left Behind") is capitalised
    # throughout, apart from short function words.
    content = [w for w in words if w.lower() not in lexicon().title_function_words]
    return not (content and sum(w[:1].isupper() for w in content) >= 0.8 * len(content) and len(content) >= 2
                and not re.search(r"[.!?]\s+[A-Z]", text))


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside quotations (as ``is_quotation`` counts them)."""
    inside: set[int] = set()
    text = doc.text
    for q in quote_spans(text):
        if not is_quotation(text[q.start:q.end]):
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return frozenset(inside)
