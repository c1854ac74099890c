"""People, organisations and places named in an article, resolved within the article.

The small English model's labels are a starting point, not the answer: a name the gazetteer
knows as a city or country is a place whatever the model says ("Kyiv" as PERSON, "Mariupol" as
ORG, "Odesa" as NORP); surname-only and title-plus-name mentions join the full name they abbreviate;
acronyms join the organisation they abbreviate; two transliterations of one name share a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.lexicon import lexicon
from kg.extract.rolenames import is_abbreviated_title, is_role_noun
from kg.extract.spans import doc_ents, doc_text
from kg.records import Entity, EntityKind, Mention, Place, Span
from kg.resolve.gazetteer import SMALL_TOWN_COUNTRY, Gazetteer
from kg.resolve.names import fold, name_key, place_key, post_nominals, strip_titles
from kg.resolve.organizations import is_known_org, long_names_pattern, org_identity
from kg.resolve.people import KnownPerson, known_person

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

    def copy(self) -> EntityIndex:
        return EntityIndex(dict(self.entities), list(self.mentions), dict(self.token_entity), dict(self.mention_tokens))

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
    # "Ivano-Frankovsk", of which the model took "Ivano", "OVD-Info" its "OVD": a name goes on across a hyphen
    # written without spaces
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
            and doc[end + 1].is_title and doc[end + 1].ent_iob_ != "B" and span.label_ in ("GPE", "LOC", "ORG"):
        end += 2
    return start, end


def _looks_like_name(text: str) -> bool:
    words = text.split()
    particles = lexicon().name_particles

    def word(w: str) -> bool:  # "Assad", "bin", "al-Assad"
        head, _, rest = w.partition("-")
        return w[:1].isupper() or w.lower() in particles or head.lower() in particles and rest[:1].isupper()

    return bool(words) and not re.search(r"\d", text) and all(word(w) for w in words)


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
    war_town = place.country_code == SMALL_TOWN_COUNTRY and place.feature == "city" and place.population >= 10_000
    if strict:
        # A town of a surname's name ("Clinton", Iowa) is not the person the model saw: only a large city is, or
        # a Ukrainian town of the war's news ("Kherson", 66,000 people to the gazetteer; "Hostomel", "Kakhovka"),
        # also in its Russian spelling ("Kiev", "Energodar"; not "Stalin", an old name of Donetsk)
        return place if (match.primary or war_town and _transliterated(text, place.name)) \
            and (place.population >= 100_000 or war_town) else None
    return place if match.primary or place.population >= 100_000 or war_town and _transliterated(text, place.name) else None


def _transliterated(name: str, primary: str) -> bool:
    """Is a name another spelling of a place's own name ("Kiev" of "Kyiv", "Zaporozhye" of "Zaporizhzhya"), not
    another name of it ("Artemivsk" of Bakhmut)?"""
    a, b = fold(name), fold(primary)
    return a[:1] == b[:1] and SequenceMatcher(None, a, b).ratio() >= 0.7


def find_entities(doc: Doc, gazetteer: Gazetteer, *, article_id: str = "") -> EntityIndex:
    """Every person, organisation and place the Doc names, with one key per real-world entity."""
    index = EntityIndex()
    candidates = _without_headline_junk(doc, _candidates(doc, gazetteer), gazetteer)
    full, surnames = _people_named_in_full(doc, candidates, gazetteer)
    voted = _voted_people(doc, candidates)
    persons: list[tuple[int, int, str]] = []  # (start, end, surface name) in text order
    for c in candidates:
        c = _person_at_the_end(doc, c, full)
        start, end, label = c.start, c.end, c.label
        surface = doc[start:end].text.strip()
        demonym = gazetteer.country_of_demonym(surface)
        if label in ("NORP", "GPE") and demonym is not None and fold(surface) != fold(demonym.name):
            continue  # "Russian", "Ukrainian": adjectives, used by roles and attacks, not places
        placed = _named_by_a_place_noun(doc, start) or _described_as_a_place(doc, start, end)
        if placed:
            label = "GPE"  # "the city of Vinnystia" (an organisation to the model), "the town of Kherson" (a person)
        name = strip_titles(surface)
        if not fold(name):
            continue  # nothing but punctuation once the titles are off: "―"
        if name.endswith(".") and len(name.split()[-1]) > 3 and fold(name.split()[-1]) not in ("jr", "sr"):
            name = name[:-1]  # "Zhang Jun." at a sentence's end: the full stop is the sentence's
        words = name.split()
        if len(words) == 2 and fold(words[0]) == fold(words[1]):
            name = words[1]  # "out-Trump Trump"
        grouped = len(words) >= 2 and fold(words[0]) in lexicon().group_prefixes  # "Team Biden"
        classified = grouped or _named_by_an_org_noun(doc, start) and fold(name).split()[0] not in lexicon().first_names \
            or _names_an_organisation(name)  # "Ronald Reagan President Library"
        if classified:
            label = "ORG"  # "e-mail software firm Sendmail", whatever the model or the verbs say
        if fold(surface) in lexicon().platforms:
            label = "ORG"  # "Twitter said", "Netflix pulled out of Russia": a platform, never a person or a place
        elif is_known_org(surface) and label != "TITLED":
            label = "ORG"
        elif not placed and not classified and (label in ("PERSON", "TITLED", "SPEAKER") or _names_a_person(name, label, full, surnames, gazetteer) \
                or _person_by_evidence(name, label, voted, gazetteer) \
                or len(name.split()) >= 2 and _looks_like_person(name) and (
                    _beside_a_role(doc, start, end) or fold(name).split()[0] in lexicon().first_names
                    and not _names_an_organisation(name))):
            # A one-word "person" the gazetteer knows well ("Kyiv") is a place, unless the article
            # names someone of that surname in full ("Clinton" after "Hillary Clinton").
            # So is a city of two words that starts with no first name ("Bila Tserkva").
            # (whatever the model's label, and whether the model or the verbs around it made it a person: "Kyiv
            # agreed to a peace deal", "Kyiv's main train station" beside "Kyiv Mayor Vitali Klitschko")
            place = _place_override(name, gazetteer, strict=True) if label != "TITLED" and (
                len(name.split()) == 1 or fold(name).split()[0] not in lexicon().first_names) \
                and name_key(name) not in surnames and known_person(name) is None else None
            if place is None:
                if _looks_like_person(name) and fold(name) not in lexicon().role_qualifiers:  # not "Emeritus" of "Professor Emeritus"
                    # the tokens of the name without its title ("Bashar al-Assad" is four tokens, two words)
                    stop = end
                    while stop - start > 2 and doc[stop - 1].text.isupper() and fold(doc[stop - 1].text) in post_nominals():
                        stop -= 1  # "Guy Mansfield QC": the name ends before the letters after it, the mention with them
                    first = next((i for i in range(start, stop) if doc[i:stop].text == name), stop - len(name.split()))
                    persons.append((first, end, name))
                continue
            label = "GPE"
        if label == "FAC" and gazetteer.town(surface) is not None:
            label = "GPE"  # "they died in Horenka": a small town the model took for a building
        if label in ("ORG", "NORP", "FAC"):
            # a platform is no place either under another place's alternative name ("Google", Topeka's for a while)
            known_org = is_known_org(surface) or fold(surface) in lexicon().platforms
            place = None if known_org else _place_override(surface, gazetteer, strict=False)
            if place is None:
                if (label == "ORG" or known_org) and _looks_like_org(surface):
                    key, display = org_identity(surface)
                    index.add(Entity(key, EntityKind.ORGANIZATION, display, (surface,)))
                    index.mention(key, doc, start, end)
                continue
        match = gazetteer.lookup(surface)
        place = match.place if match else gazetteer.town(surface) if label in ("GPE", "LOC", "FAC") else None
        if place is None and not _looks_like_place(surface):
            continue
        key = place_key(place, surface)
        index.add(Entity(key, EntityKind.PLACE, place.name if place else surface, (surface,), place))
        index.mention(key, doc, start, end)
    _add_gazetteer_only(doc, gazetteer, index)
    persons += _unlabelled_mentions(doc, persons, index)
    _resolve_persons(doc, sorted(persons), index)
    _surnames_are_people(index)
    _link_acronyms(index)
    return index


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    # the model's label (PERSON, ORG, GPE, LOC, NORP, FAC), TITLED: a name after a title ("Mr Irish"),
    # or SPEAKER: a name the model left unlabelled as the subject of a verb of saying
    label: str


def _candidates(doc: Doc, gazetteer: Gazetteer) -> list[_Candidate]:
    """The model's entities, trimmed, and the names written after a title, which win where they overlap.

    The small model misses or mislabels names after titles ("said Mr Irish" as a nationality,
    "Odesa Mayor Hennadiy Trukhanov" as nothing); a title is strong evidence of a person. A span of
    the model that holds the title itself ("General Motors") is left as the model saw it.
    """
    titled = _titled_names(doc)
    for unlabelled in (_unlabelled_speakers(doc), _unlabelled_appositions(doc)):
        titled += [c for c in unlabelled if not any(t.start < c.end and c.start < t.end for t in titled)]
    taken = {i for t in titled for i in range(t.start, t.end)}
    out = list(titled)
    ents = list(doc_ents(doc))
    starting = {e.start: e for e in ents}
    qualifiers = lexicon().role_qualifiers
    joined: set[int] = set()
    for ent in ents:
        if ent.label_ not in _LABELS or ent.start in joined:
            continue
        start, end = _trim(ent)
        after = starting.get(end)
        if ent.label_ == "ORG" and end > start + 1 and doc[end - 1].lower_ == "of" and after is not None \
                and after.label_ in ("GPE", "LOC"):
            end = after.end  # "the Pirate Party of" and "Russia": one organisation
            joined.add(after.start)
        if ent.label_ == "PERSON" and after is not None and after.label_ == "ORG" and not taken.intersection(range(start, after.end)) \
                and all(t.tag_ == "NNP" for t in doc[start:after.end]):
            out.append(_Candidate(start, after.end, "ORG"))  # "Ronald Reagan" and "Presidential Foundation": one name
            joined.add(after.start)
            continue
        if ent.label_ != "PERSON" and end == start + 1 and fold(doc[start].text) in lexicon().first_names and after is not None \
                and after.label_ != "PERSON" and len(after) == 1 and _name_word(after[0]) and not taken.intersection(range(start, after.end)) \
                and not _a_known_place(after[0].text, gazetteer) and not _a_known_place(doc[start].text, gazetteer, countries_only=True):
            out.append(_Candidate(start, after.end, "PERSON"))  # "Inna" and "Zharkovska" (a nationality and a place): one person
            joined.add(after.start)
            continue
        if ent.label_ == "PERSON" and doc[end - 1].lower_ in lexicon().name_particles:
            # "Walter van" and "der Vijver" (a product to the model): the particles go on to the surname
            stop = end
            while stop < len(doc) and doc[stop].lower_ in lexicon().name_particles:
                stop += 1
            if stop < len(doc) and doc[stop].text[:1].isupper() and doc[stop].is_alpha:
                joined.update(e.start for e in ents if end <= e.start <= stop)
                end = stop + 1
        while ent.label_ == "ORG" and end + 1 < len(doc) and doc[end - 1].lemma_.lower() in lexicon().org_nouns \
                and doc[end - 1].text[:1].isupper() and doc[end].lower_ in ("of", "for") and starting.get(end + 1) is not None \
                and starting[end + 1].label_ in ("GPE", "ORG") and not taken.intersection(range(end, starting[end + 1].end)):
            # "the State Agency" + "of Ukraine" + "for" "Exclusion Zone Management": one organisation
            joined.add(end + 1)
            end = starting[end + 1].end
            if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and starting.get(end + 1) is not None \
                    and starting[end + 1].label_ == "ORG":
                joined.add(end + 1)
                end = starting[end + 1].end
        following = starting.get(end + 1)
        if ent.label_ == "ORG" and any(t.lower_ in ("for", "of", "on") for t in doc[start:end]) and end + 2 < len(doc) \
                and doc[end].lower_ == "and" and not doc[end + 2].text[:1].isupper() and (
                    following is not None and following.label_ == "ORG" and len(following) == 1
                    or following is None and not doc[end + 1].ent_type_ and doc[end + 1].tag_ == "NNP" and doc[end + 1].is_alpha
                    and fold(doc[end + 1].text) not in lexicon().first_names):
            # "the Center for China" and "Globalization" (an organisation to the model, or nothing): one organisation
            end += 2
            if following is not None:
                joined.add(following.start)
        if ent.label_ == "ORG" and end > start + 2 and is_role_noun(doc[end - 1]) and doc[end - 2].lower_ in qualifiers \
                and doc[end - 1].text[:1].isupper() and doc[end - 3].lower_ not in ("of", "for", "and"):
            end -= 2  # "ABC News Military Contributor": a role written after the name is no part of it
        if not re.search(r"[A-Za-z]", doc[start:end].text):
            continue
        named = _person_ending(doc, start, end) if ent.label_ != "PERSON" and not taken.intersection(range(start, end)) else None
        if named is not None:
            # "Speaker of the House Nancy Pelosi" read as one organisation: the organisation, then a person
            out += [_Candidate(start, named, ent.label_), _Candidate(named, end, "PERSON")]
            continue
        overlap = taken.intersection(range(start, end))
        holds_title = any(start <= t.start - 1 for t in titled if t.start in overlap)
        person = _titled_first_name(doc, titled, start, end) if holds_title and ent.label_ != "PERSON" else None
        if person is not None:
            # "USAID Administrator Samantha Power" read as one organisation: a title, then a first name
            # and more, is a person after a title; the words before the title keep the model's label
            title = person.start - 2 if doc[person.start - 1].text == "." else person.start - 1
            if title > start:
                out.append(_Candidate(start, title, ent.label_))
            continue
        if overlap and ent.label_ != "PERSON" and not holds_title:
            continue  # a name after a title that the model took for something else
        if overlap and ent.label_ == "PERSON" and any(start < t.start and t.end == end for t in titled):
            continue  # "House Speaker Nancy Pelosi" as one name: the name is what follows the title
        if overlap:  # a person's name as the model reads it, or a span that holds the title itself
            out = [t for t in out if not (t.start < end and start < t.end)]
        out += _list_items(doc, _Candidate(start, end, ent.label_))
    bracketed = _bracketed_companies(doc) + _known_long_names(doc)  # these win over whatever the model made of them
    out = [c for c in out if not any(b.start < c.end and c.start < b.end for b in bracketed)] + bracketed
    return sorted(out, key=lambda c: (c.start, c.end))


def _a_known_place(text: str, gazetteer: Gazetteer, *, countries_only: bool = False) -> bool:
    """A country, or a city that is its name's first sense ("Jordan", "Israel"), never a person's name alone."""
    match = gazetteer.lookup(text)
    return match is not None and (match.place.feature == "country" or match.primary and not countries_only)


def _person_ending(doc: Doc, start: int, end: int) -> int | None:
    """Where a person's name starts inside a span the model took for something else: a known first name
    and a surname, after at least one word that is no part of it ("the House" + "Nancy Pelosi")."""
    lex = lexicon()
    for k in range(start + 1, end - 1):
        words = doc[k:end]
        if fold(doc[k].text) in lex.first_names and 2 <= len(words) <= 3 and all(_name_word(t) for t in words) \
                and doc[k - 1].lower_ not in ("of", "for", "and", "&", "-") and not is_known_org(doc[start:end].text) \
                and fold(doc[k - 1].text) not in lex.first_names and doc[k].lower_ not in lex.name_particles \
                and not _names_an_organisation(words.text) and fold(doc[end - 1].text) not in lex.first_names:
            return k
    return None


def _known_long_names(doc: Doc) -> list[_Candidate]:
    """The long names of the organisation table written in full, which the model often cuts short:
    "the Office of the United Nations High Commissioner for Human Rights", "the U.N. refugee agency"."""
    found = []
    for m in long_names_pattern().finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is None or not len(span) or any(t.ent_type_ == "PERSON" for t in span):
            continue
        if any(e.start < span.end and span.start < e.end and span.end <= e.end for e in doc_ents(doc)):
            continue  # the model's span ends where it does or later: "the U.K. Ministry of Defence", "Ukraine's State Emergency Service"
        found.append(_Candidate(span.start, span.end, "ORG"))
    return found


def _bracketed_companies(doc: Doc) -> list[_Candidate]:
    """Names a wire story sets in angle brackets, a company's however the model splits it: "chairman
    of <Tokio Marine and Fire Insurance Inc>" (not the ticker of "Siemens AG <SIEG.F>")."""
    found = []
    for m in re.finditer(r"<([A-Z][^<>\n]{1,80})>", doc_text(doc)):
        if re.fullmatch(r"[A-Z0-9.&-]+", m.group(1)):
            continue  # a ticker
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is not None and len(span):
            found.append(_Candidate(span.start, span.end, "ORG"))
    return found


