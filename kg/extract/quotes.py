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

from spacy.tokens import Doc, Token

from kg.extract.lexicon import QUOTE_VERBS, SPEECH_VERBS
from kg.extract.quotemarks import QuoteSpan, is_quotation, quote_spans
from kg.extract.reference import Agent, Resolver
from kg.extract.spans import covering, sentence_span
from kg.records import Quote, Span


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

    def _tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def cue_for(self, q: QuoteSpan) -> Token | None:
        tokens = self._tokens(q.start, q.end)
        if not tokens:
            return None
        sents = {t.sent.start: t.sent for t in tokens}
        first, last = tokens[0], tokens[-1]
        candidates: list[tuple[int, Token]] = []
        for sent in sents.values():
            for t in sent:
                if t.i in self.quoted or t.lemma_.lower() not in QUOTE_VERBS or t.pos_ not in ("VERB", "AUX"):
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
        prev_sent = self._sentence_before(first)
        if prev_sent is not None and prev_sent.text.rstrip().endswith(":"):
            verbs = [t for t in prev_sent if t.lemma_.lower() in QUOTE_VERBS and t.pos_ == "VERB" and t.i not in self.quoted]
            if verbs:
                return verbs[-1]
        return None

    def _sentence_before(self, token: Token):  # noqa: ANN202 - a spaCy Span
        start = token.sent.start
        return self.doc[start - 1].sent if start > 0 else None

    def speaker(self, cue: Token) -> Agent | None:
        verb = cue
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.i not in self.quoted]
            if subjects:
                return self.resolver.agent(subjects[0])
            if verb.dep_ == "conj":
                left = self._coordinated_subject(verb)
                if left is not None:
                    return self.resolver.agent(left)
            if verb.dep_ in ("advcl", "conj", "xcomp", "ccomp") and verb.head != verb:
                verb = verb.head
            else:
                break
        return None

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


def find_quotes(doc: Doc, resolver: Resolver) -> list[Quote]:
    """Every attributed quotation in the Doc, direct then reported, in text order."""
    text = doc.text
    spans = [q for q in quote_spans(text) if is_quotation(text[q.start:q.end])]
    attributor = _Attributor(doc, resolver)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_end_para = -1
    for q in spans:
        start, end = _trimmed(text, q.start, q.end)
        tokens = attributor._tokens(start, end)
        if not tokens:
            continue
        cue = attributor.cue_for(q)
        agent = attributor.speaker(cue) if cue is not None else None
        para = text.count("\n\n", 0, start)
        if agent is None and previous is not None and cue is None:
            opens_paragraph = start <= 1 or text[:start - 1].endswith("\n") or text[start - 2:start - 1] in ("\n",)
            starts_sentence = tokens[0].is_sent_start or tokens[0].i == tokens[0].sent.start + 1
            if para - previous_end_para <= 1 and (opens_paragraph or starts_sentence):
                agent = Agent(previous.speaker, previous.speaker_text or "")
        if agent is None or agent.key is None and not agent.text:
            continue
        covered = [t.sent for t in tokens] + ([cue.sent] if cue is not None else [])
        evidence = covering(covered)
        quote = Quote(
            text=text[start:end],
            span=Span(start, end),
            speaker=agent.key,
            speaker_text=agent.text,
            cue=cue.lemma_.lower() if cue is not None else (previous.cue if previous else None),
            kind="direct",
            evidence=evidence,
        )
        quotes.append(quote)
        previous, previous_end_para = quote, text.count("\n\n", 0, end)
    quotes.extend(_reported(doc, resolver, attributor))
    return sorted(quotes, key=lambda q: (q.span.start, q.span.end))


def _longest_run(tokens: list[Token]) -> list[Token]:
    """The longest stretch of consecutive tokens, so a clause split by "according to X" keeps its larger part."""
    runs: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and runs[-1][-1].i + 1 == t.i:
            runs[-1].append(t)
        else:
            runs.append([t])
    return max(runs, key=len) if runs else []


def _reported(doc: Doc, resolver: Resolver, attributor: _Attributor) -> list[Quote]:
    """Reported speech: "X said (that) CLAUSE", "CLAUSE, X believes", "according to X, CLAUSE"."""
    found: list[Quote] = []
    for token in doc:
        if token.i in attributor.quoted or token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        if lemma in SPEECH_VERBS:
            comps = [c for c in token.children if c.dep_ == "ccomp"]
            if comps:
                clause, agent, cue = comps[0], attributor.speaker(token), lemma
                words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
            elif token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
                # "Well over 800,000 Ukrainians have become refugees, the UN believes."
                clause, agent, cue = token.head, attributor.speaker(token), lemma
                words = [t for t in clause.subtree if t not in set(token.subtree)]
            else:
                continue
        elif token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is None or token.head == token:
                continue
            clause, agent, cue = token.head, resolver.agent(obj), "according to"
            words = [t for t in clause.subtree if t not in set(token.subtree)]
        else:
            continue
        words = [t for t in _longest_run(words) if not t.is_space]
        while words and words[-1].is_punct:
            words.pop()
        while words and words[0].is_punct:
            words.pop(0)
        if agent is None or agent.key is None or len(words) < 3 or any(t.i in attributor.quoted for t in words):
            continue
        start_char, end_char = words[0].idx, words[-1].idx + len(words[-1].text)
        sent = token.sent
        found.append(Quote(
            text=doc.text[start_char:end_char],
            span=Span(start_char, end_char),
            speaker=agent.key,
            speaker_text=agent.text,
            cue=cue,
            kind="indirect",
            evidence=sentence_span(sent),
        ))
    return found
