"""Quotations and who said them.

A direct quotation is every stretch in quotation marks of three words or more that is someone's
words (``quotemarks``), standing alone or quoted inside reported speech ("She said the town was
"running out of water"": the fragment is a direct quotation, part of the indirect one). Its speaker
is found by, in order:
1. a speech verb in its sentence, outside quotation marks, with no other quotation in between
   ("...," she said / X said: "..." / according to X);
2. the sentence before, when it ends with a colon ("In a statement, the ministry said:");
3. a name before a colon and no verb ("Meghan McCain, Twitter: "..."");
4. the sentence after, when it only attributes ("... Kovalenko told reporters.");
5. the quotation just before, when this one continues it: a new sentence or paragraph that opens
   a quotation with no attribution of its own;
6. the quotation right after, when its speaker goes on with this one ('"..." / "...," he added.');
and otherwise the quotation has no speaker rather than a guessed one. A quotation split by its
attribution ("A," he said. "B.") is one quotation; a quotation left open at a paragraph's end
continues in the next paragraph as a quotation of its own, never glued to it.

Reported speech is a speech verb with a clause ("X said (that) ...", "..., X believes") or
"according to X" on a clause; its text is the clause. A clause wholly in quotation marks is only
the direct quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext, Findings
from kg.extract.lexicon import lexicon
from kg.extract.quotemarks import QuoteSpan, is_quotation, quote_spans
from kg.extract.reference import Agent, Resolver
from kg.extract.spans import covering, doc_text, sentence_span
from kg.records import EntityKind, Quote, Span

# A clause this much inside quotation marks is the direct quotation, not reported speech beside it.
WHOLLY_QUOTED = 0.8
# The longest sentence that only attributes the quotation before it ("Kovalenko told reporters.",
# "Lisa O. Monaco, Obama's adviser on counterterrorism and homeland security, asked in a speech.").
ATTRIBUTION_ONLY = 25


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


class _Attributor:
    def __init__(self, doc: Doc, resolver: Resolver) -> None:
        self.doc = doc
        self.resolver = resolver
        self.quoted = resolver.quoted
        self.text = doc_text(doc)
        self.lex = lexicon()
        self._sents = list(doc.sents)
        self._sent_starts = [sent.start for sent in self._sents]

    def sentence_of(self, token: Token):  # noqa: ANN201 - a spaCy Span
        return self._sents[bisect_right(self._sent_starts, token.i) - 1]

    def sentences(self, first: Token, last: Token) -> list:  # spaCy Spans
        """The sentences from ``first``'s to ``last``'s (a token's ``.sent`` scans the Doc each time)."""
        return self._sents[bisect_right(self._sent_starts, first.i) - 1:bisect_right(self._sent_starts, last.i)]

    def tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def _speech_verb(self, t: Token) -> bool:
        # a passive with no "by" tells no speaker: "specifics will be announced", "Greitens was asked why"
        return t.i not in self.quoted and t.lemma_.lower() in self.lex.quote_verbs and t.pos_ in ("VERB", "AUX") \
            and not (_passive(t) and _by_object(t) is None)

    def cue_in_sentence(self, first: Token, last: Token) -> Token | None:
        """The speech verb of the quotation's own sentences, nearest first, with no quotation between."""
        candidates: list[tuple[int, int]] = []
        for sent in self.sentences(first, last):
            for t in sent:
                if not self._speech_verb(t):
                    continue
                if t.i > last.i and not any(j in self.quoted for j in range(last.i + 1, t.i)):
                    candidates.append((t.i - last.i, t.i))
                elif t.i < first.i and not any(j in self.quoted for j in range(t.i + 1, first.i)):
                    candidates.append((first.i - t.i, t.i))
        if candidates:
            return self.doc[min(candidates)[1]]
        framing = self._as_clause(first, last)
        if framing is not None:
            return framing
        governing = self._governing_verb(first)
        if governing is not None:
            return governing
        announcing = self._verb_before_colon(first)
        if announcing is not None:
            return announcing
        for sent in self.sentences(first, last):  # "“...,” according to the commission."
            for t in sent:
                if t.lower_ == "according" and t.i not in self.quoted and (
                        t.i > last.i and not any(j in self.quoted for j in range(last.i + 1, t.i))
                        or t.i < first.i and not any(j in self.quoted for j in range(t.i + 1, first.i))):
                    return t
        return None

    def _as_clause(self, first: Token, last: Token) -> Token | None:
        """An "as" clause beside the quotation that attributes it: ""first on their block with a wok,"
        as described by Karin Brown", "as one Klansman put it in 1993, "put Christ back ...""."""
        for sent in self.sentences(first, last):
            for t in sent:
                if t.i in self.quoted or t.lemma_.lower() not in self.lex.framing_verbs or t.pos_ not in ("VERB", "AUX") \
                        or not any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
                    continue
                between = range(last.i + 1, t.i) if t.i > last.i else range(t.right_edge.i + 1, first.i)
                if not any(j in self.quoted for j in between):
                    return t
        return None

    def _verb_before_colon(self, first: Token) -> Token | None:
        """"She then addressed the supporters again: “...”": a colon right before the quotation
        announces it, whatever the verb; its clause's subject is the speaker."""
        j = first.i - 1
        while j >= 0 and (self.doc[j].is_quote or self.doc[j].is_space):
            j -= 1
        if j < 1 or self.doc[j].text != ":":
            return None
        sent = self.sentence_of(self.doc[j])
        verbs = [t for t in self.doc[sent.start:j] if t.pos_ in ("VERB", "AUX") and t.i not in self.quoted]
        for verb in reversed(verbs):
            if self._grammatical_subject(verb) is not None:
                return verb
        return None

    def _governing_verb(self, first: Token) -> Token | None:
        """For words quoted inside a sentence, the verb of saying or judging whose clause holds them:
        "Johnson condemned Russia for unleashing a “tidal wave of violence”"."""
        node = first
        for _ in range(8):
            if node.head == node:
                return None
            node = node.head
            if node.i not in self.quoted and node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in self.lex.speech_verbs:
                return node
        return None

    def speech_noun(self, first: Token) -> Token | None:
        """A noun of saying whose clause holds quoted words: "Biden's remark that Putin “cannot
        remain in power”", "comments made by John Kerry that the war could have a “profound ...”"."""
        node = first
        for _ in range(8):
            if node.head == node:
                return None
            node = node.head
            if node.i not in self.quoted and node.pos_ == "NOUN" and node.lemma_.lower() in self.lex.speech_nouns:
                return node
            if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("acl", "ccomp", "relcl", "xcomp", "advcl"):
                return None  # the quotation belongs to a clause of its own, not to the noun
        return None

    def noun_speaker(self, noun: Token) -> Agent | None:
        """Whose words a noun of saying names: its possessor ("Biden's remark"), "by X" or "from X", or
        the subject of the verb that issues it ("The White House issued a statement that ...")."""
        index = self.resolver.index
        for c in noun.children:
            if c.dep_ == "poss" and c.pos_ != "PRON":
                agent = self.resolver.agent(c)
                if agent.key is not None and not index.entities[agent.key].described:
                    return agent
        for c in noun.children:
            found = None
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                found = next((o for o in c.children if o.dep_ == "pobj"), None)
            elif c.dep_ == "acl":  # "comments made by X"
                found = next((o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"), None)
            if found is not None:
                agent = self.resolver.agent(found)
                if agent.key is not None:
                    return agent
        verb = noun.head
        if noun.dep_ == "dobj" and verb.lemma_.lower() in self.lex.issuing_verbs and verb.i not in self.quoted:
            return self.speaker(verb)  # "The White House issued a statement that ..."
        return None

    def cue_before(self, first: Token) -> Token | None:
        """The sentence before a quotation that opens its own sentence, when it announces speech:
        "In a statement, the ministry said:", "Foale recalled his months on Mir." (a verb of saying
        with no clause or quotation of its own)."""
        sent = self.sentence_of(first)
        if sent.start == 0 or not all(t.is_punct or t.is_space for t in self.doc[sent.start:first.i]):
            return None
        before = self.sentence_of(self.doc[sent.start - 1])
        if before.text.rstrip().endswith(":"):
            verbs = [t for t in before if self._speech_verb(t)]
            return verbs[-1] if verbs else None
        root = before.root
        if any(t.i in self.quoted for t in before) or not self._speech_verb(root):
            return None
        # "One leading Karachi broker said the real reasons may be political. “If you file ...”": the
        # quotation goes on with what was just reported
        return root if self._grammatical_subject(root) is not None else None

    def cue_after(self, last: Token) -> Token | None:
        """A short sentence right after the quotation that only attributes it: "Kovalenko told reporters."."""
        sent = self.sentence_of(last)
        if sent.end >= len(self.doc):
            return None
        after = self.sentence_of(self.doc[sent.end])
        words = [t for t in after if not t.is_punct and not t.is_space]
        if not words or len(words) > ATTRIBUTION_ONLY or any(t.i in self.quoted for t in after):
            return None
        root = after.root
        # a sentence reporting something of its own ("... and said he has not been given an answer")
        if not self._speech_verb(root) or any(c.dep_ in ("ccomp", "xcomp") for v in (root, *root.conjuncts)
                                              for c in v.children):
            return None
        return root if self.subject(root) is not None else None

    def colon_speaker(self, first: Token) -> Token | None:
        """"Meghan McCain, Twitter: “...”": a name, then a colon, then the quotation, and no verb."""
        j = first.i - 1
        while j >= 0 and (self.doc[j].is_quote or self.doc[j].is_space):
            j -= 1
        if j < 1 or self.doc[j].text != ":":
            return None
        start = j
        while start > 0 and not self.doc[start - 1].is_space and "\n" not in self.doc[start - 1].text and \
                not (self.doc[start - 1].is_punct and self.doc[start - 1].text in ".!?”\""):
            start -= 1
        lead = self.doc[start:j]
        if not 0 < len(lead) <= 12 or any(t.pos_ in ("VERB", "AUX") for t in lead):
            return None
        index = self.resolver.index
        named = [t for t in lead if t.i in index.token_entity and index.kind_of(index.token_entity[t.i]) is not EntityKind.PLACE]
        return named[0] if named else None

    def subject(self, cue: Token) -> Token | None:
        """The subject phrase's head for a reporting verb (or the source of "according to")."""
        if cue.lower_ == "according":
            return next((o for c in cue.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"), None)
        by = next((o for c in cue.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
        if by is not None:  # "as described by Karin Brown"
            return by
        if cue.pos_ in ("VERB", "AUX") and _passive(cue):
            return _by_object(cue)  # "When asked by Ian Pannell how long": Pannell asked; the passive's subject said nothing
        if cue.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            # "X said Russian troops are trying ..., adding, “...”": the parser may hang the participle
            # off the reported clause; it continues the verb of saying above it, and so its subject
            reporting = next((a for a in cue.ancestors if self._speech_verb(a)), None)
            if reporting is not None:
                cue = reporting
        found = self._grammatical_subject(cue)
        if found is None and cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp", "conj"):
            # "X said ..., adding: ...": the participle's subject is the sentence's, however deep the parser hung it
            root = self.sentence_of(cue).root
            if root != cue:
                found = self._grammatical_subject(root)
        if found is None and cue.i > 0 and self.doc[cue.i - 1].is_quote and cue.lemma_.lower() not in ("tell", "ask"):
            # '"You can call it a peace dividend," smiles one broker': the subject after the verb, parsed as its object
            found = next((c for c in cue.rights if c.dep_ == "dobj" and c.left_edge.i == cue.i + 1), None)
        return found if found is not None else self._named_beside(cue)

    def _named_beside(self, cue: Token) -> Token | None:
        """The name right before or after a reporting verb the parser left without a subject:
        ""...," Andrii Pravendnyk, Ukraine's ambassador, told delegates" (parsed as the quotation's object)."""
        index = self.resolver.index
        sent = self.sentence_of(cue)
        j = cue.i - 1
        while j >= sent.start and j not in self.quoted and not self.doc[j].is_quote:
            j -= 1
        # Before the verb, the nearest person, else the nearest organisation, that is no verb's
        # object: in "As Poland resisted the European Union, Jarosław Kaczyński, leader of the party,
        # argued ..." the speaker is the name that ends the phrase before the verb, not the first
        # name of the sentence; in "the website quoted Ms. Simonyan as saying" it is the website.
        before = [t for t in list(self.doc[j + 1:cue.i])[::-1] if not self._narrative_object(t)]
        for kinds in ((EntityKind.PERSON,), (EntityKind.ORGANIZATION,)):
            for t in before:
                key = index.token_entity.get(t.i)
                if key is not None and t.i not in self.quoted and index.kind_of(key) in kinds:
                    return t
        for t in self.doc[cue.i + 1:min(cue.i + 4, sent.end)]:
            key = index.token_entity.get(t.i)
            if key is not None and t.i not in self.quoted and index.kind_of(key) in (EntityKind.PERSON, EntityKind.ORGANIZATION):
                return t
        return None

    def _narrative_object(self, token: Token) -> bool:
        """Is the word part of the object of a verb of quoting ("the website quoted Ms. Simonyan")?"""
        head = _phrase_head(token)
        return head.dep_ in ("dobj", "dative") and head.head.i not in self.quoted and head.head.lemma_.lower() in self.lex.quoting_verbs

    def _grammatical_subject(self, cue: Token) -> Token | None:
        verb = cue
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.i not in self.quoted]
            if subjects:
                if subjects[0].lower_ in ("who", "which", "that") and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                    return verb.head  # "Viktor Orban, who declared, “we're letting everyone in,”"
                return subjects[0]
            if verb.dep_ == "conj":
                left = self._coordinated_subject(verb)
                if left is not None:
                    return left
            if verb.dep_ == "conj" and verb.pos_ in ("VERB", "AUX") and verb.head.pos_ not in ("VERB", "AUX"):
                # "... call Vindman a “clown” ... and advise, “...”": the parser joined the verb to a
                # noun; it is coordinated with the nearest verb above that noun
                verb = next((a for a in verb.head.ancestors if a.pos_ in ("VERB", "AUX")), verb)
                if verb == cue:
                    break
            elif verb.dep_ in ("advcl", "conj", "xcomp", "ccomp") and verb.head != verb:
                verb = verb.head
            else:
                break
        return None

    def speaker(self, cue: Token) -> Agent | None:
        subject = self.subject(cue)
        if subject is None:
            return None
        agent = self.resolver.agent(subject)
        if agent.key is None and subject.pos_ not in ("PRON", "DET") and subject.i not in self.quoted:
            return Agent(self.resolver.source(subject), agent.text)  # an unnamed source keeps its phrase
        return agent

    def _coordinated_subject(self, verb: Token) -> Token | None:
        """The noun phrase just before a coordinated verb that the parser left without a subject.

        "... attacked a reactor in Kharkiv and the national security service warned ...": the
        parser joins "service" to "Kharkiv" and "warned" to "attacked", but the phrase right
        after "and", right before the verb, is the verb's subject.
        """
        j = verb.i - 1
        while j >= 0 and self.doc[j].pos_ in ("ADV", "AUX", "PART"):
            j -= 1
        if j < 0 or self.doc[j].pos_ not in ("NOUN", "PROPN") or j in self.quoted:
            return None
        head = self.doc[j]
        left = head.left_edge.i if head.left_edge.i <= j else j
        before = self.doc[left - 1].lower_ if left > 0 else ""
        return head if before in ("and", "but", ",", ";") else None


def _phrase_head(token: Token) -> Token:
    """The head of the noun phrase a word of a name belongs to ("Simonyan" for "Ms."...)."""
    while token.dep_ in ("compound", "flat", "amod", "det") and token.head != token:
        token = token.head
    return token


def _paragraph(text: str, pos: int) -> int:
    return len(re.findall(r"\n\s*\n", text[:pos]))


@dataclass
class _Found:
    """A direct quotation as it is being attributed."""

    quote: Quote
    closed: bool  # its closing mark is in the text: a quotation left open continues in the next paragraph
    attributed: bool  # its speaker comes from its own attribution, not from the quotation before it
    cue: int | None = None  # the token of that attribution's verb
    said_at: int | None = None  # the token of the verb of saying found for it, resolved to a speaker or not


def find_quotes(context: ArticleContext) -> Findings[Quote]:
    """Every quotation in the article, direct and reported, in text order."""
    doc, resolver = context.doc, context.resolver()
    attributor = _Attributor(doc, resolver)
    text = attributor.text
    found: list[_Found] = []
    before: _Found | None = None  # the quotation before, or a short attributed one ("“Not me,” said X. “...”")
    for q in quote_spans(text):
        if not is_quotation(text[q.start:q.end]):
            short = _direct(doc, attributor, q, None) if _words(text[q.start:q.end]) == 2 else None
            if short is not None and short.attributed and not short.quote.embedded:
                before = short
            continue
        item = _direct(doc, attributor, q, before)
        if item is None:
            continue
        before = item
        previous = found[-1] if found else None
        if previous is not None and _continues(text, previous, item, doc):
            found[-1] = _Found(_join(text, previous.quote, item.quote), item.closed, previous.attributed or item.attributed,
                               previous.cue if previous.cue is not None else item.cue,
                               previous.said_at if previous.said_at is not None else item.said_at)
        else:
            found.append(item)
    quotes = _headline_speakers(text, _continued_speakers(text, _subject_speakers(attributor, found)))
    reported = _reported(doc, resolver, attributor, quotes)
    quotes = _embedded_speakers(quotes, reported)
    quotes.extend(reported)
    return Findings.of(sorted(quotes, key=lambda q: (q.span.start, q.span.end, q.kind)), resolver, context.index)


def _subject_speakers(attributor: _Attributor, found: list[_Found]) -> list[_Found]:
    """Words quoted in a sentence with no verb of saying are its subject's when the article quotes that
    person elsewhere ("Arieva wants to ... “start a new family life” that is “calm and happy.”")."""
    resolver, index = attributor.resolver, attributor.resolver.index
    speakers = {f.quote.speaker for f in found if f.attributed and f.quote.speaker}
    out = []
    for f in found:
        q = f.quote
        if q.speaker is None and not f.attributed:
            tokens = attributor.tokens(q.span.start, q.span.end)
            root = attributor.sentence_of(tokens[0]).root if tokens else None
            subject = attributor._grammatical_subject(root) if root is not None and root.i not in attributor.quoted else None
            agent = resolver.agent(subject) if subject is not None else None
            if agent is not None and agent.key in speakers and index.kind_of(agent.key) is EntityKind.PERSON \
                    and not index.entities[agent.key].described:
                f = replace(f, quote=replace(q, speaker=agent.key, speaker_text=agent.text, cue=None))
        out.append(f)
    return out


def _continued_speakers(text: str, found: list[_Found]) -> list[Quote]:
    """An unattributed quotation right before one its speaker goes on with ('"These things happen ...
    me.' then, in the next paragraph, '"The election is not ...," he added.') is that speaker's."""
    quotes = [f.quote for f in found]
    going_on = lexicon().continuing_verbs
    for n in range(len(found) - 2, -1, -1):
        q, after = quotes[n], found[n + 1]
        if q.speaker is None and not found[n].attributed and not q.embedded and after.attributed \
                and after.quote.speaker is not None and after.quote.cue in going_on \
                and not re.search(r"\w", text[q.span.end:after.quote.span.start]) \
                and _paragraph(text, after.quote.span.start) - _paragraph(text, q.span.end) <= 1:
            quotes[n] = replace(q, speaker=after.quote.speaker, speaker_text=after.quote.speaker_text, cue=after.quote.cue)
    return quotes


def _embedded_speakers(quotes: list[Quote], reported: list[Quote]) -> list[Quote]:
    """Words quoted inside reported speech ("Russia, she said, was “ignoring these risks” by ...")
    are the reporting speaker's: the speaker of the innermost reported clause that holds them."""
    out = []
    for q in quotes:
        if q.embedded:
            holders = [r for r in reported if r.span.start <= q.span.start and q.span.end <= r.span.end + 1 and r.speaker]
            if holders:
                inner = min(holders, key=lambda r: (r.span.end - r.span.start, r.span.start))
                if inner.speaker != q.speaker:
                    q = replace(q, speaker=inner.speaker, speaker_text=inner.speaker_text, cue=inner.cue)
        out.append(q)
    return out


def _headline_speakers(text: str, quotes: list[Quote]) -> list[Quote]:
    """A headline quotes words the body attributes ("NASA astronaut exposed anger: 'We don't need
    them!'" over "'We don't need them,' Foale said"): the headline's quotation gets that speaker."""
    title_end = text.find("\n\n")
    out = []
    for q in quotes:
        if q.speaker is None and 0 <= q.span.start < title_end:
            words = set(re.findall(r"\w+", q.text.lower()))
            body = [b for b in quotes if b.span.start > title_end and b.speaker is not None
                    and words and len(words & set(re.findall(r"\w+", b.text.lower()))) >= 0.6 * len(words)]
            if body:
                q = replace(q, speaker=body[0].speaker, speaker_text=body[0].speaker_text, cue=body[0].cue)
        out.append(q)
    return out


def _words(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def _direct(doc: Doc, attributor: _Attributor, q: QuoteSpan, previous: _Found | None) -> _Found | None:
    text = attributor.text  # ``doc.text`` joins every token's text again at each call
    start, end = _trimmed(text, q.start, q.end)
    tokens = attributor.tokens(q.start, q.end)  # the marks' whole content, as quoted_tokens counts it
    if not tokens or start >= end:
        return None
    first, last = tokens[0], tokens[-1]
    cue = attributor.cue_in_sentence(first, last) or attributor.cue_before(first)
    agent = attributor.speaker(cue) if cue is not None else None
    if agent is None:
        lead = attributor.colon_speaker(first)
        agent = attributor.resolver.agent(lead) if lead is not None else None
    if agent is None and cue is None:
        after = attributor.cue_after(last)
        if after is not None:
            cue, agent = after, attributor.speaker(after)
    if agent is None and cue is None:
        noun = attributor.speech_noun(first)
        if noun is not None:
            cue, agent = noun, attributor.noun_speaker(noun)
    attributed = agent is not None and bool(agent.key or agent.text)
    if not attributed and previous is not None and _follows(doc, attributor, previous.quote, first, left_open=not previous.closed):
        agent, cue_word = Agent(previous.quote.speaker, previous.quote.speaker_text or ""), previous.quote.cue
    else:
        cue_word = cue.lemma_.lower() if cue is not None else None
        if cue is not None and cue.lower_ == "according":
            cue_word = "according to"
    covered = attributor.sentences(first, last) + ([attributor.sentence_of(cue)] if cue is not None else [])
    quote = Quote(
        text=text[start:end],
        span=Span(start, end),
        speaker=agent.key if agent else None,
        speaker_text=(agent.text or None) if agent else None,
        cue=cue_word,
        kind="direct",
        evidence=covering(covered),
        embedded=_embedded(doc, attributor, tokens, cue, q),
    )
    return _Found(quote, q.closed, attributed, cue.i if attributed and cue is not None else None,
                  cue.i if cue is not None else None)


def _follows(doc: Doc, attributor: _Attributor, previous: Quote, first: Token, *, left_open: bool = False) -> bool:
    """Does an unattributed quotation continue the one before: a new sentence or paragraph that
    opens with the quotation, the paragraph after the previous quotation's at the latest?

    After a quotation left open, the next opening mark goes on with the same speech whatever stands
    before it: the paragraphs of a long speech open each with a mark and only the last one closes,
    and a text with its paragraphs run together keeps only those marks (and a stray "Follow all the
    updates on our liveblog" between them).
    """
    text = attributor.text
    para = _paragraph(text, first.idx)
    if para - _paragraph(text, previous.span.end) > 1:
        return False
    if left_open:
        return True
    sent = attributor.sentence_of(first)
    return all(t.is_punct or t.is_space for t in doc[sent.start:first.i])


def _embedded(doc: Doc, attributor: _Attributor, tokens: list[Token], cue: Token | None, q: QuoteSpan) -> bool:
    """Is the quotation part of a longer reported clause ("said the town was “running out of water”")?

    A quotation stands alone when only punctuation, the reporting verb and what goes with it
    ("told reporters", "said in a statement") or the speaker lie between it and its sentence's ends.
    """
    attribution: set[int] = set()
    if cue is not None:
        attribution.add(cue.i)
        for c in cue.children:
            if c.dep_ in ("aux", "auxpass", "neg", "prt", "advmod", "npadvmod", "dobj", "dative", "prep", "agent", "punct",
                          "nsubj", "nsubjpass"):
                attribution |= {t.i for t in c.subtree if t.i not in attributor.quoted}
    first, last = tokens[0], tokens[-1]
    before = first.i - 1
    while before >= 0 and (doc[before].is_quote or doc[before].is_space):
        before -= 1
    sent = attributor.sentence_of(first)
    if before >= sent.start:
        t = doc[before]
        if not (t.is_punct and t.text in (":", ",", "—", "–", "-", "(", ";") or t.i in attribution):
            return True
    after = last.i + 1
    while after < len(doc) and (doc[after].is_quote or doc[after].is_space):
        after += 1
    closes_clause = bool(re.search(r"[,.!?;:…]\W*$", attributor.text[q.start:q.end]))
    if after < len(doc) and after < attributor.sentence_of(last).end and not closes_clause:
        t = doc[after]
        if not (t.is_punct or t.i in attribution or t.is_space):
            return True
    return False


# Abbreviations whose full stop does not end a sentence: "Mr. Clyburn said", "in Naples, Fla."
_ABBREVIATION = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Rev|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Prof|Inc|Co|Corp|Ltd|No|Mt|"
                           r"Ala|Ariz|Calif|Colo|Conn|Fla|Ga|Ill|Ind|Kan|Ky|La|Mass|Md|Mich|Minn|Miss|Mo|Nev|Okla|Ore|Pa|"
                           r"Tenn|Tex|Va|Wash|Wis|U\.S|U\.N|U\.K|[A-Z])\.")


def _continues(text: str, previous: _Found, item: _Found, doc: Doc) -> bool:
    """One quotation split by its attribution: “A,” he said. “B.” (same paragraph, same speaker).

    A quotation left open runs on into the next paragraph as a quotation of its own, and a part
    with an attribution of its own ("B," she added) is a quotation of its own.
    """
    first, quote = previous.quote, item.quote
    if not previous.closed or item.attributed and previous.attributed and item.cue != previous.cue:
        return False  # each part has an attribution of its own: two quotations
    if quote.speaker != first.speaker or quote.embedded or first.embedded:
        return False
    if _paragraph(text, first.span.end) != _paragraph(text, quote.span.start):
        return False
    gap = text[first.span.end:quote.span.start]
    words = re.findall(r"\w+", gap)
    if not words:
        return False  # two quotations side by side: the text marks them as two
    attributing = any(found.said_at is not None and first.span.end <= doc[found.said_at].idx < quote.span.start
                      for found in (previous, item))
    between = doc.char_span(first.span.end, quote.span.start, alignment_mode="contract")
    if not attributing and between is not None and any(
            t.pos_ == "VERB" and t.lemma_.lower() in lexicon().speech_verbs and any(c.dep_ == "ccomp" for c in t.children)
            for t in between):
        return False  # the words between report something of their own ('"A." Zelensky said that ... "B," he said')
    # The words between are only the attribution ("said Brittany Self, 21, a communications major"):
    # one clause, not a sentence of their own before it ("He went on to demand ... He added:").
    bare = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), gap).strip(" ,.!?;:…\n\"“”'‘’")
    one_clause = not re.search(r"[.!?]\s+\S", bare)
    return len(words) <= 30 and one_clause


def _join(text: str, first: Quote, second: Quote) -> Quote:
    return Quote(
        text=f"{text[first.span.start:first.span.end].rstrip(',')} {text[second.span.start:second.span.end]}",
        span=Span(first.span.start, second.span.end),
        speaker=first.speaker,
        speaker_text=first.speaker_text,
        cue=first.cue or second.cue,
        kind="direct",
        evidence=Span(min(first.evidence.start, second.evidence.start), max(first.evidence.end, second.evidence.end)),
    )


def _longest_run(tokens: list[Token]) -> list[Token]:
    """The longest stretch of consecutive tokens, so a clause split by "according to X" keeps its larger part."""
    runs: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and runs[-1][-1].i + 1 == t.i:
            runs[-1].append(t)
        else:
            runs.append([t])
    return max(runs, key=len) if runs else []


def _without_nested_quotation(words: list[Token], standalone: set[int], speech: frozenset[str]) -> list[Token]:
    """A reported clause that goes on to a quotation of its own ("said troops are trying to seize the
    plants, adding, “Russia is conducting genocide”"): the clause without that attribution and quotation."""
    if not any(t.i in standalone for t in words):
        return words
    nested = {u.i for t in words if t.lemma_.lower() in speech and any(w.i in standalone for w in t.subtree)
              for u in t.subtree}
    rest = _longest_run([t for t in words if t.i not in standalone and t.i not in nested])
    while rest and (rest[0].is_quote or rest[0].is_punct):
        rest.pop(0)
    while rest and (rest[-1].is_quote or rest[-1].is_punct):
        rest.pop()
    # What is left must be a clause of its own, not the attribution's words around the quotation
    return rest if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in rest) else []


def _unsaid(verb: Token) -> bool:
    """A verb of saying negated or refused: "did not indicate", "refused to even acknowledge", "without explaining"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    node = verb
    for _ in range(3):
        if node.dep_ not in ("xcomp", "pcomp") or node.head == node:
            return False
        node = node.head
        if node.lemma_.lower() in lexicon().refusal_verbs or node.lower_ == "without" or any(c.dep_ == "neg" for c in node.children):
            return True
    return False


def _what_object(clause: Token) -> bool:
    """Does the reported clause open with a "what" it hangs from ("describing what he will do")?"""
    first = clause.left_edge
    return first.lower_ == "what" and (first.head == clause or first == clause)


def _by_object(verb: Token) -> Token | None:
    """The "by" phrase's object of a verb: "asked by Ian Pannell"."""
    for c in verb.children:
        if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "by":
            found = next((o for o in c.children if o.dep_ == "pobj"), None)
            if found is not None:
                return found
    return None


def _passive(verb: Token) -> bool:
    """A passive participle: "was asked", "will be announced", "When asked ..."; not a finite verb the parser
    hung on the name before it ("Rubio, R-Fla., tweeted")."""
    if verb.tag_ != "VBN":
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if any(c.dep_ in ("nsubj", "aux") for c in verb.children):
        return False
    return verb.dep_ == "advcl" or verb.dep_ == "ROOT" and verb.i == verb.sent.start


def _reported(doc: Doc, resolver: Resolver, attributor: _Attributor, direct: list[Quote]) -> list[Quote]:
    """Reported speech: "X said (that) CLAUSE", "CLAUSE, X believes", "according to X, CLAUSE".

    The clause may hold quoted words ("said the town was “running out of water”"); a clause wholly in
    quotation marks is the direct quotation only.
    """
    lex = lexicon()
    standalone = {t.i for q in direct if not q.embedded for t in attributor.tokens(q.span.start, q.span.end)}
    found: list[Quote] = []
    for token in doc:
        if token.i in standalone or token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        comps = []
        if lemma in lex.speech_verbs and _unsaid(token):
            continue  # "the Kremlin refused to even acknowledge its troops were there", "did not indicate"
        if lemma in lex.speech_verbs:
            comps = [c for c in token.children if c.dep_ == "ccomp"]
            if comps and _what_object(comps[0]) and lemma not in ("ask", "wonder", "question"):
                continue  # "what he called a special operation": an object, not a proposition
            if comps:
                clause, agent, cue = comps[0], attributor.speaker(token), lemma
                words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
            elif token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
                # "Well over 800,000 Ukrainians have become refugees, the UN believes."
                clause, agent, cue = token.head, attributor.speaker(token), lemma
                if clause.dep_ in ("aux", "auxpass") and clause.head != clause:
                    clause = clause.head  # "Russia, she said, was “ignoring these risks”": the clause of "ignoring"
                own = {t.i for t in token.subtree}
                if clause.left_edge.i < token.i < clause.right_edge.i:
                    own = set()  # "Russian forces, she said, were transporting ...": the report reads through its cue
                words = [t for t in clause.subtree if t.i not in own]
            else:
                continue
        elif token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is None or token.head == token:
                continue
            clause, agent, cue = token.head, resolver.agent(obj), "according to"
            own = {t.i for t in token.subtree}
            words = [t for t in clause.subtree if t.i not in own]
        else:
            continue
        if comps:  # "X said CLAUSE": the clause may go on to a quotation of its own
            words = _without_nested_quotation(words, standalone, lex.speech_verbs)
        words = [t for t in _longest_run(words) if not t.is_space]
        while words and words[-1].is_punct and not words[-1].is_quote:
            words.pop()
        while words and words[0].is_punct and not words[0].is_quote:
            words.pop(0)
        if agent is None or agent.key is None or len(words) < 3 or any(t.i in standalone for t in words):
            continue
        content = [t for t in words if not t.is_punct]
        if content and sum(t.i in resolver.quoted for t in content) >= WHOLLY_QUOTED * len(content):
            continue  # X said that "...": the direct quotation says it all
        start_char, end_char = words[0].idx, words[-1].idx + len(words[-1].text)
        found.append(Quote(
            text=attributor.text[start_char:end_char],
            span=Span(start_char, end_char),
            speaker=agent.key,
            speaker_text=agent.text,
            cue=cue,
            kind="indirect",
            evidence=sentence_span(attributor.sentence_of(token)),
        ))
    return found
