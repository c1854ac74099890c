"""The scorer behind `kg eval`, and the seeds' scores against their gold file."""

from __future__ import annotations

import pytest

from kg.api import evaluate
from kg.evaluation import names_match, text_overlap
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "seeds.json"


@pytest.mark.parametrize(
    ("system", "acceptable", "expected"),
    [("Vadym Boichenko", ["Vadym Boychenko"], True), ("the Prime Minister's official spokesman", ["Prime Minister's official spokesman"], True),
     ("", [None], True), ("", ["UN"], False), ("Boris Johnson", ["Vladimir Putin", None], False)],
)
def test_names_match(system, acceptable, expected):
    assert names_match(system, acceptable) is expected


def test_text_overlap():
    assert text_overlap("They are destroying us.", "They are destroying us") == 1.0
    assert 0 < text_overlap("a b c d", "c d e f") < 1
    assert text_overlap("", "x") == 0.0


@pytest.fixture(scope="module")
def scores(seeds_store):
    return {s.family: s for s in evaluate(str(GOLD), store=seeds_store)}


@pytest.mark.parametrize("family", ["roles", "quotes", "attacks", "figures"])
def test_seed_targets(scores, family):
    assert scores[family].f1 >= 0.90, (family, scores[family].missed, scores[family].spurious)


def test_seed_detail_targets(scores):
    assert scores["quotes"].extra["speaker accuracy"] >= 0.90, scores["quotes"].wrong
    assert scores["figures"].extra["claimant accuracy"] >= 0.90, scores["figures"].wrong
    assert scores["attacks"].extra["date accuracy"] >= 0.90, scores["attacks"].wrong
    assert scores["attacks"].extra["dates guessed without publication date"] == 0
    assert scores["merges"].recall == 1.0 and scores["merges"].extra["kept apart"] == 1.0
    assert scores["near-duplicates"].f1 == 1.0 and scores["contested figures"].recall == 1.0
