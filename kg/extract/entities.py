"""People, organisations and places named in an article, resolved within the article.

The small English model's labels are a starting point, not the answer: a name the gazetteer
knows as a city or country is a place whatever the model says ("Kyiv" as PERSON, "Mariupol" as
ORG, "Odesa" as NORP); surname-only and title-plus-name mentions join the full name they abbreviate;
acronyms join the organisation they abbreviate; two transliterations of one name share a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.lexicon import lexicon
from kg.records import Entity, EntityKind, Mention, Place, Span
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.names import fold, name_key, place_key, strip_titles
from kg.resolve.organizations import is_known_org, org_identity

_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
# Place names the gazetteer may lack (regions, seas) still name places when the model says so.
_PLACE_LABELS = {"GPE", "LOC"}


@dataclass
class EntityIndex:
    """The entities of one Doc, and which tokens name which entity."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    token_entity: dict[int, str] = field(default_factory=dict)
    mention_tokens: dict[int, tuple[int, int]] = field(default_factory=dict)  # token -> (start, end) of its mention

    def entity_of(self, token: Token) -> str | None:
        return self.token_entity.get(token.i)

    def kind_of(self, key: str | None) -> EntityKind | None:
        entity = self.entities.get(key) if key else None
        return entity.kind if entity else None

    def keys_before(self, token_i: int, kind: EntityKind) -> list[tuple[int, str]]:
        """(token, key) of every mention of ``kind`` that ends before ``token_i``, nearest last."""
        return [(i, k) for i, k in sorted(self.token_entity.items())
                if i < token_i and self.entities[k].kind is kind]

    def add(self, entity: Entity) -> str:
        """Add (or merge the variants of) an entity; returns its key."""
        old = self.entities.get(entity.key)
        if old is None:
            self.entities[entity.key] = entity
        else:
            variants = tuple(sorted(set(old.variants) | set(entity.variants)))
            self.entities[entity.key] = Entity(
                old.key, old.kind, _better_name(old.name, entity.name), variants,
                old.place or entity.place, old.described and entity.described,
            )
        return entity.key

    def mention(self, key: str, doc: Doc, start: int, end: int) -> None:
        span = doc[start:end]
        self.mentions.append(Mention(key, Span(span.start_char, span.end_char), span.text))
        for i in range(start, end):
            self.token_entity[i] = key
            self.mention_tokens[i] = (start, end)


def _better_name(a: str, b: str) -> str:
    """The fuller of two names for one entity (more words, then the first seen)."""
    return b if len(b.split()) > len(a.split()) else a


