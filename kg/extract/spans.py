"""Character spans of spaCy sentences, without the whitespace that ends a paragraph."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from kg.records import Span


def sentence_span(sent: SpacySpan) -> Span:
    text = sent.doc.text
    start, end = sent.start_char, sent.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Span(start, end)


def covering(sents: list[SpacySpan]) -> Span:
    """The span from the first to the last of several sentences."""
    spans = [sentence_span(s) for s in sents]
    return Span(min(s.start for s in spans), max(s.end for s in spans))
