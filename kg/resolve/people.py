"""Well-known people: one identity for the spellings of one person's name ("Vladimir V. Putin", "Putin").

The table is data (``data/people.tsv``): the name kg shows, the surname that names the person
alone, and other spellings of the full name. It is evidence like the gazetteer is for places: a
name the table knows is a person whatever the model labelled it, and an article that gives only
the surname ("Zelensky said") still means the one well-known person who carries it. Names are
compared by ``name_key``, so transliterations (Zelensky, Zelenskyy, Zelenskiy) need no row of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.resolve.data import rows
from kg.resolve.names import name_key


@dataclass(frozen=True)
class KnownPerson:
    key: str  # the entity key: "person:" and the name key of the shown name
    name: str  # the name kg shows


@dataclass(frozen=True)
class _People:
    full: dict[str, KnownPerson]  # name key of a full name -> person
    surnames: dict[str, KnownPerson]  # name key of a surname that names one person alone -> person
    shared: frozenset[str]  # name keys of surnames of several well-known people


@cache
def _people() -> _People:
    full: dict[str, KnownPerson] = {}
    by_surname: dict[str, set[KnownPerson]] = {}
    alone: dict[str, KnownPerson] = {}
    for row in rows("people.tsv"):
        name, surname, *spellings = [*row, ""][:2] + row[2:]
        person = KnownPerson("person:" + name_key(name), name)
        for spelling in (name, *spellings):
            if spelling.strip():
                full[name_key(spelling)] = person
                by_surname.setdefault(name_key(spelling.split()[-1]), set()).add(person)
        if surname.strip():
            alone[name_key(surname)] = person
    shared = frozenset(s for s, people in by_surname.items() if len(people) > 1)
    return _People(full, {s: p for s, p in alone.items() if s not in shared}, shared)


def known_person(name: str, *, alone: bool = True) -> KnownPerson | None:
    """The well-known person a name is: a full name or, with ``alone``, a surname only one carries."""
    key = name_key(name)
    if not key:
        return None
    people = _people()
    if key in people.full:
        return people.full[key]
    return people.surnames.get(key) if alone else None


def shared_surname(name: str) -> bool:
    """Is this the surname of several well-known people (Klitschko), so that alone it names none?"""
    return name_key(name) in _people().shared
