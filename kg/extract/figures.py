"""Claimed figures: how many of whom were killed, injured, displaced..., where, and who says so.

A figure is a number phrase ("more than 2,000", "well over 800,000", "1 million", "at least
227") quantifying a group of people ("civilians", "people", "children", "troops") that a
casualty or displacement word governs ("killed", "died", "dead", "wounded", "hurt", "fled",
"refugees"). The claimant is the subject of the reporting verb over the clause ("Ukraine's State
Emergency Service said that ...", "..., the UN believes") or the source of "according to".
A number with no group of its own takes the group of the figure it is coordinated with ("21 people
died and 112 were injured").
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.context import ArticleContext, Findings
from kg.extract.lexicon import lexicon
from kg.extract.reference import Agent, Resolver
from kg.extract.spans import doc_ents, sentence_span
from kg.extract.timex import (
    clause_tense,
    clause_verb,
    earlier_year,
    event_dates,
    is_caption,
    names_year_before,
    normalise,
    of_another_era,
    starts_a_period,
)
from kg.records import EntityKind, Figure


@cache
def _qualifiers_by_length() -> dict[int, frozenset[str]]:
    qualifiers = lexicon().count_qualifiers
    return {n: frozenset(q for q in qualifiers if len(q.split()) == n) for n in {len(q.split()) for q in qualifiers}}


def parse_count(text: str) -> tuple[int, str | None] | None:
    """(count, qualifier) of a number phrase: "more than 2,000" -> (2000, "more than")."""
    s = " ".join(text.lower().replace("’", "'").split())
    qualifier = None
    for q in lexicon().count_qualifiers:
        if s.startswith(q + " "):
            qualifier, s = q, s[len(q) + 1:]
            break
    s = s.removeprefix("another ").removeprefix("a further ").strip()
    # a range claims at least its lower bound: "some 7,000 to 15,000 Russian troops", "between 2 and 4 million"
    ranged = re.fullmatch(r"(?:between )?(\S+)(?: (hundred|thousand|million|billion))? (?:to|and|-|–) (\S+)( (?:hundred|thousand|million|billion))?", s)
    if ranged and (s.startswith("between ") or " and " not in s):
        low = parse_count(f"{ranged[1]} {ranged[2] or ranged[4] or ''}".strip())
        high = parse_count(ranged[3] + (ranged[4] or ""))
        if low is not None and high is not None and low[1] is None and high[1] is None and low[0] < high[0]:
            return low[0], qualifier
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(hundred|thousand|million|billion|m|k|bn)?", s)
    if m:
        value = float(m[1].replace(",", ""))
        value *= lexicon().number_scales.get(m[2] or "", 1)
        if value != int(value) or value <= 0:
            return None
        return int(value), qualifier
    words = s.split()
    if len(words) == 5 and words[1:4] == ["and", "a", "half"] and words[4] in lexicon().number_scales \
            and words[0] in lexicon().number_words:  # "two and a half million"
        return int((lexicon().number_words[words[0]] + 0.5) * lexicon().number_scales[words[4]]), qualifier
    if len(words) == 2 and words[0] in ("a", "an") and words[1] in lexicon().number_scales:
        return lexicon().number_scales[words[1]], qualifier  # "nearly a million"
    if words and words[0] in lexicon().number_words:
        value = lexicon().number_words[words[0]]
        if len(words) == 2 and words[1] in lexicon().number_scales:
            value *= lexicon().number_scales[words[1]]
        elif len(words) > 1:
            return None
        return value, qualifier
    return None


def _number_phrases(doc: Doc) -> list[SpacySpan]:
    """CARDINAL entities, plus bare numerals the model left unlabelled."""
    # "more than 1 million people" tagged QUANTITY: a count when it is a number phrase alone (not "650 miles")
    phrases = [e for e in doc_ents(doc) if e.label_ == "CARDINAL" or e.label_ == "QUANTITY" and parse_count(e.text) is not None]
    covered = {t.i for e in phrases for t in e}
    for t in doc:
        # (not a name's numeral: "Air Force One")
        if t.like_num and t.i not in covered and t.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY",
                                                                    "ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW"):
            phrases.append(doc[t.i:t.i + 1])
    return sorted(phrases, key=lambda s: s.start)


def _with_qualifier(phrase: SpacySpan) -> str:
    """The phrase with a qualifier the model left outside it ("well over" + "800,000")."""
    doc = phrase.doc
    start = phrase.start
    if start > 0 and phrase[0].lower_ in lexicon().number_scales and doc[start - 1].lower_ in ("a", "an", "one"):
        start -= 1  # "a million refugees" with "a" left outside the number
    # Longest first: "just over" before "over" (two qualifiers can match only if one ends the other).
    by_length = _qualifiers_by_length()
    for n in sorted(by_length, reverse=True):
        if start - n >= 0 and doc[start - n:start].text.lower() in by_length[n]:
            return doc[start - n:phrase.end].text
    return doc[start:phrase.end].text


def _measure_near(token: Token) -> str | None:
    """The casualty or displacement word governing or modifying a counted noun."""
    candidates = [token, *token.children]
    if token.dep_ == "conj" and any(c.dep_ == "nummod" for c in token.head.children):
        # "25 people killed and 102 wounded": the participle after the second number is its own
        candidates += [c for c in token.head.children if c.dep_ in ("acl", "amod") and c.i > token.i]
    node = token
    for _ in range(3):
        if node.head == node or node.lower_ == "of" and node.head.pos_ == "NOUN" \
                and node.head.lemma_.lower() not in lexicon().measures and not _group(node.head):
            break  # "captured an image of the four civilians": a verb beyond another noun acts on that noun
        node = node.head
        candidates.append(node)
        if node == token.head and token.dep_ in ("nsubj", "nsubjpass"):
            # "265 Ukrainian militants have laid down arms and surrendered": what the subject did next
            # (not "five people were hospitalised and in Donetsk seven were killed": a verb with words of its own before it)
            candidates.extend(c for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB" and all(
                s.dep_ in ("aux", "auxpass", "neg", "advmod", "cc", "punct") for s in c.lefts))
        # a complement of the verb, or the lives it takes ("five Ukrainians have lost their lives")
        candidates.extend(c for c in node.children if c.dep_ in ("xcomp", "oprd", "acomp", "attr", "ccomp") and c != token
                          or c.dep_ == "dobj" and c.lemma_.lower() == "life" and node.lemma_.lower() in lexicon().life_verbs)
    for c in candidates:
        lemma = c.lemma_.lower()
        if lemma == "life" and c.head.lemma_.lower() not in lexicon().life_verbs:
            continue  # "lives with his wife, three children": a verb the model took for the noun
        if lemma == "lose" and not any((ch.dep_ in ("dobj", "nsubjpass") or ch.dep_ == "conj" and ch.pos_ == "NOUN")
                                       and token in ch.subtree for ch in c.children):
            continue  # "losing the election ... and 306-232": only people lost are a count of the dead
        if lemma in lexicon().measures and c.pos_ in ("VERB", "ADJ", "NOUN"):
            crossed = [o for p in c.children if p.dep_ == "prep" and lemma in ("cross", "enter") for o in p.children]
            if lemma in ("leave", "cross", "enter") and not any(_a_country(ch) for ch in (*c.children, *crossed)):
                continue  # "left the country", "crossed into Poland", "entered Poland"; not "left 10 dead"
            return lexicon().measures[lemma]
    return None


def _a_country(token: Token) -> bool:
    """A place's name or a word for a country: what people leave, cross or enter when they flee."""
    return lexicon().place_nouns.get(token.lemma_.lower()) == "country" or token.ent_type_ in ("GPE", "LOC")