def _trim(span: SpacySpan) -> tuple[int, int]:
    """Token bounds without a leading determiner or a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start + 1 and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return bool(words) and not re.search(r"\d", text) and all(w[:1].isupper() or w.lower() in lexicon().name_particles for w in words)


def _place_override(text: str, gazetteer: Gazetteer, *, strict: bool) -> Place | None:
    """A gazetteer place for a name the model labelled as something else.

    ``strict`` (person-labelled names) asks for the place's own name; otherwise an alternative
    spelling of a large city or a country is enough. An acronym is a place only when it is a
    country's (UK, US): "UN" is the United Nations, not the town of Un.
    """
    match = gazetteer.lookup(text)
    if match is None:
        return None
    place = match.place
    if place.feature == "country":
        return place
    if re.sub(r"[^A-Za-z]", "", text).isupper():
        return None
    if match.primary:
        return place
    return None if strict else (place if place.population >= 100_000 else None)


def find_entities(doc: Doc, gazetteer: Gazetteer, *, article_id: str = "") -> EntityIndex:
    """Every person, organisation and place the Doc names, with one key per real-world entity."""
    index = EntityIndex()
    persons: list[tuple[int, int, str]] = []  # (start, end, surface name) in text order
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        start, end = _trim(ent)
        surface = doc[start:end].text.strip()
        if not surface or not re.search(r"[A-Za-z]", surface):
            continue
        label = ent.label_
        demonym = gazetteer.country_of_demonym(surface)
        if label in ("NORP", "GPE") and demonym is not None and fold(surface) != fold(demonym.name):
            continue  # "Russian", "Ukrainian": adjectives, used by roles and attacks, not places
        if label == "PERSON":
            name = strip_titles(surface)
            place = _place_override(name, gazetteer, strict=True) if len(name.split()) == 1 else None
            if place is None:
                if _looks_like_name(name):
                    persons.append((end - len(name.split()), end, name))
                continue
            label = "GPE"
        if label in ("ORG", "NORP", "FAC") or is_known_org(surface):
            known_org = is_known_org(surface)
            place = None if known_org else _place_override(surface, gazetteer, strict=False)
            if place is None:
                if (label == "ORG" or known_org) and _looks_like_org(surface):
                    key, display = org_identity(surface)
                    index.add(Entity(key, EntityKind.ORGANIZATION, display, (surface,)))
                    index.mention(key, doc, start, end)
                continue
            label = "GPE"
        match = gazetteer.lookup(surface)
        place = match.place if match else None
        name = place.name if place else surface
        key = place_key(place, surface)
        index.add(Entity(key, EntityKind.PLACE, name, (surface,), place))
        index.mention(key, doc, start, end)
    _add_gazetteer_only(doc, gazetteer, index)
    _resolve_persons(doc, persons, index)
    _surnames_are_people(index)
    _link_acronyms(index)
    return index


def _surnames_are_people(index: EntityIndex) -> None:
    """A one-word "place" that is the surname of a person the article names is that person.

    The model labels "Zelenskyy" or "Holden" a place now and then, and the gazetteer may even
    know a town of that name; within an article that names Volodymyr Zelenskyy, it is him.
    """
    surnames: dict[str, str] = {}
    for e in index.entities.values():
        if e.kind is EntityKind.PERSON and len(e.name.split()) >= 2:
            surnames.setdefault(name_key(e.name.split()[-1]), e.key)
    for key, e in list(index.entities.items()):
        if e.kind is not EntityKind.PLACE or any(len(v.split()) != 1 for v in e.variants):
            continue
        person = next((surnames[name_key(v)] for v in e.variants if name_key(v) in surnames), None)
        if person is None or e.place is not None and e.place.feature == "country":
            continue
        _repoint(index, key, person)


def _repoint(index: EntityIndex, old: str, new: str) -> None:
    """Make every mention of entity ``old`` a mention of ``new``, and drop ``old``."""
    entity = index.entities.pop(old)
    target = index.entities[new]
    index.add(Entity(target.key, target.kind, target.name, entity.variants))
    for i, k in list(index.token_entity.items()):
        if k == old:
            index.token_entity[i] = new
    index.mentions[:] = [Mention(new, m.span, m.text) if m.entity == old else m for m in index.mentions]




def _looks_like_org(text: str) -> bool:
    return bool(re.search(r"[A-Z]", text)) and len(text) > 1 and fold(text) not in lexicon().generic_org_words


def _add_gazetteer_only(doc: Doc, gazetteer: Gazetteer, index: EntityIndex) -> None:
    """Proper nouns the model left unlabelled but that name a city or a country.

    A large city or a country is taken on its name alone; a smaller town (Bucha) only when the
    article also names its country or another of its places, since small towns share names with
    common words and with towns elsewhere.
    """
    countries = {e.place.country_code for e in index.entities.values() if e.place is not None}
    for token in doc:
        if token.i in index.token_entity or token.ent_type_ or token.pos_ != "PROPN" or not token.is_title:
            continue
        if token.i > 0 and doc[token.i - 1].pos_ == "PROPN" or token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # part of a longer name the model did not label: not safe to guess
        match = gazetteer.lookup(token.text)
        if match and match.primary and (match.place.feature == "country" or match.place.population >= 100_000
                                        or match.place.country_code in countries):
            key = place_key(match.place, token.text)
            index.add(Entity(key, EntityKind.PLACE, match.place.name, (token.text,), match.place))
            index.mention(key, doc, token.i, token.i + 1)


def _resolve_persons(doc: Doc, persons: list[tuple[int, int, str]], index: EntityIndex) -> None:
    """Full names are entities; a surname or first name alone joins the full name it abbreviates."""
    full: list[tuple[int, str, list[str]]] = []  # (start token, key, name keys of its words)
    for start, _, name in persons:
        words = name.split()
        if len(words) >= 2:
            key = "person:" + name_key(name)
            full.append((start, key, name_key(name).split()))
    for start, end, name in persons:
        words = name.split()
        key = "person:" + name_key(name)
        if len(words) == 1:
            word = name_key(name)
            # The nearest full name before this mention that ends with the word; else one that
            # contains it; else the first full name after it ("Lavrov ... Sergey Lavrov" is rare).
            before = [k for s, k, ws in full if s < start and ws[-1] == word]
            anywhere = [k for s, k, ws in full if ws[-1] == word] or [k for s, k, ws in full if word in ws]
            if before:
                key = before[-1]
            elif len(set(anywhere)) == 1:
                key = anywhere[0]
        index.add(Entity(key, EntityKind.PERSON, name, (name,)))
        index.mention(key, doc, start, end)


def _link_acronyms(index: EntityIndex) -> None:
    """An acronym (WHO) joins the organisation whose initials it spells (World Health Organization)."""
    orgs = [e for e in index.entities.values() if e.kind is EntityKind.ORGANIZATION]
    by_initials: dict[str, list[Entity]] = {}
    for e in orgs:
        words = [w for w in re.findall(r"[A-Za-z]+", e.name) if w.lower() not in ("of", "the", "and", "for")]
        if len(words) >= 2:
            by_initials.setdefault("".join(w[0] for w in words).upper(), []).append(e)
    for e in orgs:
        letters = re.sub(r"[^A-Za-z]", "", e.name)
        if not (letters.isupper() and 2 <= len(letters) <= 6):
            continue
        targets = by_initials.get(letters, [])
        if len(targets) != 1 or targets[0].key == e.key:
            continue
        _repoint(index, e.key, targets[0].key)

