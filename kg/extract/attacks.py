"""Places attacked, with the date when the text fixes one.

An attack is a trigger (a verb such as "shelled", "pounded", "seized", a noun such as "bombardment
of", "attack on", "air strikes", "the siege of", a phrase such as "took control of") tied through
the parse to the places it acts on: its object, a passive subject, the place a noun acts on ("strikes
on Lutsk and Ivano-Frankivsk"), the subject of a verb of undergoing ("Kharkiv came under fire",
"Mariupol faces bombardment"), a place a participle modifies ("the besieged city of Mariupol"), and
every place of a list ("cities including Kharkiv, Chernihiv and Sumy"). Not attacks: threats,
plans, warnings, possibilities ("preparing to bombard Odesa", "a possible attack"), future or
hypothetical ones, negated ones and questions, and attacks of other wars and eras (a year before
the article's in the clause, "for eight years", "World War II").

The date is the date words governing the trigger's clause, else those of its sentence that do not
date a report ("said on Tuesday that ..."), normalised against the publication date; never a
caption's, never "as of". Without a publication date a relative expression leaves the date empty,
and so does a sentence with no date words. One attack per place and day in an article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext, Findings
from kg.extract.lexicon import lexicon
from kg.extract.reference import Resolver
from kg.extract.spans import doc_ents, sentence_span
from kg.extract.timex import (
    clause_tense,
    clause_verb,
    date_spans,
    dates_a_since_clause,
    earlier_year,
    event_dates,
    is_caption,
    normalise,
    of_another_era,
    paragraph_start,
)
from kg.records import Attack, EntityKind
from kg.resolve.gazetteer import SMALL_TOWN_COUNTRY
from kg.resolve.names import fold, place_key
from kg.resolve.organizations import is_known_org

_RELATIVE = ("which", "that", "where")


def _figurative(trigger: Token) -> bool:
    """ "hit Moscow with tough sanctions", "sanctions targeting Moscow": no weapon involved."""
    related = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
    related += [o for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("with", "by") for o in c.children if o.dep_ == "pobj"]
    if trigger.dep_ == "acl":
        related.append(trigger.head)
    if trigger.dep_ in ("advcl", "xcomp", "acl"):  # "announced new sanctions, targeting the Duma"
        related += [c for c in trigger.head.children if c.dep_ in ("dobj", "nsubj")]
    related += [o for r in related if r.dep_ == "agent" for o in r.children if o.dep_ == "pobj"]
    # "hit by some of the worst wildfires": the things a part stands for
    related += [o for r in related if r.pos_ in ("PRON", "ADJ", "NUM", "DET") for c in r.children
                if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in lexicon().criticism_verbs:
        # "Hannity blasts Biden ...", "the report slammed Kyiv", "DeSantis targets Biden": only a
        # weapon, a force or a country strikes ("Russia targeted Kyiv")
        forces = [o for c in trigger.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if not forces and any(c.dep_ == "nsubjpass" for c in trigger.children):
            return False  # "Kyiv was targeted overnight": by nobody named
        node = trigger
        while True:  # "an invasion that appeared to be targeting the capital": the subject of the verb it completes
            forces += [c for c in node.children if c.dep_ == "nsubj"]
            if forces or node.dep_ != "xcomp":
                break
            node = node.head
        if trigger.dep_ in ("acl", "amod"):
            forces.append(trigger.head)  # "the city, targeted by Russian missiles"
        return not any(f.lemma_.lower() in lexicon().attack_nouns or f.lemma_.lower() in lexicon().armed_forces
                       or f.ent_type_ in ("GPE", "NORP") or f.lower_ in ("it", "they", *_RELATIVE) for f in forces)
    return any(r.lemma_.lower() in lexicon().non_military for r in related)


def _harm_alone(trigger: Token) -> bool:
    """A verb of harm said of a thing with no one who did it, in a sentence with no other word of an attack: "its
    external power supply had again been damaged", "A damaged school in Slavyansk"."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in lexicon().harm_verbs:
        return False
    if any(c.dep_ == "agent" or c.dep_ == "nsubj" for c in trigger.children):
        return False  # "damaged by Russian shelling", "missiles damaged the plant"
    return not any(t.i != trigger.i and _is_trigger(t) for t in trigger.sent)


def _marked_irrealis(node: Token) -> bool:
    """A modal, a negation, "no", or a condition on this word."""
    for c in node.children:
        if c.dep_ == "neg" or c.dep_ == "det" and c.lower_ == "no":
            return True
        if c.dep_ == "advmod" and c.lemma_.lower() in lexicon().irrealis:
            return True  # "instead of seizing the capital"
        if c.dep_ == "aux" and c.lemma_.lower() in lexicon().irrealis \
                and not (c.lower_ in ("could", "can") and node.lemma_.lower() in ("hear", "see")) \
                and not (c.lower_ == "can" and node.lemma_.lower() not in lexicon().attack_verbs):
            # but "explosions could be heard in Kyiv": what was heard happened; and "can" is a mood of the
            # attack itself only ("you can conquer the city"), not of "we can confirm that ... strikes against Kyiv"
            return True
        if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
            return True  # "if he did it, we're hitting Moscow"
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
            return True
    return False


def _irrealis(trigger: Token) -> bool:
    """A threat, plan, fear, condition, question or negation rather than an attack that happened."""
    if trigger.sent.text.rstrip().endswith("?"):
        return True
    if _captures(trigger) and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) \
            and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children):
        # "an offensive to retake Kherson", "failed to capture Kyiv": a taking aimed at, not one done
        # ("claims to have captured Lyman" is one)
        return True
    if any(c.dep_ == "amod" and c.lemma_.lower() in lexicon().irrealis for c in trigger.children):
        return True  # "a possible chemical attack"
    if trigger.dep_ == "conj" and trigger.head.lemma_.lower() in lexicon().irrealis and trigger.i - trigger.head.i == 2 \
            and trigger.nbor(-1).lower_ == "and":
        return True  # "has the ability to try and attack the bridge": "try to attack"
    if any(c.dep_ in ("nsubj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
           for c in trigger.children):
        return True  # "no bombs hit the city": nothing struck it
    if trigger.pos_ == "VERB" and any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.lemma_.lower() in lexicon().irrealis
                                      for c in trigger.children):
        return True  # "as the threat of Russia taking over Kyiv looms", parsed with "threat" as the taking's subject
    if trigger.pos_ == "VERB" and trigger.tag_ == "VBN" and trigger.dep_ in ("amod", "acl") and (
            trigger.head.pos_ == "PROPN" or any(p.lower_ == "of" and any(o.pos_ == "PROPN" for o in p.children)
                                                for p in trigger.head.children)):
        # "escape the besieged city of Mariupol", "flee besieged Mariupol": the siege is real whatever the escape
        # (the place named with it, not a city the paragraph named)
        return _marked_irrealis(trigger)
    node = trigger
    via_subject = False
    for _ in range(4):
        # A negated or modal verb whose subject the attack is says nothing of whether it
        # happened ("the shelling did not stop"), unless the modal is the only verb ("an attack could come").
        if _marked_irrealis(node) and (
                not via_subject or any(c.dep_ == "aux" and c.lemma_.lower() in lexicon().irrealis for c in node.children)):
            return True
        if node != trigger and not via_subject and node.lemma_.lower() in lexicon().irrealis:
            return True
        if node.lower_ == "going" and node != trigger and any(c.lower_ == "to" for c in trigger.children):
            return True  # "we're going to hit Moscow": a future, not an event
        if node.dep_ == "pcomp" and node.head.lower_ in ("after", "since"):
            break  # "tried to push into Kharkiv after bombarding the city": what came before happened
        if node.dep_ == "pcomp" and node.head.lower_ == "from" and node.head.head.lower_ == "away":
            return True  # "Moscow appeared to turn its focus away from seizing the capital Kyiv"
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lexicon().asserted_clause_marks for c in node.children):
            break  # "firefighters were being prevented from extinguishing it as Russian troops bombarded the city"
        if node.dep_ in ("xcomp", "ccomp", "pobj", "pcomp", "dobj", "prep", "acl", "advcl", "nsubj", "nsubjpass", "attr",
                         "compound", "amod") and node.head != node:
            via_subject = node.dep_ == "nsubj"  # "shelling ... is preventing workers": the shelling happened
            node = node.head
        else:
            break
    return False


