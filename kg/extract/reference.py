"""What a pronoun, a description or a possessive refers to, within one article.

Rules, in order of trust:
- a name is its entity;
- an appositive name explains a description ("its mayor, Ihor Terekhov");
- a definite description of a role with no owner ("the defiant leader") and a personal pronoun
  ("she", "He") refer to the nearest earlier person who was the subject of a sentence, a
  described one ("Ukraine's deputy prime minister") included;
- "it" refers to the nearest earlier organisation that was a subject;
- a description with an owner or an indefinite one ("the Prime Minister's official spokesman",
  "a Ukrainian official") stays a description: a described entity, never a guessed name;
- "the city", "its", "the country's" refer to the nearest earlier city, place or country.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.extract.entities import EntityIndex
from kg.extract.lexicon import lexicon
from kg.extract.rolenames import CANDIDACY_NOUNS, is_role_noun, read_title
from kg.extract.timex import is_caption
from kg.records import Entity, EntityKind, Place
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.names import fold, place_key
from kg.resolve.organizations import is_known_org, org_identity
from kg.resolve.people import known_person

SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True)
class Agent:
    """Who a subject phrase refers to: an entity key (or None) and the words the text uses."""

    key: str | None
    text: str


def noun_phrase(token: Token) -> tuple[int, int]:
    """Token bounds of the phrase a noun heads, without relative clauses, appositions or punctuation."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod", "quantmod", "case") or child.dep_ == "punct" and child.text in ("'", "’"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        # "the UN high commissioner for refugees", "the head of the agency": the complement is part of the role
        if child.dep_ == "case" or (child.dep_ == "prep" and child.lower_ in ("of", "for")
                                    and token.lemma_.lower() in lexicon().role_nouns | lexicon().org_nouns):
            right = max(right, child.right_edge.i)
    doc = token.doc
    while left < token.i and doc[left].is_punct:
        left += 1
    return left, right + 1


def _owned(label: str, name: str) -> bool:
    """Does a description name whose it is ("Ukraine's deputy prime minister", "the Kremlin
    spokesman"), or only what it is ("the senator")? Capitals beyond the first word mark an owner."""
    # A role or organisation noun written first is capitalised for the sentence's sake or the
    # title's ("The Senator added", "Police said"), not because an owner is named.
    words = label.split()
    generic_first = bool(words) and fold(words[0]) in lexicon().role_nouns | lexicon().org_nouns
    return (label != fold(label) and not generic_first) or any(w[:1].isupper() for w in words[1:]) \
        or any(w[:1].isupper() for w in name.split()[1:])


def _according_to(token: Token) -> bool:
    """The source of "according to X"."""
    return token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according"


def _embedded(token: Token) -> bool:
    """Is the word inside a relative, adverbial or participial clause of its sentence?"""
    node = token
    while node.head != node:
        if node.dep_ in ("relcl", "advcl", "acl"):
            return True
        node = node.head
    return False


class Resolver:
    """Resolves references in one Doc; adds described entities to the index as it meets them."""

    def __init__(self, doc: Doc, index: EntityIndex, gazetteer: Gazetteer, *, article_id: str,
                 quoted: frozenset[int] = frozenset()) -> None:
        self.doc = doc
        self.index = index
        self.gazetteer = gazetteer
        self.article_id = article_id
        self.quoted = quoted  # tokens inside quotation marks: their subjects are the speaker's, not ours
        self._chain: list[tuple[int, str, EntityKind]] | None = None
        self._narrative: list[bool] | None = None
        self._genders: dict[str, str] | None = None
        self._titled: dict[str, list[tuple[int, str]]] | None = None
        self._sent_starts: list[int] = []
        # (token, role, owner) of every role described without a name: "its mayor said ..."
        self.described_roles: list[tuple[int, str, str]] = []
        # (token, head noun, key) of every person described without a name: "a senior defense official"
        self.descriptions: list[tuple[int, str, str]] = []

    def seed(self, subjects: list[tuple[int, str, EntityKind]], described_roles: list[tuple[int, str, str]],
             descriptions: list[tuple[int, str, str]] = ()) -> None:
        """Start from a subject chain, described roles and persons found before (``kg.extract.context``)."""
        self._chain = subjects
        self.described_roles = described_roles
        self.descriptions = list(descriptions)

    # -- subjects and salience -------------------------------------------------------------

    @staticmethod
    def is_subject(token: Token) -> bool:
        if token.dep_ in SUBJECT_DEPS:
            return True
        if token.dep_ == "pobj" and token.head.dep_ == "agent":
            return True  # "Similar sentiments were expressed by EU Commissioner Thierry Breton. He said: ..."
        if _according_to(token):
            return True  # "..., according to Bremberg. “It is hopeful ...,” he explained": the source speaks on
        # The small model often hangs a sentence's finite verb off its subject as a clause:
        # "Ukraine's deputy prime minister [appos] called [acl, VBD] on Pope Francis to intervene."
        # A reduced relative ("the man called John") has a participle (VBN), not a past tense.
        return token.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "acl" and c.tag_ == "VBD" for c in token.children)

    def subjects(self) -> list[tuple[int, str, EntityKind]]:
        """(token, key, kind) of every sentence subject outside quotations that refers to someone.

        Built in text order, so a pronoun or an anaphoric description is resolved against the
        subjects before it ("the defiant leader said ... He added").
        """
        if self._chain is None:
            self._chain = []
            captions: dict[int, bool] = {}  # a caption's people are the picture's: "He added" goes on past them
            for token in self.doc:
                if token.i in self.quoted or not self.is_subject(token) or token.lower_ in ("who", "which", "that"):
                    continue
                sent = token.sent
                if captions.setdefault(sent.start, is_caption(sent)):
                    continue
                agent = self.agent(token)
                kind = self.index.kind_of(agent.key)
                if agent.key and kind is not None:
                    self._chain.append((token.i, agent.key, kind))
        return self._chain

    def _antecedent(self, token: Token, kinds: set[EntityKind]) -> str | None:
        """The nearest earlier subject of one of ``kinds`` within the three sentences before.

        Only subjects count: an object ("called on Pope Francis") is rarely what "she" refers to,
        and with no subject in reach the reference stays unresolved rather than guessed.
        """
        chain = self._chain if self._chain is not None else self.subjects()
        limit = self._window_start(token.i)
        wanted = lexicon().pronoun_genders.get(token.lower_)
        said = self._content_of(token)
        candidates = []
        for i, key, kind in reversed(chain):
            if limit <= i < token.i and kind in kinds and not self._same_clause(i, token.i) and i not in said:
                if wanted and kind is EntityKind.PERSON and self.gender(key) not in (None, wanted):
                    continue  # "she" after Ornstein: not him
                if wanted and self.doc[i].tag_ in ("NNS", "NNPS") and self.index.entities[key].described:
                    continue  # "he" is not "the leaders of the western world" (but is Geddes, tagged a plural)
                candidates.append((i, key))
        if candidates:
            speech = lexicon().speech_verbs
            nearest = self.doc[candidates[0][0]]
            if _embedded(nearest) and nearest.head.lemma_.lower() not in speech:
                # "Senator Tom Cotton gave a speech ..., trying to explain how the party ... stood by as a
                # president sided with Russia": "he" is the sentence's subject, not one deep in its clauses
                main = [c for c in candidates if self.doc[c[0]].sent == nearest.sent and not _embedded(self.doc[c[0]])]
                candidates = main + [c for c in candidates if c not in main]
            if wanted and token.head.lemma_.lower() in speech and not self._speaks(self.doc[candidates[0][0]]) \
                    and not self._introduced_at(*candidates[0]):
                # "Murphy noted that ... Mr. Trump was withholding aid. “I wish ...,” he said": a
                # pronoun that speaks continues the last speaker rather than the last subject
                speakers = [key for i, key in candidates if self._speaks(self.doc[i])]
                if speakers:
                    return speakers[0]
            return candidates[0][1]
        if wanted and EntityKind.PERSON in kinds:
            # No subject in reach ("Jay DiPietro, the club's president, suggested ..." parsed without
            # one): the nearest named person of that gender, wherever the name stands.
            for i, key in reversed(self.index.keys_before(token.i, EntityKind.PERSON)):
                entity = self.index.entities[key]
                if i < limit or i in self.quoted:
                    break
                if not entity.described and self.gender(key) in (None, wanted):
                    return key
        return None

    @staticmethod
    def _speaks(token: Token) -> bool:
        """A subject of a verb of saying or thinking, or the source of "according to"."""
        return token.head.lemma_.lower() in lexicon().speech_verbs or _according_to(token) \
            or token.dep_ == "nsubj" and token.head.lemma_.lower() in lexicon().thinking_verbs

    def _introduced_at(self, i: int, key: str) -> bool:
        """Is the subject at token ``i`` the article's first mention of that person, by a name of two
        words or more ("Senator John Thune of South Dakota ... did not try. “...,” he said")? A
        person just introduced is who "he" goes on with, speaker before or not."""
        first = min((at for at, k in self.index.token_entity.items() if k == key), default=None)
        span = self.index.mention_tokens.get(i)
        return first is not None and span is not None and span[0] <= first < span[1] and span[1] - span[0] >= 2

    def _content_of(self, token: Token) -> range:
        """The clause a subject pronoun's verb governs, which cannot hold the pronoun's antecedent.

        A pronoun never refers to a name inside the clause it is the subject of, even a fronted one:
        in "If the West continues to ignore Putin, World War II will repeat itself, he said", "he"
        is not Putin. (An adverbial clause is not governed so: "When Zukin arrived, he said".)
        """
        if token.dep_ not in SUBJECT_DEPS:
            return range(0)
        verb = token.head
        if verb.dep_ == "parataxis" and verb.lemma_.lower() in lexicon().speech_verbs:
            # "Putin, he said, will lose": the parser hangs the speech verb off what was said
            head = verb.head
            return range(head.left_edge.i, verb.left_edge.i) if head.i < verb.i else range(0)
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i < token.i]
        return range(min(c.left_edge.i for c in clauses), max(c.right_edge.i for c in clauses) + 1) if clauses else range(0)

    def _titled_at(self, key: str, role: str, before: int) -> int:
        """Where the article last gave the person that role before token ``before`` (-1: never)."""
        return max((at for at, lemma in self.titled().get(key, []) if lemma == role and at < before), default=-1)

    def holder(self, token: Token) -> str | None:
        """The named person a definite role description refers to: the one the article gave that
        role before ("the journalist" after "journalist Daria Kaleniuk"), the nearest if several."""
        role = token.lemma_.lower()
        # "Ukraine's president" is not the "Russian President Vladimir Putin" named last: a country the
        # description and a titling both name must be the same, and a titling that names it goes first
        country = self._country_in([c for c in token.children if c.dep_ in ("poss", "compound", "amod")])
        # "the former vice president" is the one titled "Former Vice President", not the vice president named since
        former = any(c.dep_ == "amod" and c.lower_ == "former" for c in token.children)
        best: tuple[bool, bool, int, str] | None = None
        for key, seen in self.titled().items():
            for at, lemma in seen:
                if lemma != role or at >= token.i:
                    continue
                theirs = self._country_in(self.doc[max(0, at - 4):at]) if country is not None else None
                if theirs not in (None, country):
                    continue
                same_tense = former == any(t.lower_ == "former" for t in self.doc[max(0, at - 4):at])
                rank = (theirs is not None, same_tense, at, key)
                if best is None or rank[:3] > best[:3]:
                    best = rank
        return best[3] if best else None

    def _country_in(self, tokens) -> int | None:  # noqa: ANN001 - spaCy tokens or a Span
        """The country a phrase's words name ("Ukraine's", "Ukrainian", "U.S."), as its GeoNames id."""
        for t in tokens:
            place = self.gazetteer.country_of_demonym(t.text)
            if place is None:
                key = self.index.entity_of(t)
                entity = self.index.entities.get(key) if key else None
                place = entity.place if entity is not None and entity.kind is EntityKind.PLACE else None
            if place is not None and place.feature == "country":
                return place.geonames_id
        return None

    def titled(self) -> dict[str, list[tuple[int, str]]]:
        """Where each named person is given a role word: before the name ("Mayor Vadym Boychenko"),
        or in apposition ("Ihor Terekhov, the mayor", "the mayor of Lviv, Andriy Sadovyi")."""
        if self._titled is None:
            self._titled = {}
            roles = lexicon().role_nouns
            for m in self.index.mentions:
                entity = self.index.entities[m.entity]
                if entity.kind is not EntityKind.PERSON or entity.described:
                    continue
                span = self.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
                if span is None:
                    continue
                found = [t for t in self.doc[max(0, span.start - 4):span.start] if t.lemma_.lower() in roles]
                root = span.root
                if root.dep_ == "appos" and root.head.lemma_.lower() in roles:
                    found.append(root.head)
                found += [c for c in root.children if c.dep_ == "appos" and c.lemma_.lower() in roles]
                found += [c for c in root.head.children if root.dep_ == "nsubj" and c.dep_ == "attr" and c.lemma_.lower() in roles]
                self._titled.setdefault(m.entity, []).extend((span.start, t.lemma_.lower()) for t in found)
        return self._titled

    def gender(self, key: str) -> str | None:
        """A person's gender when the article shows it: a first name ("Nancy"), a title before a
        mention ("Mr Irish") or a gendered role word ("spokeswoman"); None when it does not."""
        if self._genders is None:
            self._genders = {}
            lex = lexicon()
            for k, e in self.index.entities.items():
                if e.kind is EntityKind.PERSON and not e.described:
                    first = fold(e.name).split()[:1]
                    if first and first[0] in lex.first_names:
                        self._genders[k] = lex.first_names[first[0]]
            for m in self.index.mentions:
                if m.entity in self._genders or self.index.kind_of(m.entity) is not EntityKind.PERSON:
                    continue
                span = self.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
                if span is None or span.start == 0:
                    continue
                before = self.doc[span.start - 1]
                if before.text == "." and span.start > 1:
                    before = self.doc[span.start - 2]
                found = lex.gendered_words.get(before.lower_)
                if found:
                    self._genders[m.entity] = found
        return self._genders.get(key)

    def _window_start(self, token_i: int) -> int:
        """Where the three sentences of narrative before a token begin.

        Sentences wholly inside quotation marks do not count: a speaker's long quotation does not
        put their name out of reach of the "he said" after it.
        """
        if self._narrative is None:
            sents = list(self.doc.sents)
            self._sent_starts = [s.start for s in sents]
            self._narrative = [any(t.i not in self.quoted and not t.is_punct and not t.is_space for t in s) for s in sents]
        here = bisect_right(self._sent_starts, token_i) - 1
        seen = 0
        for n in range(here - 1, -1, -1):
            seen += self._narrative[n]
            if seen == 3:
                return self._sent_starts[n]
        return 0

    def _same_clause(self, i: int, j: int) -> bool:
        a, b = self.doc[i], self.doc[j]
        return a.head == b.head and a.dep_ in SUBJECT_DEPS and b.dep_ in SUBJECT_DEPS

    # -- agents ------------------------------------------------------------------------------

    def _person_within(self, token: Token) -> str | None:
        """The one named person inside a subject phrase the parser got wrong ("WHO chief Tedros ...").

        Clauses, prepositional phrases and conjuncts hanging off the phrase are not part of it:
        in "the deputy prime minister called on Pope Francis", Francis is not the subject.
        """
        outside = {"acl", "relcl", "advcl", "ccomp", "xcomp", "prep", "conj", "cc", "punct", "appos", "parataxis"}
        tokens = [token]
        for child in token.children:
            if child.dep_ not in outside:
                tokens.extend(child.subtree)
        found = {self.index.token_entity[t.i] for t in tokens
                 if t.i in self.index.token_entity and t.i not in self.quoted
                 and self.index.kind_of(self.index.token_entity[t.i]) is EntityKind.PERSON
                 and not self.index.entities[self.index.token_entity[t.i]].described}
        return found.pop() if len(found) == 1 else None

    def _named_last(self, token: Token) -> str | None:
        """The person whose name ends a subject phrase headed by a role: "Ukrainian Ambassador to the
        UK Vadym Prystaiko said", where the parser makes the name the object of "to"."""
        lemma = token.lemma_.lower()
        if token.dep_ not in SUBJECT_DEPS or token.head.i <= token.i or lemma not in lexicon().role_nouns:
            return None
        j = token.head.i - 1
        while j > token.i and (self.doc[j].is_punct or self.doc[j].is_space):
            j -= 1
        key = self.index.token_entity.get(j)
        if key is None or j in self.quoted or self.index.kind_of(key) is not EntityKind.PERSON or self.index.entities[key].described:
            return None
        start = self.index.mention_tokens[j][0]
        preps = [c for c in token.children if c.dep_ == "prep" and c.i < start]
        between = self.doc[preps[-1].i + 1:start] if preps else None
        if between is not None and all(t.i not in self.index.token_entity and (
                is_role_noun(t) or t.lower_ in lexicon().role_qualifiers or t.is_punct) for t in between):
            return None  # "a spokesman for Prime Minister Boris Johnson said": the spokesman speaks, not Johnson
        return key

    def _person_by_name_word(self, token: Token, start: int, end: int) -> str | None:
        """A first name or surname alone the model left unlabelled ("Wladimir recently accused ...") is
        the one person of the article whose name holds that word."""
        if end - start != 1 or token.pos_ != "PROPN" or not token.text[:1].isupper() or token.lower_ in lexicon().role_nouns:
            return None
        word = fold(token.text)  # as written: "Wladimir" is not Vladimir Putin
        holders = {k for k, e in self.index.entities.items() if e.kind is EntityKind.PERSON and not e.described
                   and len(e.name.split()) >= 2 and word in fold(e.name).split()}
        return next(iter(holders)) if len(holders) == 1 else None

    def agent(self, token: Token) -> Agent:
        """Who the subject phrase headed by ``token`` refers to."""
        start, end = noun_phrase(token)
        text = self.doc[start:end].text
        key = self.index.entity_of(token)
        if key is not None and self.index.kind_of(key) is not EntityKind.PLACE:
            return Agent(key, self.index.entities[key].name)
        appositions = [c for c in token.children if c.dep_ == "appos"]
        if is_role_noun(token):  # "The editor of Novaya Gazeta, Dmitry Muratov,": the parser hangs the name on the owner
            appositions += [a for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                            for o in p.children if o.dep_ == "pobj" for a in o.children if a.dep_ == "appos"]
        for child in appositions:  # "its mayor, Ihor Terekhov": the name explains the description
            k = self.index.entity_of(child)
            if k and self.index.kind_of(k) is EntityKind.PERSON:
                return Agent(k, self.index.entities[k].name)
        if key is not None:  # a place as agent: "Ukraine has claimed", "Russia said"
            return Agent(key, self.index.entities[key].name)
        lower = token.lower_
        if lower in lexicon().person_pronouns:
            return Agent(self._antecedent(token, {EntityKind.PERSON}), token.text)
        if lower in lexicon().thing_pronouns:
            return Agent(self._antecedent(token, {EntityKind.ORGANIZATION}), token.text)
        if lower in lexicon().plural_pronouns:
            return Agent(self._antecedent(token, {EntityKind.ORGANIZATION, EntityKind.PERSON}), token.text)
        inside = self._person_within(token) or self._named_last(token) or self._person_by_name_word(token, start, end)
        if inside is not None:
            return Agent(inside, self.index.entities[inside].name)
        lemma = token.lemma_.lower()
        if lemma in lexicon().role_nouns or lower in lexicon().role_nouns:
            has_owner = any(c.dep_ == "poss" or c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in token.children) \
                or any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
            definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
            pointing = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)
            # (a plural is none of them: "Legitimate Bollywood film distributors" after "a distributor, Buhecha")
            holder = self.holder(token) if (definite or has_owner) and token.tag_ not in ("NNS", "NNPS") else None
            if pointing and not has_owner and token.tag_ == "NN":
                earlier = [(at, key) for at, head, key in self.descriptions if at < token.i and head == lemma]
                # "a senior U.S. defense official said ... the official added": the same source, unless
                # someone was named with that title since ("Now Ukraine President Volodymyr Zelensky")
                if earlier and (holder is None or self._titled_at(holder, lemma, token.i) < earlier[-1][0]):
                    return Agent(earlier[-1][1], self.index.entities[earlier[-1][1]].name)
            if holder is not None:  # "the journalist" after "journalist Daria Kaleniuk"
                self._register_role(token)
                return Agent(holder, self.index.entities[holder].name)
            if definite and not has_owner and lemma in lexicon().anaphoric_roles:
                found = self._antecedent(token, {EntityKind.PERSON})
                if found is not None:
                    return Agent(found, text)
            return Agent(self.described(token, EntityKind.PERSON), text)
        if lemma in lexicon().org_nouns or lower in lexicon().org_nouns:
            bare = not any(c.dep_ in ("poss", "compound", "amod") or c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
            # (not "the company": a company is named many ways, "Tribune Co", "Tribune company's")
            if bare and lemma != "company" and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
                named = self._org_named_before(token.i, lemma)
                if named is not None:  # "the agency" after "the Cybersecurity and Infrastructure Security Agency"
                    return Agent(named, self.index.entities[named].name)
            return Agent(self.described(token, EntityKind.ORGANIZATION), text)
        return Agent(None, text)

    def _org_named_before(self, token_i: int, noun: str) -> str | None:
        """The nearest organisation named before whose name ends with the noun, or its words before "of" or
        "for" do: "the agency" for the Cybersecurity and Infrastructure Security Agency and for the State
        Agency of Ukraine for Exclusion Zone Management, "the ministry" for the Telecommunications Ministry."""
        for _, key in reversed(self.index.keys_before(token_i, EntityKind.ORGANIZATION)):
            entity = self.index.entities[key]
            heads = (re.split(r" (?:of|for) ", fold(name))[0].split()[-1:] for name in (entity.name, *entity.variants))
            if not entity.described and [noun] in heads:
                return key
        return None

    def described(self, token: Token, kind: EntityKind) -> str:
        """A described entity for the phrase headed by ``token``, with its owner resolved.

        Definite descriptions ("Ukraine's deputy prime minister") are one entity across articles;
        indefinite ones ("a Ukrainian official") are one per article.
        """
        start, end = noun_phrase(token)
        words: list[str] = []
        named_place = self._named_place_nouns(start, end)  # "the besieged city of Mariupol": Mariupol
        for t in self.doc[start:end]:
            if t.i in named_place:
                if named_place[t.i]:
                    words.append(self.index.entities[named_place[t.i]].name)
                continue
            if t.is_punct or t.lower_ in ("'s", "’s") or t.dep_ == "det" and t.head.lemma_.lower() not in lexicon().place_nouns:
                continue
            if t.lower_ in ("its", "their", "the"):  # "its mayor", "the country's emergency service"
                owner = self.owner(t)
                if owner:
                    words.append(self.index.entities[owner].name)
                continue
            if t.lemma_.lower() in lexicon().place_nouns and t.dep_ == "poss":
                continue  # "country" in "the country's": replaced by the place "the" resolved to
            k = self.index.entity_of(t)
            words.append(self.index.entities[k].name if k and self.index.kind_of(k) is EntityKind.PLACE else t.text)
        label = " ".join(w for w in words if w)
        first = self.doc[start].lower_
        # "a Ukrainian official", "Ukrainian officials": someone different in every article; an
        # organisation described in the plural ("Ukrainian emergency services") is still one.
        indefinite = first in ("a", "an", "one", "another") or (
            kind is EntityKind.PERSON and token.tag_ in ("NNS", "NNPS") and self.doc[start].dep_ != "det")
        name = re.sub(r"^(?:the|a|an)\s+", "", self.doc[start:end].text, flags=re.I)
        if kind is EntityKind.ORGANIZATION:
            key, display = org_identity(label)
        else:
            key, display = f"person:role {fold(label)}", name
        if indefinite or not _owned(label, name):
            key = f"{key} in {self.article_id}"  # "the senator", "the company": nobody in particular across articles
        self.index.add(Entity(key, kind, display, (name,), described=True))
        if kind is EntityKind.PERSON and token.tag_ == "NN" and (token.i, token.lemma_.lower(), key) not in self.descriptions:
            self.descriptions.append((token.i, token.lemma_.lower(), key))
        if kind is EntityKind.PERSON and not indefinite:
            self._register_role(token)
        return key

    def _named_place_nouns(self, start: int, end: int) -> dict[int, str | None]:
        """The tokens of phrases such as "the besieged Ukrainian city of Mariupol" within a span: the
        place they name at the phrase's first token, None for its other tokens."""
        out: dict[int, str | None] = {}
        for t in self.doc[start:end]:
            if t.lemma_.lower() not in lexicon().place_nouns or t.i in out:
                continue
            place = next((self.index.entity_of(o) for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                          for o in c.children if o.dep_ == "pobj"), None)
            if place is None or self.index.kind_of(place) is not EntityKind.PLACE:
                continue
            first, last = max(t.left_edge.i, start), min(t.right_edge.i + 1, end)
            out.update({i: None for i in range(first, last)})
            out[first] = place
        return out

    def _register_role(self, token: Token) -> None:
        """Remember a role described with its owner ("its mayor"), for the name that comes with it."""
        start, _ = noun_phrase(token)
        title = read_title(list(self.doc[start:token.i + 1]))
        owner = self.role_owner(title.before, title.noun) if title else None
        if title and owner and (token.i, title.role, owner) not in self.described_roles:
            self.described_roles.append((token.i, title.role, owner))

    def source(self, token: Token) -> str:
        """A speaker known only by what the text calls them: "a coffee trade source", "the summary".

        Kept as written, and local to the article: such a phrase names nobody in particular across articles.
        """
        start, end = noun_phrase(token)
        name = self.doc[start:end].text
        name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
        kind = EntityKind.ORGANIZATION if token.lemma_.lower() in lexicon().org_nouns or token.ent_type_ == "ORG" else EntityKind.PERSON
        key = f"{kind.value}:source {fold(name)} in {self.article_id}"
        self.index.add(Entity(key, kind, name, (name,), described=True))
        return key

    # -- places and owners ---------------------------------------------------------------------

    def role_owner(self, before: list[Token], role_noun: Token | None, *, after: list[Token] = ()) -> str | None:
        """The organisation or place a role belongs to: the words before the role, or "of X" after it.

        ``after`` is an owner the title reader found after the role ("of the IAEA"); a name there the
        model did not label ("editor of Novaya Gazeta") is taken as an organisation.
        """
        marks = [n for n, t in enumerate(after) if t.text in ("'s", "’s")]
        if marks and marks[0] + 1 < len(after) and all(t.pos_ in ("PROPN", "DET") for t in after[:marks[0]]):
            # "director general of Russia's Roscosmos space agency": the agency, not its country
            owned = self.role_owner([], None, after=after[marks[0] + 1:])
            if owned:
                return owned
        classified = next((n for n, t in enumerate(after) if t.is_lower and t.lemma_ in lexicon().org_classifiers), None)
        if classified is not None and classified + 1 < len(after):
            # "the head of British intelligence agency GCHQ": the name after the noun, labelled or not
            named = after[classified + 1:]
            key = next(filter(None, map(self.index.entity_of, named)), None)
            if key and self.index.kind_of(key) is not EntityKind.PERSON:
                return key
            found = self._unlabelled_org(named) if key is None else None
            if found:
                return found
        words = [t for t in after if not t.is_punct]
        if len(words) == 2 and words[0].lower_ == "the" and words[1].lemma_.lower() in lexicon().org_nouns:
            named = self._org_named_before(words[1].i, words[1].lemma_.lower())
            if named is not None:  # "head of external relations for the council" after "World Food Council"
                return named
        described = self._described_org_after(after)
        if described:
            return described
        for t in after:
            key = self.index.entity_of(t)
            if key and self.index.kind_of(key) in (EntityKind.PLACE, EntityKind.ORGANIZATION):
                return key
            if key and self.index.kind_of(key) is EntityKind.PERSON and role_noun is not None and t.i == after[-1].i:
                # "The editor of Novaya Gazeta": a name the model took for a person, with no first name
                # and no one the article or the corpus knows, is what the role belongs to
                name = self.index.entities[key].name
                words = fold(name).split()
                if len(words) >= 2 and not any(w in lexicon().first_names for w in words) \
                        and not any(known_person(" ".join(words[n:]), alone=False) for n in range(len(words) - 1)):
                    org, display = org_identity(name)
                    self.index.add(Entity(org, EntityKind.ORGANIZATION, display, (name,)))
                    return org
        found = self._unlabelled_org([t for t in after if not (t.pos_ == "DET" and t.i == after[0].i)])
        if found:
            return found
        named = []  # "Roscosmos head": the capitalised names just before the role
        for t in reversed(before):
            if t.tag_ != "NNP" or not t.text[:1].isupper() or t.lower_ in lexicon().role_qualifiers or is_role_noun(t):
                break
            named.insert(0, t)
        if named and not self.gazetteer.lookup(" ".join(t.text for t in named)):
            span = self.index.mention_tokens.get(named[0].i - 1)
            key = self.index.entity_of(named[0].doc[named[0].i - 1]) if named[0].i else None
            if span is not None and span[1] == named[0].i and self.index.kind_of(key) is EntityKind.PERSON \
                    and all(t.tag_ == "NNP" for t in self.doc[span[0]:span[1]]):
                # "Richard Childress Racing driver": a person's name the organisation's name starts with
                name = self.doc[span[0]:named[-1].i + 1].text
                org, display = org_identity(name)
                self.index.add(Entity(org, EntityKind.ORGANIZATION, display, (name,)))
                return org
            found = self._unlabelled_org(named)
            if found:
                return found
        for t in reversed(before):
            key = self.index.entity_of(t)
            span = self.index.mention_tokens.get(t.i)
            if key and span is not None and before and span[1] > before[-1].i + 1 and span[0] <= before[-1].i:
                # "U.S. Treasury secretary James Baker": the name runs into the role, whose owner is the
                # name's first part
                part = self.doc[span[0]:before[-1].i + 1].text
                match = self.gazetteer.lookup(part)
                if match is not None and (match.place.feature == "country" or match.primary and role_noun is not None
                                          and role_noun.lemma_.lower() in CANDIDACY_NOUNS):
                    return self.place_entity(match.place)  # "U.S. Treasury secretary", "Ohio Senate candidate"
            if key and self.index.kind_of(key) is EntityKind.PLACE and role_noun is not None and t.i == before[-1].i \
                    and role_noun.lemma_.lower() in lexicon().occupations and self.index.entities[key].place is not None \
                    and self.index.entities[key].place.feature == "country":
                return None  # "U.S. filmmaker Brent Renaud": a nationality, as "Ukrainian journalist" is
            if key and self.index.kind_of(key) in (EntityKind.PLACE, EntityKind.ORGANIZATION):
                return key
            if key and self.index.kind_of(key) is EntityKind.PERSON and not self.index.entities[key].described:
                return None  # "a former Bill Clinton aide": a person's name is no owner, nor a town of its surname
            lemma = t.lemma_.lower()
            if t.pos_ in ("CCONJ", "ADP") or t.is_punct and t.text not in ("'s", "’s", "'", "’"):
                return self._possessive_owner(role_noun)  # "President Macron of France and Chancellor Olaf Scholz": France is not Scholz's
            if t.is_lower and t.pos_ in ("NOUN", "VERB", "ADJ") and lemma not in lexicon().org_nouns \
                    and lemma not in lexicon().place_nouns and not is_role_noun(t):
                return None  # "the Ukraine war Rep.": the owner stands next to the role
            if is_known_org(t.text):  # "WHO chief": an acronym the model did not label
                key, display = org_identity(t.text)
                self.index.add(Entity(key, EntityKind.ORGANIZATION, display, (t.text,)))
                return key
            if t.lower_ in ("its", "their") or t.lower_ == "the" and t.head.lemma_.lower() in lexicon().place_nouns:
                found = self.owner(t, role=role_noun.lemma_.lower() if role_noun is not None else None)
                if found:
                    return found
            country = self.gazetteer.country_of_demonym(t.text)
            if country is not None:
                if role_noun is not None and role_noun.lemma_.lower() in lexicon().occupations:
                    return None  # "Ukrainian journalist": a nationality, not an owner
                return self.place_entity(country)
            if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in lexicon().role_qualifiers and not is_role_noun(t):
                match = self.gazetteer.lookup(t.text)  # "Odesa Mayor": a place the model did not label
                if match is not None and match.primary:
                    return self.place_entity(match.place)
            if t.lemma_.lower() in lexicon().org_nouns and t.pos_ in ("NOUN", "PROPN"):
                # "Interior ministry adviser": the organisation is the run of words ending in the noun
                words = [u for u in before if u.i <= t.i]
                # "a response to Russian space agency chief": the name starts after the words it is the object of
                cut = max((n for n, u in enumerate(words) if u.pos_ in ("ADP", "VERB", "AUX", "PRON", "SCONJ")
                           and not (u.lower_ in ("of", "for", "and") and n > 0 and words[n - 1].text[:1].isupper())), default=-1)
                words = words[cut + 1:] or [t]
                while words and words[0].i != t.i and (words[0].lower_ in ("the", "a", "an", "its", "their") or words[0].dep_ == "poss"
                                                       or words[0].text in ("'s", "’s")):
                    words.pop(0)
                if len(words) == 1 and t.is_lower:
                    # "the agency's former chief executive": the organisation the article spoke of, if any
                    return self._antecedent(t, {EntityKind.ORGANIZATION})
                name = " ".join(u.text for u in words if not u.is_punct)
                key, display = org_identity(name)
                self.index.add(Entity(key, EntityKind.ORGANIZATION, display[:1].upper() + display[1:], (name,), described=True))
                return key
        if role_noun is not None:
            for prep in role_noun.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "at", "in"):
                    continue
                for obj in prep.children:
                    if obj.lower_ in lexicon().role_qualifiers:
                        continue  # "Secretary of State": part of the role
                    key = self.index.entity_of(obj) or next(
                        (self.index.entity_of(c) for c in obj.children if c.dep_ in ("compound", "poss") and self.index.entity_of(c)), None)
                    if key and self.index.kind_of(key) is EntityKind.PLACE and prep.lower_ == "in" \
                            and role_noun.lemma_.lower() in lexicon().occupations:
                        continue  # "a psychotherapist in Philadelphia": where she works, not whose she is
                    if key and self.index.kind_of(key) in (EntityKind.PLACE, EntityKind.ORGANIZATION):
                        return key
        return None

    def state_for(self, owner: str | None, role_noun: Token) -> str | None:
        """A state's role held for the city of the same name is the state's ("New York Rep. Lee Zeldin")."""
        entity = self.index.entities.get(owner) if owner else None
        roles = lexicon().state_roles
        if entity is None or entity.place is None or entity.place.feature != "city" \
                or role_noun.lower_ not in roles and role_noun.lemma_.lower() not in roles:
            return owner
        state = next((s for s in map(self.gazetteer.state, (*entity.variants, entity.name)) if s is not None), None)
        return self.place_entity(state) if state is not None and state.country_code == entity.place.country_code else owner

    def _described_org_after(self, after: list[Token]) -> str | None:
        """ "a spokesperson for the Chinese embassy in Washington": an organisation noun named by its
        country or maker, not the place after it."""
        head = next((t for t in after if t.dep_ == "pobj"), None)
        if head is None or head.lemma_.lower() not in lexicon().org_nouns or self.index.entity_of(head):
            return None
        words = [t for t in after if t.i <= head.i and t.pos_ != "DET" and not t.is_punct]
        if len(words) < 2 or not words[0].text[:1].isupper() or any(self.index.entity_of(t) for t in words):
            return None
        name = " ".join(t.text for t in words)
        key, display = org_identity(name)
        self.index.add(Entity(key, EntityKind.ORGANIZATION, display, (name,), described=True))
        return key

    def _possessive_owner(self, role_noun: Token | None) -> str | None:
        """ "Hungary's authoritarian, nativist prime minister, Viktor Orban": the possessive of the role noun,
        whatever stands between, when it names a place or an organisation."""
        for c in role_noun.children if role_noun is not None else ():
            key = self.index.entity_of(c) if c.dep_ == "poss" else None
            if key and self.index.kind_of(key) in (EntityKind.PLACE, EntityKind.ORGANIZATION):
                return key
        return None

    def _unlabelled_org(self, words: list[Token]) -> str | None:
        """An organisation named by capitalised words the model did not label ("Novaya Gazeta")."""
        if not words or not all(t.pos_ == "PROPN" or t.lower_ in lexicon().title_function_words for t in words) \
                or any(self.index.entity_of(t) for t in words) or any(self.gazetteer.country_of_demonym(t.text) for t in words):
            return None
        name = " ".join(t.text for t in words)
        key, display = org_identity(name)
        self.index.add(Entity(key, EntityKind.ORGANIZATION, display, (name,)))
        return key

    def owner(self, token: Token, *, role: str | None = None) -> str | None:
        """What "its", "their", "the city('s)", "the country('s)", "the region('s)" refers to.

        ``role`` is the role noun the owner owns, if any: a mayor's owner is a city.
        """
        lower = token.lower_
        head = token.head if token.dep_ in ("det", "poss") else token
        noun = head.lemma_.lower()
        wanted = "city" if role in lexicon().city_roles else "country" if role in lexicon().national_roles else None
        if lower in ("its", "their") or lower == "the" and noun in lexicon().place_nouns:
            if lower == "the":
                feature = "country" if noun == "country" else "city" if noun in ("city", "town", "port", "region") else wanted
                # "Finland has taken the decision to supply weapons to Ukraine, the country's government
                # announced": the country talked about (a subject) before any country merely named; in
                # its own sentence, the country of the place named before it
                return self._subject_place_before(token.i, feature, same_sentence=True) \
                    or (self._country_of_sentence(token.i) if feature == "country" else None) \
                    or self._subject_place_before(token.i, feature) or self.place_before(token.i, feature=feature)
            if lower == "their" and not wanted:
                # "their former coach": people or an organisation, a country at most, never a town
                return self._antecedent(token, {EntityKind.ORGANIZATION}) or self.place_before(token.i, feature="country")
            return (self.place_before(token.i, feature=wanted) if wanted else None) or \
                self.place_before(token.i, feature=None) or self._antecedent(token, {EntityKind.ORGANIZATION})
        return None

    def place_entity(self, place: Place) -> str:
        """The key of a gazetteer place the text implies ("Russian" -> Russia), added to the index."""
        key = place_key(place, place.name)
        self.index.add(Entity(key, EntityKind.PLACE, place.name, (), place))
        return key

    def _subject_place_before(self, token_i: int, feature: str | None, *, same_sentence: bool = False) -> str | None:
        """The nearest place of that kind that is a subject, in the sentence of ``token_i`` or the one before."""
        if feature is None:
            return None
        chain = self._chain if self._chain is not None else []
        limit = self.doc[token_i].sent.start if same_sentence else self._sentence_start_before(token_i)
        for i, key, kind in reversed(chain):
            if i >= token_i:
                continue
            if i < limit:
                break
            place = self.index.entities[key].place if kind is EntityKind.PLACE else None
            if place is not None and place.feature == feature:
                return key
        return None

    def _sentence_start_before(self, token_i: int) -> int:
        """Where the sentence before ``token_i``'s begins."""
        sent = self.doc[token_i].sent
        return self.doc[sent.start - 1].sent.start if sent.start > 0 else 0

    def _country_of_sentence(self, token_i: int) -> str | None:
        """The country of the nearest place named earlier in the sentence: "officials in Beijing ...
        the country's leader" is China's."""
        start = self.doc[token_i].sent.start
        for i, key in reversed(self.index.keys_before(token_i, EntityKind.PLACE)):
            if i < start:
                return None
            place = self.index.entities[key].place
            if place is not None and place.feature == "country":
                return key
            if place is not None and place.feature == "city":
                country = self.gazetteer.country(place.country_code)
                return self.place_entity(country) if country is not None else None
        return None

    def place_before(self, token_i: int, *, feature: str | None) -> str | None:
        """The nearest place mentioned before ``token_i`` (a city or a country when asked)."""
        for _, key in reversed(self.index.keys_before(token_i, EntityKind.PLACE)):
            place = self.index.entities[key].place
            if feature is None or (place is not None and place.feature == feature):
                return key
            if feature == "city" and place is None:
                continue
        return None

