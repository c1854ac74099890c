"""Places attacked, with the date when the text fixes one.

An attack is a trigger word (a verb such as "shelled", "pounded", "hit", or a noun such as
"bombardment of", "attack on", "air strikes") with a city or region it acts on. Not attacks:
threats and plans ("preparing to bombard Odesa", "bracing for an assault", "expecting a major
assault"), future or hypothetical ones ("will try next"), negated ones and questions.

The date is the date expression attached to the trigger's clause, normalised against the
publication date ("on Wednesday", "yesterday", "earlier today"); without a publication date a
relative expression leaves the date empty, and so does a sentence with no date words.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext, Findings
from kg.extract.lexicon import lexicon
from kg.extract.reference import Resolver
from kg.extract.spans import sentence_span
from kg.extract.timex import clause_tense, normalise
from kg.records import Attack, EntityKind
from kg.resolve.names import fold

_DATE_LABELS = {"DATE", "TIME"}


def _figurative(trigger: Token) -> bool:
    """ "hit Moscow with tough sanctions", "sanctions targeting Moscow": no weapon involved."""
    related = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
    related += [o for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("with", "by") for o in c.children if o.dep_ == "pobj"]
    if trigger.dep_ == "acl":
        related.append(trigger.head)
    related += [o for r in related if r.dep_ == "agent" for o in r.children if o.dep_ == "pobj"]
    return any(r.lemma_.lower() in lexicon().non_military for r in related)


def _irrealis(trigger: Token) -> bool:
    """A threat, plan, fear, condition, question or negation rather than an attack that happened."""
    if trigger.sent.text.rstrip().endswith("?"):
        return True
    node = trigger
    for _ in range(4):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children) or any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
                for c in node.children):
            return True  # "if he did it, we're hitting Moscow"
        if any(c.dep_ == "aux" and c.lemma_.lower() in lexicon().irrealis for c in node.children):
            return True
        if node.lemma_.lower() in lexicon().irrealis and node != trigger:
            return True
        if node.lower_ == "going" and node != trigger and any(c.lower_ == "to" for c in trigger.children):
            return True  # "we're going to hit Moscow": a future, not an event
        if node.dep_ in ("xcomp", "ccomp", "pobj", "dobj", "prep", "acl", "advcl", "nsubj", "nsubjpass", "attr", "compound", "amod") and node.head != node:
            node = node.head
        else:
            break
    return False


class _AttackFinder:
    def __init__(self, doc: Doc, resolver: Resolver, published: date | None) -> None:
        self.doc = doc
        self.resolver = resolver
        self.index = resolver.index
        self.published = published

    def place_in(self, token: Token) -> str | None:
        """A city-level place the phrase headed by ``token`` names: "Kharkiv", "Kharkiv city",
        "the city" (the last city mentioned), "the country's second-largest city"."""
        for t in [token, *[c for c in token.children if c.dep_ in ("compound", "poss", "amod", "nmod", "appos")]]:
            key = self.index.entity_of(t)
            if key and self.index.kind_of(key) is EntityKind.PLACE:
                entity = self.index.entities[key]
                if entity.place is None and fold(entity.name) not in lexicon().too_large or entity.place is not None and entity.place.feature == "city":
                    return key
        lemma = token.lemma_.lower()
        if lemma in lexicon().area_nouns:  # "on the outskirts of Kyiv", "in the centre of Kharkiv"
            for c in token.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    found = next((k for o in c.children if (k := self.place_in(o))), None)
                    if found:
                        return found
        if lemma in ("city", "town", "capital", "port", "village"):
            rank = _rank(token)
            if rank:  # "the country's second-largest city": the gazetteer knows which
                owner = next((c for c in token.children if c.dep_ == "poss"), None)
                country = self.resolver.owner(owner) if owner is not None else None
                country_place = self.index.entities[country].place if country else None
                code = country_place.country_code if country_place else _main_country(self.index)
                city = self.resolver.gazetteer.city_by_rank(code, rank) if code else None
                if city is not None:
                    return self.resolver.place_entity(city)
            named = [obj for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for obj in c.children]
            for obj in named:
                found = self.place_in(obj)
                if found:
                    return found
            # "the city" points back to the last city; "the city of Vinnystia" names one we don't know.
            if not named and any(c.lower_ == "the" for c in token.children):
                return self.resolver.place_before(token.i, feature="city")
        return None

    def places(self, trigger: Token) -> list[str]:
        """The places an attack trigger acts on, nearest syntactic attachment first."""
        heads: list[Token] = []
        for child in trigger.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                heads.append(child)
            elif child.dep_ == "prep" and child.lower_ in lexicon().place_prepositions:
                heads.extend(o for o in child.children if o.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in ("along", "together"):  # "The city, along with Zhytomyr, is being pummelled"
                heads.extend(o for w in child.children if w.lower_ == "with" for o in w.children if o.dep_ == "pobj")
        if trigger.pos_ == "VERB" and trigger.dep_ == "relcl":
            heads.append(trigger.head)  # "Vinnytsia airport, which was hit by eight missiles"
        governor = trigger.head
        undergoers: list[Token] = []
        if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "pobj") and governor.lemma_.lower() in lexicon().undergo_verbs:
            undergoers = [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")]
            heads.extend(undergoers)
        if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and governor.lemma_.lower() in lexicon().support_verbs:
            heads.extend(o for c in governor.children if c.dep_ == "prep" and c.lower_ in lexicon().place_prepositions
                         for o in c.children if o.dep_ == "pobj")
        found: list[str] = []
        for head in heads:
            if head.lower_ == "it" and head.pos_ == "PRON":
                # "Mariupol ... as it faces continued bombardment": a place that undergoes an attack is
                # the city talked about; "it was shelled" is more often a building than a city.
                key = self.resolver.place_before(head.i, feature="city") if head in undergoers else None
                if key and key not in found:
                    found.append(key)
                continue
            along = [p for c in head.children if c.dep_ == "prep" and c.lower_ in ("along", "together")
                     for w in c.children if w.lower_ == "with" for p in w.children if p.dep_ == "pobj"]
            for t in [head, *along, *[p for c in head.children if c.dep_ == "prep" and c.lower_ in lexicon().place_prepositions for p in c.children if p.dep_ == "pobj"]]:
                key = self.place_in(t)
                if key and key not in found:
                    found.append(key)
                for conj in t.conjuncts:
                    k2 = self.place_in(conj)
                    if k2 and k2 not in found:
                        found.append(k2)
        return found

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
            if child.dep_ == "amod" and trigger.pos_ == "NOUN":  # "the Russian bombardment"
                country = self.resolver.gazetteer.country_of_demonym(child.text)
                if country is not None:
                    return self.resolver.place_entity(country)
        return None

    def when(self, trigger: Token) -> tuple[date | None, str | None]:
        """The date words of the trigger's sentence nearest the trigger, and the day they fix."""
        sent = trigger.sent
        candidates = [e for e in self.doc.ents if e.label_ in _DATE_LABELS and sent.start <= e.start < sent.end]
        if not candidates:
            heading = _heading_date(sent)
            if heading is None:
                return None, None
            value = normalise(heading.text, self.published, tense="past")
            return (value.day if value else None), heading.text
        ent = min(candidates, key=lambda e: (not _attached(e.root, trigger), abs(e.root.i - trigger.i)))
        words = ent.text
        value = normalise(words, self.published, tense=clause_tense(trigger))
        return (value.day if value else None), words


