"""Quotation marks: the stretches of text inside them, and which tokens they cover."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.extract.lexicon import lexicon
from kg.extract.spans import doc_text

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
    # straight single quotes, three words or more, not inside another quotation: Fox's headlines, the Mirror's quotes
    single = [QuoteSpan(s, e, True) for s, e in _straight_single(text) if len(re.findall(r"[\w’-]+", text[s:e])) >= 3
              and not any(q.start - 1 <= s and e <= q.end + 1 for q in found)]
    return sorted(found + single, key=lambda q: q.start)


_OPEN_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[:—–-]))'(?=[A-Za-z])", re.M)
_CLOSE_SINGLE = re.compile(r"(?<=[\w.,!?])'(?=[\s.,;:!?)\]]|$)", re.M)


def _straight_single(text: str) -> list[tuple[int, int]]:
    """Stretches in straight single quotes ('...'): an opening mark after a space, bracket, dash or colon
    before a letter; the first closing mark of its line that is no plural possessive ("the Russians' tanks")."""
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := _OPEN_SINGLE.search(text, pos)) is not None:
        start = m.end()
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        closes = [c.start() for c in _CLOSE_SINGLE.finditer(text, start, line_end)]
        plain = [c for c in closes if not re.match(r"s'\s+[a-z]", text[c - 1:c + 3])]
        end = plain[0] if plain else closes[0] if closes else None
        if closes and end != closes[0] and _OPEN_SINGLE.search(text, closes[0] + 1, end):
            end = closes[0]  # "'no apologies' for saying Putin 'cannot ...'": another quotation opens before
        if re.match(r"[A-Z]\s", text[start:start + 2]) and text[start] not in "IA" \
                or end is None or re.search('["“”]', text[start:end]) or end - start > 400:
            pos = start  # "'S 'S": letters left over from a removed possessive; or no closing mark
            continue
        out.append((start, end))
        pos = end + 1
    return out




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
    text = doc_text(doc)
    for q in quote_spans(text):
        if not is_quotation(text[q.start:q.end]):
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return frozenset(inside)