def _objects(prep: Token) -> list[Token]:
    """The objects of a place preposition, through a nested "of": "outside of Kyiv"."""
    out = [o for o in prep.children if o.dep_ == "pobj"]
    out += [o for c in prep.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    return out


def _ranged(token: Token) -> list[Token]:
    """The places of "from Lviv to Kyiv, from Kharkiv to Chernihiv, Sumy", under ``token``."""
    out: list[Token] = []
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "to"):
            for o in c.children:
                if o.dep_ == "pobj":
                    out.append(o)
            out += _ranged(c)
    return out


def _range_ends(token: Token) -> list[Token]:
    """The places of a range hung on ``token`` with both its ends: "attacks from Kharkiv to Kyiv", "From the cities
    of Kharkiv to Mariupol to Chernigov, they are being flattened"; not "missiles fired from Belarus", nor "fire to
    Russian positions from an anti-aircraft gun"."""
    out: list[Token] = []
    ends: set[str] = set()

    def placelike(o: Token) -> bool:
        lemma = o.lemma_.lower()
        return o.pos_ == "PROPN" or lemma in lexicon().place_nouns or lemma in lexicon().site_nouns

    def chain(prep: Token) -> None:
        for o in prep.children:
            if o.dep_ == "pobj":
                out.append(o)
                if placelike(o):
                    ends.add(prep.lower_)
                for c in o.children:  # "the cities of Kharkiv to Mariupol", "Mariupol to Chernigov"
                    if c.dep_ == "prep" and (c.lower_ == "to" or c.lower_ == "of" and o.lemma_.lower() in lexicon().place_nouns):
                        chain(c)
            elif o.dep_ == "prep" and o.lower_ == "to":
                chain(o)

    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "to"):
            chain(c)
    return out if {"from", "to"} <= ends else []


def _list_word(token: Token) -> bool:
    """A list preposition ("including", "along"), also where the model parsed "including" a verb."""
    return token.dep_ in ("prep", "acl") and token.lower_ in lexicon().attack_list_prepositions


def _plural_object(verb: Token) -> bool:
    """Does the verb act on a plural ("shelled two cities", "took control of two nuclear facilities")?"""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [p for c in objects for q in c.children if q.dep_ == "prep" and q.lower_ == "of" for p in _objects(q)]
    return any(o.tag_ == "NNS" for o in objects)


def _listed(token: Token) -> list[Token]:
    """The places a list preposition adds to a word: "cities including Sumy", "the city, along with Zhytomyr"."""
    out = []
    for c in token.children:
        if _list_word(c):
            for o in c.children:
                if o.dep_ == "pobj":
                    out.append(o)
                elif o.dep_ == "prep" and o.lower_ == "with":
                    out.extend(p for p in o.children if p.dep_ == "pobj")
                elif o.dep_ == "prep" and o.lower_ in ("in", "at", "on"):
                    out.extend(_objects(o))  # "bombardment in the region including in the port city of Mariupol"
    return out