class _FigureFinder:
    def __init__(self, doc: Doc, resolver: Resolver, published: date | None) -> None:
        self.doc = doc
        self.resolver = resolver
        self.index = resolver.index
        self.published = published

    def claimant(self, token: Token) -> Agent | None:
        """Who reports the clause the figure is in."""
        node = token
        according: Agent | None = None
        for _ in range(6):
            for child in node.children:
                if (child.dep_ == "parataxis" or child.dep_ == "conj" and _closes_sentence(child)
                        and any(t.text == "," for t in self.doc[node.i:child.i])) \
                        and child.lemma_.lower() in lexicon().claim_verbs:
                    # "..., the governor said"; "..., Filippo Grandi tweeted" parsed as a coordinated verb
                    agent = self._subject(child)
                    if agent:
                        return agent
                if according is None and child.dep_ == "prep" and child.lower_ in lexicon().source_prepositions:
                    according = self._according(child)
            # "X reports that ...", also when the model took "reports" for a noun the clause completes;
            # "the United Nations has recorded 726 civilian deaths", "with Ukraine reporting 198 people killed".
            # Who says it comes before whose report says so: "Herashchenko said ... 10 people dead, according to CNN"
            # ... and a count a claim comes with: "the United Nations recorded 1,900 casualties, with 727 people killed"
            if (node.dep_ in ("ccomp", "parataxis", "acl", "dobj") or node.dep_ == "prep" and node.lower_ == "with"
                    # "Russia claimed to have killed more than 200 Ukrainian reservists"; not "is said to have killed"
                    or node.dep_ == "xcomp" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in node.head.children)
                    or node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "with" for c in node.children)) \
                    and node.head.lemma_.lower() in lexicon().claim_verbs:
                agent = self._subject(node.head)
                if agent:
                    return agent
            # "The U.N.'s tally includes more than 80 dead children": whose count holds it
            for child in node.children:
                if child.dep_ == "nsubj" and child.lemma_.lower() in lexicon().report_nouns:
                    owner = next((c for c in child.children if c.dep_ == "poss"), None)
                    agent = self.resolver.agent(owner) if owner is not None else None
                    if agent is not None and agent.key:
                        return agent
            if node.head == node:
                break
            node = node.head
        if according is not None:
            return according
        for t in token.sent:  # "according to X", "per X" anywhere in the sentence
            if t.lower_ in lexicon().source_prepositions and t.dep_ == "prep":
                agent = self._according(t)
                if agent:
                    return agent
        for t in token.sent:  # "..., with the United Nations estimating over 3.8 million have fled"
            if t.lower_ == "with":
                for verb in t.children:
                    if verb.dep_ == "pcomp" and verb.lemma_.lower() in lexicon().claim_verbs:
                        agent = self._subject(verb)
                        if agent:
                            return agent
        return None

    def _subject(self, verb: Token) -> Agent | None:
        for child in verb.children:
            if child.dep_ in ("nsubj",):
                agent = self.resolver.agent(child)
                if not agent.key and child.tag_ in ("NNPS", "NNS") and child.lower_.endswith("s") and not any(
                        c.dep_ in ("det", "amod", "nummod", "compound") for c in child.children):
                    # "Ukrainians say they have killed 11,000 Russian troops": the country's claim
                    country = self.resolver.gazetteer.country_of_demonym(child.text[:-1])
                    if country is not None:
                        return Agent(self.resolver.place_entity(country), child.text)
                return agent if agent.key else None
        if verb.dep_ == "advcl" and verb.tag_ == "VBG":
            # "Ukraine has rejected Russian claims that any military target was hit, saying the attack killed at least
            # 23": the participle's subject is the nearest clause's above it that has one
            node = verb.head
            for _ in range(4):
                if node.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in node.children):
                    return self._subject(node)
                if node.head == node:
                    break
                node = node.head
        before = next((t for t in reversed(self.doc[verb.sent.start:verb.i]) if t.dep_ not in ("aux", "auxpass", "neg", "advmod")),
                      None) if verb.dep_ == "conj" else None
        if before is not None and before.dep_ in ("cc", "punct") and verb.head.pos_ == "VERB" \
                and not any(c.dep_ in ("det", "compound") for c in verb.children):
            # "Russia said it targeted a military train and claimed to have killed ...": the first verb's subject, and
            # for a pronoun reported by another's verb, that reporter (not "... and the presidency said", its
            # subject taken into the clause before; not "a United Nations estimate", a noun taken for a verb)
            first = verb.head
            if first.dep_ == "ccomp" and first.head.lemma_.lower() in lexicon().claim_verbs and any(
                    c.dep_ == "nsubj" and c.pos_ == "PRON" for c in first.children):
                first = first.head
            return self._subject(first)
        return self._subject_before(verb)

    def _subject_before(self, verb: Token) -> Agent | None:
        """The speaker of a reporting verb the parse left without a subject, the name just before it or before the
        apposition that ends there: "..., Oleksiy Arestovich, an adviser to Ukrainian President Volodymyr Zelenskyy,
        said Thursday" (the name made a conjunct of the clause's last noun)."""
        start = verb.sent.start
        name = self.doc[verb.i - 1] if verb.i > start else None
        if name is not None and name.text == ",":
            name = next((self.doc[t.i - 1] for t in reversed(self.doc[start + 1:verb.i - 1]) if t.text == ","), None)
        if name is None or name.ent_type_ not in ("PERSON", "ORG"):
            return None
        agent = self.resolver.agent(name)
        return agent if agent.key else None

    def _according(self, according: Token) -> Agent | None:
        to = next((c for c in according.children if c.lower_ == "to"), according)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        for _ in range(3):
            if obj is None:
                return None
            for t in [obj, *(c for c in obj.children if c.dep_ in ("compound", "poss"))]:  # "per UNHCR data"
                agent = self.resolver.agent(t)
                if agent.key and self.index.kind_of(agent.key) is not EntityKind.PLACE or agent.key and t.ent_type_ == "GPE":
                    return agent
            # "the latest figures from the office of the U.N. High Commissioner for Human Rights"
            obj = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "by") for p in c.children if p.dep_ == "pobj"), None)
        return None

    def place(self, token: Token) -> str | None:
        verb = clause_verb(token)
        if verb.dep_ == "relcl":  # "Poland, which has taken in more than 453,000 of those who fled"
            key = self.index.entity_of(verb.head)
            if key and self.index.kind_of(key) is EntityKind.PLACE:
                return key
        for child in verb.children:  # "Poland received 1.2 million of those fleeing Ukraine"
            if child.dep_ == "nsubj" and verb.lemma_.lower() in lexicon().receive_verbs:
                key = self.index.entity_of(child)
                if key and self.index.kind_of(key) is EntityKind.PLACE:
                    return key
        node = token
        for _ in range(3):
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "at", "near", "of", "around"):
                    for obj in child.children:
                        key = self.index.entity_of(obj)
                        if key and self.index.kind_of(key) is EntityKind.PLACE:
                            place = self.index.entities[key].place
                            if place is None or place.feature == "city":
                                return key
                if child.dep_ in ("nsubj",) and child != token:
                    for t in child.subtree:  # "The Russian bombardment of Kharkiv ... has killed"
                        key = self.index.entity_of(t)
                        if key and self.index.kind_of(key) is EntityKind.PLACE:
                            place = self.index.entities[key].place
                            if place is not None and place.feature == "city":
                                return key
            if node.head == node:
                break
            node = node.head
        return None

    def when(self, token: Token) -> date | None:
        """The day the figure refers to: the date words of its clause or its report ("said Tuesday
        that 10 were killed", "as of March 20"), else the article's date."""
        own, others = event_dates(token, report_verbs=lexicon().claim_verbs, reported=True)
        for span in [*own, *others]:
            value = normalise(span.text, self.published, tense=clause_tense(token))
            if value is not None and value.day is not None:
                return value.day
        return self.published


