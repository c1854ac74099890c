"""Records to RDF, compared by graph isomorphism with the graph the design describes."""

from __future__ import annotations

from datetime import date

from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.rdf.graph import article_graph, safe_url
from kg.rdf.namespace import Minter, digest
from kg.records import Article, Attack, Entity, EntityKind, Extraction, Figure, Place, Quote, Role, Span

TEXT = "Mayor Ann Lee said: “We stand.” Kharkiv was shelled on Wednesday, killing 3 civilians, police said."
KHARKIV = Place(706483, "Kharkiv", "city", "UA", 1421125, 49.98177, 36.25475)


def extraction() -> Extraction:
    article = Article(id="a1", title="", text=TEXT, published=date(2022, 3, 2), url="https://news.example/a 1",
                      source="Daily News", author=None)
    s1, s2 = Span(0, 31), Span(32, len(TEXT))
    return Extraction(
        article=article,
        entities=(
            Entity("person:an le", EntityKind.PERSON, "Ann Lee", ("Ann Lee",)),
            Entity("place:kharkiv 706483", EntityKind.PLACE, "Kharkiv", ("Kharkiv",), KHARKIV),
            Entity("organization:police", EntityKind.ORGANIZATION, "police", ("police",), described=True),
        ),
        roles=(Role("person:an le", "mayor", "place:kharkiv 706483", s1),),
        quotes=(Quote("We stand.", Span(21, 30), "person:an le", "Ann Lee", "say", "direct", s1),),
        attacks=(Attack("place:kharkiv 706483", date(2022, 3, 2), "on Wednesday", None, "shell", s2),),
        figures=(Figure(3, "killed", "civilians", None, "place:kharkiv 706483", "organization:police", "police", None, s2),),
    )


def expected(m: Minter) -> Graph:
    role = m.fact("role", "person:an le", "mayor", "place:kharkiv 706483")
    quote = m.fact("quote", "We stand.", "person:an le")
    attack = m.fact("attack", "place:kharkiv 706483", "2022-03-02")
    figure = m.fact("figure", 3, "killed", "civilians", None, "place:kharkiv 706483", "organization:police")
    a = m.article("a1")
    s1, s2 = m.span("a1", 0, 31), m.span("a1", 32, len(TEXT))
    d = {name: f"<{a}#derivation-{digest(fact, *span)}>" for name, fact, span in
         [("role", role, (0, 31)), ("quote", quote, (0, 31)), ("attack", attack, (32, len(TEXT))), ("figure", figure, (32, len(TEXT)))]}
    publisher = m.entity("organization", "daily news")
    ttl = f"""
    @prefix schema: <https://schema.org/> . @prefix kg: <https://kg.example/ns#> .
    @prefix org: <http://www.w3.org/ns/org#> . @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
    @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

    <{a}> a schema:NewsArticle, nif:Context ; schema:identifier "a1" ; schema:datePublished "2022-03-02"^^xsd:date ;
        schema:url <https://news.example/a%201> ; schema:publisher <{publisher}> ;
        kg:contentHash "{extraction().article.content_hash()}" ; kg:pipeline "test" ;
        nif:beginIndex 0 ; nif:endIndex {len(TEXT)} ; kg:minhash "00" ; kg:shingleCount 1 .
    <{publisher}> a schema:Organization ; rdfs:label "Daily News" ; schema:name "Daily News" .

    <{m.entity("person", "an le")}> a schema:Person ; rdfs:label "Ann Lee" ;
        kg:hasRole <{m.role("mayor")}> ; org:hasMembership <{role}> ; kg:said <{quote}> .
    <{m.entity("place", "kharkiv 706483")}> a schema:Place, schema:City ; rdfs:label "Kharkiv" ; schema:name "Kharkiv" ;
        owl:sameAs <https://sws.geonames.org/706483/> ; geo:lat "49.98177"^^xsd:decimal ; geo:long "36.25475"^^xsd:decimal ;
        kg:attackedOn "2022-03-02"^^xsd:date .
    <{m.entity("organization", "police")}> a schema:Organization ; rdfs:label "police" ; kg:described true ; schema:name "police" ;
        kg:claims <{figure}> .

    <{role}> a org:Membership ; org:member <{m.entity("person", "an le")}> ; org:role <{m.role("mayor")}> ;
        kg:jurisdiction <{m.entity("place", "kharkiv 706483")}> ;
        prov:wasDerivedFrom <{s1}> ; prov:qualifiedDerivation {d["role"]} ; prov:wasAttributedTo <{m.extractor("roles")}> .
    <{m.role("mayor")}> a org:Role ; skos:prefLabel "mayor" .
    <{quote}> a schema:Quotation ; schema:text "We stand." ; schema:spokenByCharacter <{m.entity("person", "an le")}> ;
        prov:wasDerivedFrom <{s1}> ; prov:qualifiedDerivation {d["quote"]} ; prov:wasAttributedTo <{m.extractor("quotes")}> .
    <{attack}> a kg:Attack ; sem:hasPlace <{m.entity("place", "kharkiv 706483")}> ; sem:hasTimeStamp "2022-03-02"^^xsd:date ;
        prov:wasDerivedFrom <{s2}> ; prov:qualifiedDerivation {d["attack"]} ; prov:wasAttributedTo <{m.extractor("attacks")}> .
    <{figure}> a kg:FigureClaim ; kg:count 3 ; kg:measure "killed" ; kg:group "civilians" ;
        schema:contentLocation <{m.entity("place", "kharkiv 706483")}> ; schema:author <{m.entity("organization", "police")}> ;
        prov:wasDerivedFrom <{s2}> ; prov:qualifiedDerivation {d["figure"]} ; prov:wasAttributedTo <{m.extractor("figures")}> .

    {d["role"]} a prov:Derivation ; prov:entity <{s1}> .
    {d["quote"]} a prov:Derivation ; prov:entity <{s1}> ; kg:speakerText "Ann Lee" ; kg:reportingVerb "say" ; kg:quoteKind "direct" .
    {d["attack"]} a prov:Derivation ; prov:entity <{s2}> ; kg:dateText "on Wednesday" ; kg:trigger "shell" .
    {d["figure"]} a prov:Derivation ; prov:entity <{s2}> ; kg:claimantText "police" .

    <{s1}> a nif:Sentence ; nif:beginIndex 0 ; nif:endIndex 31 ; nif:anchorOf "{TEXT[:31]}" ; nif:referenceContext <{a}> .
    <{s2}> a nif:Sentence ; nif:beginIndex 32 ; nif:endIndex {len(TEXT)} ; nif:anchorOf "{TEXT[32:]}" ; nif:referenceContext <{a}> .
    """
    for name in ("roles", "quotes", "attacks", "figures"):
        ttl += f'<{m.extractor(name)}> a prov:SoftwareAgent ; rdfs:label "kg {name} extractor" ; schema:softwareVersion "0.1.0" .\n'
    return Graph().parse(data=ttl, format="turtle")


