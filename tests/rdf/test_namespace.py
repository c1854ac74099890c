"""IRIs: every kg term is declared in the ontology, a typo fails, minted IRIs are safe and stable."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL

from kg.rdf.namespace import KG, Minter, slug
from kg.resources import shipped


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(data=shipped("ontology").joinpath("kg.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def test_every_code_term_is_declared_with_label_and_comment(ontology):
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG._NS))}
    code_terms = {KG[name] for name in KG.__annotations__}
    assert code_terms <= declared, code_terms - declared
    for term in code_terms:
        kinds = set(ontology.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}, term
        assert ontology.value(term, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) is not None, term
        assert ontology.value(term, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")) is not None, term


def test_every_declared_term_is_used_in_code(ontology):
    declared = {str(s)[len(str(KG._NS)):] for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(KG._NS))}
    assert declared == set(KG.__annotations__)


def test_a_misspelt_term_fails():
    with pytest.raises(AttributeError):
        KG.quoteKnd  # noqa: B018


@pytest.mark.parametrize(
    "text",
    ['a"b', "a<b>c", "line\nbreak", "nul\x00byte", "emoji 🙂", "rtl \u202e\u05d0\u05d1", "spaces  and\ttabs",
     "../../etc/passwd", "?query=1#frag", "", "Вадим Бойченко"],
)
def test_minted_iris_are_valid_for_any_text(text):
    m = Minter()
    for iri in (m.article(text or "x"), m.entity("person", text), m.role(text), m.fact("quote", text, None),
                m.span(text or "x", 0, 5)):
        s = str(iri)
        assert s.startswith(m.base)
        assert not any(c in s for c in '<>"{}|\\^` \n\r\t\x00'), s


def test_iris_are_deterministic_and_distinct():
    m = Minter()
    assert m.entity("person", "vadim boichenko") == m.entity("person", "vadim boichenko")
    assert str(m.entity("person", "vadim boichenko")).endswith("/person/vadim-boichenko")
    assert m.entity("person", "a b") != m.entity("person", "a-b")  # a lossy slug gets a hash
    assert m.fact("quote", "x", "a") != m.fact("quote", "x", "b")


def test_article_ids_round_trip():
    m = Minter("http://example.org/data/")
    for article_id in ("000_4c6d2b9258616e59", "business/001", "ü space"):
        assert m.article_id(str(m.article(article_id))) == article_id


@pytest.mark.parametrize("base", ["not a base", "http://x.org/no-slash", "ftp://x"])
def test_bad_base_is_refused(base):
    with pytest.raises(ValueError):
        Minter(base)


def test_slug():
    assert slug("Vadym Boychenko") == "vadym-boychenko"
    assert slug("Київ") == ""
