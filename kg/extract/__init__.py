"""From an article and its spaCy Doc to the facts kg records: a pure function, no I/O.

``extract`` analyses the Doc once (``context``: entities, quotation marks, the subjects that
pronouns refer to) and runs each family's extractor on that frozen context; each is a pure
function of it and can be called alone, so the same code runs in one process, in a worker pool
or on a Dask cluster.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.attacks import find_attacks
from kg.extract.context import analyse
from kg.extract.figures import find_figures
from kg.extract.quotes import find_quotes
from kg.extract.roles import find_roles
from kg.records import Article, Extraction, Figure, Quote, Role
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


def _claimed_in_quotes(figures: list[Figure], quotes: list[Quote]) -> list[Figure]:
    """A figure nobody in its own sentence claims, inside someone's quotation, is that speaker's
    claim ("'They have killed over 100 children,' Zelenskyy said")."""
    out = []
    for f in figures:
        if f.claimant is None:
            said = [q for q in quotes if q.kind == "direct" and q.speaker
                    and q.span.start < f.evidence.end and f.evidence.start < q.span.end]
            if said:
                f = replace(f, claimant=said[0].speaker, claimant_text=said[0].speaker_text)
        out.append(f)
    return out


def extract(article: Article, doc: Doc, *, gazetteer: Gazetteer) -> Extraction:
    """Everything kg finds in one article. ``doc`` must be the parse of ``article.text``."""
    context = analyse(article, doc, gazetteer=gazetteer)
    found = (roles, quotes, attacks, figures) = (find_roles(context), find_quotes(context),
                                                 find_attacks(context), find_figures(context))
    index = context.index.copy()
    for findings in found:
        for entity in findings.entities:
            index.add(entity)
    quoted = _in_roles(list(quotes.records), list(roles.records))
    claimed = _claimed_in_quotes(list(figures.records), quoted)
    # Entities the text names are kept; those only inferred along the way (a described subject,
    # a country implied by "Russian") are kept only when a fact refers to them.
    used = {q.speaker for q in quoted} | {r.person for r in roles.records} | {r.org for r in roles.records}
    used |= {a.place for a in attacks.records} | {a.attacker for a in attacks.records}
    used |= {f.place for f in claimed} | {f.claimant for f in claimed}
    named = {m.entity for m in index.mentions}
    entities = tuple(sorted((e for k, e in index.entities.items() if k in named or k in used), key=lambda e: e.key))
    return Extraction(
        article=article,
        entities=entities,
        mentions=tuple(sorted(index.mentions, key=lambda m: (m.span.start, m.span.end))),
        roles=roles.records,
        quotes=tuple(quoted),
        attacks=tuple(sorted(attacks.records, key=lambda a: (a.evidence.start, a.place))),
        figures=tuple(sorted(claimed, key=lambda f: (f.evidence.start, f.count))),
    )
