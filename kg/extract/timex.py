"""Normalise date expressions ("on Wednesday", "yesterday", "2 March") against a publication date.

Values follow TimeML/TIMEX3: ``2022-03-02``, ``2022-W09``, ``2022-03``, ``2022``, ``199`` (the
1990s), ``2022-Q1``, ``2022-SU``, ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``. Without a
publication date a relative expression has no value: "yesterday" in an undated article is never
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kg.extract.lexicon import lexicon
from kg.extract.spans import doc_ents
from kg.ingest.dates import MONTHS

_MONTHS = {**MONTHS, "may-month": 5}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_LEAD = re.compile(r"^(?:(?:on|in|at|by|since|from|until|till|of|during|for|as\s+of|as\s+early\s+as|earlier|later|early|late|the|this\s+past|past)\s+)+")


@dataclass(frozen=True, slots=True)
class TimeValue:
    value: str
    day: date | None = None  # set when the value is one calendar day


def _day(d: date) -> TimeValue:
    return TimeValue(d.isoformat(), d)


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month_shift(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else lexicon().date_numbers.get(word)


def _year_for(month: int, day: int | None, dct: date, tense: str) -> int:
    """The year of a month (and day) written without one: the nearest such date in the tense's direction."""
    candidate = date(dct.year, month, min(day or 1, 28))
    if tense == "future":
        return dct.year + 1 if (dct - candidate).days > 60 else dct.year
    return dct.year - 1 if (candidate - dct).days > 60 else dct.year


def normalise(text: str, dct: date | None, *, tense: str = "past") -> TimeValue | None:
    """``_normalise``, with None for a day beyond the calendar ("yesterday" on 0001-01-01, "5000000 days ago")."""
    try:
        value = _normalise(text, dct, tense=tense)
        if value is None:  # "Tuesday - day six of the invasion": the day before the aside
            head = re.split(r"\s+[-–—]\s+|,\s+", text.strip(), maxsplit=1)
            value = _normalise(head[0], dct, tense=tense) if len(head) == 2 else None
        return value
    except OverflowError:
        return None