class _AttackFinder:
    def __init__(self, doc: Doc, resolver: Resolver, published: date | None) -> None:
        self.doc = doc
        self.resolver = resolver
        self.index = resolver.index
        self.published = published
        self._labels: list[tuple[int, list[str]]] | None = None
        self._sites: list[tuple[int, str, str]] | None = None
        # the building each place of the last trigger was struck through: "a theater in Mariupol"
        self.targets: dict[str, str] = {}

    def _struck_in(self, facility: Token, keys: list[str], label: str | None = None) -> list[str]:
        """The town's keys of a facility struck in it, noting the facility as what was struck there."""
        if label is not None or facility.lemma_.lower() in lexicon().facility_nouns:
            words = [t.text for t in facility.children if t.i < facility.i and t.dep_ in ("compound", "amod")
                     and self.index.entity_of(t) is None and t.pos_ != "PROPN" and t.is_alpha and t.is_lower]
            for key in keys:
                self.targets.setdefault(key, label or " ".join([*words, facility.lower_]))
        return keys

    def _city_level(self, key: str | None) -> bool:
        if not key or self.index.kind_of(key) is not EntityKind.PLACE:
            return False
        entity = self.index.entities[key]
        if entity.place is None:
            return fold(entity.name) not in lexicon().too_large
        return entity.place.feature == "city"

    def _city(self, key: str) -> bool:
        """A city of the gazetteer (not a region, a site or a name it does not know)."""
        place = self.index.entities[key].place
        return place is not None and place.feature == "city"

    def _war_city(self, key: str) -> bool:
        """A city of the gazetteer in the war's country."""
        return self._city(key) and self.index.entities[key].place.country_code == SMALL_TOWN_COUNTRY

    def labels(self) -> list[tuple[int, list[str]]]:
        """The places that label a paragraph, each with the colon after them: "Mariupol: The port city is under
        increasing pressure", "Lutsk and Ivano-Frankovsk: The Russians struck airfields in each city" (a
        briefing's round of the cities)."""
        if self._labels is None:
            self._labels = []
            for sent in self.doc.sents:
                colon = next((t for t in sent[:8] if t.text == ":"), None)
                words = list(self.doc[sent.start:colon.i]) if colon is not None else []
                if not words or not all(t.pos_ in ("PROPN", "PUNCT", "CCONJ") or t.is_title for t in words):
                    continue
                keys = list(dict.fromkeys(k for t in words if self._city_level(k := self.index.entity_of(t))))
                if keys:
                    self._labels.append((colon.i, keys))
            self._labels = sorted(self._labels + self._headings())
        return self._labels

    def _headings(self) -> list[tuple[int, list[str]]]:
        """Lines that are a place's name alone, heading the paragraphs after them ("Kharkiv", in an explainer
        that goes round the cities), each with the line's last token."""
        out: list[tuple[int, list[str]]] = []
        start = 0
        for token in self.doc:
            if "\n" not in token.text:
                continue
            words = [t for t in self.doc[start:token.i] if not t.is_space]
            start = token.i + 1
            if not 1 <= len(words) <= 4 or not all(t.is_title or t.pos_ in ("CCONJ", "PUNCT") for t in words):
                continue
            keys = [k for t in words if (k := self.index.entity_of(t)) is not None]
            if keys and all(self._city(k) for k in keys) \
                    and all(self.index.entity_of(t) is not None for t in words if t.is_title):
                out.append((token.i, list(dict.fromkeys(keys))))
        return out

    def labelled(self, token_i: int) -> list[str]:
        """The places of the label over a word: the last label before it, within three sentences (a heading's
        line: until the next label, within fifteen)."""
        before = [(i, keys) for i, keys in self.labels() if i < token_i]
        if not before:
            return []
        i, keys = before[-1]
        sentences = {t.sent.start for t in self.doc[i:token_i + 1] if not t.is_space}
        heading = "\n" in self.doc[i].text
        return keys if len(sentences) <= (15 if heading else 4) else []

    def paragraph_city(self, token_i: int) -> str | None:
        """The city "the city" or "the town" means: the Ukrainian city its sentence named before it, else the
        city of the label or heading over it, else the one Ukrainian city the nearest of the two sentences before
        names, else the city named most in its paragraph before it (a Ukrainian one first, the nearest on a tie),
        else the nearest city named before it."""
        # not a name a facility is called by ("the town where staff working at the Chernobyl plant live")
        before = [(i, key) for i, key in self.index.keys_before(token_i, EntityKind.PLACE)
                  if not (self.doc[i].dep_ == "compound" and self.doc[i].head.lemma_.lower() in lexicon().facility_nouns)]
        sentence = self.doc[token_i].sent.start
        # a Ukrainian city the sentence names before it, as a name of its own, not a modifier ("Moscow's forces
        # besieged the city", "the governor of the Luhansk region")
        named = [key for i, key in before if i >= sentence and self.doc[i].dep_ not in ("poss", "compound") and self._war_city(key)]
        if named:
            return named[-1]  # "continued shelling the region's largest city, Kharkiv, ... was hit in the city"
        sent = self.doc[token_i].sent
        described = {t.i for t in self.doc[token_i].subtree}  # not "the town where staff working at Chernobyl live"
        after = [key for t in sent if t.i > token_i and t.i not in described and t.dep_ == "pobj" and t.head.lower_ in ("in", "from", "at")
                 and (key := self.index.entity_of(t)) and self._war_city(key)]  # not "15 miles northwest of Kyiv"
        if after and not any(i >= sentence for i, _ in before):
            # a sentence that names its city only after it, as a caption does: "Smoke rising after shelling on
            # the outskirts of the city is pictured from Kyiv"
            return after[0]
        labelled = self.labelled(token_i)
        if len(labelled) == 1:
            return labelled[0]
        start = paragraph_start(self.doc, token_i)
        end = sentence
        for _ in range(2):
            # the one Ukrainian city the nearest of the two sentences before that names any does, as a place of its
            # own: "... fighting to take over the southern port city of Mariupol ... . Meanwhile, the fighting in that
            # city remains contested ... . Russian forces continue to heavily bombard the city"
            if end <= start:
                break
            previous = self.doc[end - 1].sent.start
            named = {key for i, key in before if previous <= i < end and self._war_city(key)
                     and self.doc[i].dep_ not in ("poss", "compound") and not _locates_another(self.doc[i])}
            if len(named) == 1:
                return named.pop()
            if named:
                break
            end = previous
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for i, key in before:
            if i >= start and self._city(key):
                counts[key] = counts.get(key, 0) + 1
                last[key] = i
        # a city of the war's country before a capital that stands for its government ("Moscow said")
        if counts:
            return max(counts, key=lambda k: (self._war_city(k), counts[k], last[k]))
        return next((key for _, key in reversed(before) if self._city(key)), None)

    def _known_site(self, token: Token) -> str | None:
        """The facility of the sites table a phrase headed by a site noun names, if any."""
        words = [t.text for t in self.doc[token.left_edge.i:token.i + 1] if t.dep_ != "det" and not t.is_punct]
        # "the largest nuclear power plant in Europe": what it is the largest of
        within = [[*words, "in", o.text] for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
                  for o in _objects(c) if any(a.dep_ == "amod" and a.tag_ == "JJS" for a in token.children)]
        for phrase in (*within, words):
            for start in range(len(phrase)):
                site = self.resolver.gazetteer.site(" ".join(phrase[start:]))
                if site is not None:
                    return self.resolver.place_entity(site)
        return None

    def _site_before(self, token: Token) -> str | None:
        """The known facility "the plant", "the station" or "the site" stands for: the one of the sites table
        the article named most before it with the same noun, the last on a tie (a plant is a power station; a
        site or a facility is any): "the plant" of an article on Zaporizhzhia that names Chernobyl in passing is
        Zaporizhzhia's."""
        if self._sites is None:
            self._sites = [(t.i, t.lemma_.lower(), site) for t in self.doc if t.lemma_.lower() in lexicon().site_nouns
                           and any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in t.children)
                           and (site := self._known_site(t)) is not None]
        lemma = token.lemma_.lower()
        same = {lemma} | ({"plant", "station"} if lemma in ("plant", "station") else set())
        named = [site for i, noun, site in self._sites if i < token.i and (noun in same or lemma in lexicon().generic_site_nouns)]
        counts = Counter(named)
        return max(reversed(named), key=counts.__getitem__) if named else None

    def _city_in_name(self, key: str) -> str | None:
        """The city an organisation's or a mistyped name holds, where it fills an attack's place: "the Kharkiv
        Institute of Physics and Technology", "Kherson" taken for a person."""
        entity = self.index.entities[key]
        if entity.kind is EntityKind.PERSON and len(entity.name.split()) > 1:
            return None  # a person's full name is no place
        if entity.kind is EntityKind.ORGANIZATION and is_known_org(entity.name):
            return None  # "The New York Times is coming under fire": a known organisation, not its city
        for word in entity.name.split():
            match = self.resolver.gazetteer.lookup(word) if word[:1].isupper() else None
            if match is not None and match.primary and match.place.feature == "city" and (
                    match.place.population >= 100_000 or match.place.country_code == "UA"):
                return self.resolver.place_entity(match.place)
        return None

    def places_in(self, token: Token) -> list[str]:
        """The city-level places the phrase headed by ``token`` names, with those coordinated with it:
        "Kharkiv", "Kharkiv city", "Vinnytsia airport", "the outskirts of Kyiv", "the city" (the
        paragraph's city), "cities including Kharkiv and Sumy"."""
        found: list[str] = []
        # "from Kharkiv to Chernihiv, Sumy, cities of Donbas especially Mariupol"
        # "the Chernobyl Nuclear Power Plant, a radioactive waste facility near Kyiv, and the Kharkiv Institute":
        # a list item the model took for an apposition, before the list's last item
        appositions = [c for c in token.children if c.dep_ == "appos" and (
            c.pos_ == "PROPN" or c.lemma_.lower() in lexicon().place_nouns
            or c.lemma_.lower() in lexicon().site_nouns and any(j.i > c.i for j in token.conjuncts))]
        for t in [token, *token.conjuncts, *appositions]:
            for key in self._one_place(t):
                if key not in found:
                    found.append(key)
        return found

    def _one_place(self, token: Token) -> list[str]:
        key = self.index.entity_of(token)
        if self._city_level(key):
            return [key]
        # a facility or a place of the sites table by its own name: "the Kharkiv Institute of Physics and
        # Technology", "Snake Island"
        site = self.resolver.gazetteer.site(self.index.entities[key].name) if key is not None else None
        if site is not None:
            return [self.resolver.place_entity(site)]
        if key is None and token.pos_ == "PROPN":  # "the nation's Snake Island", a name the model left unlabelled here
            known = self._known_site(token)
            if known is not None:
                return [known]
        if key is not None and self.index.kind_of(key) is not EntityKind.PLACE:
            site = self._known_site(token) if token.lemma_.lower() in lexicon().site_nouns else None
            if site is not None:
                return [site]  # "Zaporizhzhia Nuclear Power Plant" the model took for an organisation: the plant
            city = self._city_in_name(key)
            if city is not None:
                name = self.index.entities[key].name
                facility = any(w.lower() in lexicon().facility_nouns for w in name.split())
                # "the Kharkiv Institute of Physics and Technology": the institute, in Kharkiv
                return self._struck_in(token, [city], name) if facility else [city]
        lemma = token.lemma_.lower()
        if lemma in lexicon().site_nouns:  # "Vinnytsia airport", "Kyiv's main square"
            site = self._known_site(token)
            if site is not None:
                return [site]  # "the Zaporizhzhia nuclear power plant": the plant, at its town (Enerhodar)
            # "the Chernobyl and Zaporizhzhia nuclear power plants": each of the names before the noun
            named = [self.index.entity_of(n) for c in token.children if c.dep_ in ("compound", "poss", "amod", "nmod", "appos")
                     for n in (c, *c.conjuncts)]
            named = list(dict.fromkeys(k for k in named if self._city_level(k)))
            owners = [k for c in token.children if c.dep_ == "poss"
                      and (k := self.index.entity_of(c)) is not None and self._city(k)]
            if owners:  # "Kyiv's Zhuliany airport": the city it belongs to, not a name of the facility the gazetteer lacks
                named = [k for k in named if k in owners or self.index.entities[k].place is not None]
            if named:
                return self._struck_in(token, named)
            # a site is located by its own preposition: "cities ..., including an airbase in Kyiv",
            # "buildings in the neighborhood near the metro station in Kharkiv", "the area around the Chernobyl plant"
            located = [k for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside", "around")
                       for o in _objects(c) for k in self.places_in(o)]
            if located:
                return self._struck_in(token, located)
            if any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) and not any(
                    c.dep_ in ("compound", "poss", "nmod", "prep") for c in token.children):
                site = self._site_before(token)  # "Russian shelling hit the plant Friday" after the plant was named
                if site is not None:
                    return [site]
            described = any(c.dep_ in ("amod", "relcl") and c.lemma_.lower() in ("damage", "destroy")
                            and not any(a.dep_ == "agent" for a in c.children) for c in token.children)
            if lemma not in lexicon().place_nouns and lemma not in lexicon().area_nouns and not described and not any(
                    c.dep_ in ("compound", "poss", "nmod", "amod") and c.pos_ == "PROPN" for c in token.children):
                # a facility with no place of its own stands in the war's city its sentence placed something
                # in before it: "Local authorities in Mariupol ... said those same forces bombed a theater"
                # (a building described as damaged, with no one who struck it, tells of no strike)
                sentence = token.sent.start
                located = [key for i, key in self.index.keys_before(token.i, EntityKind.PLACE) if i >= sentence
                           and self._war_city(key) and self.doc[i].dep_ == "pobj" and self.doc[i].head.lower_ in ("in", "at")]
                if located:
                    return self._struck_in(token, located[-1:])
        capital = self._capital_of(token)
        if capital is not None:
            return [capital]  # "the Ukrainian capital", "Ukraine's capital", "the capital of Ukraine": Kyiv
        if lemma in lexicon().locator_words and any(
                c.dep_ == "compound" and lexicon().place_nouns.get(c.lemma_.lower()) == "city" for c in token.children):
            return []  # "killed in a town west of Kyiv", the town parsed as a modifier of "west": Kyiv only locates it
        found: list[str] = []
        named = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                 and (lemma in lexicon().area_nouns or lemma in lexicon().site_nouns) for o in c.children if o.dep_ == "pobj"]
        for o in [*named, *_listed(token)]:  # "the city of Vinnytsia", "the outskirts of Kyiv", "cities including Sumy"
            found += [k for k in self.places_in(o) if k not in found]
        if not found and (lemma == "site" or lexicon().place_nouns.get(lemma) == "city"):
            # "stormed the site of the Chernobyl nuclear disaster": the place that names what happened there; "the
            # city of Slavutych, home Chernobyl nuclear workers", the name parsed as a modifier (not "the
            # headquarters of Russia's Black Sea fleet")
            found = [k for o in named for c in o.children if c.dep_ in ("compound", "nmod")
                     and self._city_level(k := self.index.entity_of(c))][:1]
        named = any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        if found or named:
            return found  # "the city of Vinnystia" names a city the gazetteer does not know
        if any(c.lower_ in ("the", "that") for c in token.children) and (lexicon().place_nouns.get(lemma) == "city" or any(
                c.dep_ == "compound" and lexicon().place_nouns.get(c.lemma_.lower()) == "city" for c in token.children)):
            key = self.paragraph_city(token.i)  # "the city", "the city centre", "areas within the city limits"
            return [key] if key else []
        if lexicon().place_nouns.get(lemma) == "city" and any(c.lower_ in ("each", "both") for c in token.children):
            return self.labelled(token.i)  # "Lutsk and Ivano-Frankovsk: The Russians struck airfields in each city"
        return []

    def places(self, trigger: Token) -> list[str]:
        """The places an attack trigger acts on, nearest syntactic attachment first."""
        if trigger.dep_ in ("acl", "amod") and trigger.lemma_.lower() in lexicon().capture_verbs \
                and not self._placelike(trigger.head):
            return []  # "a common faith captured in the Declaration of Independence", "soldiers captured in Kharkiv"
        if _nominal(trigger) and trigger.lemma_.lower() in lexicon().capture_verbs and not any(
                c.dep_ == "prep" and c.lower_ == "of" and any(self._placelike(o) for o in _objects(c)) for c in trigger.children):
            return []  # "the seizure of the Chernobyl plant", not "the seizure of yachts in places like Hamburg"
        self.targets = {}
        heads: list[Token] = []
        # "as his country is besieged by Russian forces, at the Capitol in Washington": what is struck is a
        # whole country; the other places of the clause are where something else happens
        country = any(c.dep_ in ("dobj", "nsubjpass") and (lexicon().place_nouns.get(c.lemma_.lower()) == "country"
                                                            or self._country(c) is not None) for c in trigger.children)
        for child in trigger.children:
            if child.dep_ in ("dobj", "nsubjpass") or child.dep_ == "nsubj" and _fell_to_forces(trigger):
                heads.append(child)
            elif country:
                continue
            elif child.dep_ in ("prep", "advmod") and child.lower_ in lexicon().place_prepositions and not (
                    _weapon(trigger) and child.lower_ not in ("on", "at", "against", "into") and not _killed_with(trigger)):
                heads.extend(_objects(child))  # "shelling outside of Kyiv" (an adverb to the model); not "a bomb in Chernihiv"
            elif child.dep_ in ("advmod", "amod") and child.lower_ == "close" and not _weapon(trigger):
                heads.extend(o for c in child.children if c.dep_ == "prep" and c.lower_ == "to" for o in _objects(c))
                # "shelling close to the Zaporizhzhia plant", as "near" it
            elif child.dep_ == "prep" and child.lower_ == "through" and any(
                    c.dep_ == "nsubj" and c.lemma_.lower() in lexicon().attack_nouns for c in trigger.children):
                heads.extend(_objects(child))  # "explosions ripped through Kharkiv", not "nationalists stormed through the city"
        if _nominal(trigger) and trigger.lemma_.lower() in ("battle", "fighting"):
            # "the battle for Kyiv", "the battle for the strategic port of Kherson": the place fought over, by its name
            # (not "the battle for the city", whose city a paragraph may not name)
            heads.extend(o for c in trigger.children if c.dep_ == "prep" and c.lower_ == "for" for o in _objects(c)
                         if o.pos_ == "PROPN" or any(p.dep_ == "prep" and p.lower_ == "of" for p in o.children))
        heads.extend(_listed(trigger))  # "The city, along with Zhytomyr, is being pummelled"
        if trigger.pos_ == "VERB" and any(c.dep_ in ("dobj", "prep") for c in trigger.children):
            # "fired artillery on the city of Kherson, which was recently liberated ..., and the settlements of
            # Kachkarivka and Tokarivka": a second object after a relative clause, parsed as the verb's conjunct
            heads.extend(c for c in trigger.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")
                         and lexicon().place_nouns.get(c.lemma_.lower()) == "city")
        if trigger.pos_ == "VERB" and _plural_object(trigger):
            # "have taken control of two nuclear facilities: the Zaporizhzhia nuclear power plant and the Chernobyl
            # nuclear plant", the list after the colon made an apposition of the verb
            heads.extend(c for c in trigger.children if c.dep_ == "appos" and c.i > trigger.i
                         and any(t.text == ":" for t in self.doc[trigger.i:c.i]))
        if _nominal(trigger):
            # "the damage following a rocket attack the city of Kyiv": a caption that dropped its "on"
            heads.extend(c for c in trigger.children if c.dep_ == "appos" and lexicon().place_nouns.get(c.lemma_.lower()) == "city"
                         and any(p.dep_ == "prep" and p.lower_ == "of" for p in c.children))
        if any(c.dep_ == "nsubjpass" for c in trigger.children):  # "Kharkiv was hit again, as were Sumy and Okhtyrka"
            heads.extend(c for v in trigger.children if v.dep_ == "advcl" and v.lemma_.lower() == "be"
                         and any(m.dep_ == "mark" and m.lower_ == "as" for m in v.children)
                         for c in v.children if c.dep_ in ("nsubj", "attr"))
        # "shelling by Russian forces in Mariupol": where the forces struck
        heads.extend(p for c in trigger.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"
                     for o in c.children if o.dep_ == "pobj" and o.lemma_.lower() in lexicon().armed_forces
                     for q in o.children if q.dep_ == "prep" and q.lower_ in ("in", "near", "around", "outside")
                     for p in _objects(q))
        heads.extend(_range_ends(trigger))
        if any(c.dep_ == "dobj" and lexicon().place_nouns.get(c.lemma_.lower()) == "city" and c.tag_ == "NNS" for c in trigger.children):
            # "continue to bomb and shell our cities -- from Lviv to Kyiv, from Kharkiv to Chernihiv"
            heads.extend(_ranged(trigger))
            heads.extend(o for c in trigger.children if c.dep_ == "dobj" for o in _ranged(c))
        # "a radar station that Russia had bombed", "Vinnytsia airport, which was hit": the
        # relative pronoun stands for what the clause struck.
        if trigger.pos_ == "VERB" and trigger.dep_ == "relcl" and any(
                c.dep_ in ("dobj", "nsubjpass") and c.lower_ in _RELATIVE for c in trigger.children):
            heads.append(trigger.head)
        if (trigger.pos_ == "VERB" and trigger.tag_ == "VBN" or trigger.pos_ == "ADJ") and trigger.dep_ in ("amod", "acl") \
                and not (trigger.i > 0 and trigger.nbor(-1).text == "-"):
            # "the besieged city of Mariupol", "Vinnytsia airport, hit by missiles"; not "Ukrainian-targeted organizations"
            heads.append(trigger.head)
        # "Mariupol, where Russian forces have bombed a maternity hospital", "Chernihiv, where 47 people were
        # killed in airstrikes", "Kharkiv, where fighting raged": the place the relative "where" stands for
        clause = trigger if trigger.pos_ == "VERB" else trigger.head.head if trigger.dep_ in ("pobj", "pcomp") else trigger.head
        carried = _nominal(trigger) and (_casualty(clause)
                                          or clause.lemma_.lower() in lexicon().support_verbs)
        if clause.dep_ == "relcl" and (clause is trigger or carried) \
                and any(c.dep_ == "advmod" and c.lower_ == "where" for c in clause.children):
            heads.append(clause.head)
        # "Irpin has been the scene of fierce fighting", "Kharkiv was the target of missile strikes"
        if _nominal(trigger) and trigger.dep_ == "pobj" and trigger.head.lower_ == "of" \
                and trigger.head.head.lemma_.lower() in lexicon().scene_nouns and trigger.head.head.dep_ == "attr":
            heads.extend(c for c in trigger.head.head.head.children if c.dep_ == "nsubj")
        if _nominal(trigger) and trigger.dep_ in ("dobj", "pobj") and not _weapon(trigger):
            # "followed a barrage Thursday on a densely populated area of Kharkiv", "accused Russian forces of strikes
            # near a nuclear reactor at the Zaporizhzhia power plant": the place the parse hung on the verb
            verb = trigger.head
            while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("prep", "pobj", "dobj") and verb.head != verb:
                verb = verb.head
            heads.extend(o for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "near")
                         and trigger.right_edge.i < c.i <= trigger.right_edge.i + 2 for o in _objects(c))
        governor = trigger.head
        under = trigger.dep_ == "pobj" and governor.lower_ == "under"
        if under:
            governor = governor.head  # "Kharkiv came under heavy shelling"
            while governor.pos_ not in ("VERB", "AUX") and governor.dep_ in ("conj", "acomp") and governor.head != governor:
                governor = governor.head  # "The city remains isolated and under heavy bombardment"
        undergoers: list[Token] = []
        if _nominal(trigger) and trigger.dep_ in ("dobj", "pobj") and (
                governor.lemma_.lower() in lexicon().undergo_verbs or under and governor.lemma_.lower() in ("be", "remain")
                or under and governor.pos_ == "VERB" and len(self.labelled(trigger.i)) == 1):
            # (under a label, "It is surrounded ..., under heavy bombardment": the labelled city)
            undergoers = [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not undergoers and governor.dep_ in ("xcomp", "conj"):
                # "Kyiv continues to face missile strikes", "Mariupol has been encircled and is under constant shelling"
                undergoers = [c for c in governor.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if governor.dep_ == "relcl" and any(u.lower_ in _RELATIVE for u in undergoers):
                # "Mariupol, a city that's been under heavy attack": what the relative clause describes
                described = governor.head.head if governor.head.dep_ == "appos" else governor.head
                undergoers = [u for u in undergoers if u.lower_ not in _RELATIVE] + [described]
            # "Kyiv and Kharkiv have seen intense shelling, as have the cities of Mariupol and Chernihiv"
            undergoers += [c for v in governor.children if v.dep_ == "advcl" and v.lemma_.lower() in ("have", "do")
                           and any(m.dep_ == "mark" and m.lower_ == "as" for m in v.children)
                           for c in v.children if c.dep_ == "nsubj"]
            heads.extend(undergoers)
        if _nominal(trigger) and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "csubj", "aux") \
                and governor.lemma_.lower() in lexicon().support_verbs:
            # "launched strikes on Kyiv", "fighting continued at the plant in Enerhodar", "explosions were heard in Lviv"
            heads.extend(o for c in governor.children if c.dep_ == "prep" and c.lower_ in lexicon().place_prepositions
                         for o in c.children if o.dep_ == "pobj")
            if trigger.dep_ in ("nsubj", "csubj"):  # "explosions rocked Kyiv": what the attack's verb acts on
                heads.extend(c for c in governor.children if c.dep_ == "dobj")
        casualty = trigger.head.head if trigger.dep_ in ("pobj", "pcomp") and trigger.head.lower_ in ("in", "by") \
            else trigger.head if trigger.dep_ in ("nsubj", "csubj") else None
        if casualty is not None and (_nominal(trigger) or trigger.dep_ == "pcomp") and casualty.pos_ == "VERB" \
                and _casualty(casualty):
            # "10 people were killed in an airstrike on a market in Chernihiv", "In Kharkiv, at least 10 people were
            # killed in shelling", "In Kharkiv, Russian shelling killed 10 people": where the casualties fell
            heads.extend(o for c in casualty.children if c.dep_ == "prep" and c != trigger.head
                         and c.lower_ in lexicon().place_prepositions for o in _objects(c))
        if _nominal(trigger):
            # "Russian missile strikes reported in Kharkiv and Kyiv": a participle that carries the noun
            heads.extend(o for c in trigger.children if c.dep_ == "acl" and c.lemma_.lower() in lexicon().support_verbs
                         for p in c.children if p.dep_ == "prep" and p.lower_ in lexicon().place_prepositions
                         for o in p.children if o.dep_ == "pobj")
        found: list[str] = []
        for head in heads:
            if head.lower_ == "it" and head.pos_ == "PRON" and head.dep_ == "dobj":
                # "Russian forces have isolated Mariupol and continue to bombard it": the place the
                # coordinated verb acted on
                for key in self._coordinated_object(trigger):
                    if key not in found:
                        found.append(key)
                continue
            if head.lower_ == "it" and head.pos_ == "PRON":
                # "Mariupol ... as it faces continued bombardment": a place that undergoes an attack is
                # the city talked about; "it was shelled" is more often a building than a city.
                # (not "it is under attack": a law or a right as often as a city)
                key = self.paragraph_city(head.i) if head in undergoers and (
                    governor.lemma_.lower() in lexicon().undergo_verbs or len(self.labelled(head.i)) == 1) else None
                if key and key not in found:
                    found.append(key)
                continue
            for t in [head, *head.conjuncts]:
                if t.lemma_.lower() in lexicon().gathering_nouns:
                    continue  # "condemned the attack at a news conference in Washington": where it was spoken of
                located = [p for c in t.children if c.dep_ == "prep" and c.lower_ in lexicon().place_prepositions
                           for p in _objects(c)]
                country = self._country(t)
                if any(self.site(k) for k in self.places_in(t)):
                    located = []  # "Zaporizhzhia Nuclear Power Plant near Enerhodar": the plant, which the town locates
                for u in [t, *located]:  # "Assumption Cathedral in Kharkiv and the memorial in Kyiv"
                    for key in self.places_in(u):
                        # "a protest against Russia's attack on Ukraine in Tbilisi": a place after a
                        # country is in it, or is where something else happens
                        if key not in found and (u is t or country is None or self._in_country(key, country)):
                            found.append(key)
        if not found and trigger.dep_ == "pobj" and trigger.head.lower_ == "under" and _nominal(trigger.head.head):
            found = self._under_attack(trigger.head.head, trigger)
        if not found:
            self.targets = {}  # what the clause around an attack names is where it fell, not what it struck
        if not found:
            found = self._there(trigger)
        if not found:
            found = self._listed_or_shared(trigger)
        if not found and not any(h.lemma_.lower() in lexicon().place_nouns or self.index.entity_of(h) for h in heads):
            found = self._clause_places(trigger)
        return self._without_containers(trigger, found)

    def _without_containers(self, trigger: Token, found: list[str]) -> list[str]:
        """Not the places that only say where another struck place lies: "in Brovary, outside Kyiv",
        "the village of Krymske, Luhansk region", "a town west of Kyiv"."""
        if len(found) < 2:
            return found
        tokens = {k: [t for t in trigger.sent if self.index.entity_of(t) == k] for k in found}
        kept = []
        for key in found:
            others = {t for k, ts in tokens.items() if k != key for t in ts}
            if not (tokens[key] and all(_locator(t, others) for t in tokens[key])):
                kept.append(key)
        return kept or found

    def _under_attack(self, described: Token, trigger: Token) -> list[str]:
        """The named places a noun "under attack" stands for: "Kharkiv, a city under siege", "areas under Russian
        attack, such as Chernihiv"; not "the capital under renewed attack", which may be any city."""
        if described.dep_ == "appos":
            described = described.head
        named = [described] if self.index.entity_of(described) is not None else []
        named += [o for n in (described, trigger) for c in n.children if c.dep_ == "prep" and c.lower_ == "as"
                  and any(x.lower_ == "such" for x in c.children) for o in _objects(c)]
        return list(dict.fromkeys(k for u in named for k in self.places_in(u)))

    def _there(self, trigger: Token) -> list[str]:
        """ "It's still heavy, heavy fighting there": the Ukrainian city named last, in this sentence or the one before."""
        nodes = [trigger, trigger.head] if _nominal(trigger) else [trigger]
        if not any(c.dep_ == "advmod" and c.lower_ == "there" for n in nodes for c in n.children):
            return []
        sent = trigger.sent
        begin = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for token in reversed(self.doc[begin:trigger.i]):
            key = self.index.entity_of(token)
            if key is None and token.lemma_.lower() in lexicon().site_nouns:
                return []  # "shelled Europe's largest nuclear power plant, sparking a fire there": the plant
            if key is not None and self.index.kind_of(key) is EntityKind.PLACE and self._war_city(key):
                return [key]
        return []

    def _listed_or_shared(self, trigger: Token) -> list[str]:
        """ "attacks on cities, including in the capital of Kyiv": a list preposition before a place's own;
        "sirens and explosions could be heard in Kyiv": a conjunct carried by its first conjunct's verb."""
        heads = [o for node in (trigger, trigger.head) for c in node.children
                 if _list_word(c) for p in c.children if p.dep_ == "prep" and p.lower_ in lexicon().place_prepositions for o in _objects(p)]
        if _nominal(trigger) and trigger.dep_ == "conj" and trigger.head.dep_ in ("nsubj", "nsubjpass", "dobj") \
                and trigger.head.head.lemma_.lower() in lexicon().support_verbs:
            governor = trigger.head.head
            heads += [o for c in governor.children if c.dep_ == "prep" and c.lower_ in lexicon().place_prepositions
                      for o in _objects(c)]
        return list(dict.fromkeys(k for h in heads for k in self.places_in(h)))

    def _clause_places(self, trigger: Token) -> list[str]:
        """The place of the clause an attack phrase times or explains: "they died in Horenka when their
        vehicle was struck", "bodies lay on the street in Irpin after the military shelled a route",
        "people sheltered in the Kyiv metro amid the shelling"."""
        anchor = _clause_anchor(trigger)
        found: list[str] = []
        node = anchor
        for _ in range(4):
            if node is None:
                break
            heads = [o for c in node.children if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside", "at", "inside", "on")
                     and c != trigger.head for o in _objects(c)]
            heads += [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c != trigger]
            for head in heads:
                located = [o for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside", "at")
                           for o in _objects(c)]
                for u in [head, *located]:
                    if self._country(u) is None and not _locates_another(u):
                        found += [k for k in self.places_in(u) if k not in found]
            if found or node.dep_ not in ("pcomp", "prep", "pobj", "xcomp", "advcl", "conj") or node.head == node:
                break
            node = node.head
        return found

    def site(self, key: str) -> bool:
        """A facility of the sites table."""
        place = self.index.entities[key].place
        return place is not None and place.feature == "site"

    def without_sites_towns(self, places: list[str]) -> list[str]:
        """The places one attack word struck, less the town of a known facility among them: "In Kharkiv,
        eyewitnesses report a fire in the building of Kharkiv Institute of Physics and Technology" is the
        institute's attack."""
        towns = {place.geonames_id for k in places if self.site(k) and (place := self.index.entities[k].place)}
        return [k for k in places if self.site(k) or (p := self.index.entities[k].place) is None or p.geonames_id not in towns]

    def _placelike(self, token: Token) -> bool:
        """A place's name, or a noun of a place, an area or a site."""
        lemma = token.lemma_.lower()
        return self.index.kind_of(self.index.entity_of(token)) is EntityKind.PLACE or lemma in lexicon().place_nouns \
            or lemma in lexicon().area_nouns or lemma in lexicon().site_nouns

    def _country(self, token: Token) -> str | None:
        """The country code of the country a word names, if it names one."""
        key = self.index.entity_of(token)
        place = self.index.entities[key].place if key else None
        return place.country_code if place is not None and place.feature == "country" else None

    def _capital_of(self, token: Token) -> str | None:
        """The capital city a "capital" with its country names: "the Ukrainian capital", "Ukraine's capital", "the
        capital of Ukraine" (a country's word before it, or its name after "of")."""
        if token.lemma_.lower() != "capital" or token.pos_ != "NOUN":
            return None
        gazetteer = self.resolver.gazetteer
        codes = [self._country(c) or (country.country_code if (country := gazetteer.country_of_demonym(c.text)) else None)
                 for c in token.children if c.dep_ in ("poss", "amod", "compound")]
        codes += [self._country(o) for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in _objects(c)]
        codes = list(dict.fromkeys(code for code in codes if code))
        place = gazetteer.capital(codes[0]) if len(codes) == 1 else None
        return self.resolver.place_entity(place) if place is not None else None

    def _in_country(self, key: str, country: str) -> bool:
        place = self.index.entities[key].place
        return place is None or place.country_code == country

    def _coordinated_object(self, trigger: Token) -> list[str]:
        """The places object of the verb an attack verb is coordinated with ("isolated Mariupol and
        continue to bombard it"), up through "continue to"."""
        node = trigger
        for _ in range(3):
            if node.dep_ == "xcomp":
                node = node.head
            elif node.dep_ == "conj":
                objects = [c for c in node.head.children if c.dep_ == "dobj"]
                return [k for o in objects for k in self.places_in(o)]
            else:
                return []
        return []

    def attacker(self, trigger: Token) -> str | None:
        for child in trigger.children:
            if child.dep_ == "nsubj" or child.dep_ == "agent":
                t = child if child.dep_ == "nsubj" else next((o for o in child.children if o.dep_ == "pobj"), None)
                if t is None:
                    continue
                for u in [t, *t.children]:
                    k = self.index.entity_of(u)
                    if k and self.index.kind_of(k) in (EntityKind.PLACE, EntityKind.ORGANIZATION):
                        place = self.index.entities[k].place
                        if place is None or place.feature == "country":
                            return k
                    country = self.resolver.gazetteer.country_of_demonym(u.text)
                    if country is not None:
                        return self.resolver.place_entity(country)
            if child.dep_ == "amod" and _nominal(trigger):  # "the Russian bombardment"
                country = self.resolver.gazetteer.country_of_demonym(child.text)
                if country is not None:
                    return self.resolver.place_entity(country)
        return None

    def when(self, trigger: Token) -> tuple[date | None, str | None]:
        """The date words of the trigger's clause, else of its sentence (not a report's), and the day they fix."""
        own, others = event_dates(trigger, report_verbs=lexicon().claim_verbs)
        # "attacks on Kyiv that have taken place since Russia invaded Ukraine on Thursday": a span, no day
        verb = clause_verb(trigger)
        own, others = ([d for d in dates if not dates_a_since_clause(d, verb)] for dates in (own, others))
        earlier = _before_the_clause(trigger)
        if earlier is not None:
            # "The escalation on Monday comes two days after ... a Ukrainian terrorist attack on the Crimean Bridge":
            # what came before is dated only by its own words
            own, others = [d for d in own + others if earlier.left_edge.i <= d.root.i <= earlier.right_edge.i], []
        chosen = (own or others or [None])[0]
        if chosen is None and earlier is None:
            chosen = _told_before(trigger)  # "took place Sunday when Russia ... . Troops ... bombarded the city"
        if chosen is None:
            return None, None
        value = normalise(chosen.text, self.published, tense="past" if chosen.sent != trigger.sent else clause_tense(trigger))
        if (value is None or value.day is None) and self.published is not None and not own:
            return None, None  # "talks may resume next week, although forces shelled Kharkiv": the sentence's words, not the attack's
        return (value.day if value else None), chosen.text


def _before_the_clause(trigger: Token) -> Token | None:
    """The phrase or clause of "days after" that puts a trigger on another day than the clause it hangs from ("comes
    two days after the Crimean Bridge was damaged"), if there is one."""
    def days_after(after: Token) -> bool:  # "two days after", not "hours after" nor a bare "after"
        return any(c.dep_ == "npadvmod" and c.lemma_.lower() in ("day", "week", "month") for c in after.children)

    for node in [trigger, *trigger.ancestors]:
        if node.lower_ == "after" and node.dep_ == "prep" and node != trigger and days_after(node):
            return node  # the phrase it heads
        if any(c.dep_ == "mark" and c.lower_ == "after" and (days_after(c) or days_after(node)) for c in node.children):
            return node  # the clause it marks
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("ROOT", "ccomp", "conj", "parataxis"):
            return None
    return None


def _past(trigger: Token) -> bool:
    """Is the clause of the trigger in the simple past ("shelled", "were reported"), not a present or perfect?"""
    node = trigger
    while True:
        if node.pos_ in ("VERB", "AUX"):
            auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
            if any(a.tag_ in ("VBZ", "VBP", "MD") or a.lower_ in ("have", "has", "will") for a in auxes):
                return False
            if any(a.tag_ == "VBD" for a in auxes) or node.tag_ == "VBD":
                return True
            if node.tag_ in ("VBZ", "VBP"):
                return False
        if node.head == node:
            return False
        node = node.head


def _told_before(trigger: Token):  # noqa: ANN202 - a spaCy Span or None
    """The date words of the attack told in the one or two sentences before, for a past-tense attack in a
    sentence with no date words of its own: "One example ... took place Sunday when Russia tried to destroy
    resistance in Kharkiv. Units tried to push into Kharkiv after bombarding the city"."""
    sent = trigger.sent
    if is_caption(sent) or date_spans(sent) or not _past(trigger):
        return None
    start = sent.start
    for _ in range(2):
        if start == 0:
            return None
        previous = trigger.doc[start - 1].sent
        if is_caption(previous):
            return None
        dates = date_spans(previous)
        spans = [d for d in dates if not _reports(clause_verb(d.root.head if d.root.head != d.root else d.root))]
        if dates:
            told = [t for t in previous if _is_trigger(t) and not _figurative(t)]
            if told and spans:  # not "officials said Thursday": the day of a report
                return min(spans, key=lambda d: min(abs(d.root.i - t.i) for t in told))
            return None  # the nearest date words date something else
        start = previous.start
    return None


def _reports(verb: Token) -> bool:
    """Is the verb one of reporting, dating the report rather than an attack? Not a verb of going on that the
    attack completes ("Moscow on Friday continued to shell infrastructure"), though "continue" also says."""
    return verb.lemma_.lower() in lexicon().claim_verbs and not (
        verb.lemma_.lower() in lexicon().continuing_verbs
        and any(c.dep_ == "xcomp" and _is_trigger(c) for c in verb.children))


def _clause_anchor(trigger: Token) -> Token | None:
    """The word of the clause an attack phrase times or explains: "killed in Irpin [as forces shelled]",
    "in Irpin [after shelling]", "[in the aftermath of] the shelling", "[because of] the bombing"."""
    links = lexicon().clause_links
    if trigger.pos_ == "VERB" and trigger.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in links
                                                                 for c in trigger.children):
        return trigger.head
    node = trigger
    if node.dep_ in ("pobj", "pcomp") and node.head.lower_ == "of" and node.head.head.lemma_.lower() in ("aftermath", "wake"):
        node = node.head.head  # "in the aftermath of the shelling"
    if node.dep_ in ("pobj", "pcomp"):
        prep = node.head
        if prep.lower_ in ("to", "of") and prep.dep_ in ("pcomp", "prep") and prep.head.lower_ in links:
            prep = prep.head  # "because of", "due to"
        if prep.lower_ in links or prep.lower_ == "in" and node.lemma_.lower() in ("aftermath", "wake"):
            return prep.head
    return None


