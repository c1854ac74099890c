"""Quotations and their speakers."""

from __future__ import annotations

from datetime import date

import pytest

WED = date(2022, 3, 2)


def names(x) -> dict[str, str]:
    return {e.key: e.name for e in x.entities}


@pytest.mark.parametrize(
    ("text", "quote_start", "speaker"),
    [
        ("Ukraine’s deputy prime minister called on Pope Francis to intervene.\n\n\"I hope the conversation will take place,\" she said.",
         "I hope", "Ukraine’s deputy prime minister"),
        ("President Volodymyr Zelensky said Russia is preparing an attack. In a televised address the defiant leader said: “Rockets against Odesa? "
         "This will be a war crime.” He went on to demand a no-fly zone. He added: “The world is strong enough to close our skies.”",
         "The world is strong", "Volodymyr Zelensky"),
        ("Ukraine has claimed that 2,000 of its civilians have been killed. "
         "The country’s emergency service also said that hundreds of structures have been destroyed.\n\n"
         "“Children, women and defence forces are losing their lives every hour,” it said in a statement.",
         "Children, women", "State Emergency Service of Ukraine"),
        ("On Wednesday, the Prime Minister's official spokesman said \"I think no one can be in any doubt that these are war crimes\".",
         "I think no one", "Prime Minister's official spokesman"),
        ("“Kharkiv is a Russian-speaking city,” its mayor, Ihor Terekhov, said.\n\n“We never expected this could happen.”",
         "We never expected", "Ihor Terekhov"),
    ],
)
def test_speakers(extract_text, text, quote_start, speaker):
    x = extract_text(text, published=WED)
    n = names(x)
    got = {q.text[:len(quote_start)]: n.get(q.speaker) for q in x.quotes if q.kind == "direct"}
    assert got.get(quote_start) == speaker, got


def test_scare_quotes_are_not_quotations(extract_text):
    x = extract_text("It deplored Russia's \"aggression\" against Ukraine and the \"special operation\".")
    assert not [q for q in x.quotes if q.kind == "direct"]
