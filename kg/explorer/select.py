"""Which part of the browsing graph to draw: the most important nodes, a neighbourhood, a query's result.

A browser stays responsive with a few hundred drawn nodes, not with the tens of thousands a big
corpus yields, so every view is cut to ``max_nodes`` by importance: people, organisations, places
and attack days by the number of articles that report them, and then, for the nodes kept, their
most reported quotations and figures (a few each), so the view shows what was said and claimed
without drowning the actors in it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.explorer.graph import BrowseGraph, Node
from kg.resolve.names import fold, name_key

PRIMARY = ("person", "organization", "place", "date")
FACTS_PER_NODE = 3  # quotations and figures kept per drawn speaker, claimant or place
FACT_SHARE = 5  # at most one drawn node in this many is a quotation or a figure, when cutting


@dataclass(frozen=True)
class View:
    """The nodes to draw, the nodes asked for (focus or query), and how many were left out."""

    keys: frozenset[str]
    total: int  # nodes the view would have without the cut
    starts: frozenset[str] = frozenset()

    @property
    def hidden(self) -> int:
        return self.total - len(self.keys)


def _rank(node: Node, degree: int) -> tuple:
    return (-node.score, -degree, node.label, node.key)


def _anchors(graph: BrowseGraph) -> dict[str, list[str]]:
    """Quotation and figure nodes by the node they hang from (speaker, claimant, else place)."""
    out: dict[str, list[str]] = defaultdict(list)
    for fact in graph.facts.values():
        if fact.family in ("quote", "figure"):
            out[next(k for k in fact.nodes if k != fact.iri)].append(fact.iri)
    return out


def cut(graph: BrowseGraph, candidates: set[str], *, max_nodes: int, keep: frozenset[str] = frozenset()) -> View:
    """At most ``max_nodes`` of ``candidates`` by importance; ``keep`` (the focus) always stays."""
    if len(candidates) <= max_nodes:
        return View(frozenset(candidates), len(candidates), keep)
    degree: dict[str, int] = defaultdict(int)
    for e in graph.edges:
        if e.source in candidates and e.target in candidates:
            degree[e.source] += 1
            degree[e.target] += 1
    nodes = graph.nodes
    primary = sorted((k for k in candidates if nodes[k].kind in PRIMARY), key=lambda k: _rank(nodes[k], degree[k]))
    anchored = _anchors(graph)
    fact_budget = min(max_nodes // FACT_SHARE, sum(1 for k in candidates if nodes[k].kind not in PRIMARY))
    chosen = list(dict.fromkeys([*sorted(keep & candidates), *primary]))[: max(len(keep), max_nodes - fact_budget)]
    taken = set(chosen)
    offers = []
    for anchor in chosen:
        mine = sorted((f for f in anchored.get(anchor, ()) if f in candidates and f not in taken),
                      key=lambda f: _rank(nodes[f], 0))[:FACTS_PER_NODE]
        offers += [(-nodes[f].score, -nodes[anchor].score, nodes[f].key) for f in mine]
    for _, _, f in sorted(set(offers))[: max_nodes - len(taken)]:
        taken.add(f)
    for k in primary:  # room left over: quotations and figures were fewer than their share
        if len(taken) >= max_nodes:
            break
        taken.add(k)
    return View(frozenset(taken), len(candidates), keep)


def _joins(graph: BrowseGraph) -> tuple[dict[str, set[str]], dict[frozenset[str], str]]:
    """Which entities and attack days a fact joins: by an edge of its own (a role, an attack), or
    through a figure between its claimant and its place; and, for the latter, the figure to draw."""
    nodes = graph.nodes
    joins: dict[str, set[str]] = defaultdict(set)
    for e in graph.edges:
        if nodes[e.source].kind in PRIMARY and nodes[e.target].kind in PRIMARY and e.source != e.target:
            joins[e.source].add(e.target)
            joins[e.target].add(e.source)
    via: dict[frozenset[str], str] = {}
    for fact in sorted(graph.facts.values(), key=lambda f: (-f.score, f.iri)):
        ends = sorted({k for k in fact.nodes if k != fact.iri and nodes[k].kind in PRIMARY})
        if fact.family != "figure" or fact.iri not in nodes or len(ends) < 2:
            continue
        for i, a in enumerate(ends):
            for b in ends[i + 1 :]:
                if b not in joins[a]:
                    via.setdefault(frozenset((a, b)), fact.iri)
                joins[a].add(b)
                joins[b].add(a)
    return joins, via


def top(graph: BrowseGraph, *, max_nodes: int) -> View:
    """The default view: the whole graph when it fits; otherwise its connected structure first.

    The entities and attack days are taken in order of importance, and one is drawn only once a
    fact joins it to another that is drawn (a role, an attack, a figure between its claimant and
    its place): an entity nothing joins to the others waits, and is drawn when a less reported
    one joins it. So the view is the most reported entities with the facts that join them, never
    a grid of islands; then each drawn entity's most reported quotations and figures, a few each.
    Entities left out are found by the page's search, and drawn by ``kg viz --focus``.
    """
    nodes = graph.nodes
    if len(nodes) <= max_nodes or max_nodes < 2:
        return cut(graph, set(nodes), max_nodes=max_nodes)
    facts = sum(1 for n in nodes.values() if n.kind not in PRIMARY)
    room = max_nodes - min(max_nodes // FACT_SHARE, facts)
    joins, via = _joins(graph)
    degree = {k: len(v) for k, v in joins.items()}
    shown: list[str] = []
    drawn: set[str] = set()
    waiting: set[str] = set()
    for k in sorted((k for k in nodes if nodes[k].kind in PRIMARY and joins.get(k)), key=lambda k: _rank(nodes[k], degree[k])):
        if len(shown) >= room:
            break
        partners = joins[k] & (drawn | waiting)
        joined = partners & drawn
        new = [k, *sorted(partners & waiting, key=lambda j: _rank(nodes[j], degree[j]))][: room - len(shown)]
        if not joined and len(new) < 2:
            waiting.add(k)  # nothing drawn joins it yet
            continue
        for j in new:
            shown.append(j)
            drawn.add(j)
            waiting.discard(j)
    taken = set(shown)
    # The figures that join two drawn entities come first, then each entity's most reported facts.
    for pair, figure in sorted(via.items(), key=lambda item: _rank(nodes[item[1]], 0)):
        if pair <= drawn and len(taken) < max_nodes:
            taken.add(figure)
    anchored = _anchors(graph)
    offers = []
    for anchor in shown:
        mine = sorted((f for f in anchored.get(anchor, ()) if f not in taken), key=lambda f: _rank(nodes[f], 0))[:FACTS_PER_NODE]
        offers += [(-nodes[f].score, -nodes[anchor].score, nodes[f].key) for f in mine]
    for _, _, f in sorted(set(offers))[: max(0, max_nodes - len(taken))]:
        taken.add(f)
    return View(frozenset(taken), len(nodes))


def find(graph: BrowseGraph, name: str) -> list[str]:
    """Entities called ``name`` (any spelling seen); failing that, those whose names contain it."""
    wanted, key = fold(name), name_key(name)
    if not wanted:
        return []

    def names(k: str) -> list[str]:
        return [graph.nodes[k].label, *graph.alt_labels.get(k, ())]

    entities = [k for k, n in graph.nodes.items() if n.kind not in ("quote", "figure")]
    exact = [k for k in entities if any(fold(x) == wanted or name_key(x) == key for x in names(k))]
    if exact:
        return sorted(exact)
    return sorted(k for k in entities if any(wanted in fold(x) for x in names(k)))


def _undirected(graph: BrowseGraph) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    g.add_edges_from((e.source, e.target) for e in graph.edges)
    return g


def around(graph: BrowseGraph, starts: list[str], *, depth: int, max_nodes: int) -> View:
    """The neighbourhood of ``starts`` within ``depth`` edges, cut to ``max_nodes``."""
    g = _undirected(graph)
    found: set[str] = set()
    for s in starts:
        found |= set(nx.single_source_shortest_path_length(g, s, cutoff=depth))
    return cut(graph, found, max_nodes=max_nodes, keep=frozenset(starts))


def of_result(graph: BrowseGraph, iris: set[str], *, max_nodes: int) -> View:
    """The entities and facts among the IRIs of a query's result, with what each fact involves."""
    found = {k for k in iris if k in graph.nodes}
    for iri in iris:
        fact = graph.facts.get(iri)
        if fact is not None:
            found.update(fact.nodes)
    return cut(graph, found, max_nodes=max_nodes, keep=frozenset(found) if len(found) <= max_nodes else frozenset())
