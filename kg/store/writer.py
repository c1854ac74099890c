"""Write articles into the store, one transaction each, with the corpus graph kept in step.

The corpus graph holds what no single article can decide: each entity's preferred name among all
the spellings articles use (``skos:prefLabel``, the rest ``skos:altLabel``) and which articles are
near-duplicates of which (``kg:duplicateOf``). Which name and which original are decided in
``kg.resolve`` (``labels``, ``duplicates``); this module keeps the counts they are decided from in
step with the store, and writes. Writing or removing an article replaces its named graph and
recomputes the corpus entries it touches in the same SPARQL update, so the store is consistent
after every article, whenever a build stops.

The same update keeps the default graph the RDF merge of the named graphs (see ``kg.store.store``):
before an article's graph is dropped, its triples leave the default graph unless another graph
holds them too, and its new triples enter it; the corpus graph's entries leave and enter with
them. Each step is one SPARQL 1.1 Update operation of the article's one request.
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SKOS

from kg.errors import QueryError, StoreError
from kg.rdf.namespace import KG, Minter
from kg.rdf.ntriples import term, triples_text, values
from kg.resolve.duplicates import DuplicateIndex, Fingerprint
from kg.resolve.labels import NameCounts, corpus_labels, moved
from kg.store.queries import sparql
from kg.store.store import Store

ENTITY_CLASSES = (SDO.Person, SDO.Organization, SDO.Place)


@dataclass(frozen=True)
class StoredArticle:
    content_hash: str
    pipeline: str


@dataclass
class CorpusState:
    """What the build needs to know of the store: stored articles, near-duplicates, entity names."""

    minter: Minter
    articles: dict[str, StoredArticle] = field(default_factory=dict)
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    # entity -> name counts over all article graphs, each graph counted once; filled per entity the
    # first time an article touches it, then kept in step by the writes
    names: dict[URIRef, NameCounts] = field(default_factory=dict)
    names_complete: bool = False  # the store had no articles when loaded: every name is counted here

    @classmethod
    def load(cls, store: Store, minter: Minter) -> CorpusState:
        """What the store holds; a store folder written before kg kept the merged default graph gets it first."""
        if store.native is not None and store.query_options():
            _write(store, sparql("merge_default"))
        state = cls(minter)
        for r in store.query(sparql("stored_articles")):
            state.articles[str(r.id)] = StoredArticle(str(r.hash), str(r.pipeline))
            if r.minhash is not None:
                state.duplicates.fingerprints[str(r.id)] = Fingerprint.decode(str(r.minhash), int(r.n))
        state.names_complete = not state.articles
        for r in store.query(sparql("duplicate_links", corpus=term(minter.corpus_graph()))):
            d, o = minter.article_id(str(r.d)), minter.article_id(str(r.o))
            if d and o:
                state.duplicates.links[d] = o
        return state


def _entities(graph: Graph) -> set[URIRef]:
    return {s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def _load_names(store: Store, state: CorpusState, entities: set[URIRef], corpus: URIRef) -> None:
    """Count, over all article graphs, the names of the entities the state has not counted yet."""
    missing = sorted(entities - state.names.keys())
    for e in missing:
        state.names[e] = (Counter(), Counter())
    if not missing or state.names_complete:
        return
    for r in store.query(sparql("entity_names", entities=values(missing), corpus=term(corpus))):
        names, labels = state.names[r.e]
        (names if r.p == SDO.name else labels)[str(r.l)] += int(r.n)


def _graph_names(graph: Graph, entities: set[URIRef]) -> dict[URIRef, NameCounts]:
    return {e: (Counter(str(o) for o in graph.objects(e, SDO.name)), Counter(str(o) for o in graph.objects(e, RDFS.label)))
            for e in entities}


def _label_triples(counts: dict[URIRef, NameCounts]) -> list[tuple]:
    triples = []
    for e, entity_counts in counts.items():
        chosen = corpus_labels(entity_counts)
        if chosen is None:
            continue
        pref, alts = chosen
        triples.append((e, SKOS.prefLabel, Literal(pref)))
        triples.extend((e, SKOS.altLabel, Literal(alt)) for alt in alts)
    return triples


def _update(graph_iri: URIRef, new_graph: Graph | None, old_graph: Graph, store: Store, state: CorpusState,
            fingerprint: Fingerprint | None, article_id: str, *, stored: bool) -> tuple[str, dict[URIRef, NameCounts]]:
    """The SPARQL update that replaces one article's graph, and the entities' name counts after it."""
    minter = state.minter
    corpus = minter.corpus_graph()
    old_entities = _entities(old_graph)
    new_entities = _entities(new_graph) if new_graph is not None else set()
    touched = old_entities | new_entities
    _load_names(store, state, touched, corpus)
    before, after = _graph_names(old_graph, old_entities), _graph_names(new_graph, new_entities) if new_graph is not None else {}
    counts = {e: moved(state.names[e], before.get(e), after.get(e)) for e in touched}
    affected, links = state.duplicates.relink(article_id, fingerprint)
    corpus_triples = _label_triples(counts)
    corpus_triples += [(minter.article(d), KG.duplicateOf, minter.article(o)) for d, o in links.items()]
    merge = store.merged_default_graph
    duplicates = values(minter.article(a) for a in affected)
    parts = []
    if merge and stored:
        parts.append(sparql("leave_default", graph=term(graph_iri), where=""))
    parts.append(sparql("drop_graph", graph=term(graph_iri)))
    if new_graph is not None and len(new_graph):
        parts.append(sparql("insert_graph", graph=term(graph_iri), triples=triples_text(new_graph)))
        if merge:
            parts.append(sparql("enter_default", graph=term(graph_iri)))
    if touched:
        if merge:
            parts.append(sparql("leave_default", graph=term(corpus),
                                where=f"VALUES ?s {{ {values(touched)} }} FILTER(?p IN ({term(SKOS.prefLabel)}, {term(SKOS.altLabel)}))"))
        parts.append(sparql("delete_labels", corpus=term(corpus), entities=values(touched)))
    if merge and affected:
        parts.append(sparql("leave_default", graph=term(corpus), where=f"VALUES ?s {{ {duplicates} }} FILTER(?p = {term(KG.duplicateOf)})"))
    parts.append(sparql("delete_duplicate_links", corpus=term(corpus), articles=duplicates))
    if corpus_triples:
        parts.append(sparql("insert_graph", graph=term(corpus), triples=triples_text(corpus_triples)))
        if merge:
            parts.append(sparql("insert_default", triples=triples_text(corpus_triples)))
    return " ;\n".join(parts), counts


def _old_graph(store: Store, graph_iri: URIRef) -> Graph:
    """The entities of an article as stored, with the names the article gave them."""
    graph = Graph()
    for r in store.query(sparql("article_entities", graph=term(graph_iri))):
        graph.add((r.e, RDF.type, r.t))
        if r.p is not None:
            graph.add((r.e, r.p, r.l))
    return graph


def prepare_article(store: Store, state: CorpusState, article_id: str, graph: Graph, fingerprint: Fingerprint, *, content_hash: str, pipeline: str) -> str:
    """The update that replaces one article's graph and its corpus entries; ``state`` moves on as if it ran.

    It reads from the store only what no earlier prepared article can have changed (the article's
    own stored graph, the names of entities no article of this build named), so updates may run
    after later articles are prepared, provided they run in order (see ``OrderedWriter``).
    """
    graph_iri = state.minter.article(article_id)
    old = _old_graph(store, graph_iri) if article_id in state.articles else Graph()
    update, counts = _update(graph_iri, graph, old, store, state, fingerprint, article_id, stored=article_id in state.articles)
    state.names.update(counts)
    state.articles[article_id] = StoredArticle(content_hash, pipeline)
    return update


def _write(store: Store, update: str) -> None:
    try:
        store.update(update)
    except QueryError as exc:
        raise StoreError(f"kg wrote an invalid SPARQL update ({exc}); please report this") from None


def write_article(store: Store, state: CorpusState, article_id: str, graph: Graph, fingerprint: Fingerprint, *, content_hash: str, pipeline: str) -> None:
    """Replace one article's graph and update the corpus graph, atomically."""
    _write(store, prepare_article(store, state, article_id, graph, fingerprint, content_hash=content_hash, pipeline=pipeline))