def _locates_another(token: Token) -> bool:
    """A place that says where another lies: "a town west of Kyiv", "20 miles north of Kyiv", "the Luhansk region"."""
    head = token.head
    if token.dep_ == "compound" and head.lemma_.lower() in ("region", "oblast"):
        return True
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lexicon().locator_words


def _locator(token: Token, places: set[Token]) -> bool:
    """Does this place name say where one of ``places`` lies ("in Brovary, outside Kyiv", "Krymske, Luhansk region")?"""
    head = token.head
    if token.dep_ == "compound" and head.lemma_.lower() in ("region", "oblast"):
        token, head = head, head.head
    if _locates_another(token):
        return True
    if token.dep_ == "poss" and head.lemma_.lower() in lexicon().area_nouns and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(o in places for o in _objects(c)) for c in head.children):
        return True  # "Kyiv's suburbs of Irpin and Bucha"
    if token.lemma_.lower() in ("region", "oblast") and token.dep_ in ("conj", "appos") \
            and (head in places or any(c in places for c in head.children)):
        return True
    if token.dep_ == "pobj" and head.lower_ in ("outside", "near", "in", "around"):
        governor = head.head
        if governor in places or any(c in places for c in governor.subtree
                                     if c.i < token.i and c.head.lower_ == "of" and c.head.head == governor):
            return True  # "the village of Krymske in the Luhansk region", "Brovary outside Kyiv"
        if head.lower_ in ("outside", "near") and any(c.dep_ == "prep" and c.lower_ in ("in", "at") and any(
                o in places and o.i < token.i for o in _objects(c)) for c in governor.children):
            return True  # "shelled homes in Brovary, outside Kyiv"; not "fighting near Kyiv, in Kharkiv"
    return False


