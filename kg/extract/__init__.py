"""From an article and its spaCy Doc to the facts kg records: a pure function, no I/O.

``extract`` runs the family extractors over one Doc; each is a function of (Doc, resolved
entities), so the same code runs in one process, in a worker pool or on a Dask cluster.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.attacks import find_attacks
from kg.extract.entities import find_entities
from kg.extract.figures import find_figures
from kg.extract.quotemarks import quoted_tokens
from kg.extract.quotes import find_quotes
from kg.extract.reference import Resolver
from kg.extract.roles import find_roles
from kg.records import Article, Extraction
from kg.resolve.gazetteer import Gazetteer

__all__ = ["extract"]


def extract(article: Article, doc: Doc, *, gazetteer: Gazetteer) -> Extraction:
    """Everything kg finds in one article. ``doc`` must be the parse of ``article.text``."""
    if doc.text != article.text:
        raise ValueError(f"the Doc for article {article.id!r} is not the parse of its text")
    index = find_entities(doc, gazetteer, article_id=article.id)
    resolver = Resolver(doc, index, gazetteer, article_id=article.id, quoted=quoted_tokens(doc))
    quotes = find_quotes(doc, resolver)
    roles = find_roles(doc, index, resolver)
    attacks = find_attacks(doc, resolver, article.published)
    figures = find_figures(doc, resolver, article.published)
    # Entities the text names are kept; those only inferred along the way (a described subject,
    # a country implied by "Russian") are kept only when a fact refers to them.
    used = {q.speaker for q in quotes} | {r.person for r in roles} | {r.org for r in roles}
    used |= {a.place for a in attacks} | {a.attacker for a in attacks}
    used |= {f.place for f in figures} | {f.claimant for f in figures}
    named = {m.entity for m in index.mentions}
    entities = tuple(sorted((e for k, e in index.entities.items() if k in named or k in used), key=lambda e: e.key))
    return Extraction(
        article=article,
        entities=entities,
        mentions=tuple(sorted(index.mentions, key=lambda m: (m.span.start, m.span.end))),
        roles=tuple(roles),
        quotes=tuple(quotes),
        attacks=tuple(sorted(attacks, key=lambda a: (a.evidence.start, a.place))),
        figures=tuple(sorted(figures, key=lambda f: (f.evidence.start, f.count))),
    )
