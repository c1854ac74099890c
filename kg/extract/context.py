"""What every extractor reads about one article, computed once and never changed afterwards.

``analyse`` finds the article's entities, which tokens are quoted, and the chain of sentence
subjects that pronouns and descriptions refer back to (registering the roles described without a
name on the way: "its mayor said"). The extractors each get this frozen context and a resolver of
their own over a copy of its entities, so none depends on another having run first; the entities
one of them introduces (a described speaker, a country implied by "Russian") come back with its
records as ``Findings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from spacy.tokens import Doc

from kg.extract.entities import EntityIndex, find_entities
from kg.extract.quotemarks import quoted_tokens
from kg.extract.reference import Resolver
from kg.extract.spans import doc_text
from kg.records import Article, Entity, EntityKind
from kg.resolve.gazetteer import Gazetteer

T = TypeVar("T")


@dataclass(frozen=True)
class ArticleContext:
    """One article's Doc with its entities, quotation marks and subject chain, resolved once."""

    article: Article
    doc: Doc
    gazetteer: Gazetteer
    index: EntityIndex  # not to be changed: extractors work on copies (``resolver``)
    quoted: frozenset[int]  # tokens inside quotation marks
    subjects: tuple[tuple[int, str, EntityKind], ...]  # (token, entity, kind) of each sentence subject, in order
    described_roles: tuple[tuple[int, str, str], ...]  # (token, role, owner) of roles described without a name
    descriptions: tuple[tuple[int, str, str], ...] = ()  # (token, head noun, entity) of persons described without a name

    @property
    def published(self) -> date | None:
        return self.article.published

    def resolver(self) -> Resolver:
        """A resolver over a copy of the article's entities, for one extractor to add to."""
        resolver = Resolver(self.doc, self.index.copy(), self.gazetteer, article_id=self.article.id, quoted=self.quoted)
        resolver.seed(list(self.subjects), list(self.described_roles), list(self.descriptions))
        return resolver


@dataclass(frozen=True)
class Findings(Generic[T]):
    """An extractor's records, and the entities it introduced that the article's index lacks."""

    records: tuple[T, ...]
    entities: tuple[Entity, ...] = ()

    @classmethod
    def of(cls, records: list[T], resolver: Resolver, base: EntityIndex) -> Findings[T]:
        added = tuple(e for k, e in sorted(resolver.index.entities.items()) if base.entities.get(k) != e)
        return cls(tuple(records), added)


def analyse(article: Article, doc: Doc, *, gazetteer: Gazetteer) -> ArticleContext:
    """The frozen context the extractors share. ``doc`` must be the parse of ``article.text``."""
    if doc_text(doc) != article.text:
        raise ValueError(f"the Doc for article {article.id!r} is not the parse of its text")
    index = find_entities(doc, gazetteer, article_id=article.id)
    quoted = quoted_tokens(doc)
    resolver = Resolver(doc, index, gazetteer, article_id=article.id, quoted=quoted)
    subjects = tuple(resolver.subjects())  # adds the described subjects to the index
    return ArticleContext(article, doc, gazetteer, index, quoted, subjects, tuple(resolver.described_roles),
                          tuple(resolver.descriptions))
