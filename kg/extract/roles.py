"""Who holds which role, of which organisation or place.

Patterns, each a reading of the dependency parse around a person's name:
- a title before the name: "Russian Foreign Minister Sergey Lavrov", "Mariupol mayor Vadym
  Boychenko", "WHO chief Tedros Adhanom Ghebreyesus", "the city's Mayor Oleksandr Markushin";
- an apposition either way: "its mayor, Ihor Terekhov", "Ihor Terekhov, the mayor of Kharkiv";
- a copula: "Terekhov is the mayor of Kharkiv".
The owner is a possessive ("Ukraine's", "its", "the country's"), a nationality ("Russian" ->
Russia), a named place or organisation before the role ("Mariupol mayor"), or "of X" after it.
A role stated without an owner takes the owner the same person's role has elsewhere in the
article, or the owner of the same role described without a name just before ("its mayor said
... Mayor Boichenko told").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.entities import EntityIndex
from kg.extract.lexicon import QUOTE_VERBS
from kg.extract.reference import Resolver
from kg.extract.rolenames import Title, is_role_noun, read_title
from kg.extract.spans import covering, sentence_span
from kg.records import EntityKind, Role


def _title_before(doc: Doc, start: int, head: Token) -> list[Token]:
    """Tokens before a name inside its phrase: "the country's deputy defence minister"."""
    left = start
    subtree = {t.i for t in head.subtree}
    while left > 0:
        t = doc[left - 1]
        if t.i not in subtree or t.is_punct and t.text not in ("'", "’") or t.ent_type_ == "PERSON":
            break
        left -= 1
    return list(doc[left:start])


def _phrase_title(noun: Token) -> Title | None:
    return read_title(list(noun.doc[noun.left_edge.i:noun.i + 1]))


def _titles(doc: Doc, start: int, end: int) -> list[tuple[Title, Token]]:
    """Every title the parse attaches to the name at tokens [start, end), with the name's head."""
    head = doc[end - 1]
    while start <= head.head.i < end and head.head is not head:
        head = head.head
    found: list[Title | None] = []
    before = _title_before(doc, start, head)
    if before:
        found.append(read_title(before))
    if head.dep_ == "appos" and is_role_noun(head.head):  # "its mayor, Ihor Terekhov"
        found.append(_phrase_title(head.head))
    for child in head.children:  # "Ihor Terekhov, the mayor of Kharkiv"
        if child.dep_ == "appos" and is_role_noun(child):
            found.append(_phrase_title(child))
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":  # "Terekhov is the mayor of Kharkiv"
        for attr in head.head.children:
            if attr.dep_ == "attr" and is_role_noun(attr):
                found.append(_phrase_title(attr))
    return [(t, head) for t in found if t is not None]


def find_roles(doc: Doc, index: EntityIndex, resolver: Resolver) -> list[Role]:
    """Every (person, role, owner) the Doc states, once each."""
    spans = sorted({index.mention_tokens[i] for i, k in index.token_entity.items()
                    if index.kind_of(k) is EntityKind.PERSON and not index.entities[k].described})
    subjects = resolver.subjects()  # registers every role described without a name
    raw: list[tuple[Role, int]] = []
    for start, end in spans:
        person = index.token_entity[start]
        for title, head in _titles(doc, start, end):
            owner = resolver.role_owner(title.before, title.noun)
            sent = head.sent
            raw.append((Role(person, title.role, owner, sentence_span(sent)), head.i))
    raw += _named_next(doc, index, resolver, subjects, {r.person for r, _ in raw})
    return _consolidate(raw, doc, resolver)


def _named_next(doc: Doc, index: EntityIndex, resolver: Resolver, subjects: list[tuple[int, str, EntityKind]],
                with_roles: set[str]) -> list[tuple[Role, int]]:
    """A role described without a name, then named by the next sentence's speaker.

    "Kyiv's mayor earlier warned that ... “We will defend Kyiv!,” Vitali Klitschko wrote." The
    description must have an owner, the next sentence's subject must be a named person who speaks
    and holds no other role in the article, and nobody else may be named in between.
    """
    found: list[tuple[Role, int]] = []
    for at, role, owner in resolver.described_roles:
        sent = doc[at].sent
        if sent.end >= len(doc):
            continue
        following = doc[sent.end].sent
        speakers = [(i, k) for i, k, kind in subjects if following.start <= i < following.end and kind is EntityKind.PERSON
                    and not index.entities[k].described and doc[i].head.lemma_.lower() in QUOTE_VERBS]
        named_between = {index.token_entity[i] for i in range(at + 1, following.start) if i in index.token_entity
                         and index.kind_of(index.token_entity[i]) is EntityKind.PERSON}
        if len(speakers) == 1 and not named_between and speakers[0][1] not in with_roles:
            i, person = speakers[0]
            found.append((Role(person, role, owner, covering([sent, following])), i))
    return found


def _consolidate(raw: list[tuple[Role, int]], doc: Doc, resolver: Resolver) -> list[Role]:
    """One role per (person, role, owner); a role with no owner takes one stated elsewhere."""
    owned = {(r.person, r.role): r.org for r, _ in raw if r.org}
    out: dict[tuple[str, str, str | None], Role] = {}
    for r, at in raw:
        org = r.org or owned.get((r.person, r.role)) or _described_owner(r.role, at, doc, resolver)
        out.setdefault((r.person, r.role, org), Role(r.person, r.role, org, r.evidence))
    return sorted(out.values(), key=lambda r: (r.evidence.start, r.person, r.role))


def _described_owner(role: str, at: int, doc: Doc, resolver: Resolver) -> str | None:
    """The owner of the same role described without a name in the three sentences before."""
    sent_start = doc[at].sent.start
    window_start = sent_start
    for _ in range(3):
        if window_start == 0:
            break
        window_start = doc[window_start - 1].sent.start
    candidates = [owner for i, r, owner in resolver.described_roles if window_start <= i < at and r.split()[-1] == role.split()[-1]]
    return candidates[-1] if candidates else None
