"""An article's extraction as an RDF graph: the article's named graph.

Shape of the graph (every IRI from ``kg.rdf.namespace.Minter``):
- the article: ``schema:NewsArticle`` and ``nif:Context``, with headline, date, url, author,
  publisher, content hash and near-duplicate fingerprint;
- entities: ``schema:Person`` / ``schema:Organization`` / ``schema:Place`` (``schema:City``,
  ``schema:Country``), the names this article uses as ``rdfs:label``, the gazetteer's or alias
  table's name as ``schema:name``, places ``owl:sameAs`` GeoNames with coordinates;
- facts, one node per fact whatever the number of articles reporting it (the IRI is minted from
  the fact's content): ``org:Membership``, ``schema:Quotation``, ``kg:Attack`` (a ``sem:Event``),
  ``kg:FigureClaim`` (a ``schema:Claim``), each with a direct edge for browsing;
- provenance: ``prov:wasDerivedFrom`` a ``nif:Sentence`` with character offsets, and a
  ``prov:qualifiedDerivation`` in this article holding how this article worded the fact
  ("she", "on Wednesday"), plus ``prov:wasAttributedTo`` the extractor.
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg import __version__
from kg.rdf.namespace import GEO, KG, NIF, SEM, Minter, digest, geonames
from kg.records import Entity, EntityKind, Extraction, Quote, Span
from kg.resolve.names import name_key
from kg.resolve.organizations import is_known_org, org_identity
from kg.resolve.people import known_person

_KIND_CLASS = {EntityKind.PERSON: SDO.Person, EntityKind.ORGANIZATION: SDO.Organization, EntityKind.PLACE: SDO.Place}
_FEATURE_CLASS = {"city": SDO.City, "region": SDO.State, "country": SDO.Country, "site": SDO.Place}
# What an IRI may not hold raw: controls, space, delimiters, a "%" that starts no %XX escape; and
# non-ASCII separators and format characters (U+2028, bidi marks), which IRIs may not or should not
# hold and which line-based parsers (rdflib's N-Triples) take for line ends.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]|%(?![0-9A-Fa-f]{2})|[^\x00-\x7f]')


def _escape_iri_char(m: re.Match[str]) -> str:
    ch = m.group()
    if len(ch) == 1 and ord(ch) > 0x9F and unicodedata.category(ch)[0] not in "ZC":
        return ch  # letters, digits, symbols of any script are fine in an IRI
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


def entity_iri(minter: Minter, key: str) -> URIRef:
    kind, _, canonical = key.partition(":")
    return minter.entity(kind, canonical)


def safe_url(url: str | None) -> URIRef | None:
    """An IRI for a URL from the input, percent-encoding what IRIs may not contain; None if not a URL."""
    if not url or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url.strip()):
        return None
    iri = _IRI_UNSAFE.sub(_escape_iri_char, url.strip())
    try:
        ox.NamedNode(iri)  # the store's own IRI parser: a host such as "[oops" cannot be escaped into shape
    except ValueError:
        return None
    return URIRef(iri)


def _date(value) -> Literal:  # noqa: ANN001 - a datetime.date
    return Literal(value.isoformat(), datatype=XSD.date)


class _Builder:
    def __init__(self, x: Extraction, minter: Minter, *, pipeline: str, fingerprint: tuple[str, int] | None) -> None:
        self.x = x
        self.minter = minter
        self.article = minter.article(x.article.id)
        # No prefixes bound: kg writes the graph as N-Triples, and binding them cost 0.4 ms an article.
        # rdflib's SimpleMemory store adds triples 2.6 times faster than its default (no contexts).
        self.g = Graph(store="SimpleMemory", identifier=self.article, bind_namespaces="none")
        self.pipeline = pipeline
        self.fingerprint = fingerprint
        self.entities = {e.key: e for e in x.entities}
        self.extractors: set[str] = set()

    def add(self, s: URIRef, p: URIRef, o) -> None:  # noqa: ANN001 - an rdflib node
        self.g.add((s, p, o))

    def entity(self, key: str | None) -> URIRef | None:
        return entity_iri(self.minter, key) if key else None

    # -- article and entities ------------------------------------------------------------------

    def article_node(self) -> None:
        a, art = self.article, self.x.article
        self.add(a, RDF.type, SDO.NewsArticle)
        self.add(a, RDF.type, NIF.Context)
        self.add(a, SDO.identifier, Literal(art.id))
        if art.title:
            self.add(a, SDO.headline, Literal(art.title))
        if art.published:
            self.add(a, SDO.datePublished, _date(art.published))
        url = safe_url(art.url)
        if url is not None:
            self.add(a, SDO.url, url)
        if art.author:
            person = self.minter.entity("person", name_key(art.author) or digest(art.author))
            self.add(a, SDO.author, person)
            self.add(person, RDF.type, SDO.Person)
            self.add(person, RDFS.label, Literal(art.author))
        if art.source:
            key, display = org_identity(art.source)
            org = entity_iri(self.minter, key)
            self.add(a, SDO.publisher, org)
            self.add(org, RDF.type, SDO.Organization)
            self.add(org, RDFS.label, Literal(art.source))
            self.add(org, SDO.name, Literal(display))
        self.add(a, KG.contentHash, Literal(art.content_hash()))
        self.add(a, KG.pipeline, Literal(self.pipeline))
        self.add(a, NIF.beginIndex, Literal(0, datatype=XSD.integer))
        self.add(a, NIF.endIndex, Literal(len(art.text), datatype=XSD.integer))
        if self.fingerprint is not None:
            self.add(a, KG.minhash, Literal(self.fingerprint[0]))
            self.add(a, KG.shingleCount, Literal(self.fingerprint[1], datatype=XSD.integer))

    def entity_node(self, e: Entity) -> None:
        node = self.entity(e.key)
        self.add(node, RDF.type, _KIND_CLASS[e.kind])
        for label in sorted({e.name, *e.variants}):
            if label.strip():
                self.add(node, RDFS.label, Literal(label))
        if e.described:
            self.add(node, KG.described, Literal(True))
            if e.name.strip():  # the name kg composed, its owner resolved: "city council of Mariupol"
                self.add(node, SDO.name, Literal(e.name))
        if e.kind is EntityKind.ORGANIZATION and any(is_known_org(v) for v in (e.name, *e.variants)):
            self.add(node, SDO.name, Literal(e.name))  # the alias table's name: "United Nations" for "U.N."
        if e.kind is EntityKind.PERSON and not e.described:
            known = next((p for p in map(known_person, (e.name, *e.variants)) if p is not None and p.key == e.key), None)
            if known is not None:
                self.add(node, SDO.name, Literal(known.name))  # the people table's name: "Volodymyr Zelenskyy" for "Zelensky"
        place = e.place
        if place is not None:
            self.add(node, SDO.name, Literal(place.name))
            self.add(node, RDF.type, _FEATURE_CLASS[place.feature])
            # a facility is in its town, not the town: "the Zaporizhzhia nuclear power plant" in Enerhodar
            self.add(node, SDO.containedInPlace if place.feature == "site" else OWL.sameAs, geonames(place.geonames_id))
            if place.latitude is not None and place.longitude is not None:
                self.add(node, GEO.lat, Literal(f"{place.latitude:.5f}", datatype=XSD.decimal))
                self.add(node, GEO.long, Literal(f"{place.longitude:.5f}", datatype=XSD.decimal))

    # -- provenance ------------------------------------------------------------------------------

    def sentence(self, span: Span) -> URIRef:
        node = self.minter.span(self.x.article.id, span.start, span.end)
        self.add(node, RDF.type, NIF.Sentence)
        self.add(node, NIF.beginIndex, Literal(span.start, datatype=XSD.integer))
        self.add(node, NIF.endIndex, Literal(span.end, datatype=XSD.integer))
        self.add(node, NIF.anchorOf, Literal(span.text(self.x.article.text)))
        self.add(node, NIF.referenceContext, self.article)
        return node

    def provenance(self, fact: URIRef, span: Span, extractor: str, **wording: object) -> None:
        """The fact came from this sentence of this article, worded thus, by this extractor."""
        sentence = self.sentence(span)
        derivation = URIRef(f"{self.article}#derivation-{digest(fact, span.start, span.end)}")
        agent = self.minter.extractor(extractor)
        self.add(fact, PROV.wasDerivedFrom, sentence)
        self.add(fact, PROV.qualifiedDerivation, derivation)
        self.add(fact, PROV.wasAttributedTo, agent)
        self.add(derivation, RDF.type, PROV.Derivation)
        self.add(derivation, PROV.entity, sentence)
        for prop, value in wording.items():
            if value is not None:
                self.add(derivation, KG[prop], Literal(value))
        if extractor not in self.extractors:
            self.extractors.add(extractor)
            self.add(agent, RDF.type, PROV.SoftwareAgent)
            self.add(agent, RDFS.label, Literal(f"kg {extractor} extractor"))
            self.add(agent, SDO.softwareVersion, Literal(__version__))

    # -- facts -----------------------------------------------------------------------------------

    def roles(self) -> None:
        for r in self.x.roles:
            person, org = self.entity(r.person), self.entity(r.org)
            fact = self.minter.fact("role", r.person, r.role, r.org)
            concept = self.minter.role(r.role)
            self.add(fact, RDF.type, ORG.Membership)
            self.add(fact, ORG.member, person)
            self.add(fact, ORG.role, concept)
            if org is not None:
                kind = self.entities[r.org].kind if r.org in self.entities else EntityKind.ORGANIZATION
                self.add(fact, ORG.organization if kind is EntityKind.ORGANIZATION else KG.jurisdiction, org)
            self.add(concept, RDF.type, ORG.Role)
            self.add(concept, SKOS.prefLabel, Literal(r.role))
            self.add(person, KG.hasRole, concept)
            self.add(person, ORG.hasMembership, fact)
            self.provenance(fact, r.evidence, "roles")

    def quote_fact(self, q: Quote) -> URIRef:
        return self.minter.fact("quote", " ".join(q.text.split()), q.speaker)

    def quotes(self) -> None:
        reported = [q for q in self.x.quotes if q.kind == "indirect"]
        for q in self.x.quotes:
            fact = self.quote_fact(q)
            self.add(fact, RDF.type, SDO.Quotation)
            self.add(fact, SDO.text, Literal(q.text))
            speaker = self.entity(q.speaker)
            if speaker is not None:
                self.add(fact, SDO.spokenByCharacter, speaker)
                self.add(speaker, KG.said, fact)
            if q.speaker and q.speaker_role:
                self.add(fact, KG.inRole, self.minter.fact("role", q.speaker, q.speaker_role, q.speaker_org))
            if q.embedded:  # the words quoted inside reported speech are part of it
                for whole in reported:
                    if whole.span.start <= q.span.start and q.span.end <= whole.span.end + 1:
                        self.add(fact, SDO.isPartOf, self.quote_fact(whole))
            self.provenance(fact, q.evidence, "quotes", speakerText=q.speaker_text,
                            reportingVerb=q.cue, quoteKind=q.kind)

    def attacks(self) -> None:
        text = self.x.article.text
        for a in self.x.attacks:
            # Dated attacks are identified by place and day, so two reports of one day's attack on a
            # city are one event; undated ones by place and sentence, so they never merge by guess.
            # A building struck in the place ("a maternity hospital in Mariupol") is an attack of its own.
            identity = a.date.isoformat() if a.date else " ".join(a.evidence.text(text).split())
            fact = self.minter.fact("attack", a.place, identity) if a.target_kind is None \
                else self.minter.fact("attack", a.place, a.target_kind, identity)
            place = self.entity(a.place)
            self.add(fact, RDF.type, KG.Attack)
            self.add(fact, SEM.hasPlace, place)
            if a.date:
                self.add(fact, SEM.hasTimeStamp, _date(a.date))
                self.add(place, KG.attackedOn, _date(a.date))
            if a.attacker:
                self.add(fact, KG.attacker, self.entity(a.attacker))
            self.provenance(fact, a.evidence, "attacks", dateText=a.date_text, trigger=a.trigger, target=a.target)

    def figures(self) -> None:
        for f in self.x.figures:
            fact = self.minter.fact("figure", f.count, f.measure, f.group, f.qualifier, f.place, f.claimant)
            self.add(fact, RDF.type, KG.FigureClaim)
            self.add(fact, KG["count"], Literal(f.count, datatype=XSD.integer))
            self.add(fact, KG.measure, Literal(f.measure))
            if f.group:
                self.add(fact, KG.group, Literal(f.group))
            if f.qualifier:
                self.add(fact, KG.qualifier, Literal(f.qualifier))
            if f.place:
                self.add(fact, SDO.contentLocation, self.entity(f.place))
            claimant = self.entity(f.claimant)
            if claimant is not None:
                self.add(fact, SDO.author, claimant)
                self.add(claimant, KG.claims, fact)
            if f.date:
                self.add(fact, KG.asOf, _date(f.date))
            self.provenance(fact, f.evidence, "figures", claimantText=f.claimant_text)


# The fact families, by the class of their nodes: the names of the named queries that list them.
FAMILIES = {"roles": ORG.Membership, "quotes": SDO.Quotation, "attacks": KG.Attack, "figures": KG.FigureClaim}


def article_graph(
    x: Extraction,
    *,
    minter: Minter,
    pipeline: str,
    fingerprint: tuple[str, int] | None = None,
) -> Graph:
    """The named graph of one article: its metadata, entities, facts and their provenance."""
    b = _Builder(x, minter, pipeline=pipeline, fingerprint=fingerprint)
    b.article_node()
    for e in x.entities:
        b.entity_node(e)
    b.roles()
    b.quotes()
    b.attacks()
    b.figures()
    return b.g