def _titled_first_name(doc: Doc, titled: list[_Candidate], start: int, end: int) -> _Candidate | None:
    """The titled name that ends a model span, when it opens with a first name the lexicon knows."""
    first_names = lexicon().first_names
    return next((t for t in titled if start < t.start and t.end == end and t.end - t.start >= 2
                 and doc[t.start].lower_ in first_names), None)


def _list_items(doc: Doc, c: _Candidate) -> list[_Candidate]:
    """A span the model read as one name that is a list of names ("Biden, Harris and Pelosi" as an
    organisation, "Todd, Sharpton" as a person) is its items, each with the span's label.

    A list has a comma, or "and" inside a person's name; an organisation or place name with "and"
    alone is one name ("Centers for Disease Control and Prevention", "Bosnia and Herzegovina").
    """
    tokens = doc[c.start:c.end]
    commas = [t.i for t in tokens if t.text == ","]
    joins = [t.i for t in tokens if t.lower_ in ("and", "&")]
    if not commas and not (joins and c.label == "PERSON"):
        return [c]
    items, left = [], c.start
    for cut in sorted(commas + joins) + [c.end]:
        right = cut
        while right > left and doc[right - 1].is_punct:
            right -= 1
        if right > left and doc[left].text[:1].isupper():
            items.append(_Candidate(left, right, c.label))
        left = cut + 1
    return items


