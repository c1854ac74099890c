"""Character spans of spaCy sentences, without the whitespace that ends a paragraph."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.records import Span


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once per Doc (``Doc.text`` joins every token's text again at each call)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[SpacySpan, ...]:
    """The Doc's entity spans, made once per Doc (``Doc.ents`` builds every span again at each call)."""
    ents = doc.user_data.get("kg_ents")
    if ents is None:
        ents = doc.user_data["kg_ents"] = tuple(doc.ents)
    return ents


def sentence_span(sent: SpacySpan) -> Span:
    text = sent.text_with_ws  # the sentence's own text: ``Doc.text`` is rebuilt from every token on each call
    stripped = text.lstrip()
    if not stripped:
        return Span(sent.start_char, sent.start_char)
    start = sent.start_char + len(text) - len(stripped)
    return Span(start, start + len(stripped.rstrip()))


def covering(sents: list[SpacySpan]) -> Span:
    """The span from the first to the last of several sentences."""
    spans = [sentence_span(s) for s in sents]
    return Span(min(s.start for s in spans), max(s.end for s in spans))
