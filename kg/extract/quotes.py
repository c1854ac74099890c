"""Quotations and who said them.

Direct quotations are the stretches between quotation marks (three words or more, so scare quotes
such as "aggression" are not quotations). Each is attributed by, in order:
1. a speech verb in its sentence, outside any quotation ("...," she said / X said: "...");
2. a speech verb ending the previous sentence with a colon;
3. the quotation just before it, when it continues that speaker's words (a new paragraph that
   opens with a quotation mark and has no attribution of its own).
Reported speech is a speech verb with a clause as its complement ("X said that ...") or
"according to X" on a clause; its text is the clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from kg.extract.lexicon import lexicon
from kg.extract.quotemarks import QuoteSpan, is_quotation, quote_spans
from kg.extract.reference import Agent, Resolver
from kg.extract.spans import covering, sentence_span
from kg.records import EntityKind, Quote, Span


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
        self.text = doc.text
        self._sents = list(doc.sents)
        self._sent_starts = [sent.start for sent in self._sents]

    def sentences(self, first: Token, last: Token) -> list:  # spaCy Spans
        """The sentences from ``first``'s to ``last``'s (a token's ``.sent`` scans the Doc each time)."""
        return self._sents[bisect_right(self._sent_starts, first.i) - 1:bisect_right(self._sent_starts, last.i)]

    def _tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def cue_for(self, q: QuoteSpan) -> Token | None:
        tokens = self._tokens(q.start, q.end)
        if not tokens:
            return None
        first, last = tokens[0], tokens[-1]
        sents = {sent.start: sent for sent in self.sentences(first, last)}
        candidates: list[tuple[int, Token]] = []
        for sent in sents.values():
            for t in sent:
                if t.i in self.quoted or t.lemma_.lower() not in lexicon().quote_verbs or t.pos_ not in ("VERB", "AUX"):
                    continue
                if t.i > last.i:
                    # a verb after the quotation attributes it only if no other quotation intervenes
                    if any(j in self.quoted for j in range(last.i + 1, t.i)):
                        continue
                    candidates.append((t.i - last.i, t))
                elif t.i < first.i:
                    if any(j in self.quoted for j in range(t.i + 1, first.i)):
                        continue
                    candidates.append((first.i - t.i, t))
        if candidates:
            return min(candidates, key=lambda c: (c[0], c[1].i))[1]
        for sent in sents.values():  # "“...,” according to the commission."
            for t in sent:
                if t.lower_ == "according" and t.i > last.i and t.i not in self.quoted and \
                        not any(j in self.quoted for j in range(last.i + 1, t.i)):
                    return t
        prev_sent = self._sentence_before(first)
        if prev_sent is not None and prev_sent.text.rstrip().endswith(":"):
            verbs = [t for t in prev_sent if t.lemma_.lower() in lexicon().quote_verbs and t.pos_ == "VERB" and t.i not in self.quoted]
            if verbs:
                return verbs[-1]
        return None

    def colon_speaker(self, q: QuoteSpan) -> Token | None:
        """"Meghan McCain, Twitter: “...”": a name, then a colon, then the quotation, and no verb."""
        tokens = self._tokens(q.start, q.end)
        if not tokens:
            return None
        j = tokens[0].i - 1
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
        named = [t for t in lead if t.i in self.resolver.index.token_entity
                 and self.resolver.index.kind_of(self.resolver.index.token_entity[t.i]) is not EntityKind.PLACE]
        return named[0] if named else None

    def _sentence_before(self, token: Token):  # noqa: ANN202 - a spaCy Span
        start = token.sent.start
        return self.doc[start - 1].sent if start > 0 else None

    def subject(self, cue: Token) -> Token | None:
        """The subject phrase's head for a reporting verb, as ``speaker`` finds it."""
        if cue.lower_ == "according":
            return next((o for c in cue.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"), None)
        verb = cue
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.i not in self.quoted]
            if subjects:
                return subjects[0]
            if verb.dep_ == "conj":
                left = self._coordinated_subject(verb)
                if left is not None:
                    return left
            if verb.dep_ in ("advcl", "conj", "xcomp", "ccomp") and verb.head != verb:
                verb = verb.head
            else:
                break
        return None

    def speaker(self, cue: Token) -> Agent | None:
        subject = self.subject(cue)
        return self.resolver.agent(subject) if subject is not None else None

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


def _paragraph(text: str, pos: int) -> int:
    return len(re.findall(r"\n\s*\n", text[:pos]))


class _Placement:
    """Where a quotation stands in its sentence: alone (direct) or embedded in reported speech."""

    def __init__(self, doc: Doc, attributor: _Attributor) -> None:
        self.doc = doc
        self.attributor = attributor

    def _mark_tokens(self, q: QuoteSpan) -> tuple[int | None, int | None]:
        """Indices of the tokens just outside the quotation: before its opening and after its closing mark."""
        inner = self.attributor._tokens(q.start, q.end)
        if not inner:
            return None, None
        before = inner[0].i - 1
        while before >= 0 and self.doc[before].is_quote or before >= 0 and self.doc[before].is_space:
            before -= 1
        after = inner[-1].i + 1
        while after < len(self.doc) and (self.doc[after].is_quote or self.doc[after].is_space):
            after += 1
        return (before if before >= 0 else None), (after if after < len(self.doc) else None)

    def embedded(self, q: QuoteSpan, cue: Token | None, speaker: Token | None) -> bool:
        """Is the quotation part of a longer reported clause ("said that the bombing “...”")?

        A direct quotation stands alone: nothing but punctuation, "that", the reporting verb or
        the speaker lies between it and the sentence around it.
        """
        before, after = self._mark_tokens(q)
        attribution = set()
        if cue is not None:
            # The reporting verb and what it says about the saying: "told reporters", "said in a statement".
            attribution |= {cue.i}
            for c in cue.children:
                if c.dep_ in ("aux", "auxpass", "neg", "prt", "advmod", "npadvmod", "dobj", "dative", "prep", "agent", "punct"):
                    attribution |= {t.i for t in c.subtree if t.i not in self.attributor.quoted}
        if speaker is not None:
            attribution |= {t.i for t in speaker.subtree}
        inner = self.attributor._tokens(q.start, q.end)
        sent_start = inner[0].sent.start if inner else 0
        if before is not None and before >= sent_start:
            t = self.doc[before]
            # "said that “...”" reports the words as a clause: PolNeAR counts "that" in the content.
            standalone = t.is_punct and t.text in (":", ",", "—", "–", "-", "(", ";") or t.i in attribution
            if not standalone:
                return True
        closes_clause = bool(re.search(r"[,.!?;:…]\W*$", self.attributor.text[q.start:q.end]))
        if after is not None and inner and after < inner[-1].sent.end and not closes_clause:
            t = self.doc[after]
            if not (t.is_punct or t.i in attribution or t.is_space):
                return True  # “wants to focus on his golf game” rather than ...
        return False


def find_quotes(doc: Doc, resolver: Resolver) -> list[Quote]:
    """Every attributed quotation in the Doc, direct then reported, in text order."""
    text = doc.text
    spans = [q for q in quote_spans(text) if is_quotation(text[q.start:q.end])]
    attributor = _Attributor(doc, resolver)
    placement = _Placement(doc, attributor)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_end_para = -1
    standalone: set[int] = set()  # tokens of the direct quotations; embedded ones belong to reported speech
    for q in spans:
        start, end = _trimmed(text, q.start, q.end)
        tokens = attributor._tokens(start, end)
        if not tokens:
            continue
        cue = attributor.cue_for(q)
        subject = attributor.subject(cue) if cue is not None else None
        if placement.embedded(q, cue, subject):
            continue  # "the bombing of civilians “in my view ... a war crime”": reported speech, below
        agent = attributor.speaker(cue) if cue is not None else None
        if agent is None and cue is None:
            lead = attributor.colon_speaker(q)
            agent = resolver.agent(lead) if lead is not None else None
        para = _paragraph(text, start)
        if agent is None and previous is not None and cue is None:
            opens_paragraph = para > _paragraph(text, previous.span.end)
            starts_sentence = all(t.is_punct or t.is_space for t in doc[tokens[0].sent.start:tokens[0].i])
            if para - previous_end_para <= 1 and (opens_paragraph or starts_sentence):
                agent = Agent(previous.speaker, previous.speaker_text or "")
        if agent is None or agent.key is None and not agent.text:
            continue
        covered = attributor.sentences(tokens[0], tokens[-1]) + ([cue.sent] if cue is not None else [])
        quote = Quote(
            text=text[start:end],
            span=Span(start, end),
            speaker=agent.key,
            speaker_text=agent.text,
            cue=cue.lemma_.lower() if cue is not None else (previous.cue if previous else None),
            kind="direct",
            evidence=covering(covered),
        )
        standalone.update(t.i for t in tokens)
        if previous is not None and _continues(text, previous, quote, cue):
            quote = _join(text, previous, quote)
            quotes.pop()
        quotes.append(quote)
        previous, previous_end_para = quote, _paragraph(text, end)
    quotes.extend(_reported(doc, resolver, attributor, standalone))
    return sorted(quotes, key=lambda q: (q.span.start, q.span.end))


# Abbreviations whose full stop does not end a sentence: "Mr. Clyburn said", "in Naples, Fla."
_ABBREVIATION = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Rev|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Prof|Inc|Co|Corp|Ltd|No|Mt|"
                           r"Ala|Ariz|Calif|Colo|Conn|Fla|Ga|Ill|Ind|Kan|Ky|La|Mass|Md|Mich|Minn|Miss|Mo|Nev|Okla|Ore|Pa|"
                           r"Tenn|Tex|Va|Wash|Wis|U\.S|U\.N|U\.K|[A-Z])\.")


def _continues(text: str, previous: Quote, quote: Quote, cue: Token | None) -> bool:
    """One quotation split by its attribution: “A,” he said. “B.” (same paragraph, same speaker)."""
    if quote.speaker != previous.speaker or _paragraph(text, previous.span.end) != _paragraph(text, quote.span.start):
        return False
    gap = text[previous.span.end:quote.span.start]
    words = re.findall(r"\w+", gap)
    has_cue = cue is not None and previous.span.end <= cue.idx < quote.span.start
    # The words between are only the attribution ("said Brittany Self, 21, a communications major"):
    # one clause, not a sentence of their own before it ("He went on to demand ... He added:").
    bare = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), gap).strip(" ,.!?;:…\n\"“”'‘’")
    one_clause = not re.search(r"[.!?]\s+\S", bare)
    return len(words) <= 30 and one_clause and (has_cue or cue is None)


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