@cache
def _title_words() -> frozenset[str]:
    lex = lexicon()
    return lex.honorifics | lex.role_nouns


def _titled_names(doc: Doc) -> list[_Candidate]:
    """Capitalised names right after a title: "Mr Irish", "Sen. Graham", "Mayor Hennadiy Trukhanov".

    An honorific (Mr, Dr, Sen.) makes one word a name; a role word (mayor, minister) needs a name
    of two words or more, since "General Motors" and "President Trump Tower" are not people.
    """
    lex = lexicon()
    found: list[_Candidate] = []
    i = 0
    while i < len(doc) - 1:
        word = doc[i].lower_.rstrip(".")
        # a plural role noun before a list of names: "analysts Mason Clark, George Barros and ..."
        plural = word not in _title_words() and word.endswith("s") and word[:-1] in lex.role_nouns and i + 2 < len(doc) \
            and doc[i + 1].tag_ == "NNP"
        if word not in _title_words() and not plural or doc[i].is_sent_end:
            i += 1
            continue
        j = i + 1
        if doc[j].text == ".":
            j += 1
        end = j
        while end < len(doc) and end - j < 4:
            if _name_word(doc[end]):
                end += 1
            elif doc[end].text == "-" and not doc[end - 1].whitespace_ and end + 1 < len(doc) and _name_word(doc[end + 1]):
                end += 2  # Holden-Brown
            else:
                break
        honorific = word in lex.honorifics
        words = [t.lower_ for t in doc[j:end]]
        # "Chief Global Affairs Correspondent Martha Raddatz": capitalised words between role words
        # are part of the title, not a name
        continues_title = end < len(doc) and doc[end].text[:1].isupper() and doc[end].lower_ in lex.role_nouns
        listed = not plural or words and words[0] in lex.first_names or end < len(doc) and doc[end].lower_ in (",", "and")
        if words and (words[0] in lex.weekdays or doc[j].ent_type_ in ("DATE", "TIME")):
            listed = False  # "criticized the president and vice president Thursday": a day, not a name
        if end > j and (honorific or end - j >= 2) and not set(words) & lex.company_words and not continues_title and listed:
            found.append(_Candidate(j, end, "TITLED"))
            i = end
        else:
            i += 1
    return found


