"""How a fact the store holds is matched to a gold fact: names, texts, and one-to-one pairing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kg.resolve.gazetteer import Gazetteer
from kg.resolve.names import fold, name_key
from kg.resolve.organizations import is_known_org, org_identity
from kg.resolve.people import known_person

# Courtesy titles are not part of the name: "Sir Archy Kirkwood" is Archy Kirkwood.
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|dame|lord|lady|prof|professor) ")


def normal_name(name: str) -> str:
    """A name folded, without a leading article ("the", "a") or courtesy title ("Sir", "Dr")."""
    return _HONORIFIC.sub("", re.sub(r"^(?:the|a|an) ", "", fold(name)))


def names_match(system: str, acceptable: Iterable[str | None], *, person: bool = False, place: bool = False) -> bool:
    """Does the store's name match one of the acceptable names (None: no name is acceptable)?

    With ``person``, a full name also matches the surname an article gives alone, and the same first
    name and surname with or without middle names: the store names a person by the name the corpus
    gives them ("Joe Biden", "Vladimir Putin"), where the article said "Biden" or "Vladimir V. Putin".
    With ``place``, a country matches the article's other name for it: the store names a country by
    the gazetteer's name ("United Kingdom", "Czechia") where the article said "U.K.", "Britain" or
    "Czech Republic". Any name matches a known organisation's other names ("OHCHR", "UN human rights
    office") and a known facility's ("Zaporizhzhia nuclear power station"): the store names an
    organisation or a facility it knows by one name.
    """
    for option in acceptable:
        if option is None:
            if not system:
                return True
        elif system and (normal_name(system) == normal_name(option) or name_key(normal_name(system)) == name_key(normal_name(option))) \
                or system and person and _surname_of(system, option) or system and place and _same_place(system, option) \
                or system and _same_org(system, option) or system and _same_site(system, option) \
                or system and person and _same_person(system, option):
            return True
    return False


def _same_person(system: str, option: str) -> bool:
    """A well-known person under another full name: the store's "Joe Biden" is the article's "Joseph R.
    Biden Jr." (``kg/resolve/data/people.tsv``)."""
    mine, theirs = known_person(system, alone=False), known_person(option, alone=False)
    return mine is not None and theirs is not None and mine.key == theirs.key


def _same_org(system: str, option: str) -> bool:
    """A known organisation under another of its names: "OHCHR" is "UN human rights office", "State
    Emergency Service of Ukraine" is "State Emergency Service" (``kg/resolve/data/organizations.tsv``)."""
    return (is_known_org(system) or is_known_org(option)) and org_identity(system)[0] == org_identity(option)[0]


def _same_site(system: str, option: str) -> bool:
    """A known facility under another of its names: the store's "Zaporizhzhia Nuclear Power Plant" is the
    article's "Zaporizhzhia nuclear power station" (``kg/resolve/data/sites.tsv``)."""
    gazetteer = Gazetteer.load()
    mine = gazetteer.site(system)
    return mine is not None and mine == gazetteer.site(option)


def _same_place(system: str, option: str) -> bool:
    gazetteer = Gazetteer.load()
    mine = gazetteer.lookup(system)
    theirs = gazetteer.lookup(option)
    their_place = theirs.place if theirs is not None else gazetteer.country_of_demonym(option)
    # countries only: their other names are unambiguous ("U.K.", "Britain"), a town's may not be
    return mine is not None and their_place is not None and mine.place.feature == "country" \
        and mine.place.geonames_id == their_place.geonames_id


def _surname_of(system: str, option: str) -> bool:
    full, alone = name_key(normal_name(system)).split(), name_key(normal_name(option)).split()
    if not full or not alone or not option[:1].isupper():
        return False
    if len(alone) == 1:
        return 2 <= len(full) <= 4 and full[-1] == alone[0]
    return full[0] == alone[0] and full[-1] == alone[-1] and max(len(full), len(alone)) <= 4


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def text_overlap(a: str, b: str) -> float:
    """Token F1 of two texts."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    if not common:
        return 0.0
    p, r = common / len(wa), common / len(wb)
    return 2 * p * r / (p + r)


def match_pairs(gold: list[dict], system: list[dict], same: Callable[[dict, dict], float]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching within each article, best pairs first; ``same`` scores a pair (0: no match)."""
    by_article: dict[str | None, list[int]] = {}
    for si, s in enumerate(system):
        by_article.setdefault(s.get("articleId", s.get("article")), []).append(si)
    scored = []
    for gi, g in enumerate(gold):
        for si in by_article.get(g.get("article"), ()):
            score = same(g, system[si])
            if score > 0:
                scored.append((-score, gi, si))
    scored.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in scored:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs
