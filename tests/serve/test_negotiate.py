"""Content negotiation for the endpoint: which media type answers which Accept header."""

from __future__ import annotations

import pytest

from kg.serve.negotiate import GRAPHS, RESULTS, negotiate


@pytest.mark.parametrize(
    ("accept", "offers", "chosen"),
    [(None, RESULTS, "application/sparql-results+json"),
     ("*/*", GRAPHS, "text/turtle"),
     ("text/csv", RESULTS, "text/csv"),
     ("text/tab-separated-values; charset=utf-8", RESULTS, "text/tab-separated-values"),
     ("application/sparql-results+xml, */*;q=0.1", RESULTS, "application/sparql-results+xml"),
     ("application/json", RESULTS, "application/sparql-results+json"),
     ("text/*", RESULTS, "text/csv"),
     ("text/csv;q=0.5, application/sparql-results+json", RESULTS, "application/sparql-results+json"),
     ("application/sparql-results+json, text/turtle;q=0.9", GRAPHS, "text/turtle"),
     ("application/n-triples, text/turtle", GRAPHS, "application/n-triples"),
     ("application/ld+json", GRAPHS, "application/ld+json"),
     ("*/*, text/turtle;q=0", GRAPHS, "application/n-triples"),
     ("image/png", RESULTS, None),
     ("text/csv", GRAPHS, None)],
)
def test_negotiate(accept, offers, chosen):
    assert negotiate(accept, offers) == chosen
