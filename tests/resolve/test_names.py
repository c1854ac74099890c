"""Name keys and the gazetteer: spellings of one name meet, different names do not."""

from __future__ import annotations

import pytest

from kg.resolve.names import fold, name_key, strip_titles


@pytest.mark.parametrize(
    ("a", "b"),
    [("Vadym Boychenko", "Vadym Boichenko"), ("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelensky"),
     ("Sergey Lavrov", "Sergei Lavrov"), ("Odessa", "Odesa"), ("Oleksiy", "Oleksii"), ("Kyiv's", "Kyiv")],
)
def test_spellings_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Boris Johnson", "Boris Johnston"), ("Kyiv", "Kiev"), ("Lviv", "Lvov")])
def test_different_names_keep_different_keys(a, b):
    # Exonyms such as Kiev are the gazetteer's job, not the key's.
    assert name_key(a) != name_key(b)


def test_fold_and_titles():
    assert fold("Ukraine’s  State—Emergency Service") == "ukraine state emergency service"
    assert strip_titles("Mayor Vadym Boychenko") == "Vadym Boychenko"
    assert strip_titles("President") == "President"


@pytest.mark.parametrize(
    ("name", "place", "feature"),
    [("Kyiv", "Kyiv", "city"), ("Kiev", "Kyiv", "city"), ("Odessa", "Odesa", "city"), ("Mariupol", "Mariupol", "city"),
     ("Starokostiantyniv", "Starokostyantyniv", "city"), ("UK", "United Kingdom", "country"),
     ("Ukraine", "Ukraine", "country"), ("Kharkov", "Kharkiv", "city"),
     # a US state before a smaller city whose other name it is; a large city keeps its name
     ("Florida", "Florida", "region"), ("Ohio", "Ohio", "region"), ("Washington", "Washington", "city"),
     # a Ukrainian town of under 100,000 under its other spellings and names, and under the name of its news
     ("Severodonetsk", "Sievierodonetsk", "city"), ("Siverskodonetsk", "Sievierodonetsk", "city"),
     ("Energodar", "Enerhodar", "city"), ("Artemovsk", "Bakhmut", "city")],
)
def test_gazetteer_lookup(gazetteer, name, place, feature):
    match = gazetteer.lookup(name)
    assert match is not None and match.place.name == place and match.place.feature == feature
    if feature == "city":
        assert match.place.latitude is not None and match.place.geonames_id > 0


def test_gazetteer_ranks_and_demonyms(gazetteer):
    assert gazetteer.city_by_rank("UA", 2).name == "Kharkiv"
    assert gazetteer.country_of_demonym("Russian").name == "Russia"
    assert gazetteer.country_of_demonym("Ukraine") is None
    assert gazetteer.lookup("Downing Street") is None