def _casualty(token: Token) -> bool:
    """A word of killing or wounding ("killed", "died", "wounded")."""
    return lexicon().measures.get(token.lemma_.lower()) in ("killed", "injured")


def _weapon(token: Token) -> bool:
    """A noun naming a weapon ("bombs", "a shell"), not an attack ("shelling", "the bombing")."""
    return token.pos_ == "NOUN" and token.lemma_.lower() in lexicon().weapon_nouns and not token.lower_.endswith("ing")


def _killed_with(weapon: Token) -> bool:
    """Did the weapon kill or wound, as the subject or the agent of the verb ("Russian missiles in Odesa killed at
    least 19 people", "killed by a car bomb in Moscow")? Where it did is where it struck."""
    verb = weapon.head.head if weapon.dep_ == "pobj" and weapon.head.dep_ == "agent" else weapon.head
    return (weapon.dep_ == "nsubj" or weapon.head.dep_ == "agent") and verb.pos_ == "VERB" and _casualty(verb)


def _volley(token: Token) -> Token | None:
    """The noun of number an attack noun is "of" ("a string of explosions", "a barrage of Russian rockets")."""
    if _nominal(token) and token.dep_ == "pobj" and token.head.lower_ == "of" \
            and token.head.head.lemma_.lower() in lexicon().volley_nouns and token.head.head.pos_ == "NOUN":
        return token.head.head
    return None