def _not_a_count(phrase: SpacySpan) -> bool:
    """ "no one", an age ("died at 84", "aged 68"), a part of a whole ("half of its 7.5 million
    children"), or a bare number that belongs to a noun of its own ("a mother of two")."""
    doc = phrase.doc
    root = phrase.root
    before = doc[phrase.start - 1] if phrase.start > 0 else None
    if before is not None and before.lower_ in lexicon().indefinite_determiners and phrase.text.lower() == "one":
        return True
    if phrase.text.lower() == "one" and any(c.dep_ == "det" for c in root.children):
        return True  # "switching to a Ukrainian one", "the last one": the pronoun, not a count ("one more" is)
    if before is not None and before.lower_ in ("at", "aged") and root.dep_ in ("pobj", "npadvmod", "dobj"):
        return True
    owner = root.head if root.dep_ in ("nummod", "quantmod", "compound") else root  # the counted noun, or the number
    if owner.dep_ == "pobj" and owner.head.lower_ == "of" and owner.head.head.lemma_.lower() in lexicon().fraction_words:
        return True
    if _rate(owner):
        return True  # a rate, not a count: "losing 60 to 100 soldiers per day", "60 Ukrainian soldiers were dying each day"
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN" and _group(root.head.head) is None


def _rate(owner: Token) -> bool:
    """Is the count one of a rate, in its own clause ("losing 60 to 100 soldiers per day", "60 soldiers were dying
    each day")? Not "21 people died, and 3 more each day since"."""
    doc = owner.doc
    tokens = list(doc[owner.i + 1:min(owner.i + 12, owner.sent.end)])
    for word, unit in zip(tokens, tokens[1:]):
        if word.lower_ in (",", ";", "and", "but"):
            return False
        if unit.lower_ in ("day", "week", "hour", "month") and (word.lower_ in ("per", "each", "every")
                                                                or word.lower_ == "a" and doc[word.i - 1].pos_ != "ADP"):
            return True  # not "killed in the Bucha region during a month under occupation"
    # "Every day, about 100 Ukrainian soldiers are killed": the rate opening the clause
    return any(c.dep_ in ("npadvmod", "advmod") and c.lower_ in ("day", "week", "hour", "month")
               and any(d.lower_ in ("every", "each") for d in c.children) for c in clause_verb(owner).children)


