"""Date expressions normalised against the publication date, TimeML style."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.timex import normalise

WED = date(2022, 3, 2)  # a Wednesday, the seeds' publication date


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("today", "past", "2022-03-02"),
        ("earlier today", "past", "2022-03-02"),
        ("yesterday", "past", "2022-03-01"),
        ("last night", "past", "2022-03-01"),
        ("on Wednesday", "past", "2022-03-02"),
        ("Wednesday morning", "past", "2022-03-02"),
        ("on Tuesday", "past", "2022-03-01"),
        ("Thursday", "past", "2022-02-24"),
        ("Thursday", "future", "2022-03-03"),
        ("next Monday", "past", "2022-03-07"),
        ("last Wednesday", "past", "2022-02-23"),
        ("on Friday", "past", "2022-02-25"),
        ("two days ago", "past", "2022-02-28"),
        ("2 March", "past", "2022-03-02"),
        ("March 2nd", "past", "2022-03-02"),
        ("December 25", "past", "2021-12-25"),
        ("24 February 2022", "past", "2022-02-24"),
        ("last week", "past", "2022-W08"),
        ("this month", "past", "2022-03"),
        ("last year", "past", "2021"),
        ("March 2021", "past", "2021-03"),
        ("1990s", "past", "199"),
        ("now", "past", "PRESENT_REF"),
        ("recently", "past", "PAST_REF"),
        ("the past", "past", "PAST_REF"),
        ("at the time", "past", "PAST_REF"),
        ("last May", "past", "2021-05"),
        ("last January", "past", "2022-01"),
        ("mid-May", "future", "2022-05"),
        ("this fiscal year", "past", "2022"),
        ("the 20th century", "past", "19"),
        ("five years", "past", "P5Y"),
        # a day the story names by its event
        ("the first day of the invasion", "past", "2022-02-24"),
    ],
)
def test_values(text, tense, value):
    got = normalise(text, WED, tense=tense)
    assert got is not None and got.value == value


def test_calendar_days_are_dates():
    assert normalise("yesterday", WED).day == date(2022, 3, 1)
    assert normalise("last week", WED).day is None


@pytest.mark.parametrize("text", ["yesterday", "on Wednesday", "today", "last night", "two days ago", "2 March"])
def test_relative_dates_without_publication_date_stay_unresolved(text):
    assert normalise(text, None) is None


@pytest.mark.parametrize("text", ["", "the fighting", "seconds", "24 hours", "recent days and weeks"])
def test_non_dates(text):
    got = normalise(text, WED)
    assert got is None or got.day is None


def test_absolute_dates_need_no_publication_date():
    assert normalise("March 2, 2022", None).day == date(2022, 3, 2)


@pytest.mark.parametrize(
    ("text", "real"),
    [("Wednesday", True), ("March 9", True), ("yesterday", True), ("1941", True), ("overnight", True),
     ("five-year", False), ("68-year-old", False), ("seconds", False), ("the days", False), ("now", False)],
)
def test_only_words_that_name_a_time_are_date_words(text, real):
    from kg.extract.timex import is_date_words

    assert is_date_words(text) is real


@pytest.mark.parametrize(
    ("text", "own", "other"),
    [("Russian forces shelled Kharkiv on Tuesday.", ["Tuesday"], []),
     ("Officials said on Tuesday that missiles had hit Kharkiv.", [], []),
     ("As of March 20, missiles had hit Kharkiv.", [], []),
     ("Kharkiv, Tuesday, Feb. 1. (AP Photo/Vadim Ghirda) Missiles hit the city.", [], [])],
)
def test_an_event_is_dated_by_its_own_clause_never_by_a_report_a_caption_or_as_of(nlp, text, own, other):
    from kg.extract.lexicon import lexicon
    from kg.extract.timex import event_dates

    doc = nlp(text)
    trigger = next(t for t in doc if t.lemma_ in ("shell", "hit"))
    got = event_dates(trigger, report_verbs=lexicon().claim_verbs)
    assert ([s.text for s in got[0]], [s.text for s in got[1]]) == (own, other)


def test_a_day_named_by_an_event_is_not_one_before_it():
    assert normalise("the first day of the war", date(2021, 5, 1)) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a date the model ran into an aside: the day before the dash or the comma
        ("Tuesday - day", "2022-03-01"),
        ("Tuesday, day six", "2022-03-01"),
        # a whole date with a comma is read whole
        ("March 1, 2022", "2022-03-01"),
        ("Friday, March 4", "2022-03-04"),
    ],
)
def test_the_day_before_an_aside(text, value):
    assert normalise(text, date(2022, 3, 2)).value == value
