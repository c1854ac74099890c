"""Write articles into the store, one transaction each, with the corpus graph kept in step.

The corpus graph holds what no single article can decide: each entity's preferred name among all
the spellings articles use (``skos:prefLabel``, the rest ``skos:altLabel``) and which articles are
near-duplicates of which (``kg:duplicateOf``). Writing or removing an article replaces its named
graph and recomputes the corpus entries it touches in the same SPARQL update, so the store is
consistent after every article, whenever a build stops.

The corpus entries are functions of the set of articles, not of the order they came in: the
preferred name is the gazetteer's or alias table's name when there is one, else the name used by
most articles (full names first, then longer, then alphabetical); a near-duplicate points to the
longer article (then the smaller id).
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SKOS

from kg.fingerprint import DUPLICATE_CONTAINMENT, PERMUTATIONS, Fingerprint
from kg.namespace import KG, Minter
from kg.sparql import term, triples_text, values
from kg.store import Store

ENTITY_CLASSES = (SDO.Person, SDO.Organization, SDO.Place)


@dataclass(frozen=True)
class StoredArticle:
    content_hash: str
    pipeline: str


def preferred_label(names: Counter[str], labels: Counter[str]) -> str | None:
    """The name an entity goes by across the corpus (see the module docstring)."""
    if names:
        return min(names, key=lambda n: (-names[n], n))
    if not labels:
        return None
    return min(labels, key=lambda n: (len(n.split()) < 2, -labels[n], -len(n.split()), n))


@dataclass
class CorpusState:
    """What the build needs to know of the store: stored articles, fingerprints, duplicate links."""

    minter: Minter
    articles: dict[str, StoredArticle] = field(default_factory=dict)
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # duplicate id -> original id
    # entity -> (schema:name counts, rdfs:label counts) over all article graphs, each graph counted
    # once; filled per entity the first time an article touches it, then kept in step by the writes
    names: dict[URIRef, tuple[Counter[str], Counter[str]]] = field(default_factory=dict)
    names_complete: bool = False  # the store had no articles when loaded: every name is counted here
    _ids: list[str] = field(default_factory=list)
    _row: dict[str, int] = field(default_factory=dict)
    _matrix: np.ndarray | None = None
    _sizes: np.ndarray | None = None

    @classmethod
    def load(cls, store: Store, minter: Minter) -> CorpusState:
        state = cls(minter)
        rows = store.query(
            """SELECT ?id ?hash ?pipeline ?minhash ?n WHERE { GRAPH ?g {
                 ?a a schema:NewsArticle ; schema:identifier ?id ; kg:contentHash ?hash ; kg:pipeline ?pipeline .
                 OPTIONAL { ?a kg:minhash ?minhash ; kg:shingleCount ?n } } }"""
        )
        for r in rows:
            state.articles[str(r.id)] = StoredArticle(str(r.hash), str(r.pipeline))
            if r.minhash is not None:
                state.fingerprints[str(r.id)] = Fingerprint.decode(str(r.minhash), int(r.n))
        state.names_complete = not state.articles
        corpus = term(minter.corpus_graph())
        for r in store.query(f"SELECT ?d ?o WHERE {{ GRAPH {corpus} {{ ?d kg:duplicateOf ?o }} }}"):
            d, o = minter.article_id(str(r.d)), minter.article_id(str(r.o))
            if d and o:
                state.links[d] = o
        return state

    # -- near duplicates ---------------------------------------------------------------------------

    def _rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The fingerprints as a signature matrix and a shingle-count vector, one row per article.

        Kept between articles and patched in place (rows of removed articles are swapped out), so
        each article costs one comparison pass, not a rebuild of the matrix from every fingerprint.
        """
        if self._matrix is None:
            self._ids = sorted(self.fingerprints)
            self._row = {i: n for n, i in enumerate(self._ids)}
            self._matrix = np.array([self.fingerprints[i].signature for i in self._ids], dtype=np.uint64).reshape(-1, PERMUTATIONS)
            self._sizes = np.array([self.fingerprints[i].shingles for i in self._ids], dtype=float)
        n = len(self._ids)
        return self._matrix[:n], self._sizes[:n]

    def _set_fingerprint(self, article_id: str, fp: Fingerprint | None) -> None:
        if fp is None:
            self.fingerprints.pop(article_id, None)
        else:
            self.fingerprints[article_id] = fp
        if self._matrix is None:
            return
        row = self._row.get(article_id)
        if fp is None:
            if row is not None:  # move the last row into the hole
                last = len(self._ids) - 1
                self._matrix[row], self._sizes[row] = self._matrix[last], self._sizes[last]
                self._ids[row] = self._ids[last]
                self._row[self._ids[row]] = row
                self._ids.pop()
                del self._row[article_id]
            return
        if row is None:
            row = len(self._ids)
            if row == len(self._matrix):  # grow by doubling
                self._matrix = np.resize(self._matrix, (max(64, 2 * row), PERMUTATIONS))
                self._sizes = np.resize(self._sizes, max(64, 2 * row))
            self._ids.append(article_id)
            self._row[article_id] = row
        self._matrix[row] = np.array(fp.signature, dtype=np.uint64)
        self._sizes[row] = fp.shingles

    def _similar(self, fp: Fingerprint, exclude: str) -> list[tuple[str, float]]:
        """(id, containment) of every stored article that shares most of its text with ``fp``."""
        matrix, sizes = self._rows()
        if not len(sizes):
            return []
        same = (matrix == np.array(fp.signature, dtype=np.uint64)).mean(axis=1)
        overlap = same * (sizes + fp.shingles) / (1 + same)
        contain = np.minimum(1.0, overlap / np.maximum(1, np.minimum(sizes, fp.shingles)))
        return sorted((self._ids[i], float(contain[i])) for i in np.nonzero(contain >= DUPLICATE_CONTAINMENT)[0] if self._ids[i] != exclude)

    def _original_of(self, article_id: str) -> str | None:
        """The article this one duplicates: the most similar longer one (then the smallest id)."""
        fp = self.fingerprints.get(article_id)
        if fp is None:
            return None
        candidates = sorted(
            (other, c, self.fingerprints[other].shingles) for other, c in self._similar(fp, article_id)
            if self.fingerprints[other].shingles > fp.shingles
            or self.fingerprints[other].shingles == fp.shingles and other < article_id
        )
        # max() keeps the first of equals, and the candidates are in id order.
        return max(candidates, key=lambda c: (c[1], c[2]))[0] if candidates else None

    def relink(self, changed: str, fingerprint: Fingerprint | None) -> tuple[set[str], dict[str, str]]:
        """Record an article's new fingerprint (None: removed); the articles whose links to recompute and their new links."""
        affected = {changed} | {d for d, o in self.links.items() if o == changed}
        old = self.fingerprints.get(changed)
        if old is not None:
            affected |= {i for i, _ in self._similar(old, changed)}
        self._set_fingerprint(changed, fingerprint)
        if fingerprint is not None:
            affected |= {i for i, _ in self._similar(fingerprint, changed)}
        new_links: dict[str, str] = {}
        for a in sorted(affected):
            self.links.pop(a, None)
            original = self._original_of(a) if a in self.fingerprints else None
            if original is not None:
                self.links[a] = original
                new_links[a] = original
        return affected, new_links


