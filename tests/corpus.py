"""Generated corpora for the reliability tests: many short articles that parse fast.

The articles share people, places and organisations (so the corpus graph's preferred names are
shared between articles), some are near-duplicates of others (so ``kg:duplicateOf`` links come and
go as articles are written and removed), and each has a role, a quotation, an attack and a figure.
The same seed always gives the same files.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

PEOPLE = [
    ("Ihor Terekhov", "mayor", "Kharkiv"), ("Vadym Boychenko", "mayor", "Mariupol"),
    ("Vitali Klitschko", "mayor", "Kyiv"), ("Oleh Synyehubov", "governor", "Kharkiv"),
    ("Andriy Sadovyi", "mayor", "Lviv"), ("Hennadiy Trukhanov", "mayor", "Odesa"),
    ("Oleksandr Senkevych", "mayor", "Mykolaiv"), ("Ivan Fedorov", "mayor", "Melitopol"),
    ("Borys Filatov", "mayor", "Dnipro"), ("Anatoliy Kurtev", "mayor", "Zaporizhzhia"),
]
# A second spelling some articles use, so an entity's preferred name depends on which articles are in.
VARIANTS = {"Vadym Boychenko": "Vadym Boichenko", "Hennadiy Trukhanov": "Gennadiy Trukhanov"}
CLAIMANTS = ["the United Nations", "Ukraine's emergency service", "the Red Cross", "the regional administration"]
MEASURES = [("civilians", "killed"), ("people", "injured"), ("children", "killed"), ("residents", "wounded")]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
QUOTES = [
    "We will rebuild every street",
    "The city is holding and the shelters are open",
    "Nobody expected an attack on homes and hospitals",
    "Our people need water, food and medicine now",
]


def article(rng: random.Random, number: int) -> str:
    """The text of one short article, in kg's ``.txt`` form (a date line with the title)."""
    name, role, city = rng.choice(PEOPLE)
    shown = VARIANTS.get(name, name) if rng.random() < 0.3 else name
    other_name, other_role, other_city = rng.choice(PEOPLE)
    claimant = rng.choice(CLAIMANTS)
    group, measure = rng.choice(MEASURES)
    day = date(2022, 3, 1) + timedelta(days=rng.randrange(20))
    weekday = WEEKDAYS[(day - timedelta(days=1 + rng.randrange(3))).weekday()]
    count = rng.randrange(2, 400)
    quote = rng.choice(QUOTES)
    return (
        f" date {day.isoformat()} Shelling reported in {city} (report {number})\n\n"
        f"Russian forces shelled {city} on {weekday}, officials said.\n\n"
        f"The {role} of {city}, {shown}, said: \"{quote}.\"\n\n"
        f"At least {count} {group} were {measure} in {city}, according to {claimant}.\n\n"
        f"{other_name}, the {other_role} of {other_city}, said the situation there was calm.\n"
    )


def write_corpus(folder: Path, *, count: int = 200, seed: int = 7, duplicates: int = 10) -> list[Path]:
    """``count`` articles as ``NNN.txt`` files under ``folder``; the last ``duplicates`` copy earlier ones."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = [article(rng, i) for i in range(count - duplicates)]
    for i in range(duplicates):
        # A near-duplicate: an earlier story with one line added, as a second outlet would run it.
        texts.append(texts[i * 3] + "Additional reporting came from the news agencies.\n")
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