def _year_before(token: Token, published: date | None) -> bool:
    """A year before the article's in a date of the figure's clause, its subject or the noun its clause
    describes: "On Sept. 29-30, 1941, Nazi squads executed 33,000", "the war that led to the creation of
    Bangladesh in 1971 displaced three million", "the war ... in 2014 — which left 136 dead", a time "ago"
    that reaches back into another year. "Since 2014" is the start of a period that reaches the article,
    not another era."""
    if published is None:
        return False
    verb = clause_verb(token)
    while verb.dep_ == "conj" and verb.head != verb:  # "which left 136 dead and 577 injured"
        verb = verb.head
    scope = set(t.i for t in verb.subtree)
    if verb.dep_ == "relcl" or verb.dep_ == "advcl" and verb.tag_ == "VBG":
        # "... was shot down over eastern Ukraine on July 17, 2014, killing 298 people": the participle's event
        scope |= {t.i for t in verb.head.subtree}
    doc = token.doc
    for ent in doc_ents(doc):
        if ent.label_ != "DATE" or ent.start not in scope:
            continue
        if starts_a_period(ent):
            continue
        if names_year_before(ent, published):
            return True
        # "the Afghanistan withdrawal just seven months ago, during which 13 service members were killed"
        words = " ".join(t.text for t in ent if t.pos_ != "ADV" or t.lower_ == "ago")  # "just seven months ago"
        value = normalise(words, published) if ent[-1].lower_ == "ago" else None
        if value is not None and re.match(r"\d{4}", value.value) and int(value.value[:4]) < published.year:
            return True
    return False


