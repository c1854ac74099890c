"""Which part of the browsing graph to draw: the most important nodes, a neighbourhood, a query's result.

A browser stays responsive with a few hundred drawn nodes, not with the tens of thousands a big
corpus yields, so every view is cut to ``max_nodes`` by importance: people, organisations, places
and attack days by the number of articles that report them, and then, for the nodes kept, their
most reported quotations and figures (a few each), so the view shows what was said and claimed
without drowning the actors in it. The default view (``top``) does not take entities one by one
in that order, which on a few hundred articles drew dozens of unconnected pairs: it grows the
most reported ones into a few connected structures, with the facts and entities that join them.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from dataclasses import dataclass

import networkx as nx

from kg.explorer.graph import BrowseGraph, Node
from kg.resolve.names import fold, name_key

PRIMARY = ("person", "organization", "place", "date")
FACTS_PER_NODE = 3  # quotations and figures kept per drawn speaker, claimant or place
FACT_SHARE = 5  # at most one drawn node in this many is a quotation or a figure, when cutting
HOPS = 2  # the default view joins an entity to the drawn ones through at most one node between
NEW_PART = 16  # nodes a new structure in the default view counts as costing, besides its own two


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


def _links(graph: BrowseGraph) -> dict[str, list[str]]:
    """What joins entities and attack days: roles, attacks, and figures that have both a claimant
    and a place. A quotation, or a figure with only one of them, hangs from one node and joins
    nobody to it; it is drawn among that node's facts instead. Each node's neighbours come
    best-ranked first, so that growing a view is deterministic and takes the best-reported way."""
    nodes = graph.nodes
    joined: dict[str, set[str]] = defaultdict(set)
    for e in graph.edges:
        if e.source != e.target and nodes[e.source].kind != "quote" and nodes[e.target].kind != "quote":
            joined[e.source].add(e.target)
            joined[e.target].add(e.source)
    for leaf in [k for k, v in joined.items() if nodes[k].kind not in PRIMARY and len(v) < 2]:
        for k in joined.pop(leaf):
            joined[k].discard(leaf)
            if not joined[k]:
                del joined[k]
    order = {k: i for i, k in enumerate(sorted(joined, key=lambda k: _rank(nodes[k], len(joined[k]))))}
    return {k: sorted(v, key=order.__getitem__) for k, v in sorted(joined.items(), key=lambda item: order[item[0]])}


class _Structure:
    """The drawn nodes while they grow, and, for every node within ``HOPS`` of them, how far it is
    and which neighbour leads there: the shortest way to join a node to what is drawn, kept up to
    date by a breadth-first pass from each node drawn, which goes only where it shortens a way (so
    growing the whole view costs about one pass over the links near it)."""

    def __init__(self, graph: BrowseGraph, links: dict[str, list[str]]) -> None:
        self.links = links
        self.order = {k: i for i, k in enumerate(links)}
        self.score = {k: graph.nodes[k].score for k in links}
        self.primary = {k for k in links if graph.nodes[k].kind in PRIMARY}
        self.shown: list[str] = []
        self.drawn: set[str] = set()
        self.distance: dict[str, int] = {}
        self.toward: dict[str, str] = {}  # the neighbour one step nearer the drawn nodes
        # Entities and days within reach, by reports per node their way adds (a heap; an entry is
        # stale once its node is drawn or nearer than it says).
        self.reached: list[tuple[float, int, str, int]] = []

    def draw(self, key: str) -> None:
        self.shown.append(key)
        self.drawn.add(key)
        self.distance[key] = 0
        queue = deque([key])
        while queue:
            here = queue.popleft()
            step = self.distance[here] + 1
            if step > HOPS:
                continue
            for m in self.links[here]:
                old = self.distance.get(m, HOPS + 1)
                if step < old:
                    self.distance[m] = step
                    self.toward[m] = here
                    queue.append(m)
                    if m in self.primary:
                        heapq.heappush(self.reached, (-self.score[m] / step, self.order[m], m, step))
                elif step == old and self.order[here] < self.order[self.toward[m]]:
                    self.toward[m] = here  # as short, through a better-reported node

    def peek(self) -> float | None:
        """Reports per node drawn that the best entity or day within reach brings (None: nothing is within reach)."""
        while self.reached:
            value, _, key, step = self.reached[0]
            if key not in self.drawn and self.distance[key] == step:
                return -value
            heapq.heappop(self.reached)
        return None

    def take(self, room: int) -> None:
        """Draw the best entity or day within reach with the nodes on its way to the drawn ones, if they fit in ``room``."""
        key = heapq.heappop(self.reached)[2]
        way = [key]
        while way[-1] not in self.drawn:
            way.append(self.toward[way[-1]])
        if len(self.shown) + len(way) - 1 <= room:
            for k in reversed(way[:-1]):
                self.draw(k)

    def start(self, root: str) -> None:
        """Draw ``root`` and its best-ranked neighbour, which is not drawn: a new structure."""
        self.draw(root)
        self.draw(self.links[root][0])


def _grow(graph: BrowseGraph, links: dict[str, list[str]], room: int) -> list[str]:
    """Entities, days and the figures between them, at most ``room``, as a few connected structures.

    The entity (or attack day) that, with its best-ranked neighbour, is the most reported starts the
    first structure, with that neighbour. Then, again and again, the entity within ``HOPS`` of what is drawn
    that brings the most reports per node is added with the nodes on its shortest way there (a
    role's organisation, a figure between a claimant and a place, a person between two
    organisations): a greedy Steiner tree on the most reported entities, so those that no fact
    joins directly are drawn with what joins them rather than as islands. A new structure starts
    only when its root and partner bring more reports per node than that, counting ``NEW_PART``
    nodes more than they are: a well-reported pair (the Kremlin and its spokesman) comes in before
    the tenth correspondent of a news channel, a pair reported once never before the structures.
    """
    structure = _Structure(graph, links)

    def worth(root: str) -> float:
        return (structure.score[root] + structure.score[links[root][0]]) / (2 + NEW_PART)

    def opens(root: str) -> bool:  # a root whose partner is drawn is within reach instead, worth its own reports
        return root not in structure.drawn and links[root][0] not in structure.drawn

    roots = sorted(structure.primary, key=lambda k: (-worth(k), structure.order[k]))
    next_root = 0
    while len(structure.shown) < room:
        while next_root < len(roots) and not opens(roots[next_root]):
            next_root += 1
        reach = structure.peek()
        if next_root < len(roots) and len(structure.shown) <= room - 2 and (reach is None or worth(roots[next_root]) > reach):
            structure.start(roots[next_root])
        elif reach is not None:
            structure.take(room)
        else:
            break
    return structure.shown


def top(graph: BrowseGraph, *, max_nodes: int) -> View:
    """The default view: the whole graph when it fits; otherwise its connected structure first.

    The most reported entities and attack days, grown into as few connected structures as the
    facts allow (``_grow``): each is drawn with the roles, attacks and figures that join it to the
    others, and with the nodes those facts pass through. Then the figures that join two drawn
    entities, and each drawn entity's most reported quotations and figures, a few each. Entities
    left out are found by the page's search, and drawn by ``kg viz --focus``.
    """
    nodes = graph.nodes
    if len(nodes) <= max_nodes or max_nodes < 2:
        return cut(graph, set(nodes), max_nodes=max_nodes)
    facts = sum(1 for n in nodes.values() if n.kind not in PRIMARY)
    room = max_nodes - min(max_nodes // FACT_SHARE, facts)
    shown = _grow(graph, _links(graph), room)
    taken = set(shown)
    for figure in _joining_figures(graph, taken):
        if len(taken) >= max_nodes:
            break
        taken.add(figure)
    anchored = _anchors(graph)
    offers = []
    for anchor in shown:
        mine = sorted((f for f in anchored.get(anchor, ()) if f not in taken), key=lambda f: _rank(nodes[f], 0))[:FACTS_PER_NODE]
        offers += [(-nodes[f].score, -nodes[anchor].score, nodes[f].key) for f in mine]
    for _, _, f in sorted(set(offers))[: max(0, max_nodes - len(taken))]:
        taken.add(f)
    return View(frozenset(taken), len(nodes))


def _joining_figures(graph: BrowseGraph, drawn: set[str]) -> list[str]:
    """For each pair of drawn entities that figures join (a claimant and a place) and no drawn figure
    does yet, the most reported such figure: the join shows, and their other figures wait their turn
    among each entity's facts."""
    nodes = graph.nodes
    figures = sorted((f for f in graph.facts.values() if f.family == "figure" and f.iri in nodes),
                     key=lambda f: (f.iri not in drawn, _rank(nodes[f.iri], 0)))
    joined: set[frozenset[str]] = set()
    out = []
    for f in figures:
        ends = frozenset(k for k in f.nodes if k != f.iri)
        if len(ends) < 2 or not ends <= drawn or ends in joined:
            continue
        joined.add(ends)
        if f.iri not in drawn:
            out.append(f.iri)
    return out


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