def _unlabelled_speakers(doc: Doc) -> list[_Candidate]:
    """Names the model did not label that say something: ""...," said Kuleba" (a proper noun as
    the subject of a verb of saying is a person, unless a model span covers it)."""
    speech = lexicon().speech_verbs
    found = []
    for token in doc:
        if token.ent_type_ or token.pos_ != "PROPN" or not _name_word(token):
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        # the subject of a verb of saying, or a name right before one ("..., Beck joked, ...")
        if not (token.dep_ == "nsubj" and token.head.lemma_.lower() in speech
                or after is not None and after.lemma_.lower() in speech and after.pos_ == "VERB" and after.tag_ in ("VBD", "VBZ")):
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head == token and _name_word(doc[start - 1]) \
                and not doc[start - 1].ent_type_:
            start -= 1
        found.append(_Candidate(start, token.i + 1, "SPEAKER"))
    return found


def _unlabelled_appositions(doc: Doc) -> list[_Candidate]:
    """Names the model did not label set off by commas that start with a known first name: "The
    editor of Novaya Gazeta, Dmitry Muratov, who won ..."."""
    found = []
    for token in doc:
        if token.dep_ != "appos" or token.ent_type_ or token.pos_ != "PROPN" or not _name_word(token):
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head == token and _name_word(doc[start - 1]) \
                and not doc[start - 1].ent_type_:
            start -= 1
        if start < token.i and start > 0 and doc[start - 1].text == "," and fold(doc[start].text) in lexicon().first_names:
            found.append(_Candidate(start, token.i + 1, "PERSON"))
    return found


