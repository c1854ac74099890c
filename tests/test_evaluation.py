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
     ("", [None], True), ("", ["UN"], False), ("Boris Johnson", ["Vladimir Putin", None], False),
     # a known organisation under another of its names, not another organisation
     ("OHCHR", ["UN human rights office"], True), ("State Emergency Service of Ukraine", ["State Emergency Service"], True),
     ("OHCHR", ["UNHCR"], False),
     # a known facility under another of its names, not the city it is named after
     ("Zaporizhzhia Nuclear Power Plant", ["Zaporizhzhia nuclear power station"], True),
     ("Zaporizhzhia Nuclear Power Plant", ["Zaporizhzhia"], False)],
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


@pytest.mark.parametrize("family", ["roles", "direct quotes", "attacks (place)", "figures"])
def test_seed_targets(scores, family):
    assert scores[family].f1 >= 0.90, (family, scores[family].missed, scores[family].spurious)


def test_seed_detail_targets(scores):
    assert scores["direct quotes"].extra["speaker accuracy"] >= 0.90, scores["direct quotes"].wrong
    assert scores["figures"].extra["claimant accuracy"] >= 0.90, scores["figures"].wrong
    assert scores["attacks (place)"].extra["date accuracy"] >= 0.90, scores["attacks (place)"].wrong
    assert scores["attacks (place)"].extra["dates guessed without publication date"] == 0
    assert scores["threats as attacks"].system == 0, scores["threats as attacks"].spurious
    assert scores["entities"].recall == 1.0 and scores["entities"].extra["kept apart"] == 1.0
    assert scores["near-duplicates"].f1 == 1.0 and scores["contested figures"].recall == 1.0


def test_a_quotation_is_the_shortest_stretch_between_its_anchors():
    from kg.evaluation.gold import anchored

    text = 'He was concerned about the data. The agency said: "we are concerned about the data flows, it said."'
    start, end = anchored(text, "concerned about the data", "it said.")
    assert text[start:end] == "concerned about the data flows, it said."


def _blind_folder(tmp_path):
    import json

    folder = tmp_path / "gold"
    (folder / "articles").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"articles": [
        {"id": "a1", "part": "dev"}, {"id": "a/2", "part": "test"}]}), encoding="utf-8")
    quote = {"kind": "direct", "start": "We will rebuild", "end": "every street", "speaker": ["Ihor Terekhov"],
             "speaker_role": "mayor"}
    for article in ("a1", "a/2"):
        (folder / "articles" / f"{article.replace('/', '-')}.json").write_text(json.dumps(
            {"article": article, "published": None, "roles": [{"person": "Ihor Terekhov", "role": "mayor", "org": ["Kharkiv"]}],
             "quotes": [quote], "attacks": [], "not_attacks": [], "figures": [], "entities": []}), encoding="utf-8")
    texts = {a: "Title\n\n“We will rebuild every street,” said Ihor Terekhov, the mayor of Kharkiv." for a in ("a1", "a/2")}
    return folder, texts


def test_the_blind_format_needs_the_texts_and_splits_by_part(tmp_path):
    from kg.errors import KgError
    from kg.evaluation import evaluate
    from kg.evaluation.report import format_details
    from kg.query import Table

    folder, texts = _blind_folder(tmp_path)
    with pytest.raises(KgError, match="--articles"):
        evaluate(folder, {}, {})
    empty = {name: Table(columns, ()) for name, columns in {
        "articles": ("articleId", "title", "published", "url", "duplicateOf"), "entities": ("entity", "name", "type", "articleCount"),
        "roles": ("person", "personName", "role", "orgName", "articleId"),
        "quotes": ("quote", "speaker", "speakerName", "text", "kind", "articleId", "speakerRole"),
        "attacks": ("event", "place", "placeName", "date", "dateText", "articleId"),
        "figures": ("figure", "count", "measure", "group", "placeName", "claimant", "claimantName", "articleId", "date"),
        "contested_figures": ("measure", "group", "placeName", "count", "claimantName", "articleId")}.items()}
    quotes = Table(empty["quotes"].columns, (("q", "p", "Ihor Terekhov", "We will rebuild every street", "direct", "a1", "mayor"),))
    scores = evaluate(folder, {**empty, "quotes": quotes}, {}, texts=texts)
    by = {(s.part, s.family): s for s in scores}
    assert by[("dev", "direct quotes")].f1 == 1.0 and by[("dev", "direct quotes")].extra["speaker role accuracy"] == 1.0
    assert by[("test", "direct quotes")].recall == 0.0 and by[("test", "roles")].recall == 0.0
    details = format_details(scores)
    assert "dev roles: missed: a1 Ihor Terekhov" in details
    assert "a/2" not in details and "test part's misses are not shown" in details


