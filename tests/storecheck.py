"""Checks of a store's content against a clean build: whole articles only, and a corpus graph that
follows from exactly the articles present.

``Reference`` holds a clean build's quads by graph. ``problems(store)`` lists every way a store
differs from "some subset of the reference's articles, each complete, with the corpus graph a
clean build of that subset would have". The corpus graph is recomputed here from scratch (names
counted over the articles present, near-duplicate links from their fingerprints), whereas kg
maintains it incrementally article by article, so the two must agree for any subset.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.namespace import Minter
from kg.resolve.duplicates import Fingerprint, originals
from kg.resolve.labels import preferred_label
from kg.store import open_store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
KG = "https://kg.example/ns#"
ENTITY_TYPES = {f"{SCHEMA}Person", f"{SCHEMA}Organization", f"{SCHEMA}Place"}
MINTER = Minter()
CORPUS = str(MINTER.corpus_graph())


DEFAULT = ""  # the default graph's key in quads_by_graph


def quads_by_graph(store: str | Path) -> dict[str, frozenset[ox.Triple]]:
    """Every quad of a store, grouped by graph name (the default graph under DEFAULT)."""
    out: dict[str, set[ox.Triple]] = defaultdict(set)
    with open_store(store, read_only=True) as db:
        for q in db.native.quads_for_pattern(None, None, None, None):
            out[DEFAULT if q.graph_name == ox.DefaultGraph() else q.graph_name.value].add(q.triple)
    return {g: frozenset(ts) for g, ts in out.items()}


def named(graphs: dict[str, frozenset[ox.Triple]]) -> dict[str, frozenset[ox.Triple]]:
    return {g: ts for g, ts in graphs.items() if g != DEFAULT}


def default_graph_problems(graphs: dict[str, frozenset[ox.Triple]]) -> list[str]:
    """The default graph must be the merge of the named graphs: each of their triples, once, nothing else."""
    merge = frozenset().union(*named(graphs).values())
    default = graphs.get(DEFAULT, frozenset())
    if default == merge:
        return []
    return [f"default graph: {len(merge - default)} triples of the named graphs missing, {len(default - merge)} extra"]


def nquads(store: str | Path) -> bytes:
    with open_store(store, read_only=True) as db:
        return db.export(fmt="nquads")


def article_id(graph: str) -> str | None:
    return MINTER.article_id(graph)


def expected_corpus(graphs: dict[str, frozenset[ox.Triple]]) -> frozenset[ox.Triple]:
    """The corpus graph a clean build of exactly these article graphs has."""
    entities: set[str] = set()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    fingerprints: dict[str, Fingerprint] = {}
    for graph, triples in graphs.items():
        minhash = shingles = None
        for t in triples:
            s, p, o = t.subject.value, t.predicate.value, t.object
            if p == RDF_TYPE and o.value in ENTITY_TYPES:
                entities.add(s)
            elif p == f"{SCHEMA}name":
                names[s][o.value] += 1
            elif p == RDFS_LABEL:
                labels[s][o.value] += 1
            elif p == f"{KG}minhash":
                minhash = o.value
            elif p == f"{KG}shingleCount":
                shingles = int(o.value)
        if minhash is not None:
            fingerprints[article_id(graph)] = Fingerprint.decode(minhash, shingles)
    out: set[ox.Triple] = set()
    for e in entities:
        pref = preferred_label(names[e], labels[e])
        if pref is None:
            continue
        node = ox.NamedNode(e)
        out.add(ox.Triple(node, ox.NamedNode(f"{SKOS}prefLabel"), ox.Literal(pref)))
        for alt in set(names[e]) | set(labels[e]):
            if alt != pref:
                out.add(ox.Triple(node, ox.NamedNode(f"{SKOS}altLabel"), ox.Literal(alt)))
    for a, original in originals(fingerprints).items():
        out.add(ox.Triple(ox.NamedNode(str(MINTER.article(a))), ox.NamedNode(f"{KG}duplicateOf"),
                          ox.NamedNode(str(MINTER.article(original)))))
    return frozenset(out)


@dataclass(frozen=True)
class Reference:
    """A clean build: its article graphs by id, and its exact N-Quads export."""

    articles: dict[str, frozenset[ox.Triple]]
    nquads: bytes

    @classmethod
    def of(cls, store: str | Path) -> Reference:
        graphs = quads_by_graph(store)
        assert not default_graph_problems(graphs), default_graph_problems(graphs)
        graphs = named(graphs)
        articles = {article_id(g): ts for g, ts in graphs.items() if g != CORPUS}
        assert None not in articles, "a graph that is neither an article's nor the corpus graph"
        reference = cls(articles, nquads(store))
        assert graphs.get(CORPUS, frozenset()) == expected_corpus({g: ts for g, ts in graphs.items() if g != CORPUS}), \
            "the clean build's corpus graph differs from the one recomputed from its articles"
        return reference

    def problems(self, store: str | Path, *, may_differ: set[str] = frozenset()) -> tuple[list[str], set[str]]:
        """(what is wrong, ids of the articles present); ``may_differ``: ids whose graphs are not compared."""
        graphs = quads_by_graph(store)
        wrong: list[str] = default_graph_problems(graphs)
        graphs = named(graphs)
        present: set[str] = set()
        for graph, triples in graphs.items():
            if graph == CORPUS:
                continue
            aid = article_id(graph)
            if aid is None or aid not in self.articles:
                wrong.append(f"unexpected graph {graph}")
                continue
            present.add(aid)
            if aid in may_differ:
                continue
            if triples != self.articles[aid]:
                missing, extra = len(self.articles[aid] - triples), len(triples - self.articles[aid])
                wrong.append(f"article {aid} is half written: {missing} triples missing, {extra} extra")
        corpus = graphs.get(CORPUS, frozenset())
        expected = expected_corpus({g: ts for g, ts in graphs.items() if g != CORPUS})
        if corpus != expected:
            wrong.append(f"corpus graph: {len(expected - corpus)} triples missing, {len(corpus - expected)} extra "
                         f"for the {len(present)} articles present")
        return wrong, present
