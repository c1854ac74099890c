"""The surfaces users touch, measured on real articles: ad-hoc SPARQL, the store, tables, help, the explorer.

On the first ``--lines`` lines of the Ukraine corpus, less the blind gold set's articles (287 of
the first 300), built into a temporary store (or ``--store DIR``, built from those articles):

1. ad-hoc SPARQL: the triples of the five most reported entities, over the default graph (the
   merge of the article graphs) and as the article graphs repeat them (what the union gave);
2. the store: quads in the named graphs, triples in the default graph, bytes on disk;
3. ``kg query NAME`` tables at 120 columns: the widest line of each named query's table;
4. ``kg COMMAND --help``: seconds from start to exit, the interpreter's start included;
5. the explorer's default view: nodes, edges, connected groups and the nodes of the largest,
   how many of the 50 most reported entities it draws, nodes without an edge, and
   node-and-label boxes that overlap in the layout.

    python bench/surfaces.py --lines 300
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.results import DATA, markdown_table, record  # noqa: E402

CORPUS = DATA / "ukraine-news-2022" / "articles_2022-02-20_to_2022-03-31.jsonl"
BLIND = ROOT / "tests" / "gold" / "blind" / "manifest.json"


def sample(lines: int, out: Path) -> int:
    """The first ``lines`` articles less the blind set's (only its list of ids is read); how many were kept."""
    blind = {a["id"] for a in json.loads(BLIND.read_text(encoding="utf-8"))["articles"]}
    kept = []
    with CORPUS.open(encoding="utf-8") as f:
        for _, line in zip(range(lines), f):
            if json.loads(line).get("id") not in blind:
                kept.append(line)
    out.write_text("".join(kept), encoding="utf-8")
    return len(kept)


def seconds(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=300, help="lines of the corpus to take (default: 300)")
    parser.add_argument("--store", help="a store already built from those articles")
    parser.add_argument("--no-record", action="store_true", help="print the tables, do not append them to bench/RESULTS.md")
    args = parser.parse_args()

    from kg import api
    from kg.explorer import collect
    from kg.explorer.layout import _boxes, layout
    from kg.explorer.page import font_size, label_box, label_text, node_size
    from kg.explorer.select import top
    from kg.query import format_table, named_queries, run_query
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        articles = sample(args.lines, Path(tmp) / "sample.jsonl")
        store = args.store or str(Path(tmp) / "store")
        if not args.store:
            api.build([str(Path(tmp) / "sample.jsonl")], store=store)
        counts = api.stats(store=store)
        with open_store(store, read_only=True) as db:
            top5 = [r["entity"] for r in run_query(db, "entities").records()[:5]]
            values = " ".join(f"<{e}>" for e in top5)
            merged = len(db.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")[1])
            copies = len(db.select(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")[1])
            widths = {name: max(map(len, format_table(run_query(db, name, names=True), "table", width=120).splitlines()))
                      for name in named_queries()}
            graph = collect(db)
        view = top(graph, max_nodes=300)
        keys = sorted(view.keys)
        edges = [(e.source, e.target) for e in graph.edges if e.source in view.keys and e.target in view.keys]
        size = {k: node_size(graph.nodes[k]) for k in keys}
        labels = {k: label_box(label_text(graph.nodes[k]), font_size(graph.nodes[k], size[k])) for k in keys}
        placed = layout(keys, edges, size=size, labels=labels)
        b = _boxes(keys, np.array([placed[k] for k in keys]), size, labels)
        dx, dy = np.abs(b[:, None, 0] - b[None, :, 0]), np.abs(b[:, None, 1] - b[None, :, 1])
        hit = (dx < b[:, None, 2] + b[None, :, 2] - 1) & (dy < b[:, None, 3] + b[None, :, 3] - 1)
        overlaps = int((hit.sum() - len(keys)) // 2)
        lonely = len(set(keys) - {k for e in edges for k in e})
        drawn = nx.Graph(edges)
        drawn.add_nodes_from(keys)
        groups = sorted(map(len, nx.connected_components(drawn)), reverse=True)
        entities = sorted((n for n in graph.nodes.values() if n.kind in ("person", "organization", "place")),
                          key=lambda n: (-n.score, n.key))
        best_drawn = sum(1 for n in entities[:50] if n.key in view.keys)
        helps = {c: min(seconds(*([c] if c else []), "--help") for _ in range(3)) for c in ("", "build", "query", "serve")}

    body = [f"{articles} articles (the first {args.lines} lines of ukraine-news-2022, less the blind gold set's).", "",
            markdown_table(["ad-hoc SPARQL: triples of the 5 most reported entities", "rows"],
                           [["over the default graph (the merge of the article graphs)", merged],
                            ["as the article graphs repeat them (what the union of the graphs gave)", copies]]), "",
            markdown_table(["store", "count"],
                           [["quads in the named graphs", counts["quads"]],
                            ["triples in the default graph", counts["default graph triples"]],
                            ["bytes on disk", counts.get("bytes on disk", 0)]]), "",
            markdown_table(["kg query NAME, table at 120 columns", "widest line"], [[n, w] for n, w in widths.items()]), "",
            markdown_table(["kg ... --help", "seconds, best of 3"], [[f"kg {c} --help".replace("  ", " "), t] for c, t in helps.items()]), "",
            markdown_table(["explorer, default view (300 nodes at most)", "count"],
                           [["nodes", len(keys)], ["edges", len(edges)], ["connected groups", len(groups)],
                            ["nodes in the largest group", groups[0] if groups else 0],
                            ["the 50 most reported entities, drawn", best_drawn], ["nodes without an edge", lonely],
                            ["overlapping node-and-label boxes", overlaps]])]
    record(f"Surfaces (issue 17), {articles} articles", "\n".join(body), write=not args.no_record)


if __name__ == "__main__":
    main()