def _ends_sentence(span) -> bool:  # noqa: ANN001 - a spaCy Span
    return span.text.rstrip()[-1:] in (".", "!", "?", '"', "”", "’", "'", ":")


def _heading_date(sent):  # noqa: ANN001, ANN202 - spaCy Spans
    """The date of a list heading ("In other developments today") over the unpunctuated items below it."""
    doc = sent.doc
    current = sent
    for _ in range(12):
        if _ends_sentence(current) or current.start == 0:
            return None
        previous = doc[current.start - 1].sent
        if _ends_sentence(previous):
            return None
        if not any(t.pos_ in ("VERB", "AUX") for t in previous):
            dates = [e for e in previous.ents if e.label_ == "DATE"]
            if dates:
                return dates[0]
        current = previous
    return None


def _attached(date_token: Token, trigger: Token) -> bool:
    node = date_token
    for _ in range(4):
        if node == trigger or node == trigger.head:
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _rank(token: Token) -> int:
    """2 for "second-largest" / "second largest", 1 for "largest" / "biggest", else 0."""
    words = " ".join(t.lower_ for t in token.doc[token.left_edge.i:token.i])
    if "largest" not in words and "biggest" not in words:
        return 0
    for word, n in (("second", 2), ("third", 3), ("fourth", 4)):
        if word in words:
            return n
    return 1


def _main_country(index) -> str | None:  # noqa: ANN001 - an EntityIndex
    counts: dict[str, int] = {}
    for m in index.mentions:
        place = index.entities[m.entity].place
        if place is not None and place.feature == "country":
            counts[place.country_code] = counts.get(place.country_code, 0) + 1
    return max(sorted(counts), key=lambda c: counts[c]) if counts else None


def _is_trigger(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        return lemma in lexicon().attack_verbs
    if token.pos_ in ("NOUN", "PROPN"):
        return lemma in lexicon().attack_nouns or token.lower_ in lexicon().attack_nouns
    return False


def find_attacks(context: ArticleContext) -> Findings[Attack]:
    """Every attack on a place the article reports as having happened."""
    doc, resolver = context.doc, context.resolver()
    finder = _AttackFinder(doc, resolver, context.published)
    found: list[Attack] = []
    for token in doc:
        if not _is_trigger(token) or _irrealis(token) or _figurative(token):
            continue
        places = finder.places(token)
        if not places:
            continue
        day, words = finder.when(token)
        attacker = finder.attacker(token)
        sent = token.sent
        for place in places:
            found.append(Attack(place, day, words, attacker, token.lemma_.lower(), sentence_span(sent)))
    return Findings.of(_dedupe(found), resolver, context.index)


def _dedupe(attacks: list[Attack]) -> list[Attack]:
    """One attack per (place, day) in an article, keeping the first report and any attacker."""
    out: dict[tuple[str, date | None, int | None], Attack] = {}
    for a in attacks:
        key = (a.place, a.date, None if a.date else a.evidence.start)
        kept = out.get(key)
        if kept is None or kept.attacker is None and a.attacker is not None:
            out[key] = a
    return list(out.values())
