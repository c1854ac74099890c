"""Content negotiation for the SPARQL endpoint: which media type answers a request's ``Accept``.

Pure functions over header text, so the server and the engine agree and tests need no server.
Results of SELECT and ASK come as SPARQL JSON, XML, CSV or TSV; graphs of CONSTRUCT and DESCRIBE
as Turtle, N-Triples or JSON-LD. The first media type of each list is the default for ``*/*``.
"""

from __future__ import annotations

from dataclasses import dataclass

RESULTS: tuple[str, ...] = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPHS: tuple[str, ...] = ("text/turtle", "application/n-triples", "application/ld+json")
# Names clients use for the same formats; answered with the canonical type above.
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
}


@dataclass(frozen=True)
class Preference:
    media_type: str
    q: float
    order: int


def _preferences(accept: str) -> list[Preference]:
    out = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        out.append(Preference(media, q, i))
    return out


def _matches(pattern: str, offer: str) -> int:
    """How specifically ``pattern`` names ``offer``: 3 exact or alias, 2 ``type/*``, 1 ``*/*``, 0 not."""
    if pattern == offer or ALIASES.get(pattern) == offer:
        return 3
    if pattern.endswith("/*") and offer.startswith(pattern[:-1]):
        return 2
    return 1 if pattern == "*/*" else 0


def negotiate(accept: str | None, offers: tuple[str, ...]) -> str | None:
    """The offer the ``Accept`` header likes best (ties: the header's order, then ours); None if none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    prefs = _preferences(accept)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for rank, offer in enumerate(offers):
        # The most specific pattern naming an offer decides its quality (RFC 9110, 12.5.1).
        matching = [(p, s) for p in prefs if (s := _matches(p.media_type, offer))]
        if not matching:
            continue
        pref, specificity = max(matching, key=lambda m: (m[1], -m[0].order))
        if pref.q <= 0:
            continue
        key = (pref.q, specificity, -pref.order, -rank)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen
