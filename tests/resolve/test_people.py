"""Well-known people: every spelling of one person's name is one identity, and other people stay apart."""

from __future__ import annotations

import pytest

from kg.resolve.people import known_person


@pytest.mark.parametrize(("name", "shown"), [
    ("Vladimir V. Putin", "Vladimir Putin"),
    ("Zelenskiy", "Volodymyr Zelenskyy"),
    ("Vladmir Putin", "Vladimir Putin"),  # a first name mistyped by one letter
    ("Volodomir Zelenskyy", "Volodymyr Zelenskyy"),
    ("Emanuel Macron", "Emmanuel Macron"),
    ("Obama", "Barack Obama"),
])
def test_spellings_of_a_well_known_person_are_that_person(name, shown):
    person = known_person(name)
    assert person is not None and person.name == shown


@pytest.mark.parametrize("name", ["Hunter Biden", "Jill Biden", "Team Biden", "Ivan Putin", "Klitschko", "Ivo Putin"])
def test_other_first_names_and_shared_surnames_name_nobody_known(name):
    assert known_person(name) is None
