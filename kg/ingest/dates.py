"""Publication dates as news pages and data dumps write them."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4,5})"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"

_FORMS = [
    re.compile(rf"^(?:[A-Za-z]+,?\s+)?{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}$", re.I),
    re.compile(rf"^(?:[A-Za-z]+,?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}$", re.I),
]
_ISO = re.compile(r"^(?P<year>\d{4,5})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ].*)?$")


class BadDate(ValueError):
    """A string that looks like a date but names no real day (31 February, year 20222)."""


def _make(year: str, month: int | None, day: str) -> date:
    if month is None:
        raise BadDate("unknown month name")
    y, d = int(year), int(day)
    if not 1 <= y <= 9999:
        raise BadDate(f"year {year} is out of range")
    try:
        return date(y, month, d)
    except ValueError as exc:
        raise BadDate(f"{year}-{month:02d}-{int(day):02d} is not a real date ({exc})") from None


def parse_date(text: str) -> date | None:
    """The calendar date a metadata string gives, or None when it is not a date at all.

    Raises BadDate for strings shaped like dates that name no real day, so the caller can say so.
    """
    s = " ".join(text.strip().split())
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return _make(m["year"], int(m["month"]), m["day"])
    for form in _FORMS:
        m = form.match(s)
        if m:
            return _make(m["year"], MONTHS.get(m["month"].lower()), m["day"])
    if re.search(r"\d{1,2}:\d{2}", s) and re.search(r"[A-Za-z]{3}", s):
        try:
            return parsedate_to_datetime(s).date()
        except (TypeError, ValueError, IndexError):
            return None
    return None


_DATELINE_LABEL = re.compile(r"^(?:published|updated|last updated|posted|first published)\s*:?\s*", re.I)


def dateline(line: str) -> date | None:
    """The date of a dateline such as ``2 March 2022, 13:44 | Updated: 2 March 2022, 18:14``.

    The whole line must be date stamps (separated by ``|``); a sentence that merely contains a
    date is not a dateline.
    """
    parts = [p.strip() for p in line.split("|") if p.strip()]
    if not parts:
        return None
    found: list[date] = []
    for part in parts:
        try:
            d = parse_date(_DATELINE_LABEL.sub("", part))
        except BadDate:
            return None
        if d is None:
            return None
        found.append(d)
    return found[0]