def test_article_graph_is_the_designed_graph():
    m = Minter()
    got = article_graph(extraction(), minter=m, pipeline="test", fingerprint=("00", 1))
    want = expected(m)
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        raise AssertionError(f"unexpected:\n{only_got.serialize(format='nt')}\nmissing:\n{only_want.serialize(format='nt')}")
    assert got.identifier == m.article("a1")


def test_same_input_same_graph_under_another_base():
    a = article_graph(extraction(), minter=Minter("http://example.org/x/"), pipeline="test")
    b = article_graph(extraction(), minter=Minter("http://example.org/x/"), pipeline="test")
    assert isomorphic(a, b)
    assert all(str(s).startswith(("http://example.org/x/", "https://")) for s in a.subjects())


def test_urls_are_made_safe():
    assert str(safe_url('https://a.example/x y"<z>')) == "https://a.example/x%20y%22%3Cz%3E"
    assert safe_url("javascript-ish text") is None


def test_a_facility_is_in_its_town_not_the_town():
    plant = Place(709276, "Zaporizhzhia Nuclear Power Plant", "site", "UA", 0, 47.5, 34.6)
    x = extraction()
    x = Extraction(article=x.article, entities=(*x.entities, Entity("place:zaporizhzhia nuclear power plant 709276",
                                                                     EntityKind.PLACE, plant.name, ("Zaporizhzhia plant",), plant)),
                   roles=(), quotes=(), attacks=(Attack("place:zaporizhzhia nuclear power plant 709276", None, None, None, "shell",
                                                        Span(32, len(TEXT))),), figures=())
    g = article_graph(x, minter=Minter(), pipeline="test")
    node = Minter().entity("place", "zaporizhzhia nuclear power plant 709276")
    town = "https://sws.geonames.org/709276/"
    assert (node, None, None) in g
    assert {str(o) for o in g.objects(node, URIRef("https://schema.org/containedInPlace"))} == {town}
    assert not list(g.objects(node, URIRef("http://www.w3.org/2002/07/owl#sameAs")))