def _nominal(token: Token) -> bool:
    """A noun, or a gerund the model tagged a verb but used as one ("Fighting continued at the plant")."""
    gerund = token.pos_ == "VERB" and token.tag_ == "VBG" and token.dep_ in ("nsubj", "csubj", "dobj", "pobj")
    # "Shelling continued in Kharkiv", its first word taken for an auxiliary
    mistaken = token.pos_ == "AUX" and token.lower_.endswith("ing") and token.lower_ in lexicon().attack_nouns
    return token.pos_ in ("NOUN", "PROPN") or gerund or mistaken


def _is_trigger(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if _nominal(token):
        return lemma in lexicon().attack_nouns or token.lower_ in lexicon().attack_nouns
    if token.pos_ == "ADJ":  # "the bombarded city of Mariupol"
        return token.dep_ == "amod" and token.lower_ in lexicon().attack_participles
    if token.pos_ == "VERB":
        if lemma in lexicon().attack_verbs:
            return True
        if _capture_phrase(token):
            return True
        if lemma == "shoot" and any(c.dep_ == "conj" and c.lemma_.lower() == "kill" for c in token.children):
            return True  # "In Chernihiv, Russians shot and killed 10 people standing in line for bread"
        # "The city of Kherson has been taken by Russian troops"
        return lemma == "take" and any(c.dep_ == "nsubjpass" for c in token.children) and any(
            o.lemma_.lower() in lexicon().armed_forces for c in token.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj") \
            or _fell_to_forces(token)
    return False


def _capture_phrase(token: Token) -> bool:
    """ "Russian forces had taken over the town", "Russia took control of the plant": a verb phrase of taking."""
    lemma = token.lemma_.lower()
    return any((lemma, c.lower_) in lexicon().capture_phrases for c in token.children if c.dep_ in ("prt", "dobj"))


def _captures(token: Token) -> bool:
    """Does the trigger take a place rather than strike it ("seized", "took control of")?"""
    return token.lemma_.lower() in lexicon().capture_verbs or _capture_phrase(token)


def _fell_to_forces(token: Token) -> bool:
    """ "Kherson ... fell Wednesday evening to Russian forces": taken by force."""
    return token.lemma_.lower() == "fall" and any(
        o.lemma_.lower() in lexicon().armed_forces for c in token.children if c.dep_ == "prep" and c.lower_ == "to"
        for o in c.children if o.dep_ == "pobj")


def find_attacks(context: ArticleContext) -> Findings[Attack]:
    """Every attack on a place the article reports as having happened."""
    doc, resolver = context.doc, context.resolver()
    finder = _AttackFinder(doc, resolver, context.published)
    found: list[Attack] = []
    earlier: set[int] | None = None  # the starts of sentences with a date of an earlier year
    for token in doc:
        if not _is_trigger(token) or _irrealis(token) or _figurative(token) or _harm_alone(token):
            continue
        stand = _volley(token) or token  # "a string of explosions rocked the port of Odesa": the string's place
        places = finder.places(stand) or _retold(token, found) or _building_retold(token, found, finder)
        if not places or of_another_era(token, context.published, report_verbs=lexicon().claim_verbs):
            continue
        places = finder.without_sites_towns(places)
        if _captures(token):  # "seizing the Crimean Peninsula": the 2014 annexation, not this war's attacks
            places = [p for p in places if fold(resolver.index.entities[p].name) not in lexicon().past_captures]
        day, words = finder.when(token)
        sent = token.sent
        if context.published is not None and earlier is None:
            earlier = {e.sent.start for e in doc_ents(doc) if e.label_ == "DATE" and earlier_year(e, context.published)}
        if context.published is not None and (day is not None and day.year < context.published.year
                                              or words is None and sent.start in earlier):
            # dated by its sentence to another year ("Three people died on 12 August 2020 ... when a train ... hit"),
            # or told undated in a sentence of another year ("sentenced in 2020 ... assaulting two police officers in Moscow")
            continue
        attacker = finder.attacker(token)
        for place in places:
            target = finder.targets.get(place)
            found.append(Attack(place, day, words, attacker, token.lemma_.lower(), sentence_span(sent),
                                target, _target_kind(target)))
    found += _dated_by_casualties(doc, finder, found)
    found = [replace(a, target=None, target_kind=None) if finder.site(a.place) else a
             for a in _sites_for_their_namesakes(found, resolver)]  # a known facility is a place of its own
    return Findings.of(_dedupe(found), resolver, context.index)


def _dated_by_casualties(doc: Doc, finder: _AttackFinder, found: list[Attack]) -> list[Attack]:
    """The day of an attack the article tells without one, from the dated deaths or wounds it tells in the
    same place: "a Russian attack on Chernihiv ... My brother was killed yesterday in Chernihiv", "Pasha Lee
    was killed in Irpin on Sunday" beside "Irpin came under shelling". Only a place the article already
    reports struck: a death alone is no attack."""
    undated = {a.place for a in found if a.date is None} - {a.place for a in found if a.date is not None}
    if not undated or finder.published is None:
        return []
    out: list[Attack] = []
    for token in doc:
        if token.pos_ != "VERB" or not _casualty(token) \
                or token.dep_ in ("amod", "acl") or _marked_irrealis(token) or clause_tense(token) != "past":
            continue
        places = [k for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside")
                  for o in _objects(c) for k in finder.places_in(o) if k in undated]
        if not places or of_another_era(token, finder.published, report_verbs=lexicon().claim_verbs):
            continue
        own, _ = event_dates(token, report_verbs=lexicon().claim_verbs)
        if not own:
            continue
        value = normalise(own[0].text, finder.published, tense="past")
        if value is None or value.day is None:
            continue
        out += [Attack(place, value.day, own[0].text, None, token.lemma_.lower(), sentence_span(token.sent)) for place in places]
    return out


def _retold(trigger: Token, found: list[Attack]) -> list[str]:
    """The place of the attack just told, for "the strike" that gives its date in the next sentence:
    "A missile slammed into a building in Kyiv. The missile strike took place Saturday morning.", "... a missile
    strike on the Ukrainian city of Vinnytsia. ... Thursday's cruise missile attack was directed at a building" """
    if not found or not _nominal(trigger) or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                                     or c.dep_ == "poss" and c.ent_type_ == "DATE" for c in trigger.children):
        return []
    last = found[-1]
    sent = trigger.sent
    previous = trigger.doc[sent.start - 1].sent if sent.start > 0 else sent
    if last.date is not None or not previous.start_char <= last.evidence.start < sent.end_char:
        return []
    own, _ = event_dates(trigger, report_verbs=lexicon().claim_verbs)
    return [last.place] if own else []


def _building_retold(trigger: Token, found: list[Attack], finder: _AttackFinder) -> list[str]:
    """The place of the building struck that "the theater" or "the hospital" names again: "Russian troops bombed
    a theater in Mariupol ... Ukraine accused Russia of bombing the theater on Wednesday"."""
    heads = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    if _nominal(trigger):
        heads += [o for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "at") for o in _objects(c)]
    for head in heads:
        kind = _target_kind(head.lemma_.lower())
        if kind is None or head.lemma_.lower() not in lexicon().facility_nouns or not any(
                c.dep_ == "det" and c.lower_ == "the" for c in head.children) or any(
                c.dep_ in ("compound", "poss", "nmod", "prep", "amod") for c in head.children):
            continue
        earlier = next((a for a in reversed(found) if a.target_kind == kind), None)
        if earlier is not None:
            finder.targets = {earlier.place: earlier.target}
            return [earlier.place]
    return []


