"""Roles: who holds which title, of which organisation or place."""

from __future__ import annotations

from datetime import date

import pytest

WED = date(2022, 3, 2)


def names(x) -> dict[str, str]:
    return {e.key: e.name for e in x.entities}


@pytest.mark.parametrize(
    ("text", "person", "role", "owner"),
    [
        ("“Kharkiv is a Russian-speaking city,” its mayor, Ihor Terekhov, said.", "Ihor Terekhov", "mayor", "Kharkiv"),
        ("Fighting reached Kharkiv. Most recently, the region’s deputy governor, Roman Semenukha, claimed that a missile hit the city.",
         "Roman Semenukha", "deputy governor", "Kharkiv"),
        ("“We are ready to conduct talks,” Russian Foreign Minister Sergey Lavrov said.", "Sergey Lavrov", "foreign minister", "Russia"),
        ("WHO chief Tedros Adhanom Ghebreyesus said: “Attacks on healthcare facilities breach medical neutrality.”",
         "Tedros Adhanom Ghebreyesus", "chief", "World Health Organization"),
        ("Mariupol mayor Vadym Boychenko said in a video call: “They are destroying us.”", "Vadym Boychenko", "mayor", "Mariupol"),
        ("The British defence secretary Ben Wallace ruled out a no-fly zone.", "Ben Wallace", "defence secretary", "United Kingdom"),
        ("Shells hit Irpin, according to the city’s Mayor Oleksandr Markushin.", "Oleksandr Markushin", "mayor", "Irpin"),
        ("Meanwhile, Kyiv’s mayor earlier warned that troops are drawing closer to the capital. “We will defend Kyiv!,” Vitali Klitschko wrote.",
         "Vitali Klitschko", "mayor", "Kyiv"),
    ],
)
def test_roles(extract_text, text, person, role, owner):
    x = extract_text(text, published=WED)
    n = names(x)
    assert (person, role, owner) in {(n.get(r.person), r.role, n.get(r.org)) for r in x.roles}