def _name_word(token: Token) -> bool:
    """A word that can be part of a person's name: capitalised, not all capitals, not a title."""
    text = token.text
    if not text[:1].isupper() or token.is_punct or token.like_num:
        return token.lower_ in lexicon().name_particles and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text[:1].isupper()
    letters = re.sub(r"[^A-Za-z]", "", text)
    return bool(letters) and not (letters.isupper() and len(letters) > 1) and token.lower_.rstrip(".") not in _title_words() \
        and token.pos_ in ("PROPN", "NOUN", "ADJ")


def _body_start(doc: Doc) -> int:
    """The first token after the title paragraph (kg's text is the title, a blank line, the body)."""
    # Read up to the blank line only: ``doc.text`` would join every token of the Doc again.
    head: list[str] = []
    for token in doc:
        head.append(token.text_with_ws)
        if "\n" in head[-1] and "\n\n" in "".join(head):
            break
    else:
        return 0
    cut = "".join(head).find("\n\n")
    span = doc.char_span(cut, cut + 1, alignment_mode="expand")
    return span.end if span is not None else 0


def _headline_case(tokens: list[Token]) -> bool:
    """A headline written in title case: its verbs, nouns and adjectives capitalised ("Stephen Colbert
    Taunts Putin"), which a sentence never does to all of them."""
    words = [t for t in tokens if t.text[:1].isalpha() and t.lower_ not in lexicon().title_function_words]
    # The model tags a title-cased headline's words proper nouns, so the parts of speech cannot tell;
    # a sentence-cased headline has lower-case words, a bare name ("Vladimir Putin") too few.
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def _without_headline_junk(doc: Doc, candidates: list[_Candidate], gazetteer: Gazetteer) -> list[_Candidate]:
    """In a headline written in title case every word is capitalised, and the model takes runs of
    them for names ("Stephen Colbert Taunts Putin"). There, a name stands only where the body names
    it too (the longest run of its words that the body uses), or the gazetteer or the organisation
    table knows it."""
    body = _body_start(doc)
    if not body or not _headline_case(list(doc[:body])):
        return candidates
    known = set()
    for c in candidates:
        if c.start >= body:
            name = strip_titles(doc[c.start:c.end].text)
            known.add(name_key(name))
            known.add(name_key(name.split()[-1]) if name.split() else "")
    out = []
    for c in candidates:
        if c.start >= body:
            out.append(c)
            continue
        best = None
        for size in range(c.end - c.start, 0, -1):
            for left in range(c.start, c.end - size + 1):
                text = doc[left:left + size].text
                if name_key(strip_titles(text)) in known or is_known_org(text) or gazetteer.lookup(text) is not None and size == c.end - c.start:
                    best = (left, left + size)
                    break
            if best:
                break
        if best is not None:
            out.append(_Candidate(best[0], best[1], c.label))
    return out