def _sites_for_their_namesakes(attacks: list[Attack], resolver: Resolver) -> list[Attack]:
    """An article that reports an attack on a facility named after a city ("the Zaporizhzhia nuclear power
    plant") and on that city by the facility's short name ("the fire at Zaporizhzhia") reports one attack,
    on the facility: the city's attacks become the facility's."""
    index, gazetteer = resolver.index, resolver.gazetteer
    sites = {a.place for a in attacks if (e := index.entities.get(a.place)) is not None and e.place is not None
             and e.place.feature == "site"}
    namesakes: dict[str, str] = {}
    for site in sorted(sites):
        first = index.entities[site].name.split()[0]
        match = gazetteer.lookup(first)
        if match is None:
            namesakes[place_key(None, first)] = site  # "Chernobyl", a name the gazetteer does not know
        elif match.place.feature == "city" and match.place.geonames_id != index.entities[site].place.geonames_id:
            # (a facility in the very city it is named after is not that city: the Kharkiv Institute of Physics
            # and Technology and Kharkiv's other attacks)
            namesakes[place_key(match.place, match.place.name)] = site
    return [replace(a, place=namesakes[a.place]) if a.place in namesakes else a for a in attacks]


def _target_kind(target: str | None) -> str | None:
    """What identifies a building struck, however it is worded: its facility noun ("hospital" for "maternity
    hospital", "institute" for "Kharkiv Institute of Physics and Technology"), one spelling of it."""
    if target is None:
        return None
    words = [w.lower() for w in target.split()]
    noun = next((w for w in words if w in lexicon().facility_nouns), words[-1])
    return {"theatre": "theater"}.get(noun, noun)


def _dedupe(attacks: list[Attack]) -> list[Attack]:
    """One attack per (place, building struck, day) in an article, however often it is retold: the first
    report, with any attacker; a place's undated reports join its dated one when it has one."""
    out: dict[tuple[str, str | None, date | None], Attack] = {}
    for a in attacks:
        key = (a.place, a.target_kind, a.date)
        kept = out.get(key)
        if kept is None:
            out[key] = a
        elif kept.attacker is None and a.attacker is not None:
            out[key] = replace(kept, attacker=a.attacker)
        elif kept.date_text is None and a.date_text is not None:
            out[key] = replace(kept, date_text=a.date_text)
    # an undated report of a building in a place retells the place's dated attack ("Kyiv was hit on Saturday
    # ... a missile hit an apartment building in Kyiv"), and an undated report of the place retells its dated
    # attack on a building ("shelled the Chernobyl nuclear facility on Thursday ... the fighting at Chernobyl")
    dated = {(place, target) for place, target, day in out if day is not None}
    return [a for (place, target, day), a in out.items() if day is not None or not (
        (place, target) in dated or (place, None) in dated or target is None and any(p == place for p, _ in dated))]
