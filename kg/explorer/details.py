"""What the page shows about the drawn nodes: their facts, the quotation texts, the source sentences
(``nif:anchorOf`` of the sentence each fact ``prov:wasDerivedFrom``) with article title and date, and
which articles name each node, for the article and date filters.

Read only for the nodes of a view. A node's panel lists its most reported facts of each family and
a fact its first few sources, and says how many more there are, so that a page stays small even
for "Ukraine" in thousands of articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import URIRef

from kg.explorer.graph import BrowseGraph, query, select_rows
from kg.explorer.select import View
from kg.rdf.ntriples import values
from kg.store import Store

FACTS_PER_FAMILY = 12  # facts of each family listed in a node's panel
SOURCES_PER_FACT = 4  # source sentences shipped per fact
CHUNK = 1500  # IRIs per VALUES block

_WORDING = {"quoteKind": "kind", "reportingVerb": "verb", "speakerText": "speaker as written",
            "dateText": "date as written", "trigger": "words", "claimantText": "claimant as written"}







@dataclass(frozen=True, slots=True)
class Source:
    article: str  # the article's IRI
    sentence: str
    start: int
    wording: tuple[tuple[str, str], ...]  # how this article put it: ("verb", "told")...


@dataclass(frozen=True, slots=True)
class FactDetail:
    sources: tuple[Source, ...]  # the first few, by article date
    articles: tuple[str, ...]  # every article reporting it
    text: str = ""  # a quotation's full text


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    title: str
    published: str


@dataclass(frozen=True)
class Details:
    facts: dict[str, FactDetail]
    node_facts: dict[str, tuple[str, ...]]  # facts listed in each node's panel
    more_facts: dict[str, dict[str, int]]  # per node, how many facts of each family are not listed
    node_articles: dict[str, tuple[str, ...]]
    articles: dict[str, ArticleInfo]


def _chunks(keys: Iterable[str]) -> Iterator[str]:
    items = sorted(set(keys))
    for i in range(0, len(items), CHUNK):
        yield values(URIRef(k) for k in items[i : i + CHUNK])


def _rows(store: Store, name: str, keys: Iterable[str]) -> Iterator[dict[str, str]]:
    for block in _chunks(keys):
        yield from select_rows(store, query(name, values=block))


def _panel_facts(graph: BrowseGraph, view: View, involving: dict[str, list[str]]) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, int]]]:
    listed: dict[str, tuple[str, ...]] = {}
    more: dict[str, dict[str, int]] = {}
    for key, iris in involving.items():
        if key not in view.keys:
            continue
        by_family: dict[str, list[str]] = defaultdict(list)
        for iri in iris:
            by_family[graph.facts[iri].family].append(iri)
        keep: list[str] = []
        for family, facts in sorted(by_family.items()):
            facts.sort(key=lambda f: (-graph.facts[f].score, graph.facts[f].label, f))
            keep += facts[:FACTS_PER_FAMILY]
            if len(facts) > FACTS_PER_FAMILY:
                more.setdefault(key, {})[family] = len(facts) - FACTS_PER_FAMILY
        listed[key] = tuple(keep)
    return listed, more


def details(store: Store, graph: BrowseGraph, view: View) -> Details:
    """Facts, sources, texts and articles for the nodes of ``view``."""
    involving = graph.node_facts()
    node_facts, more = _panel_facts(graph, view, involving)
    wanted = {f for facts in node_facts.values() for f in facts}
    wanted |= {f for e in graph.edges if e.source in view.keys and e.target in view.keys for f in e.facts}

    found: dict[str, list[Source]] = defaultdict(list)
    for r in _rows(store, "sources", wanted):
        wording = tuple((label, r[name]) for name, label in _WORDING.items() if r.get(name))
        found[r["fact"]].append(Source(r["article"], r["anchor"], int(r["begin"]), wording))
    texts = {r["fact"]: r["text"] for r in _rows(store, "texts", (f for f in wanted if graph.facts[f].family == "quote"))}

    mentions: dict[str, set[str]] = defaultdict(set)
    entities = [k for k in view.keys if graph.nodes[k].kind in ("person", "organization", "place")]
    for r in _rows(store, "mentions", entities):
        mentions[r["entity"]].add(r["article"])
    # Days, quotations and figures appear in the articles that report their facts, all of them.
    others = [k for k in view.keys if graph.nodes[k].kind not in ("person", "organization", "place")]
    fact_articles: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, "reports", wanted | {f for k in others for f in involving.get(k, ())}):
        fact_articles[r["fact"]].add(r["article"])
    for key in others:
        mentions[key] = {a for f in involving.get(key, ()) for a in fact_articles[f]}

    every_article = set().union(*mentions.values(), *fact_articles.values()) if wanted or mentions else set()
    articles = {r["article"]: ArticleInfo(r["id"], r.get("title", ""), r.get("published", ""))
                for r in _rows(store, "articles", every_article)}

    def when(s: Source) -> tuple:
        info = articles.get(s.article)
        return (info.published or "9999" if info else "9999", info.id if info else s.article, s.start)

    facts = {}
    for f in wanted:
        sources = sorted(set(found[f]), key=when)
        facts[f] = FactDetail(tuple(sources[:SOURCES_PER_FACT]), tuple(sorted(fact_articles[f])), texts.get(f, ""))
    return Details(facts, node_facts, more, {k: tuple(sorted(v)) for k, v in mentions.items()}, articles)
