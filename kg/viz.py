"""An HTML picture of the graph: people, organisations and places, and the facts between them.

The page is one self-contained file: vis-network (shipped inside pyvis) and every style are
inline, nothing is fetched, so it opens from disk with the network off. Positions are computed
here with networkx and physics is off, so even large views are interactive at once. Everything
that comes from articles reaches the page as JSON data (escaped for HTML by Jinja's ``tojson``)
and is shown as text, never as markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from kg.names import fold
from kg.query import run_query
from kg.store import Store

COLOURS = {"person": "#e4572e", "organization": "#4c78a8", "place": "#2a9d8f", "quote": "#b8b8b8",
           "attack": "#9b2226", "figure": "#e9c46a"}
SHAPES = {"person": "dot", "organization": "square", "place": "triangle", "quote": "dot",
          "attack": "diamond", "figure": "star"}

_ROLE_EDGES = """
PREFIX schema: <https://schema.org/>
PREFIX kg: <https://kg.example/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?person ?role ?org WHERE {
  ?m a org:Membership ; org:member ?person ; org:role/skos:prefLabel ?role .
  OPTIONAL { ?m org:organization|kg:jurisdiction ?org }
}"""


@dataclass
class Picture:
    """The nodes and edges to draw, before layout."""

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    hidden: int = 0


def _node(g: nx.MultiDiGraph, iri: str, label: str, kind: str, weight: float, title: str) -> None:
    if iri not in g:
        g.add_node(iri, label=label, kind=kind, weight=weight, title=title)


def collect(store: Store) -> nx.MultiDiGraph:
    """Entities and the facts that link them, as a networkx graph keyed by IRI."""
    g = nx.MultiDiGraph()
    for r in run_query(store, "entities").records():
        _node(g, r["entity"], r["name"], r["type"], float(r["articleCount"] or 1),
              f"{r['name']} ({r['type']}, {r['articleCount']} article(s))")
    for r in store.query(_ROLE_EDGES):
        person, org, role = str(r.person), str(r.org) if r.org else None, str(r.role)
        if person in g and org and org in g:
            g.add_edge(person, org, label=f"{role} of", kind="role")
        elif person in g:
            g.nodes[person]["title"] += f"\n{role}"
    for r in run_query(store, "quotes").records():
        speaker = r["speaker"]
        if speaker and speaker in g:
            _node(g, r["quote"], "“" + _short(r["text"], 40) + "”", "quote", 0.5, r["text"])
            g.add_edge(speaker, r["quote"], label="said", kind="said")
    for r in run_query(store, "attacks").records():
        if r["place"] in g:
            _node(g, r["event"], f"attack {r['date'] or '(undated)'}", "attack", 1.0,
                  f"{r['placeName']} attacked on {r['date'] or 'an unknown date'} ({r['dateText'] or 'no date words'})")
            g.add_edge(r["event"], r["place"], label="attacked on " + (r["date"] or "?"), kind="attack")
    for r in run_query(store, "figures").records():
        claimant = r["claimant"]
        if claimant and claimant in g:
            what = " ".join(x for x in (r["count"], r["group"], r["measure"]) if x)
            _node(g, r["figure"], what, "figure", 0.8, f"{what} per {r['claimantName']}")
            g.add_edge(claimant, r["figure"], label="claims", kind="claims")
    return g


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def select(g: nx.MultiDiGraph, *, focus: str | None, depth: int, max_nodes: int) -> Picture:
    """The part of the graph to draw: a neighbourhood when focused, else the most important nodes."""
    if focus:
        wanted = fold(focus)
        starts = [n for n, d in g.nodes(data=True) if fold(d["label"]) == wanted] or \
                 [n for n, d in g.nodes(data=True) if wanted and wanted in fold(d["label"])]
        keep: set[str] = set()
        undirected = g.to_undirected(as_view=True)
        for s in starts:
            keep |= set(nx.single_source_shortest_path_length(undirected, s, cutoff=depth))
        sub = g.subgraph(keep).copy()
    else:
        sub = g
    if sub.number_of_nodes() > max_nodes:
        rank = sorted(sub.nodes, key=lambda n: (-(sub.nodes[n]["weight"] * (1 + sub.degree(n))), n))
        kept = sub.subgraph(rank[:max_nodes]).copy()
        return Picture(kept, sub.number_of_nodes() - max_nodes)
    return Picture(sub.copy() if sub is g else sub, 0)


def layout(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(g.to_undirected())
    pos = nx.spring_layout(simple, seed=20220302, k=2 / math.sqrt(max(1, simple.number_of_nodes())), iterations=60)
    scale = 180 * math.sqrt(simple.number_of_nodes())
    return {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in pos.items()}


def render(picture: Picture, *, title: str = "kg graph") -> str:
    """The self-contained HTML page for a picture."""
    g = picture.graph
    pos = layout(g)
    net = Network(height="100%", width="100%", directed=True)
    net.nodes = [
        {"id": n, "label": d["label"], "title": d["title"], "group": d["kind"], "color": COLOURS[d["kind"]],
         "shape": SHAPES[d["kind"]], "size": 8 + 6 * math.log2(1 + d["weight"]),
         "x": pos[n][0], "y": pos[n][1]}
        for n, d in sorted(g.nodes(data=True))
    ]
    net.edges = [
        {"from": u, "to": v, "label": d["label"], "title": d["label"], "arrows": "to"}
        for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))
    ]
    net.set_options('{"physics": {"enabled": false}, "edges": {"font": {"size": 9, "align": "middle"}, '
                    '"smooth": false, "color": {"color": "#999"}}, "interaction": {"hover": true}}')
    here = files("kg.templates")
    env = Environment(
        loader=FileSystemLoader([str(here), str(Path(pyvis.__file__).parent / "templates")]),
        autoescape=select_autoescape(["html"]),
    )
    nodes, edges, _, _, _, options = net.get_network_data()
    return env.get_template("graph.html").render(
        title=title, nodes=nodes, edges=edges, options=options, hidden=picture.hidden,
        colours=COLOURS, shapes=SHAPES,
    )