def _after_an_earlier_year(token: Token, published: date | None) -> bool:
    """A figure with no date of its own in a paragraph's narrative set in an earlier year by the sentence
    right before it, or by the one before that through a count of its own: "We were embedded ... in the
    battle of Fallujah in Iraq in 2004. Three Marines were killed, 18 injured"; "the Aug. 26, 2021 suicide
    bombing ... Eighteen other U.S. service members were wounded. The bombing also left more than 150
    civilians dead"."""
    if published is None:
        return False
    doc = token.doc
    sent = token.sent
    for _ in range(3):
        if sent != token.sent and is_caption(sent):
            return False  # a photo's date is the picture's, not the narrative's
        dates = [e for e in doc_ents(doc) if e.label_ == "DATE" and sent.start <= e.start < sent.end]
        if sent != token.sent and any(earlier_year(e, published) for e in dates):
            return True
        if dates or sent.start == 0 or "\n" in doc[sent.start - 1].text:
            return False
        if sent != token.sent and not any(t.lemma_.lower() in lexicon().measures for t in sent):
            return False  # the narrative goes on through its own counts, not through any sentence
        sent = doc[sent.start - 1].sent
    return False


def _unreal(token: Token) -> bool:
    """A question, a negation, or a modal or future clause: "will welcome up to 100,000 refugees",
    "Letting Russians kill 200 or 300 children?"."""
    if any(t.text == "?" for t in token.sent if t.i > token.i):
        return True
    verb = clause_verb(token)
    # "its plan to accept up to 100,000 refugees", "the commitment to take in 100,000": an intention, not a count
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ in ("acl", "xcomp") \
            and verb.head.lemma_.lower() in lexicon().intention_words:
        return True
    # "could force millions to flee, displacing up to 5 million people": a participle's clause is as real as its verb's
    consequence = verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ == "mark" for c in verb.children)
    for node in (verb, *([verb.head] if verb.dep_ in ("xcomp", "conj") or consequence else [])):
        if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lemma_.lower() in lexicon().irrealis for c in node.children):
            return True
    return False


