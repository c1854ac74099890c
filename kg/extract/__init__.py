"""From an article and its spaCy Doc to the facts kg records: a pure function, no I/O.

``extract`` runs the family extractors over one Doc; each is a function of (Doc, resolved
entities), so the same code runs in one process, in a worker pool or on a Dask cluster.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.attacks import find_attacks
from kg.extract.entities import find_entities
from kg.extract.figures import find_figures
from kg.extract.quotemarks import quoted_tokens
from kg.extract.quotes import find_quotes
from kg.extract.reference import Resolver
from kg.extract.roles import find_roles
from kg.records import Article, Extraction, Quote, Role
from kg.resolve.gazetteer import Gazetteer

__all__ = ["extract"]


def _in_roles(quotes: list[Quote], roles: list[Role]) -> list[Quote]:
    """Each quotation with the role its speaker spoke in: the role its own sentence gives the speaker
    ("Mariupol Mayor Vadym Boychenko said"), else the speaker's role stated last before it, else first."""
    out = []
    for q in quotes:
        held = sorted((r for r in roles if q.speaker and r.person == q.speaker), key=lambda r: r.evidence.start)
        if not held:
            out.append(q)
            continue
        here = [r for r in held if r.evidence.start <= q.evidence.end and q.evidence.start <= r.evidence.end]
        before = [r for r in held if r.evidence.start <= q.span.start]
        role = (here or before[-1:] or held)[0]
        out.append(replace(q, speaker_role=role.role, speaker_org=role.org))
    return out


def extract(article: Article, doc: Doc, *, gazetteer: Gazetteer) -> Extraction:
    """Everything kg finds in one article. ``doc`` must be the parse of ``article.text``."""
    if doc.text != article.text:
        raise ValueError(f"the Doc for article {article.id!r} is not the parse of its text")
    index = find_entities(doc, gazetteer, article_id=article.id)
    resolver = Resolver(doc, index, gazetteer, article_id=article.id, quoted=quoted_tokens(doc))
    roles = find_roles(doc, index, resolver)
    quotes = _in_roles(find_quotes(doc, resolver), roles)
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