class OrderedWriter:
    """Runs prepared updates in order on a thread of its own, while the caller parses the next articles.

    The store does its work without Python's lock, so writing overlaps parsing. At most ``depth``
    updates wait; ``submit`` and ``close`` raise the first error the writes met, and after one
    nothing more is written. Use as a context manager: leaving it waits for every write.
    """

    def __init__(self, store: Store, *, depth: int = 8) -> None:
        self._store = store
        self._queue: queue.Queue[str | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (update := self._queue.get()) is not None:
            if self._error is None:
                try:
                    _write(self._store, update)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, update: str) -> None:
        self._raise()
        self._queue.put(update)

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        self._raise()

    def __enter__(self) -> OrderedWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:  # the caller failed: finish what was handed over, report the caller's error
            self._queue.put(None)
            self._thread.join()


def count_reports(store: Store, classes: dict[str, URIRef], *, articles: Iterable[URIRef] | None = None) -> dict[str, int]:
    """Reports of each family's facts, as the named queries count their rows: one per fact and
    article, a near-duplicate's repeats of its original left out; only in ``articles`` if given."""
    if articles is not None:
        articles = sorted(set(articles))
        if not articles:
            return dict.fromkeys(classes, 0)
    where = f"VALUES ?article {{ {values(articles)} }}" if articles is not None else ""
    return {family: store.count(sparql("reports", articles=where, **{"class": term(cls)})) for family, cls in classes.items()}


def remove_article(store: Store, state: CorpusState, article_id: str) -> bool:
    """Drop one article's graph and what the corpus graph derived from it; False if it was not there."""
    if article_id not in state.articles:
        return False
    graph_iri = state.minter.article(article_id)
    update, counts = _update(graph_iri, None, _old_graph(store, graph_iri), store, state, None, article_id, stored=True)
    _write(store, update)
    state.names.update(counts)
    del state.articles[article_id]
    return True
