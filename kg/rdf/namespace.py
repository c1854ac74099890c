"""Every IRI kg writes comes from here: the vocabularies it uses and the minting of data IRIs.

Vocabulary terms are rdflib ``DefinedNamespace`` classes with ``_fail = True``, so a misspelt term
raises instead of writing a new predicate; ``tests/rdf/test_namespace.py`` checks that every ``KG``
term is declared in ``ontology/kg.ttl``. Data IRIs are minted by ``Minter`` under one base, from
canonical keys, so the same input always gives the same IRIs, whatever the text contains.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)

DEFAULT_BASE = "https://kg.example/id/"


class KG(DefinedNamespace):
    """kg's own terms: only what schema.org, ORG, SEM, NIF and PROV-O lack."""

    _NS = Namespace("https://kg.example/ns#")
    _fail = True

    # classes
    Attack: URIRef
    FigureClaim: URIRef
    # article bookkeeping
    contentHash: URIRef
    pipeline: URIRef
    minhash: URIRef
    shingleCount: URIRef
    duplicateOf: URIRef
    # roles
    hasRole: URIRef
    jurisdiction: URIRef
    # quotations
    said: URIRef
    reportingVerb: URIRef
    quoteKind: URIRef
    speakerText: URIRef
    inRole: URIRef
    # attacks
    attackedOn: URIRef
    dateText: URIRef
    attacker: URIRef
    trigger: URIRef
    target: URIRef
    # figures
    count: URIRef
    measure: URIRef
    group: URIRef
    qualifier: URIRef
    claimantText: URIRef
    claims: URIRef
    asOf: URIRef
    # entities known only by a description ("Ukraine's deputy prime minister")
    described: URIRef
    # stores: a SPARQL service whose default graph is kept as the merge of its named graphs
    MergedDefaultGraph: URIRef


class NIF(DefinedNamespace):
    """NIF 2.0 Core: the provenance of every fact is a sentence with character offsets."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    Sentence: URIRef
    Phrase: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef


class SEM(DefinedNamespace):
    """The Simple Event Model."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    hasPlace: URIRef
    hasActor: URIRef
    hasTimeStamp: URIRef


class ITSRDF(DefinedNamespace):
    """ITS 2.0 in RDF: which entity a NIF phrase refers to."""

    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: URIRef


class GEO(DefinedNamespace):
    """W3C Basic Geo (WGS84): the coordinates of places."""

    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    _fail = True

    lat: URIRef
    long: URIRef


GEONAMES = Namespace("https://sws.geonames.org/")

PREFIXES: dict[str, Namespace] = {
    "kg": KG._NS,
    "schema": SDO._NS,
    "org": ORG._NS,
    "prov": PROV._NS,
    "skos": SKOS._NS,
    "sem": SEM._NS,
    "nif": NIF._NS,
    "itsrdf": ITSRDF._NS,
    "geo": GEO._NS,
    "owl": OWL._NS,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "xsd": XSD._NS,
    "gn": GEONAMES,
}

_PLAIN_KEY = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; empty when nothing of the text is ASCII."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", folded.lower()))


def digest(*parts: object, length: int = 16) -> str:
    """A short stable hash of the parts, for fact IRIs and for keys no slug can carry."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def _readable(key: str) -> str:
    """A readable, collision-free local name for a canonical key."""
    s = slug(key)[:80].strip("-")
    # The slug alone is used only when it loses nothing of the key; otherwise a hash keeps it unique.
    if len(key) <= 80 and _PLAIN_KEY.fullmatch(key):
        return s
    return f"{s}-{digest(key, length=10)}" if s else digest(key, length=16)


@dataclass(frozen=True)
class Minter:
    """Mints the data IRIs of one graph under one base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#:]", self.base):
            raise ValueError(
                f"base IRI {self.base!r} must be an absolute IRI ending in '/', '#' or ':'"
            )

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def article(self, article_id: str) -> URIRef:
        """The article, which is also the name of its graph and its NIF context."""
        # Trailing dots escaped too: "." and ".." would be dot-segments, and a local name ending
        # in an escaped dot ("article:a\\.") trips rdflib's Turtle parser.
        return self._iri("article/" + re.sub(r"\.+$", lambda m: "%2E" * len(m.group()), quote(article_id, safe="")))

    def article_id(self, iri: str) -> str | None:
        prefix = self.base + "article/"
        if not iri.startswith(prefix) or "#" in iri:
            return None
        return unquote(iri[len(prefix):])

    def span(self, article_id: str, start: int, end: int) -> URIRef:
        """A stretch of an article's text, named by RFC 5147 character offsets as NIF does."""
        return URIRef(f"{self.article(article_id)}#char={start},{end}")

    def entity(self, kind: str, key: str) -> URIRef:
        return self._iri(f"{kind}/{_readable(key)}")

    def role(self, name: str) -> URIRef:
        return self._iri(f"role/{_readable(name)}")

    def fact(self, family: str, *key: object) -> URIRef:
        """A fact IRI from its identifying content, so two articles reporting it share one node."""
        return self._iri(f"{family}/{digest(family, *key)}")

    def extractor(self, name: str) -> URIRef:
        return self._iri(f"extractor/{slug(name)}")

    def corpus_graph(self) -> URIRef:
        """The graph of what is derived from all articles together: preferred names, duplicates."""
        return self._iri("graph/corpus")


def geonames(geonames_id: int) -> URIRef:
    return URIRef(f"{GEONAMES}{int(geonames_id)}/")
