"""Canonical keys for names, so that spellings of one name meet.

Transliterations of Ukrainian and Russian names disagree on y/i/ii/iy and on doubled letters
(Boychenko, Boichenko; Zelensky, Zelenskyy, Zelenskiy; Odesa, Odessa); ``name_key`` folds those
differences away and nothing else, so distinct names stay distinct.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from kg.records import Place
from kg.resolve.data import rows

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


_ASCII_PUNCT = str.maketrans({ch: " " for ch in map(chr, range(128)) if not ch.isalnum()})


def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces."""
    if text.isascii():  # the common case, kept fast: the gazetteer folds a third of a million names
        text = text.lower()
        if "'" in text:
            text = re.sub(r"'s\b", "", text)
        return " ".join(text.translate(_ASCII_PUNCT).split())
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w']+", " ", text)
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode("ascii")))


@lru_cache(maxsize=1 << 16)  # a pure function of a word, asked for the same words again and again
def _token_key(token: str) -> str:
    t = token
    t = re.sub(r"(?:yy|iy|ij|yj|ii|yi)$", "y", t)  # Zelenskyy, Zelenskiy, Zelenskij -> Zelensky
    t = t.replace("j", "y") if re.search(r"[aeiou]j|j[aeiou]", t) and not t.startswith("j") else t
    t = t.replace("kh", "h").replace("y", "i").replace("w", "v")
    t = t.replace("ks", "x").replace("ck", "k").replace("ph", "f")
    return re.sub(r"(.)\1+", r"\1", t)  # Odessa -> Odesa, Zelenskii -> Zelenski


def name_key(name: str) -> str:
    """The spelling-insensitive key of a name: ``name_key('Vadym Boichenko') == name_key('Vadym Boychenko')``."""
    return " ".join(_token_key(t) for t in fold(name).split())


@cache
def titles() -> frozenset[str]:
    """Words written before a name that are not part of it (``data/titles.tsv``)."""
    return frozenset(row[0] for row in rows("titles.tsv"))


@cache
def demonyms() -> frozenset[str]:
    """Nationality words (``data/demonyms.tsv``, the gazetteer's): "Ukrainian Ivan Petrenko" is Ivan Petrenko."""
    return frozenset(fold(row[0]) for row in rows("demonyms.tsv"))


@cache
def post_nominals() -> frozenset[str]:
    """Letters written after a name that are not part of it (``data/post_nominals.tsv``): "Guy Mansfield QC"."""
    return frozenset(row[0] for row in rows("post_nominals.tsv"))


def strip_titles(name: str) -> str:
    """``Mayor Vadym Boychenko`` -> ``Vadym Boychenko``, ``Guy Mansfield QC`` -> ``Guy Mansfield``; a name
    that is only a title stays as it is."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and (fold(words[i]).replace(" ", "") in titles() or fold(words[i]) in demonyms()):
        i += 1
    rest = words[i:]
    while len(rest) > 2 and rest[-1].isupper() and fold(rest[-1]) in post_nominals():
        rest = rest[:-1]
    return " ".join(rest)


def strip_possessive(text: str) -> str:
    return re.sub(r"['’]s?$", "", text.strip())


def place_key(place: Place | None, name: str) -> str:
    """The identity key of a place: its gazetteer entry when known, else its spelling-insensitive name."""
    if place is not None:
        return f"place:{fold(place.name)} {place.geonames_id}"
    return f"place:{name_key(name)}"
