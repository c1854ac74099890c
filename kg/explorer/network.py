"""The browsing graph for network tools: a networkx graph, GraphML, GEXF, and node and edge tables.

The same nodes and edges the explorer draws (``kg.explorer.graph``): people, organisations and
places, the days places were attacked, quotations and claimed figures; edges for roles ("mayor
of"), "said", "claims", "attacked", "attacked on" and "in". Every node carries its ``type``, its
``label`` (the preferred name), ``articleCount`` (the articles naming it or reporting it) and, for
places, ``latitude`` and ``longitude`` from the gazetteer, ``attacks`` (the attacks reported on
them, dated or not); people their ``roles`` ("mayor of Mariupol | president"), those of no
organisation or place included, which no edge can show; every edge its ``label``, its
``relation`` (role, quote, attack, figure), a ``weight`` (the articles reporting the facts behind
it, each fact counted once per article) and the IRIs of those ``facts``.

Nodes and edges are added in sorted order, so the same store gives the same files byte for byte.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

import networkx as nx

from kg.explorer.graph import BrowseGraph, collect, query, select_rows
from kg.query import Table
from kg.store import Store

NETWORK_FORMATS = ("graphml", "gexf")
NODE_COLUMNS = ("Id", "Label", "type", "articleCount", "latitude", "longitude", "altLabels", "roles", "attacks")
EDGE_COLUMNS = ("Source", "Target", "Type", "Label", "relation", "Weight", "facts")


def coordinates(store: Store) -> dict[str, tuple[float, float]]:
    """Latitude and longitude of every place that has them."""
    out: dict[str, tuple[float, float]] = {}
    for r in select_rows(store, query("coordinates")):
        out.setdefault(r["place"], (float(r["lat"]), float(r["long"])))
    return out


def to_networkx(graph: BrowseGraph, places: dict[str, tuple[float, float]]) -> nx.MultiDiGraph:
    """The browsing graph as a directed multigraph: one edge per (source, target, label)."""
    g = nx.MultiDiGraph(name="kg")
    roles: dict[str, set[str]] = defaultdict(set)
    attacks: dict[str, int] = defaultdict(int)
    for fact in graph.facts.values():
        if fact.family == "role":
            of = graph.nodes[fact.nodes[1]].label if len(fact.nodes) > 1 else None
            roles[fact.nodes[0]].add(f"{fact.label} of {of}" if of else fact.label)
        elif fact.family == "attack":
            attacks[fact.nodes[0]] += 1
    for key in sorted(graph.nodes):
        node = graph.nodes[key]
        attributes: dict[str, object] = {"type": node.kind, "label": node.label, "articleCount": node.score}
        if graph.alt_labels.get(key):
            attributes["altLabels"] = " | ".join(graph.alt_labels[key])
        if key in places and node.kind == "place":
            attributes["latitude"], attributes["longitude"] = places[key]
        if roles.get(key):
            attributes["roles"] = " | ".join(sorted(roles[key]))
        if attacks.get(key):
            attributes["attacks"] = attacks[key]
        g.add_node(key, **attributes)
    for e in sorted(graph.edges, key=lambda e: (e.source, e.target, e.label, e.family)):
        weight = sum(graph.facts[f].score for f in e.facts if f in graph.facts) or 1
        g.add_edge(e.source, e.target, key=e.label, label=e.label, relation=e.family, weight=weight, facts=" ".join(e.facts))
    return g


def read_network(store: Store) -> nx.MultiDiGraph:
    """The store's browsing graph as networkx."""
    return to_networkx(collect(store), coordinates(store))


def network_file(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML or GEXF of the graph (both open in Gephi; GraphML in Cytoscape and yEd too)."""
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml_xml(g, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
        return buf.getvalue()
    if fmt == "gexf":
        nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
        # networkx stamps today's date into the file; the same store must give the same bytes.
        return re.sub(rb'(<meta[^>]*?) lastmodifieddate="[^"]*"', rb"\1", buf.getvalue(), count=1)
    raise ValueError(f"not a network format: {fmt}")


def network_tables(g: nx.MultiDiGraph) -> tuple[Table, Table]:
    """Node and edge tables, with the column names Gephi's spreadsheet import recognises."""
    def cell(value: object) -> str:
        return "" if value is None else str(value)

    nodes = tuple(
        (key, cell(d.get("label")), cell(d.get("type")), cell(d.get("articleCount")),
         cell(d.get("latitude")), cell(d.get("longitude")), cell(d.get("altLabels")), cell(d.get("roles")),
         cell(d.get("attacks")))
        for key, d in g.nodes(data=True)
    )
    edges = tuple(
        (u, v, "Directed", cell(d.get("label")), cell(d.get("relation")), cell(d.get("weight")), cell(d.get("facts")))
        for u, v, d in g.edges(data=True)
    )
    return Table(NODE_COLUMNS, nodes), Table(EDGE_COLUMNS, edges)