def _people_named_in_full(doc: Doc, candidates: list[_Candidate], gazetteer: Gazetteer) -> tuple[set[str], dict[str, set[str]]]:
    """The name keys of the people the article names with two words or more, and those by surname."""
    full: set[str] = set()
    for c in candidates:
        if c.label not in ("PERSON", "TITLED"):
            continue
        name = strip_titles(doc[c.start:c.end].text.strip())
        if len(name.split()) >= 2 and _looks_like_person(name) and not is_known_org(name) and gazetteer.lookup(name) is None:
            full.add(name_key(name))
    surnames: dict[str, set[str]] = {}
    for c in candidates:
        name = strip_titles(doc[c.start:c.end].text.strip())
        if name_key(name) in full:
            surnames.setdefault(name_key(name.split()[-1]), set()).add(name_key(name))
    return full, surnames


def _person_at_the_end(doc: Doc, c: _Candidate, full: set[str]) -> _Candidate:
    """A span that ends with the full name of a person the article names is that person: "the House
    Nancy Pelosi" (from "Speaker of the House Nancy Pelosi") is Nancy Pelosi."""
    for left in range(c.start + 1, c.end - 1):
        if fold(doc[left - 1].text) in lexicon().first_names:
            break  # "Mark Vande Hei" beside "Mr Vande Hei": a surname of two words keeps its first name
        if name_key(doc[left:c.end].text) in full:
            return _Candidate(left, c.end, "PERSON")
    return c


def _voted_people(doc: Doc, candidates: list[_Candidate]) -> set[str]:
    """The name keys the article's own mentions vote a person: more of its mentions labelled a person
    (by the model, a title, or a verb of saying) than anything else ("Zelenskyy" read as an
    organisation in one sentence of an article that has him speak in three)."""
    votes: dict[str, int] = {}
    for c in candidates:
        key = name_key(strip_titles(doc[c.start:c.end].text.strip()))
        if key:
            votes[key] = votes.get(key, 0) + (1 if c.label in ("PERSON", "TITLED", "SPEAKER") else -1)
    return {k for k, v in votes.items() if v > 0}


def _person_by_evidence(name: str, label: str, voted: set[str], gazetteer: Gazetteer) -> bool:
    """A name labelled something else that is a person: the article's mentions vote so, or the table
    of well-known people knows it; never a country's name nor an organisation the alias table knows."""
    if label not in ("ORG", "NORP", "FAC", "GPE", "LOC") or is_known_org(name) or not _looks_like_person(name):
        return False
    if name_key(name) not in voted and known_person(name) is None:
        return False
    match = gazetteer.lookup(name)
    return match is None or match.place.feature != "country"


def _names_an_organisation(name: str) -> bool:
    """A name that ends with a noun of organisations: "Stanford Program", "Douglas Aircraft Company"."""
    last = fold(name).split()[-1]
    lex = lexicon()
    return last in lex.org_nouns or last in lex.company_words or last in lex.org_name_ends


def _beside_a_role(doc: Doc, start: int, end: int) -> bool:
    """A name in apposition to a role: "The Swiss president, Ignazio Cassis, said" (labelled an
    organisation by the model), "Ignazio Cassis, the Swiss president"."""
    root = doc[start:end].root
    roles = lexicon().role_nouns
    if root.dep_ == "appos" and root.head.lemma_.lower() in roles:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in roles for c in root.children)


def _names_a_person(name: str, label: str, full: set[str], surnames: dict[str, set[str]], gazetteer: Gazetteer) -> bool:
    """A name the model took for something else that is a person the article names in full:
    "Holden-Brown" labelled an organisation where the article names Derrick Holden-Brown."""
    key = name_key(name)
    # "Inna" (a nationality to the model) in an article that names Inna Zharkovska: the one person of that first name
    first = len(name.split()) == 1 and label in ("NORP", "GPE", "LOC", "ORG") and fold(name) in lexicon().first_names \
        and len({f for f in full if f.split()[0] == key}) == 1
    if not key or key not in full and key not in surnames and not first:
        return False
    if label in ("GPE", "LOC"):
        match = gazetteer.lookup(name)
        if match is not None and match.place.feature == "country":
            return False  # "Jordan" the country, though the article names Michael Jordan
    return True


def _looks_like_person(name: str) -> bool:
    """Capitalised words, no digits, at most five words, and not an acronym ("GPRS" is no one)."""
    letters = re.sub(r"[^A-Za-z]", "", name)
    words = name.split()
    if len(words) >= 2 and words[0].lower().endswith("ing") and fold(words[0]) not in lexicon().first_names:
        return False  # a headline's "Capturing Lysychansk", not a first name
    return _looks_like_name(name) and len(words) <= 5 and not (letters.isupper() and len(letters) > 1)