def _reported(doc: Doc, resolver: Resolver, attributor: _Attributor, direct: set[int]) -> list[Quote]:
    """Reported speech: "X said (that) CLAUSE", "CLAUSE, X believes", "according to X, CLAUSE".

    The clause may contain quoted words ("said that the bombing “in my view ... a war crime”");
    it may not be, or contain, a direct quotation already taken.
    """
    found: list[Quote] = []
    for token in doc:
        if token.i in direct or token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        if lemma in lexicon().speech_verbs:
            comps = [c for c in token.children if c.dep_ == "ccomp"]
            if comps:
                clause, agent, cue = comps[0], attributor.speaker(token), lemma
                words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
            elif token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
                # "Well over 800,000 Ukrainians have become refugees, the UN believes."
                clause, agent, cue = token.head, attributor.speaker(token), lemma
                own = {t.i for t in token.subtree}
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
        words = [t for t in _longest_run(words) if not t.is_space]
        while words and words[-1].is_punct and not words[-1].is_quote:
            words.pop()
        while words and words[0].is_punct and not words[0].is_quote:
            words.pop(0)
        if agent is None or agent.key is None or len(words) < 3 or any(t.i in direct for t in words):
            continue
        start_char, end_char = words[0].idx, words[-1].idx + len(words[-1].text)
        sent = token.sent
        found.append(Quote(
            text=attributor.text[start_char:end_char],
            span=Span(start_char, end_char),
            speaker=agent.key,
            speaker_text=agent.text,
            cue=cue,
            kind="indirect",
            evidence=sentence_span(sent),
        ))
    return found
