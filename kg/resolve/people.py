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
    first_names: dict[str, tuple[tuple[str, KnownPerson], ...]]  # surname key -> (first-name key, person)


@cache
def _people() -> _People:
    full: dict[str, KnownPerson] = {}
    by_surname: dict[str, set[KnownPerson]] = {}
    alone: dict[str, KnownPerson] = {}
    firsts: dict[str, set[tuple[str, KnownPerson]]] = {}
    for row in rows("people.tsv"):
        name, surname, *spellings = [*row, ""][:2] + row[2:]
        person = KnownPerson("person:" + name_key(name), name)
        for spelling in (name, *spellings):
            if spelling.strip():
                full[name_key(spelling)] = person
                by_surname.setdefault(name_key(spelling.split()[-1]), set()).add(person)
                if len(spelling.split()) > 1:
                    firsts.setdefault(name_key(spelling.split()[-1]), set()).add((name_key(spelling.split()[0]), person))
        if surname.strip():
            alone[name_key(surname)] = person
    shared = frozenset(s for s, people in by_surname.items() if len(people) > 1)
    return _People(full, {s: p for s, p in alone.items() if s not in shared}, shared,
                   {s: tuple(sorted(f, key=lambda x: (x[0], x[1].key))) for s, f in firsts.items()})


def _one_edit(a: str, b: str) -> bool:
    """Are two words one letter apart (left out, added or changed): "Vladmir" and "Vladimir"?"""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _misspelt(words: list[str]) -> KnownPerson | None:
    """A well-known person's full name with the first name mistyped by one letter ("Vladmir Putin");
    a different first name (Hunter Biden, Jill Biden) is a different person."""
    if len(words) < 2:
        return None
    first, last = name_key(words[0]), name_key(words[-1])
    if len(first) < 4:
        return None
    found = {p for known, p in _people().first_names.get(last, ()) if _one_edit(first, known)}
    return found.pop() if len(found) == 1 else None


def known_person(name: str, *, alone: bool = True) -> KnownPerson | None:
    """The well-known person a name is: a full name or, with ``alone``, a surname only one carries."""
    key = name_key(name)
    if not key:
        return None
    people = _people()
    if key in people.full:
        return people.full[key]
    misspelt = _misspelt(name.split())
    if misspelt is not None:
        return misspelt
    return people.surnames.get(key) if alone else None


def shared_surname(name: str) -> bool:
    """Is this the surname of several well-known people (Klitschko), so that alone it names none?"""
    return name_key(name) in _people().shared