def _normalise(text: str, dct: date | None, *, tense: str = "past") -> TimeValue | None:
    """The TIMEX3 value of a date expression, or None when it has none (or needs a missing date).

    ``tense`` is the tense of the clause ("past", "present" or "future") and decides which
    Wednesday "on Wednesday" is.
    """
    s = " ".join(text.lower().replace("’", "'").split())
    s = re.sub(r"[.,;:!?]+$", "", s)
    whole = s
    s = _LEAD.sub("", s).strip()
    s = re.sub(r"^(?:early|mid|late)-", "", s)
    s = re.sub(r"\b(?:fiscal|financial|calendar)\s+(year|quarter)", r"\1", s)
    if re.search(r"\bMay\b", text):
        s = re.sub(r"\bmay\b", "may-month", s)  # in a date expression "May" is the month, not the modal
    reference = _reference(whole) or _reference(s)
    if reference:
        return TimeValue(reference)
    known = known_day(whole)
    if known is not None and (dct is None or dct >= known):
        return _day(known)  # "the first day of the invasion"
    if not s:
        return None

    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return _safe_day(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(?:\w+day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z-]+)\.?,?(?:\s+(\d{4}))?", s)
    if m and m[2] in _MONTHS:
        return _month_day(_MONTHS[m[2]], int(m[1]), m[3], dct, tense)
    m = re.fullmatch(r"(?:\w+day,?\s+)?([a-z-]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", s)
    if m and m[1] in _MONTHS:
        return _month_day(_MONTHS[m[1]], int(m[2]), m[3], dct, tense)
    m = re.fullmatch(r"([a-z-]+)\.?,?\s+(\d{4})", s)
    if m and m[1] in _MONTHS:
        return TimeValue(f"{int(m[2]):04d}-{_MONTHS[m[1]]:02d}")
    m = re.fullmatch(r"(?:early|mid|late|mid-)?-?\s*(\d{4})", s)
    if m:
        return TimeValue(m[1])
    m = re.fullmatch(r"(?:the\s+)?(?:early|mid|late)?-?\s*(\d{3})0'?s", s)
    if m:
        return TimeValue(m[1])
    m = re.fullmatch(r"(?:fiscal|fy)\s*(\d{4})", s)
    if m:
        return TimeValue(m[1])
    m = re.fullmatch(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)[\s-]+century", s)
    if m:
        return TimeValue(f"{int(m[1]) - 1:02d}")
    m = re.fullmatch(r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+(year|month|week|day)s?(?:\s+old)?", s)
    if m and (n := _count(m[1])):
        return TimeValue(f"P{n}{m[2][0].upper()}")  # a length of time, as TimeML writes it

    if dct is None:
        return None  # every remaining form is relative to the publication date

    m = re.fullmatch(r"(last|next|this)?\s*([a-z-]+)\.?", s)
    if m and m[2] in _MONTHS and m[2] != "may":
        month = _MONTHS[m[2]]
        if m[1] == "last":  # the latest such month before this one
            year = dct.year if month < dct.month else dct.year - 1
        elif m[1] == "next":
            year = dct.year if month > dct.month else dct.year + 1
        elif m[1] == "this":
            year = dct.year
        else:
            year = dct.year - 1 if tense == "past" and month > dct.month else dct.year
        return TimeValue(f"{year:04d}-{month:02d}")
    if re.fullmatch(rf"(?:today|tonight|this\s+(?:morning|afternoon|evening)|today{_PART_OF_DAY}|overnight|this\s+day)", s):
        return _day(dct)
    if re.fullmatch(rf"(?:yesterday{_PART_OF_DAY}|last\s+(?:night|evening)|the\s+previous\s+day|a\s+day\s+earlier|the\s+day\s+before)", s):
        return _day(dct - timedelta(days=1))
    if s in ("the day before yesterday",):
        return _day(dct - timedelta(days=2))
    if re.fullmatch(rf"tomorrow{_PART_OF_DAY}", s):
        return _day(dct + timedelta(days=1))
    m = re.fullmatch(rf"(last|next|this|coming|previous)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)'?s?{_PART_OF_DAY}", s)
    if m:
        return _day(_weekday(lexicon().weekdays[m[2]], dct, m[1], tense))
    m = re.fullmatch(r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(day|week|month|year)s?\s+ago", s)
    if m:
        n = _count(m[1]) or 1
        unit = m[2]
        if unit == "day":
            return _day(dct - timedelta(days=n))
        if unit == "week":
            return TimeValue(_week(dct - timedelta(weeks=n)))
        if unit == "month":
            y, mo = _month_shift(dct, -n)
            return TimeValue(f"{y:04d}-{mo:02d}")
        return TimeValue(f"{dct.year - n:04d}")
    m = re.fullmatch(r"(this|last|next|the\s+past|the\s+previous|the\s+next|the\s+coming|previous|coming)?\s*(week|weekend|month|year|quarter|spring|summer|autumn|fall|winter)", s)
    if m:
        return _relative_period((m[1] or "this").replace("the ", ""), m[2], dct)
    m = re.fullmatch(r"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter(?:\s+of\s+(\d{4}))?", s)
    if m:
        return TimeValue(f"{m[2] or dct.year}-Q{_ORDINALS[m[1]]}")
    m = re.fullmatch(r"(?:the\s+)?(?:same|that)\s+day", s)
    if m:
        return None
    return None




def _reference(s: str) -> str | None:
    return lexicon().time_references.get(s)


def _safe_day(y: int, m: int, d: int) -> TimeValue | None:
    try:
        return _day(date(y, m, d))
    except ValueError:
        return None


def _month_day(month: int, day: int, year: str | None, dct: date | None, tense: str) -> TimeValue | None:
    if year:
        return _safe_day(int(year), month, day)
    if dct is None:
        return None
    return _safe_day(_year_for(month, day, dct, tense), month, day)


def _weekday(target: int, dct: date, modifier: str | None, tense: str) -> date:
    """Which day a weekday name means, seen from the publication date.

    "last Monday" and a past-tense "on Monday" are the latest Monday not after the publication
    date (the same day counts); "next Monday" and a future-tense one are the first Monday after it.
    """
    delta_back = (dct.weekday() - target) % 7
    delta_forward = (target - dct.weekday()) % 7
    if modifier in ("next", "coming"):
        return dct + timedelta(days=delta_forward or 7)
    if modifier in ("last", "previous"):
        return dct - timedelta(days=delta_back or 7)
    if tense == "future":
        return dct + timedelta(days=delta_forward)
    return dct - timedelta(days=delta_back)


def _relative_period(which: str, unit: str, dct: date) -> TimeValue | None:
    shift = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which.strip(), 0)
    if unit == "week":
        return TimeValue(_week(dct + timedelta(weeks=shift)))
    if unit == "weekend":
        return TimeValue(_week(dct + timedelta(weeks=shift)) + "-WE")
    if unit == "month":
        y, mo = _month_shift(dct, shift)
        return TimeValue(f"{y:04d}-{mo:02d}")
    if unit == "year":
        return TimeValue(f"{dct.year + shift:04d}")
    if unit == "quarter":
        q = (dct.month - 1) // 3 + shift
        y = dct.year + q // 4
        return TimeValue(f"{y:04d}-Q{q % 4 + 1}")
    season = lexicon().seasons[unit]
    return TimeValue(f"{dct.year + shift:04d}-{season}")


_PROBE = date(2000, 6, 15)  # a publication date to tell date words from other words a model tagged DATE
_DATE_LABELS = ("DATE", "TIME")


def known_day(text: str) -> date | None:
    """The day an event of the story names ("the first day of the invasion"), from ``lexicons/known_days.tsv``."""
    words = re.sub(r"^the\s+", "", " ".join(text.lower().replace("’", "'").split()))
    day = lexicon().known_days.get(re.sub(r"[.,;:!?]+$", "", words))
    return date.fromisoformat(day) if day else None


def is_date_words(text: str) -> bool:
    """Words that name a time ("Wednesday", "March 9", "yesterday", "1941"), not a length of time
    ("five-year", "68-year-old", "seconds") nor a vague reference ("the days", "now")."""
    value = normalise(text, _PROBE)
    if value is None:
        return known_day(text) is not None  # "the first day of the invasion", after the probe's day
    return not value.value.startswith("P") and not value.value.endswith("_REF")


def clause_verb(token):  # noqa: ANN001, ANN201 - spaCy Tokens
    """The verb of the clause a token sits in (the token itself when it is one)."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    return verb


# A wire photo's caption ends with its place and the day the picture was taken, set off by commas:
# "Gutted cars after a night air raid in the village of Bushiv, Ukraine, Friday, March 4, 2022."
_CAPTION_DATELINE = re.compile(r",\s+([A-Z][a-z]+),\s+(?:([A-Z][a-z]+),\s+)?([A-Z][a-z]+)\.?\s+\d{1,2},\s+\d{4}\.?\W*$")


def is_caption(sent) -> bool:  # noqa: ANN001 - a spaCy Span
    """Is the sentence a photo's or a video's caption (its date the picture's, its people the picture's)?"""
    text = sent.text  # the text first: most sentences are no caption, and a Span's tokens cost more to walk
    if any(mark in text for mark in "():") and {t.lower_ for t in sent} & lexicon().caption_markers \
            and any(t.text in ("(", ")", ":") for t in sent):
        return True
    if " seen " in text and any(t.lemma_ == "see" and t.tag_ == "VBN" and any(
            c.dep_ == "auxpass" and c.lower_ in ("is", "are") for c in t.children) for t in sent):
        return True  # "A destroyed Russian tank is seen after battles near Brovary, Ukraine on Thursday."
    # ", Friday, March 4, 2022." or ", Ukraine, March 4, 2022." or ", Ukraine, Friday, March 4, 2022."
    dateline = _CAPTION_DATELINE.search(text)
    if not dateline:
        return False
    weekdays = lexicon().weekdays
    first, second = dateline.group(1).lower(), (dateline.group(2) or "").lower()
    return first in weekdays or second in weekdays or dateline.group(3).lower() in _MONTHS


# A wire photo's day in a sentence its caption ran into: "... in Moscow, Russia, Tuesday, March 1, 2022 Russian
# missiles hit a gas terminal ... in Lviv on Saturday": a weekday, a month's day and a year set off by a comma
_PICTURE_DAY = re.compile(r",\s+([A-Z][a-z]+),\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\b")


def _picture_days(sent) -> list[tuple[int, int]]:  # noqa: ANN001 - a spaCy Span
    """The character ranges of the wire photos' days a sentence holds."""
    return [(sent.start_char + m.start(), sent.start_char + m.end()) for m in _PICTURE_DAY.finditer(sent.text)
            if m[1].lower() in lexicon().weekdays]


def date_spans(sent, *, as_of: bool = False) -> list:  # noqa: ANN001 - a spaCy Span
    """The sentence's date words: DATE and TIME entities, and loose date words outside them; never "as of", never
    a photo's day."""
    doc = sent.doc
    spans = [_with_event(e) for e in doc_ents(doc) if e.label_ in _DATE_LABELS and sent.start <= e.start < sent.end]
    covered = {t.i for e in spans for t in e}
    spans += [doc[t.i:t.i + 1] for t in sent if t.lower_ in lexicon().loose_date_words and t.i not in covered]
    out = []
    for span in spans:
        before = doc[max(span.start - 2, sent.start):span.start].text.lower()
        if before.endswith("as of") and not as_of or not is_date_words(span.text):
            continue  # "as of March 20" is the day of a report, not of an event
        out.append(span)
    pictures = _picture_days(sent)
    if pictures:
        out = [e for e in out if not any(a <= e.start_char < b for a, b in pictures)]
    return sorted(out, key=lambda e: e.start)


def _with_event(span):  # noqa: ANN001, ANN202 - spaCy Spans
    """A DATE the model ended before the event that names its day: "the first day" + "of the invasion"."""
    doc = span.doc
    if span[-1].lower_ not in ("day", "one") or span.end >= len(doc) or doc[span.end].lower_ != "of":
        return span
    for end in range(span.end + 2, min(span.end + 6, span.sent.end) + 1):
        if known_day(doc[span.start:end].text) is not None:
            return doc[span.start:end]
    return span


def _ends_sentence(span) -> bool:  # noqa: ANN001 - a spaCy Span
    return span.text.rstrip()[-1:] in (".", "!", "?", '"', "”", "’", "'", ":")


def heading_dates(sent) -> list:  # noqa: ANN001, ANN201 - spaCy Spans
    """The date words of a list heading ("In other developments today") over the unpunctuated
    items below it, for an item of such a list: a live report's list dates each item."""
    doc = sent.doc
    current = sent
    for _ in range(12):
        if _ends_sentence(current) or current.start == 0:
            return []
        previous = doc[current.start - 1].sent
        if _ends_sentence(previous):
            return []
        if not any(t.pos_ in ("VERB", "AUX") for t in previous):
            dates = date_spans(previous)
            if dates:
                return dates[:1]
        current = previous
    return []


def _clauses_above(verb) -> list:  # noqa: ANN001 - a spaCy Token
    """The verbs of the clauses a clause is part of, up to the sentence's main one; a relative clause
    ("troops who captured the zone were brought to Gomel today") is background to its sentence."""
    out = []
    node = verb
    while node.head != node and node.dep_ not in ("relcl", "acl"):
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            out.append(node)
    return out


def _fronted(span) -> bool:  # noqa: ANN001 - a spaCy Span
    """Does a date open its sentence, set off by a comma ("On Sunday, ...", "Early Monday, ...")?"""
    doc, start = span.doc, span.sent.start
    return span.start - start <= 2 and span.end < len(doc) and doc[span.end].text == "," \
        and all(t.pos_ in ("ADP", "ADV", "ADJ") for t in doc[start:span.start])


def event_dates(token, *, report_verbs: frozenset[str], reported: bool = False) -> tuple[list, list]:  # noqa: ANN001
    """The date words of the event a token names: those governing its own clause (or inside its own
    phrase), and the others of its sentence that do not date a report ("said on Tuesday that...").
    A photo caption's dates are the picture's: none. ``reported``: the token is a claim whose date
    is the day it was reported ("said Tuesday that 10 were killed", "as of March 20")."""
    sent = token.sent
    if is_caption(sent):
        return [], []
    verb = clause_verb(token)
    above = _clauses_above(verb)
    # "destroyed by Russian shelling on Tuesday", the gerund parsed as a clause of its own
    below = {c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG"}
    # "was hit by shelling on Tuesday", "Shelling late Saturday struck an oil depot": the gerund of the verb's agent or
    # subject, parsed as a clause of its own, is the event
    by = {g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"}
    by |= {c for c in verb.children if c.dep_ == "csubj" and c.tag_ == "VBG"}
    own, others = [], []
    for span in date_spans(sent, as_of=reported):
        if _in_apposition(span, token):
            continue  # "captured Chernobyl, the site of the deadly 1986 nuclear disaster": the place's, not the event's
        governor = clause_verb(span.root.head if span.root.head != span.root else span.root)
        if governor == verb or governor in by or token.pos_ != "VERB" and span.root in token.subtree:
            own.append(span)  # "shelled Kharkiv on Tuesday", "Tuesday's strikes on Kharkiv"
        elif governor in below:
            others.append(span)
        elif governor in above and (reported or not (governor.lemma_.lower() in report_verbs
                                                     and any(c.dep_ in ("ccomp", "parataxis") for c in governor.children))):
            others.append(span)  # not "said on Tuesday that ...": the day of the report
        elif _fronted(span) and verb == sent.root and governor in verb.subtree and governor.dep_ == "ccomp" \
                and any(c.dep_ == "mark" for c in governor.children):
            others.append(span)  # "On Sunday, as residents were trying to flee, Russian forces fired mortar shells on
            # the city": the day that opens the sentence, the parse having hung it on the "as" clause
    near = lambda e: abs(e.root.i - token.i)  # noqa: E731
    if not own and not others:
        others = heading_dates(sent)
    return sorted(own, key=near), sorted(others, key=near)


def _in_apposition(span, token) -> bool:  # noqa: ANN001 - a spaCy Span and Token
    """Is a date inside an apposition that describes something other than the token's own phrase?"""
    for a in span.root.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return False
        if a.dep_ == "appos" and token not in a.subtree:
            return True
    return False


def of_another_era(token, published: date | None, *, report_verbs: frozenset[str]) -> bool:  # noqa: ANN001
    """Does a token's clause tell of another war or era: a year before the article's, a decade or a
    century in its clause or in a date clause it hangs from ("since 2017, when North Korea
    test-fired ..."), a span of years ("have been attacking ... for eight years", "over the last
    century"), or a named past
    war in its sentence?"""
    sent = token.sent
    text = " " + " ".join(t.lower_ for t in sent) + " "
    eras = [w for w in lexicon().other_eras if f" {w} " in text]
    # "the biggest exodus since World War II", "worse than the Blitz": a yardstick; "the post-Cold War order": after it
    if any(not re.search(rf"\b(?:since|than)\s+(?:the\s+)?{re.escape(w)}\b|\b(?:post|pre) - {re.escape(w)}\b", text)
           for w in eras):
        return True
    clause = " ".join(t.lower_ for t in clause_verb(token).subtree)
    if re.search(r"\b(?:for|over)\s+(?:the\s+(?:past|last)\s+)?(?:\w+\s+years|(?:\w+\s+)?(?:decades|century|centuries))\b", clause):
        return True
    if narrated_earlier(token, published):
        return True
    own, _ = event_dates(token, report_verbs=report_verbs)
    above = {a.i for a in token.ancestors}
    own += [e for e in doc_ents(sent.doc) if e.label_ == "DATE" and sent.start <= e.start < sent.end and any(t.i in above for t in e)]
    for span in own:
        value = normalise(span.text, published)
        if value is None or published is None:
            continue
        m = re.match(r"\d{2,4}", value.value)
        if m and (len(m[0]) < 4 or int(m[0]) < published.year):
            return True  # "in 1986", "the 1941 Japanese strike", "the 1990s", "last year"
    return False


def starts_a_period(ent) -> bool:  # noqa: ANN001 - a spaCy Span
    """Is a date the start of a period that reaches the article ("since 2014")?"""
    doc = ent.doc
    return (doc[ent.start - 1].lower_ if ent.start > 0 else "") == "since" or ent[0].lower_ == "since"


def dates_a_since_clause(ent, verb) -> bool:  # noqa: ANN001 - a spaCy Span and Token
    """Does a date fix the start of a period, as the date of a clause of "since" other than ``verb``'s own
    ("attacks that have taken place since Russia invaded Ukraine on Thursday")?"""
    governor = clause_verb(ent.root.head if ent.root.head != ent.root else ent.root)
    return governor != verb and any(c.dep_ == "mark" and c.lower_ == "since" for c in governor.children)


def names_year_before(ent, published: date) -> bool:  # noqa: ANN001 - a spaCy Span
    """Does a date name a year (or a decade) before the article's ("2014", "the 1990s")?"""
    return any(re.fullmatch(r"(1[5-9]\d\d|20\d\d)s?", t.text) and int(t.text[:4]) < published.year for t in ent)


def earlier_year(ent, published: date) -> bool:  # noqa: ANN001 - a spaCy Span
    """Is a date a year before the article's, not the start of a period ("since 2014") nor an aside ("Crimea,
    which Russia annexed in 2014, ...", "Chernobyl, the site of the deadly 1986 nuclear disaster")?"""
    if starts_a_period(ent) or any(a.dep_ in ("relcl", "appos") for a in ent.root.ancestors):
        return False
    return names_year_before(ent, published)


def paragraph_start(doc, i: int) -> int:  # noqa: ANN001 - a spaCy Doc
    """The first token of the paragraph token ``i`` is in."""
    while i > 0 and "\n" not in doc[i - 1].text:
        i -= 1
    return i


def narrated_earlier(token, published: date | None) -> bool:  # noqa: ANN001 - a spaCy Token
    """Is the token told in a paragraph's narrative of an earlier year, set by a sentence opening
    with its date ("In 1994, I was a young journalist ... When the fighting ended in Rwanda,
    800,000 people were dead")? The latest dated sentence of its paragraph up to its own decides,
    and only when its date opens it."""
    if published is None:
        return False
    doc = token.doc
    start = paragraph_start(doc, token.sent.start)
    spans = [e for e in doc_ents(doc) if e.label_ in _DATE_LABELS and start <= e.start < token.sent.end and is_date_words(e.text)]
    if not spans:
        return False
    span = spans[-1]
    opening = span.sent.start if doc[span.sent.start].pos_ != "ADP" else span.sent.start + 1
    value = normalise(span.text, published)
    if span.start != opening or value is None:
        return False
    m = re.match(r"\d{2,4}", value.value)
    return bool(m) and (len(m[0]) < 4 or int(m[0]) < published.year)


def clause_tense(token) -> str:  # noqa: ANN001 - a spaCy Token; kept loose so tests can pass stubs
    """The tense of the clause a token sits in: "future" with will/shall/'ll/going to, else past/present."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "shall", "'ll", "wo"):
            return "future"
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    return "present"
