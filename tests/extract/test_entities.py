"""Entities of one article: the model's mistakes corrected, surnames joined to full names."""

from __future__ import annotations

from datetime import date

import pytest

WED = date(2022, 3, 2)


def test_model_mistakes_on_places_are_corrected(extract_text):
    x = extract_text("Ukrainian soldiers have been digging trenches around Kyiv. Mariupol was pounded. Troops entered Bucha.")
    kinds = {e.name: e.kind.value for e in x.entities}
    assert kinds.get("Kyiv") == kinds.get("Mariupol") == kinds.get("Bucha") == "place"
    assert not any(e.kind.value == "person" and e.name in ("Kyiv", "Mariupol", "Bucha") for e in x.entities)


def test_surname_and_title_mentions_join_the_full_name(extract_text):
    x = extract_text("Mariupol mayor Vadym Boychenko spoke. Mayor Boychenko added that the city is under siege.")
    people = [e for e in x.entities if e.kind.value == "person" and not e.described]
    assert len(people) == 1 and set(people[0].variants) == {"Vadym Boychenko", "Boychenko"}


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("Vladimir Putin.", "Vladimir Putin", "person"),
    ("President Volodymyr Zelensky", "Volodymyr Zelensky", "person"),
    ("“Kyiv.”", "Kyiv", "place"),
    ("Mayor Boychenko, 2022.", "Boychenko", "person"),
])
def test_fragments_whose_name_is_the_root(extract_text, text, name, kind):
    # Tokens must be compared with ==: spaCy makes a new Token object on every access, so `is`
    # never holds and a walk up to the root never stopped. The extraction finishes, and finds the name.
    x = extract_text(text, published=WED)
    assert (name, kind) in {(e.name, e.kind.value) for e in x.entities}


def test_a_surname_tagged_as_a_place_is_the_person(extract_text):
    x = extract_text("Ukrainian President Volodymyr Zelenskyy spoke. Critics attacked Zelenskyy as his country was bombed.")
    kinds = {v: e.kind.value for e in x.entities for v in e.variants}
    assert kinds.get("Zelenskyy") == "person"
    assert not any(e.kind.value == "place" and "Zelenskyy" in e.variants for e in x.entities)