def _group(noun: Token) -> str | None:
    for form in (noun.lemma_.lower(), noun.lower_, noun.lower_.removesuffix("s")):
        if form in lexicon().groups:
            return lexicon().groups[form]
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNPS", "NNS") and noun.text.endswith("s"):
        return noun.text  # "nearly a million Americans": people of a nationality
    return None


def _verbal_measure(noun: Token) -> str | None:
    """The measure of a verb the model took for the noun a number counts: "2.2 million crossing into Poland"
    (people who crossed into a country), "thousands fleeing"."""
    word = noun.lower_
    if noun.pos_ != "NOUN" or not word.endswith("ing"):
        return None
    verb = next((v for v in (word[:-3], word[:-3] + "e") if v in lexicon().measures), None)
    if verb is None:
        return None
    if verb in ("leave", "cross", "enter") and not any(_a_country(o) for p in noun.children if p.dep_ == "prep" for o in p.children):
        return None  # "crossing into Poland", not "a border crossing"
    return lexicon().measures[verb]


def _counted_noun(phrase: SpacySpan) -> Token | None:
    root = phrase.root
    if root.dep_ in ("nummod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return root.head
    for child in root.children:  # "more than 2,000 of its civilians", "453,000 of those who fled"
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and (obj.pos_ == "NOUN" or _those_who(obj)):
                    return obj
    return None


def _total(phrase: SpacySpan) -> tuple[str | None, str | None]:
    """A running total the number brings a count to: "the death toll rose to 34", "the number of
    Ukrainians who have fled has climbed to 836,000": the measure and group its subject names."""
    root = phrase.root
    verb = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("to", "at") else root.head if root.dep_ == "dobj" else None
    return _total_of(verb)


def _total_of(verb: Token | None) -> tuple[str | None, str | None]:
    """The measure and group of the total a verb brings its subject to ("the death toll rose")."""
    if verb is None or verb.lemma_.lower() not in lexicon().total_verbs:
        return None, None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lemma_.lower() not in ("toll", "number", "total", "tally", "count"):
        return None, None
    words = list(subject.subtree)
    measure = next((lexicon().measures[t.lemma_.lower()] for t in words if t.lemma_.lower() in lexicon().measures), None)
    counted = next((o for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"), None)
    group = _group(counted) if counted is not None else None
    return measure, group


def _continues_report(doc: Doc, previous: Figure, sent: SpacySpan) -> bool:
    """Does this sentence follow, in the same paragraph, the sentence of a figure someone claimed?"""
    if previous.claimant is None or sent.start == 0:
        return False
    before = doc[sent.start - 1].sent  # the sentence right before this one
    return sentence_span(before) == previous.evidence and "\n" not in before.text_with_ws


def _told_of_itself(anchor: Token) -> bool:
    """Is the count the subject of its clause ("Another 112 were injured"), going on with the report before it, not
    what some other subject did ("The attack has prompted 1.7 million Ukrainians to flee", "Russia reportedly struck a
    mall, killing at least 20 people"), a new event the writer tells?"""
    return anchor.dep_ in ("nsubj", "nsubjpass")


def _closes_sentence(verb: Token) -> bool:
    """Is the verb the sentence's last word but punctuation ("..., Grandi tweeted.")?"""
    return all(t.is_punct or t.is_space for t in verb.doc[verb.i + 1:verb.sent.end])


def _those_who(token: Token) -> bool:
    """ "those who fled", "those fleeing": people a clause describes, counted by what they did."""
    return token.pos_ == "PRON" and any(c.dep_ in ("relcl", "acl") for c in token.children)


def find_figures(context: ArticleContext) -> Findings[Figure]:
    """Every casualty or displacement count the article reports, with who claims it."""
    doc, resolver = context.doc, context.resolver()
    finder = _FigureFinder(doc, resolver, context.published)
    found: list[Figure] = []
    last_group: dict[int, str] = {}  # sentence start -> group of the last figure in it
    for phrase in _number_phrases(doc):
        parsed = parse_count(_with_qualifier(phrase))
        if parsed is None or _not_a_count(phrase):
            continue
        count, qualifier = parsed
        noun = _counted_noun(phrase)
        anchor = noun or phrase.root
        group = _group(noun) if noun is not None and not _those_who(noun) else None
        # "recorded 227 deaths": the counted noun is the measure itself, of people
        counted_measure = lexicon().measures.get(noun.lemma_.lower()) if noun is not None and noun.pos_ == "NOUN" else None
        if counted_measure is not None and noun.lemma_.lower() == "life" and noun.head.lemma_.lower() not in lexicon().life_verbs:
            counted_measure = None  # "a cat with nine lives"
        if noun is not None and group is None and counted_measure is None and (moved := _verbal_measure(noun)):
            noun, anchor, counted_measure = None, phrase.root, moved  # "with more than 2.2 million crossing into Poland"
        if noun is not None and group is None and not _those_who(noun) and counted_measure is None:
            continue  # a count of tanks, structures or votes
        if counted_measure is not None and group is None and noun is not None:  # "1,000 civilian casualties": the group its modifier names
            group = next((g for c in noun.children if c.dep_ in ("amod", "compound") and (g := _group(c))), None)
        measure = counted_measure or _measure_near(anchor)
        if measure is None and noun is None:
            measure, group = _total(phrase)
        if measure is None and noun is not None and noun.dep_ == "pobj" and noun.head.lower_ in ("including", "among"):
            measure = _total_of(noun.head.head)[0]  # "the death toll rose to 25, including at least two children"
        if measure is None or _unreal(anchor) or of_another_era(anchor, context.published, report_verbs=lexicon().claim_verbs) \
                or _year_before(anchor, context.published) or _after_an_earlier_year(anchor, context.published):
            continue
        sent = anchor.sent
        if group is None:
            # "21 people died and 112 were injured": the second number counts the same group;
            # a bare number that died or was wounded ("Three more died") counts people.
            group = last_group.get(sent.start) or "people"
        if measure == "refugees" and group == "troops" and counted_measure is None:
            continue  # "100,000 Russian troops crossed into Ukraine": an army's movement, not people fleeing
        if measure == "refugees" and group == "refugees":
            # "2 million Ukrainian refugees" are Ukrainians; refugees of no nationality are people
            amods = noun.children if noun is not None else ()
            nationality = next((c for c in amods if c.dep_ == "amod" and c.ent_type_ == "NORP"), None)
            group = nationality.text + "s" if nationality is not None and not nationality.text.endswith("s") else "people"
        last_group[sent.start] = group
        if noun is None and any(f.count == count and f.measure == measure for f in found):
            continue  # "All 13 were killed" after "a garrison of 13 border guards was killed": the same figure retold
        agent = finder.claimant(anchor)
        if agent is None and found and _continues_report(doc, found[-1], sent) and _told_of_itself(anchor):
            # "The governor said 21 people were killed. Another 112 were injured.": the paragraph's
            # reporting frame goes on into the next sentence
            agent = Agent(found[-1].claimant, found[-1].claimant_text or "")
        found.append(Figure(
            count=count,
            measure=measure,
            group=group,
            qualifier=qualifier,
            place=finder.place(anchor),
            claimant=agent.key if agent else None,
            claimant_text=agent.text if agent else None,
            date=finder.when(anchor),
            evidence=sentence_span(sent),
        ))
    return Findings.of(_restated(found), resolver, context.index)


def _restated(found: list[Figure]) -> list[Figure]:
    """A count and measure told again (the headline's "4 US Marines killed", the quotation that repeats
    the sentence before it) is one figure: the claimed telling stands for it; of two with the same
    claimant, the first. Different places or different claimants stay apart."""
    kept: list[Figure] = []
    for f in found:
        same = [g for g in found if g is not f and g.count == f.count and g.measure == f.measure
                and (g.place == f.place or g.place is None or f.place is None)]
        if f.claimant is None and any(g.claimant is not None for g in same):
            continue
        if any(g.claimant == f.claimant and found.index(g) < found.index(f) for g in same):
            continue
        kept.append(f)
    return kept