def _entities(graph: Graph) -> set[URIRef]:
    return {s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def _load_names(store: Store, state: CorpusState, entities: set[URIRef], corpus: URIRef) -> None:
    """Count, over all article graphs, the names of the entities the state has not counted yet.

    (The predicates are filtered, not given as a second VALUES: Oxigraph would join the two VALUES
    blocks against every quad of the store, a hundred times slower on 7,000 articles.)
    """
    missing = sorted(entities - state.names.keys())
    for e in missing:
        state.names[e] = (Counter(), Counter())
    if not missing or state.names_complete:
        return
    rows = store.query(
        f"""SELECT ?e ?p ?l (COUNT(DISTINCT ?g) AS ?n) WHERE {{
              VALUES ?e {{ {values(missing)} }}
              GRAPH ?g {{ ?e ?p ?l }}
              FILTER(?p IN (rdfs:label, schema:name) && ?g != {term(corpus)})
            }} GROUP BY ?e ?p ?l"""
    )
    for r in rows:
        names, labels = state.names[r.e]
        (names if r.p == SDO.name else labels)[str(r.l)] += int(r.n)


def _graph_names(graph: Graph, entities: set[URIRef]) -> dict[URIRef, tuple[Counter[str], Counter[str]]]:
    return {e: (Counter(str(o) for o in graph.objects(e, SDO.name)), Counter(str(o) for o in graph.objects(e, RDFS.label)))
            for e in entities}


def _corpus_names(entities: dict[URIRef, tuple[Counter[str], Counter[str]]]) -> list[tuple]:
    triples = []
    for e, (names, labels) in entities.items():
        pref = preferred_label(names, labels)
        if pref is None:
            continue
        triples.append((e, SKOS.prefLabel, Literal(pref)))
        for alt in sorted(set(labels) | set(names)):
            if alt != pref:
                triples.append((e, SKOS.altLabel, Literal(alt)))
    return triples


def _update(graph_iri: URIRef, new_graph: Graph | None, old_graph: Graph, store: Store, state: CorpusState,
            fingerprint: Fingerprint | None, article_id: str) -> tuple[str, dict[URIRef, tuple[Counter[str], Counter[str]]]]:
    """The SPARQL update that replaces one article's graph, and the entities' name counts after it."""
    minter = state.minter
    corpus = minter.corpus_graph()
    old_entities = _entities(old_graph)
    new_entities = _entities(new_graph) if new_graph is not None else set()
    touched = old_entities | new_entities
    _load_names(store, state, touched, corpus)
    before, after = _graph_names(old_graph, old_entities), _graph_names(new_graph, new_entities) if new_graph is not None else {}
    counts: dict[URIRef, tuple[Counter[str], Counter[str]]] = {}
    for e in touched:
        names, labels = (Counter(c) for c in state.names[e])
        for side, sign in ((before, -1), (after, 1)):
            if e in side:
                for total, delta in zip((names, labels), side[e]):
                    for label, n in delta.items():
                        total[label] += sign * n
        counts[e] = (+names, +labels)  # unary plus drops the names no graph uses any more
    affected, links = state.relink(article_id, fingerprint)
    corpus_triples = _corpus_names(counts)
    corpus_triples += [(minter.article(d), KG.duplicateOf, minter.article(o)) for d, o in links.items()]
    parts = [f"DROP SILENT GRAPH {term(graph_iri)}"]
    if new_graph is not None and len(new_graph):
        parts.append(f"INSERT DATA {{ GRAPH {term(graph_iri)} {{\n{triples_text(new_graph)}\n}} }}")
    if touched:
        parts.append(
            f"DELETE {{ GRAPH {term(corpus)} {{ ?e ?p ?o }} }} WHERE {{ GRAPH {term(corpus)} {{ "
            f"VALUES ?e {{ {values(touched)} }} ?e ?p ?o FILTER(?p IN (skos:prefLabel, skos:altLabel)) }} }}"
        )
    parts.append(
        f"DELETE {{ GRAPH {term(corpus)} {{ ?d kg:duplicateOf ?o }} }} WHERE {{ GRAPH {term(corpus)} {{ "
        f"VALUES ?d {{ {values(minter.article(a) for a in affected)} }} ?d kg:duplicateOf ?o }} }}"
    )
    if corpus_triples:
        parts.append(f"INSERT DATA {{ GRAPH {term(corpus)} {{\n{triples_text(corpus_triples)}\n}} }}")
    return " ;\n".join(parts), counts


def _old_graph(store: Store, graph_iri: URIRef) -> Graph:
    """The entities of an article as stored, with the names the article gave them."""
    rows = store.query(
        f"""SELECT ?e ?t ?p ?l WHERE {{ GRAPH {term(graph_iri)} {{ ?e a ?t
              VALUES ?t {{ schema:Person schema:Organization schema:Place }}
              OPTIONAL {{ ?e ?p ?l FILTER(?p IN (rdfs:label, schema:name)) }} }} }}"""
    )
    graph = Graph()
    for r in rows:
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
    update, counts = _update(graph_iri, graph, old, store, state, fingerprint, article_id)
    state.names.update(counts)
    state.articles[article_id] = StoredArticle(content_hash, pipeline)
    return update


def write_article(store: Store, state: CorpusState, article_id: str, graph: Graph, fingerprint: Fingerprint, *, content_hash: str, pipeline: str) -> None:
    """Replace one article's graph and update the corpus graph, atomically."""
    store.update(prepare_article(store, state, article_id, graph, fingerprint, content_hash=content_hash, pipeline=pipeline))


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
                    self._store.update(update)
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


def remove_article(store: Store, state: CorpusState, article_id: str) -> bool:
    """Drop one article's graph and what the corpus graph derived from it; False if it was not there."""
    if article_id not in state.articles:
        return False
    graph_iri = state.minter.article(article_id)
    update, counts = _update(graph_iri, None, _old_graph(store, graph_iri), store, state, None, article_id)
    store.update(update)
    state.names.update(counts)
    del state.articles[article_id]
    return True
