"""The records that flow between kg's stages: small, frozen, and free of spaCy and rdflib objects."""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Character offsets [start, end) into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def covers(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as kg reads it.

    ``text`` is what kg analyses and what every character offset refers to: the title, a blank
    line, then the body with page furniture (bylines, datelines, "Read more" links) removed.
    """

    id: str
    title: str
    text: str
    published: date | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    origin: str = field(default="", compare=False)

    def content_hash(self) -> str:
        """A digest of everything that goes into the article's graph, so unchanged input is skipped."""
        payload = json.dumps(
            [self.id, self.title, self.text, self.published and self.published.isoformat(),
             self.url, self.source, self.author],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not become an article: where it is and what is wrong with it."""

    origin: str
    problem: str
    skipped: bool = True  # False: the article was still read, with the problem noted

    def __str__(self) -> str:
        return f"{self.origin}: {self.problem}"


class EntityKind(enum.Enum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (GeoNames)."""

    geonames_id: int
    name: str
    feature: str  # "city", "region" (a US state), "country" or "site" (a facility, at its town's GeoNames id)
    country_code: str
    population: int
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place as one article names it.

    ``key`` is canonical across articles (two spellings of one mayor share it); the IRI is minted
    from ``kind`` and ``key``. ``described`` marks someone known only by a description such as
    "Ukraine's deputy prime minister", which stays a description and is never guessed into a name.
    """

    key: str
    kind: EntityKind
    name: str
    variants: tuple[str, ...] = ()
    place: Place | None = None
    described: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names an entity."""

    entity: str
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Role:
    """A person holds a role, optionally of an organisation or a place."""

    person: str
    role: str
    org: str | None
    evidence: Span


@dataclass(frozen=True, slots=True)
class Quote:
    """Something someone said, directly (in quotation marks) or reported."""

    text: str
    span: Span
    speaker: str | None
    speaker_text: str | None
    cue: str | None
    kind: str  # "direct" or "indirect"
    evidence: Span
    embedded: bool = False  # a direct quotation quoted inside reported speech: part of an indirect one
    speaker_role: str | None = None  # the role in which the speaker spoke, one of the article's roles
    speaker_org: str | None = None  # that role's organisation or place


@dataclass(frozen=True, slots=True)
class Attack:
    """A place attacked, with the date when the text fixes one."""

    place: str
    date: date | None
    date_text: str | None
    attacker: str | None
    trigger: str
    evidence: Span
    target: str | None = None  # the building struck in the place, when one was: "maternity hospital"
    target_kind: str | None = None  # its facility noun, which identifies it: "hospital"


@dataclass(frozen=True, slots=True)
class Figure:
    """A claimed count: how many of whom were killed, injured, displaced..., and who says so."""

    count: int
    measure: str
    group: str | None
    qualifier: str | None
    place: str | None
    claimant: str | None
    claimant_text: str | None
    date: date | None
    evidence: Span


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything kg found in one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    roles: tuple[Role, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attacks: tuple[Attack, ...] = ()
    figures: tuple[Figure, ...] = ()