def test_an_article_annotated_for_some_families_is_scored_on_those_alone(tmp_path):
    import json

    from kg.evaluation import evaluate
    from kg.query import Table

    folder, texts = _blind_folder(tmp_path)
    manifest = {"articles": [{"id": "a1", "part": "dev", "families": ["attacks", "not_attacks", "figures"]}]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "articles" / "a1.json").write_text(json.dumps(
        {"article": "a1", "published": "2022-03-01", "attacks": [{"place": ["Kharkiv"], "date": None}], "not_attacks": [],
         "figures": []}), encoding="utf-8")
    tables = {
        "articles": Table(("articleId", "title", "published", "url", "duplicateOf"), ()),
        "entities": Table(("entity", "name", "type", "articleCount"), ()),
        "roles": Table(("person", "personName", "role", "orgName", "articleId"), (("p", "Ihor Terekhov", "mayor", "Kharkiv", "a1"),)),
        "quotes": Table(("quote", "speaker", "speakerName", "text", "kind", "articleId", "speakerRole"),
                        (("q", "p", "Ihor Terekhov", "We will rebuild every street", "direct", "a1", "mayor"),)),
        "attacks": Table(("event", "place", "placeName", "date", "dateText", "articleId"), (("e", "k", "Kharkiv", "", "", "a1"),)),
        "figures": Table(("figure", "count", "measure", "group", "placeName", "claimant", "claimantName", "articleId", "date"), ()),
        "contested_figures": Table(("measure", "group", "placeName", "count", "claimantName", "articleId"), ())}
    scores = evaluate(folder, tables, {}, texts=texts)
    families = {s.family for s in scores}
    assert "attacks (place)" in families and "figures" in families
    assert not families & {"roles", "direct quotes", "entities"}  # the facts kg found there are not counted as spurious
    assert next(s for s in scores if s.family == "attacks (place)").f1 == 1.0


@pytest.mark.parametrize(
    ("system", "acceptable", "expected"),
    [("Joe Biden", ["Biden"], True), ("Vladimir Putin", ["Vladimir V. Putin"], True), ("Donald Trump", ["Donald J. Trump"], True),
     ("Jill Biden", ["Joe Biden"], False), ("Joe Biden", ["biden"], False),
     # a well-known person under another full name; a son is not his father
     ("Joe Biden", ["Joseph R. Biden Jr."], True), ("Hunter Biden", ["Joseph R. Biden Jr."], False),
     ("Donald Trump", ["Donald Trump Jr."], False)],
)
def test_a_person_is_matched_by_the_surname_or_without_middle_names(system, acceptable, expected):
    assert names_match(system, acceptable, person=True) is expected


def test_a_country_matches_the_articles_other_name_for_it():
    from kg.evaluation.match import names_match

    assert names_match("United Kingdom", ["U.K.", "UK"], place=True)
    assert names_match("United Kingdom", ["Britain", "British"], place=True)
    assert names_match("Czechia", ["Czech Republic"], place=True)
    assert not names_match("United Kingdom", ["U.K."])  # only where a place is meant
    assert not names_match("Ukraine", ["Russia"], place=True)
    assert not names_match("Floridablanca", ["Florida"], place=True)  # towns' other names are not trusted
