"""The explorer's default view on a graph made for it: the most reported entities joined only
through people reported once, and many pairs of fairly well reported entities that nothing joins
to them.

Taking the entities in order of reports and drawing each once something joins it to another (the
default view before) draws here nothing but the pairs, thirty islands, and none of the five most
reported places; the default view grows the places, with the people joining them, into one
structure, and draws pairs only after it.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.explorer.graph import BrowseGraph, Edge, Fact, Node
from kg.explorer.select import top

HUBS = [f"place/hub-{i}" for i in range(5)]
BRIDGES = [f"person/bridge-{i}" for i in range(4)]  # each holds a role at two neighbouring hubs
MEMBERS = {hub: [f"person/member-{i}-{j}" for j in range(12)] for i, hub in enumerate(HUBS)}
PAIRS = [(f"person/pair-{i}", f"organization/pair-{i}") for i in range(30)]
SPOKESMAN, FIGURE = "person/spokesman", "figure/f1"  # joined to a hub by a figure only


def made_graph(seed: int | None = None) -> BrowseGraph:
    """The graph above; ``seed`` shuffles the order its edges and facts come in."""
    g = BrowseGraph()
    nodes = [(k, "place", 100 - i) for i, k in enumerate(HUBS)] + [(k, "person", 1) for k in BRIDGES]
    nodes += [(k, "person", 5 + j % 5) for members in MEMBERS.values() for j, k in enumerate(members)]
    nodes += [(p, "person", 30) for p, _ in PAIRS] + [(o, "organization", 29) for _, o in PAIRS]
    nodes += [(SPOKESMAN, "person", 80), (FIGURE, "figure", 1)]
    g.nodes = {k: Node(k, kind, k, score) for k, kind, score in nodes}
    roles = [(b, HUBS[i]) for i, b in enumerate(BRIDGES)] + [(b, HUBS[i + 1]) for i, b in enumerate(BRIDGES)]
    roles += [(m, hub) for hub, members in MEMBERS.items() for m in members] + PAIRS
    facts = [Fact(f"role/{n}", "role", pair, "minister", 1) for n, pair in enumerate(roles)]
    edges = [Edge(p, o, "minister of", "role", (f.iri,)) for (p, o), f in zip(roles, facts)]
    facts.append(Fact(FIGURE, "figure", (SPOKESMAN, FIGURE, HUBS[2]), "12 killed", 1))
    edges += [Edge(SPOKESMAN, FIGURE, "claims", "figure", (FIGURE,)), Edge(FIGURE, HUBS[2], "in", "figure", (FIGURE,))]
    if seed is not None:
        random.Random(seed).shuffle(edges)
        random.Random(seed).shuffle(facts)
    g.edges = edges
    g.facts = {f.iri: f for f in facts}
    return g


def drawn(graph: BrowseGraph, keys: frozenset[str]) -> nx.Graph:
    out = nx.Graph()
    out.add_nodes_from(keys)
    out.add_edges_from((e.source, e.target) for e in graph.edges if e.source in keys and e.target in keys)
    return out


def test_the_most_reported_are_grown_into_one_structure_not_islands():
    graph = made_graph()
    view = top(graph, max_nodes=60)
    assert 55 <= len(view.keys) <= 60
    assert nx.is_connected(drawn(graph, view.keys))
    assert set(HUBS) <= view.keys  # the five most reported entities...
    assert set(BRIDGES) <= view.keys  # ...with the people reported once who join them
    assert {SPOKESMAN, FIGURE} <= view.keys  # and the figure joining a claimant to a place
    assert not view.keys & {k for pair in PAIRS for k in pair}


def test_pairs_come_after_the_structure_when_there_is_room():
    graph = made_graph()
    structure = {*HUBS, *BRIDGES, SPOKESMAN, FIGURE, *(m for members in MEMBERS.values() for m in members)}
    view = top(graph, max_nodes=len(structure) + 10)
    parts = sorted(nx.connected_components(drawn(graph, view.keys)), key=len, reverse=True)
    assert parts[0] == structure
    assert all(len(p) == 2 for p in parts[1:]) and len(parts) >= 5  # pairs, each joined by its role


@pytest.mark.parametrize("max_nodes", range(2, 140, 7))
def test_no_view_holds_a_node_without_an_edge(max_nodes):
    graph = made_graph()
    view = top(graph, max_nodes=max_nodes)
    assert len(view.keys) <= max_nodes
    assert not [k for k, d in drawn(graph, view.keys).degree() if d == 0]


def test_the_same_graph_gives_the_same_view_whatever_order_it_comes_in():
    views = {top(made_graph(seed), max_nodes=n).keys for seed in (None, 1, 2) for n in (40,)}
    assert len(views) == 1
