"""Figures: casualty and displacement counts with their claimants."""

from __future__ import annotations

from datetime import date

import pytest

WED = date(2022, 3, 2)


def names(x) -> dict[str, str]:
    return {e.key: e.name for e in x.entities}


@pytest.mark.parametrize(
    ("text", "count", "measure", "group", "qualifier", "claimant"),
    [
        ("Ukraine's State Emergency Service said that 2,000 civilians have been killed.", 2000, "killed", "civilians", None,
         "State Emergency Service of Ukraine"),
        ("Well over 800,000 Ukrainians have become refugees, the UN believes.", 800000, "refugees", "Ukrainians", "well over", "United Nations"),
        ("More than 1 million people have fled Ukraine, the United Nations said.", 1000000, "refugees", "people", "more than", "United Nations"),
        ("At least 227 civilians have been killed and another 525 wounded, according to the U.N. human rights office.", 525, "injured",
         "civilians", None, "OHCHR"),
        ("Ukrainian authorities later said that 21 people died and 112 were injured.", 112, "injured", "people", None, "Ukrainian authorities"),
    ],
)
def test_figures(extract_text, text, count, measure, group, qualifier, claimant):
    x = extract_text(text, published=WED)
    n = names(x)
    got = {(f.count, f.measure, f.group, f.qualifier, n.get(f.claimant)) for f in x.figures}
    assert (count, measure, group, qualifier, claimant) in got, got


def test_population_and_vote_counts_are_not_figures(extract_text):
    x = extract_text("Kharkiv, a city of about 1.5 million people, voted 141 to five. Some 15,000 Russian soldiers are approaching.")
    assert x.figures == ()