def _named_by_a_place_noun(doc: Doc, start: int) -> bool:
    """A name after "the city of", "the village of" or "hometown": a place whatever the model's label."""
    if start >= 1 and doc[start - 1].lower_ == "hometown":
        return True
    return start >= 2 and doc[start - 1].lower_ == "of" and lexicon().place_nouns.get(doc[start - 2].lemma_.lower()) == "city" \
        and doc[start - 2].lemma_.lower() != "port"


def _described_as_a_place(doc: Doc, start: int, end: int) -> bool:
    """A name set off by a town's description: "Kherson, a strategically important city located near
    the Black Sea, fell ..." (a person to the model)."""
    root = doc[start:end].root
    return any(c.dep_ == "appos" and c.i >= end and lexicon().place_nouns.get(c.lemma_.lower()) == "city"
               and not any(g.dep_ in ("poss", "compound") for g in c.children) for c in root.children)


def _named_by_an_org_noun(doc: Doc, start: int) -> bool:
    """A name right after "firm", "agency", "broadcaster" ... ("software firm Sendmail")."""
    return start >= 1 and doc[start - 1].is_lower and doc[start - 1].lemma_ in lexicon().org_classifiers


def _looks_like_place(name: str) -> bool:
    """A place the gazetteer does not know still starts with a capital ("n't" and "pro-Brexit" are no places)."""
    return name[:1].isupper() and len(re.sub(r"[^A-Za-z]", "", name)) > 1


