"""Each extractor is a pure function of one article's frozen context: callable alone, in any order."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from kg.extract.attacks import find_attacks
from kg.extract.context import analyse
from kg.extract.figures import find_figures
from kg.extract.quotes import find_quotes
from kg.extract.roles import find_roles
from kg.records import Article

TEXT = ("Kharkiv was shelled overnight. Its mayor said the city was burning.\n\n"
        "“We will rebuild every street,” Mayor Ihor Terekhov told reporters on Wednesday. "
        "At least 21 civilians were killed, according to the regional administration.")
EXTRACTORS = (find_roles, find_quotes, find_attacks, find_figures)


@pytest.fixture(scope="module")
def context(nlp, gazetteer):
    return analyse(Article("t", "", TEXT, date(2022, 3, 2)), nlp(TEXT), gazetteer=gazetteer)


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(EXTRACTORS))))[:6])
def test_extractors_give_the_same_findings_in_any_order(context, order):
    alone = [extractor(context) for extractor in EXTRACTORS]
    entities, mentions = dict(context.index.entities), list(context.index.mentions)
    in_order = {i: EXTRACTORS[i](context) for i in order}
    assert [in_order[i] for i in range(len(EXTRACTORS))] == alone
    assert dict(context.index.entities) == entities and context.index.mentions == mentions  # nothing changed


def test_the_role_described_before_the_name_comes_from_the_context(context):
    roles = find_roles(context).records
    names = {e.key: e.name for e in context.index.entities.values()}
    assert ("Ihor Terekhov", "mayor", "Kharkiv") in {(names.get(r.person), r.role, names.get(r.org)) for r in roles}
    assert any(role == "mayor" for _, role, _ in context.described_roles)


def test_the_context_is_of_the_articles_own_parse(nlp, gazetteer):
    with pytest.raises(ValueError, match="not the parse of its text"):
        analyse(Article("t", "", TEXT), nlp("Something else."), gazetteer=gazetteer)
