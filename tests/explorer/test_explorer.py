"""The explorer's Python side: the browsing graph, the views, the layout and the page it writes.

Expectations come from the store through SPARQL, not from counts written down here, so they hold
whatever the extractors find in the seeds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape

import pytest

from kg import api
from kg.cli import main
from kg.errors import KgError
from kg.explorer import collect, view_of
from kg.explorer.graph import select_rows
from kg.explorer.layout import layout, spring
from kg.explorer.page import script_json
from kg.explorer.select import around, cut, find, top
from kg.rdf.namespace import DEFAULT_BASE
from kg.store import open_store


def page_data(html: str) -> dict:
    """The JSON block the page's script reads."""
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert block is not None
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def db(seeds_store):
    with open_store(seeds_store, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def graph(db):
    return collect(db)


def sparql(db, text: str) -> list[dict[str, str]]:
    return list(select_rows(db, text))


def test_graph_has_every_named_entity_and_attributed_fact(db, graph):
    entities = {r["e"]: r["name"] for r in sparql(db, """SELECT DISTINCT ?e ?name WHERE {
        VALUES ?c { schema:Person schema:Organization schema:Place } ?e a ?c ; skos:prefLabel ?name }""")}
    assert entities
    assert {k: n.label for k, n in graph.nodes.items() if n.kind in ("person", "organization", "place")} == entities
    quotes = {r["q"] for r in sparql(db, "SELECT ?q WHERE { ?q a schema:Quotation ; schema:spokenByCharacter ?s }")}
    assert {k for k, n in graph.nodes.items() if n.kind == "quote"} == quotes
    days = {r["d"] for r in sparql(db, "SELECT DISTINCT ?d WHERE { ?a a kg:Attack ; sem:hasTimeStamp ?d }")}
    assert {k for k, n in graph.nodes.items() if n.kind == "date"} == days
    roles = {(r["p"], r["o"]) for r in sparql(db, """SELECT ?p ?o WHERE {
        ?m a org:Membership ; org:member ?p ; org:organization|kg:jurisdiction ?o }""")}
    assert {(e.source, e.target) for e in graph.edges if e.family == "role"} == roles
    for e in graph.edges:  # every edge joins drawn nodes and names the facts behind it
        assert e.source in graph.nodes and e.target in graph.nodes and e.facts
        assert all(f in graph.facts for f in e.facts)


def test_alternative_spellings_find_the_entity(db, graph):
    rows = sparql(db, "SELECT ?e ?pref ?alt WHERE { ?e skos:prefLabel ?pref ; skos:altLabel ?alt }")
    assert rows, "the seeds name someone in two spellings"
    for r in rows:
        assert r["e"] in find(graph, r["alt"])
    assert find(graph, "no such name at all") == []


@pytest.mark.parametrize("max_nodes", [5, 20, 60])
def test_top_view_is_connected_structure_of_the_most_reported(graph, max_nodes):
    """A cut default view: the most reported entities with the facts that join them, not islands."""
    view = top(graph, max_nodes=max_nodes)
    assert 2 <= len(view.keys) <= max_nodes and view.hidden == len(graph.nodes) - len(view.keys)
    neighbours = {k: set() for k in view.keys}
    for e in graph.edges:
        if e.source in view.keys and e.target in view.keys:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
    assert all(neighbours[k] for k in view.keys), [graph.nodes[k].label for k in view.keys if not neighbours[k]]
    entities = [k for k in view.keys if graph.nodes[k].kind in ("person", "organization", "place", "date")]
    assert len(entities) >= 2 and any(neighbours[k] & set(entities) or any(
        graph.nodes[m].kind == "figure" and neighbours[m] - {k} for m in neighbours[k]) for k in entities)
    # The most reported entity that a role, an attack or a figure joins to something is drawn.
    joined = {k for e in graph.edges if e.family != "quote" for k in (e.source, e.target)}
    best = max(n.score for n in graph.nodes.values() if n.kind in ("person", "organization", "place") and n.key in joined)
    assert any(graph.nodes[k].score >= best for k in entities)
    kept_facts = [k for k in view.keys if graph.nodes[k].kind in ("quote", "figure")]
    assert len(kept_facts) <= max_nodes // 2


def test_a_view_of_one_node_is_the_most_reported(graph):
    view = top(graph, max_nodes=1)
    best = max(n.score for n in graph.nodes.values())
    assert len(view.keys) == 1 and graph.nodes[next(iter(view.keys))].score == best


@pytest.mark.browser
def test_default_view_of_real_articles_is_connected_and_its_labels_do_not_overlap(real_store, browser, tmp_path):
    """On real articles, the default (cut) view's drawn labels, as vis-network measures them at the default zoom, never overlap."""
    path = tmp_path / "graph.html"
    path.write_text(api.viz(store=real_store, max_nodes=120), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(path.as_uri())
        for _ in range(400):
            if page.evaluate("window.kgReady !== undefined"):
                break
            page.wait_for_timeout(50)
        found = page.evaluate("""() => {
          const net = kgExplorer.network, ids = kgExplorer.visibleNodes(), degree = {};
          kgExplorer.visibleEdges().forEach(j => { const e = kgExplorer.data.edges[j]; degree[e.f] = 1; degree[e.t] = 1; });
          const boxes = ids.map(i => { const s = net.body.nodes[i].labelModule.size; return [i, s.left, s.top, s.width, s.height]; })
                           .filter(b => b[3] > 0);
          const overlaps = [];
          for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
            const A = boxes[a], B = boxes[b];
            if (A[1] < B[1] + B[3] && B[1] < A[1] + A[3] && A[2] < B[2] + B[4] && B[2] < A[2] + A[4])
              overlaps.push([kgExplorer.data.nodes[A[0]].t, kgExplorer.data.nodes[B[0]].t]);
          }
          return {nodes: ids.length, labels: boxes.length, overlaps, isolated: ids.filter(i => !degree[i]).length,
                  scale: net.getScale()};
        }""")
    finally:
        page.close()
    assert found["nodes"] > 60 and found["labels"] == found["nodes"]
    assert found["isolated"] == 0, found
    assert found["overlaps"] == [], found["overlaps"][:5]


def test_whole_graph_fits_when_small(graph):
    view = top(graph, max_nodes=len(graph.nodes))
    assert view.keys == frozenset(graph.nodes) and view.hidden == 0


@pytest.mark.parametrize("depth", [1, 2])
def test_neighbourhood_is_within_depth(graph, depth):
    person = max((n for n in graph.nodes.values() if n.kind == "person"), key=lambda n: (n.score, n.key)).key
    view = around(graph, [person], depth=depth, max_nodes=10_000)
    adjacent = {k: set() for k in graph.nodes}
    for e in graph.edges:
        adjacent[e.source].add(e.target)
        adjacent[e.target].add(e.source)
    ring, seen = {person}, {person}
    for _ in range(depth):
        ring = {m for k in ring for m in adjacent[k]} - seen
        seen |= ring
    assert view.keys == frozenset(seen) and person in view.starts


def test_cut_keeps_the_focus(graph):
    start = min(graph.nodes.values(), key=lambda n: (n.score, n.key)).key  # the least important node
    view = cut(graph, set(graph.nodes), max_nodes=3, keep=frozenset([start]))
    assert start in view.keys and len(view.keys) == 3


def test_layout_is_deterministic_and_spread():
    keys = [f"n{i}" for i in range(40)]
    pairs = [(f"n{i}", f"n{i + 1}") for i in range(19)] + [("n30", "n31")]
    first, again = layout(keys, pairs), layout(list(reversed(keys)), pairs)
    assert first == again and set(first) == set(keys)
    points = list(first.values())
    assert len(set(points)) == len(points)
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > 20  # room for a node and its label


def test_layout_does_not_depend_on_the_order_or_direction_of_the_edges():
    """A graph with a cycle, whose edges arrive in another order and the other way round."""
    import random

    keys = [f"n{i:02d}" for i in range(60)]
    pairs = [(f"n{i:02d}", f"n{(i * 7 + 3) % 60:02d}") for i in range(60)] + [(f"n{i:02d}", f"n{i + 1:02d}") for i in range(59)]
    shuffled = [(b, a) if i % 2 else (a, b) for i, (a, b) in enumerate(pairs)]
    random.Random(3).shuffle(shuffled)
    assert layout(keys, pairs) == layout(keys, shuffled)


def test_spring_pulls_neighbours_together():
    import numpy as np

    pos = spring(30, np.array([(i, i + 1) for i in range(29)]))
    near = np.linalg.norm(pos[1:] - pos[:-1], axis=1).mean()
    far = np.mean([np.linalg.norm(pos[i] - pos[j]) for i in range(30) for j in range(30) if abs(i - j) > 5])
    assert near < far


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a & b \u2028 c", "<!-- x"])
def test_script_json_cannot_break_out(text):
    out = script_json({"t": text})
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"t": text}


def test_page_is_self_contained_with_a_strict_policy(seeds_store):
    html = api.viz(store=seeds_store)
    head = html.split("<body>", 1)[0]
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', head).group(1))
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2  # vis-network and the explorer; the data block is not executed
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    markup = html.replace(scripts[0], "").replace(scripts[1], "")
    assert not re.search(r"""\b(?:src|href)\s*=\s*(?!["']?data:)""", markup)
    assert "sourceMappingURL" not in html and "url(" not in markup
    assert "vis.Network" in html


def test_page_holds_the_view_with_its_sources(db, seeds_store, graph):
    data = page_data(api.viz(store=seeds_store))
    assert len(data["nodes"]) == len(graph.nodes) and data["note"] == "" and data["hidden"] == []
    sentences = {r["s"] for r in sparql(db, """SELECT ?s WHERE { ?q a schema:Quotation ; schema:spokenByCharacter ?x ;
        prov:wasDerivedFrom/nif:anchorOf ?s }""")}
    shipped = {s[1] for f in data["facts"] if f["k"] == "quote" for s in f["s"]}
    assert shipped and shipped <= sentences
    titles = {r["t"] for r in sparql(db, "SELECT ?t WHERE { ?a a schema:NewsArticle ; schema:headline ?t }")}
    assert {a[1] for a in data["articles"]} <= titles
    for n in data["nodes"]:
        assert all(0 <= a < len(data["articles"]) for a in n["a"]) and all(0 <= f < len(data["facts"]) for f in n["f"])


def test_small_limit_says_what_is_hidden(seeds_store, graph):
    data = page_data(api.viz(store=seeds_store, max_nodes=10))
    assert len(data["nodes"]) == 10
    assert f"of {len(graph.nodes):,} nodes" in data["note"] and "--max-nodes" in data["note"] and "--focus" in data["note"]
    drawn = {n["key"] for n in data["nodes"]}
    hidden_entities = {n.label for n in graph.nodes.values() if n.kind in ("person", "organization", "place") and n.key not in drawn}
    assert {h[0] for h in data["hidden"]} == hidden_entities


def test_focus_page_draws_the_neighbourhood(db, seeds_store, graph):
    alt = sparql(db, "SELECT ?e ?alt WHERE { ?e a schema:Person ; skos:altLabel ?alt } ORDER BY ?alt LIMIT 1")[0]
    data = page_data(api.viz(store=seeds_store, focus=alt["alt"], depth=1))
    keys = {n["key"] for n in data["nodes"]}
    assert keys == set(around(graph, [alt["e"]], depth=1, max_nodes=10_000).keys)
    assert [data["nodes"][i]["key"] for i in data["focus"]] == [alt["e"]]
    said = {r["q"] for r in sparql(db, f"SELECT ?q WHERE {{ ?q schema:spokenByCharacter <{alt['e']}> }}")}
    assert said <= keys


@pytest.mark.parametrize("query", ["attacks", "quotes", "figures"])
def test_query_page_draws_the_result(db, seeds_store, graph, query):
    data = page_data(api.viz(store=seeds_store, query=query))
    keys = {n["key"] for n in data["nodes"]}
    rows = api.run_query(query, store=seeds_store).rows
    iris = {c for row in rows for c in row if c.startswith(DEFAULT_BASE)}
    expected = {k for k in iris if k in graph.nodes} | {k for i in iris if i in graph.facts for k in graph.facts[i].nodes}
    assert keys == expected and data["title"] == f"kg: query {query}"


def test_query_from_a_file(tmp_path, seeds_store, db):
    rq = tmp_path / "mayors.rq"
    rq.write_text("SELECT ?person WHERE { ?m org:member ?person ; org:role/skos:prefLabel ?r FILTER(CONTAINS(?r, 'mayor')) }")
    mayors = {r["person"] for r in sparql(db, rq.read_text())}
    assert mayors
    assert {n["key"] for n in page_data(api.viz(store=seeds_store, query=str(rq)))["nodes"]} == mayors


def test_query_naming_nothing_to_draw_is_an_error(seeds_store):
    with pytest.raises(KgError, match="names no entity or fact"):
        api.viz(store=seeds_store, query="articles")


def test_cli_viz_options(seeds_store, tmp_path, capsys):
    out = tmp_path / "f.html"
    assert main(["viz", "--store", seeds_store, "--query", "attacks", "-o", str(out)]) == 0
    assert page_data(out.read_text(encoding="utf-8"))["nodes"]
    assert main(["viz", "--store", seeds_store, "--focus", "Nobody Atall", "-o", str(out)]) == 2
    assert "no entity named 'Nobody Atall'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["viz", "--store", seeds_store, "--focus", "Kyiv", "--query", "attacks"])


def test_same_store_same_page(seeds_store):
    assert api.viz(store=seeds_store) == api.viz(store=seeds_store)


def test_view_title(db, graph):
    assert view_of(db, graph, focus=None, depth=2, max_nodes=300, query=None)[1] == "kg graph"


@pytest.mark.parametrize(
    ("args", "words"),
    [(("2000", "killed", "civilians", "at least"), "at least 2,000 civilians killed"),
     (("364", "killed", None, None), "364 killed"),
     (("1000000", "refugees", "people", "more than"), "more than 1,000,000 people refugees")],
)
def test_figure_words(args, words):
    from kg.explorer.graph import figure_words

    assert figure_words(*args) == words


def test_fact_summaries_read_as_sentences(graph):
    from kg.explorer.page import _summary

    for fact in graph.facts.values():
        line = _summary(graph, fact)
        main = graph.nodes[fact.nodes[0]].label
        if fact.family == "role":
            assert line.startswith(f"{main}: {fact.label}")
        elif fact.family == "quote":
            assert line == f"{main} said"
        elif fact.family == "attack":
            assert line.startswith(f"{main} attacked")
            assert (fact.label in line) if fact.label else "fixes no date" in line
        else:
            assert line.startswith(fact.label)


def test_labels_get_room_in_the_layout():
    """With the labels' sizes given, no node-and-label box overlaps another, and the layout stays deterministic."""
    import numpy as np

    from kg.explorer.layout import _boxes

    keys = [f"n{i}" for i in range(40)]
    pairs = [(keys[0], k) for k in keys[1:25]] + [(keys[25], k) for k in keys[26:]]
    size = {k: 8.0 + (20 if k in ("n0", "n25") else 0) for k in keys}
    labels = {k: (60.0 + 7 * (i % 9), 27.0) for i, k in enumerate(keys)}
    placed = layout(keys, pairs, size=size, labels=labels)
    assert placed == layout(list(reversed(keys)), [(b, a) for a, b in reversed(pairs)], size=size, labels=labels)
    b = _boxes(keys, np.array([placed[k] for k in keys]), size, labels)
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            apart = abs(b[i, 0] - b[j, 0]) >= b[i, 2] + b[j, 2] - 1 or abs(b[i, 1] - b[j, 1]) >= b[i, 3] + b[j, 3] - 1
            assert apart, (keys[i], keys[j])