def _surnames_are_people(index: EntityIndex) -> None:
    """A one-word "place" that is the surname of a person the article names is that person.

    The model labels "Zelenskyy" or "Holden" a place now and then, and the gazetteer may even
    know a town of that name; within an article that names Volodymyr Zelenskyy, it is him.
    """
    surnames: dict[str, str] = {}
    for e in index.entities.values():
        if e.kind is EntityKind.PERSON and len(e.name.split()) >= 2:
            surnames.setdefault(name_key(e.name.split()[-1]), e.key)
    first_names = {key for key, e in index.entities.items()
                   if e.kind is EntityKind.PERSON and fold(e.name).split()[0] in lexicon().first_names}
    for key, e in list(index.entities.items()):
        if e.kind is not EntityKind.PLACE or any(len(v.split()) != 1 for v in e.variants):
            continue
        person = next((surnames[name_key(v)] for v in e.variants if name_key(v) in surnames), None)
        if person is None and e.place is None:  # a well-known surname the gazetteer does not know as a place
            known = next((known_person(v) for v in e.variants if known_person(v) is not None), None)
            if known is not None:
                index.add(Entity(known.key, EntityKind.PERSON, e.name, e.variants))
                person = known.key
        if person is None or e.place is not None and e.place.feature == "country":
            continue
        if e.place is not None and e.place.population >= 100_000 and person not in first_names:
            continue  # "Save Mariupol!" read as a person's name does not take Mariupol with it
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
        # a work of art hides no name ("Kyiv and Kharkiv" read as one); a date, a law or an event
        # does ("March 1", "the Declaration of Independence")
        # the city a facility's name starts with ("Kramatorsk railway station", "Mariupol Drama Theater")
        facility = token.ent_type_ == "FAC" and token.ent_iob_ == "B" and token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I"
        # a one-word "product" ("the strike on Kramatorsk railway station")
        product = token.ent_type_ == "PRODUCT" and token.ent_iob_ == "B" and not (token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I")
        if token.i in index.token_entity or token.ent_type_ not in ("", "WORK_OF_ART") and not facility and not product \
                or token.pos_ not in ("PROPN", "NOUN") or not token.is_title:
            continue
        if not facility and (token.i > 0 and doc[token.i - 1].pos_ == "PROPN"
                             or token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"):
            continue  # part of a longer name the model did not label: not safe to guess
        if is_abbreviated_title(token):
            continue  # "Maj. Gen": a title, not the town of Mai
        match = gazetteer.lookup(token.text)
        war_town = match is not None and SMALL_TOWN_COUNTRY in countries and match.place.country_code == SMALL_TOWN_COUNTRY \
            and match.place.feature == "city" and match.place.population >= 20_000
        if token.pos_ == "NOUN" and not war_town:
            continue  # a capitalised common noun ("Bombs fell"), unless a Ukrainian city in an article on Ukraine ("Odesa was struck")
        if match and match.primary and (match.place.feature == "country" or match.place.population >= 100_000
                                        or match.place.country_code in countries):
            key = place_key(match.place, token.text)
            index.add(Entity(key, EntityKind.PLACE, match.place.name, (token.text,), match.place))
            index.mention(key, doc, token.i, token.i + 1)


def _unlabelled_mentions(doc: Doc, persons: list[tuple[int, int, str]], index: EntityIndex) -> list[tuple[int, int, str]]:
    """The same names where the model labelled nothing: a person's full name or surname, written again.

    The model finds "Pelosi" in one sentence and misses her in the next ("..., Pelosi said the");
    a capitalised word that is the surname of a person the article names in full is that person.
    """
    taken = set(index.token_entity) | {i for s, e, _ in persons for i in range(s, e)}
    body = _body_start(doc)
    headline = body if body and _headline_case(list(doc[:body])) else 0
    names: set[str] = set()
    for _, _, name in persons:
        names.update((name, name.split()[-1]))
    starts = {re.split(r"[\s-]", n)[0] for n in names}  # the first token a name can start with
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        hit = 0
        if doc[i].text[:1].isupper() and i not in taken and doc[i].text in starts:
            for size in range(min(8, len(doc) - i), 0, -1):
                if doc[i:i + size].text in names and not taken.intersection(range(i, i + size)):
                    hit = size
                    break
        if hit:
            left = i
            # "Alain Vidal Naquet" where the model named only "Naquet": the first names before a surname
            # (not in a title-cased headline, where every word looks like one: "Colbert Taunts Putin")
            while hit == 1 and left >= headline and left > 0 and i - left < 3 and left - 1 not in taken and doc[left - 1].pos_ == "PROPN" \
                    and _name_word(doc[left - 1]):
                left -= 1
            if left < i and doc[left].lower_.endswith("ing") and fold(doc[left].text) not in lexicon().first_names:
                left = i  # "(Severing Putin's Immense Gains ...)": a verb, not a first name
            found.append((left, i + hit, doc[left:i + hit].text))
            i += hit
        else:
            i += 1
    return found


def _resolve_persons(doc: Doc, persons: list[tuple[int, int, str]], index: EntityIndex) -> None:
    """Full names are entities; a surname or first name alone joins the full name it abbreviates."""
    # surnames the article writes after an office ("President Biden")
    titled = {name_key(t.text) for t in doc[1:] if t.text[:1].isupper() and t.nbor(-1).text[:1].isupper()
              and t.nbor(-1).lower_ in lexicon().role_nouns and t.nbor(-1).lower_ not in lexicon().occupations}
    full: list[tuple[int, str, list[str]]] = []  # (start token, key, name keys of its words)
    for start, _, name in persons:
        words = name.split()
        if len(words) >= 2:
            known = _known_full_name(words)
            key = known.key if known else "person:" + name_key(name)
            full.append((start, key, [name_key(w) for w in words]))  # "Holden-Brown" stays one word
    for start, end, name in persons:
        words = name.split()
        known = _known_full_name(words) if len(words) >= 2 else known_person(name, alone=False)
        key = known.key if known else "person:" + name_key(name)
        if len(words) >= 2 and known is None and fold(words[0]) not in lexicon().first_names:
            # "Mr Vande Hei" after "Mark Vande Hei": a surname of two words joins the one full name it ends
            tail = [name_key(w) for w in words]
            longer = {k for _, k, ws in full if len(ws) > len(tail) and ws[-len(tail):] == tail}
            if len(longer) == 1:
                key = next(iter(longer))
        if len(words) == 1:
            word = name_key(name)
            # The well-known person of that surname when the article names them in full ("Biden"
            # in an article about Hunter Biden that names Joe Biden too); else the nearest full name
            # before this mention that ends with the word; else the one full name anywhere that
            # ends with it; else the well-known person who carries it ("Zelensky said" in an article
            # that never gives his first name); else the one full name that contains the word.
            known = known_person(name)
            before = [k for s, k, ws in full if s < start and ws[-1] == word]
            ending = {k for s, k, ws in full if ws[-1] == word}
            containing = {k for s, k, ws in full if word in ws}
            if known is not None and (known.key in ending or word in titled):
                # "President Biden ... Mr. Biden ... first lady Jill Biden": the well-known Biden, whom the
                # article calls by title and surname, not the relative it names in full
                key = known.key
            elif before:
                key = before[-1]
            elif len(ending) == 1:
                key = next(iter(ending))
            elif known is not None:
                key = known.key
            elif not ending and len(containing) == 1:
                key = next(iter(containing))
            elif not ending and not containing:
                # "Monahan" after "Sean Monaghan", "Solovyov" after "Vladimir Solovyev": a misspelt or
                # otherwise transliterated surname, when one full name of the article is that close
                near = {k for s, k, ws in full if _near_spelling(word, ws[-1])}
                if len(near) == 1:
                    key = next(iter(near))
        index.add(Entity(key, EntityKind.PERSON, name, (name,)))
        index.mention(key, doc, start, end)


def _near_spelling(a: str, b: str) -> bool:
    """Two surnames of six letters or more one edit apart (two for ten or more letters), first letters alike."""
    if min(len(a), len(b)) < 6 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    allowed = 2 if min(len(a), len(b)) >= 10 else 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = row
    return previous[-1] <= allowed


def _known_full_name(words: list[str]) -> KnownPerson | None:
    """The well-known person a name is, or ends with: words the model ran into the name before it
    ("Dear Vladimir Putin", "House Nancy Pelosi") do not make another person."""
    for left in range(len(words) - 1):
        known = known_person(" ".join(words[left:]), alone=False)
        if known is not None:
            return known
    if len(words) == 1:
        return known_person(words[0])
    # "J. Blinken", "A. Blinken": an initial and the surname of the one well-known person who carries it
    if len(words) == 2 and len(words[0].rstrip(".")) == 1:
        return known_person(words[1])
    return None


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

