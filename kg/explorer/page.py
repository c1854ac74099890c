"""The explorer page: one self-contained HTML file that opens from disk with the network off.

vis-network (the build shipped inside pyvis) and the page's own script and style are inline;
the Content-Security-Policy lets in exactly those two scripts by hash and nothing else, so no
request can leave the page and no markup that comes from an article can run, even if a bug let
it into the document. Article content reaches the page only as JSON in a non-executed
``<script type="application/json">`` block, with ``<``, ``>`` and ``&`` escaped, and the page's
script shows it with ``textContent`` and canvas text only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.explorer.details import Details
from kg.explorer.graph import BrowseGraph, Fact, Node
from kg.explorer.layout import layout
from kg.explorer.select import View


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str  # many of them, in the legend
    one: str  # one of them, in the panel
    colour: str
    shape: str
    glyph: str  # the legend's picture of the shape


KINDS = (
    Kind("person", "people", "person", "#e4572e", "dot", "●"),
    Kind("organization", "organisations", "organisation", "#4c78a8", "square", "■"),
    Kind("place", "places", "place", "#2a9d8f", "triangle", "▲"),
    Kind("date", "attack days", "attack day", "#9b2226", "diamond", "◆"),
    Kind("quote", "quotations", "quotation", "#8d99ae", "dot", "●"),
    Kind("figure", "figures", "figure", "#e9a23b", "star", "★"),
)


def _vis_files() -> Path:
    return Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


def script_json(value: object) -> str:
    """JSON that cannot end its ``<script>`` block or open markup: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


# Widths of characters in DejaVu Sans (the sans-serif Debian's browsers fall back to), in ems: enough
# to know how much room a label takes. Anything not listed counts as a wide letter.
_NARROW = {**dict.fromkeys("ijl.,:;'!|", 0.30), **dict.fromkeys("frt()[]-\u201c\u201d\u2019 ", 0.42)}
_WIDE = {**dict.fromkeys("mwMW", 0.98), **dict.fromkeys("ABCDEFGHKNOPQRSTUVXYZ", 0.74), **dict.fromkeys("0123456789", 0.64)}
LABEL_STROKE = 3  # the white outline vis-network draws around label text, on each side


def label_text(node: Node) -> str:
    """What the page writes beside a node: the name, or the start of a quotation."""
    if node.kind == "quote":
        return "\u201c" + (node.label if len(node.label) <= 32 else node.label[:31] + "\u2026") + "\u201d"
    return node.label


def font_size(node: Node, size: float) -> int:
    """Bigger nodes get bigger labels, which stay legible when a large view is zoomed out."""
    return 11 if node.kind == "quote" else max(14, round(size * 0.9))


def label_box(text: str, font: int) -> tuple[float, float]:
    """About how wide and tall the room a label takes under its node is, in pixels at zoom 1 (rather
    more than less). vis-network writes the text from half a line below the node, one line tall."""
    ems = sum(_NARROW.get(c, _WIDE.get(c, 0.64)) for c in text)
    return (ems * font + 2 * LABEL_STROKE, font * 1.5 + 2 * LABEL_STROKE) if text else (0.0, 0.0)


def node_size(node: Node) -> float:
    """A node's radius in pixels, by importance: grows with the logarithm of the articles reporting it."""
    small = node.kind in ("quote", "figure")
    return float(min(14 if small else 48, round((6 if small else 8) + (2 if small else 5) * math.log2(1 + node.score))))


def _summary(graph: BrowseGraph, fact: Fact) -> str:
    """One line saying what a fact states, in the graph's names."""
    name = lambda k: graph.nodes[k].label if k in graph.nodes else k  # noqa: E731
    main = name(fact.nodes[0])
    if fact.family == "role":
        return f"{main}: {fact.label} of {name(fact.nodes[1])}" if len(fact.nodes) > 1 else f"{main}: {fact.label}"
    if fact.family == "quote":
        return f"{main} said"
    if fact.family == "attack":
        attackers = [name(k) for k in fact.nodes[1:] if graph.nodes.get(k) and graph.nodes[k].kind != "date"]
        when = f"attacked on {fact.label}" if fact.label else "attacked (the text fixes no date)"
        return f"{main} {when}" + (f" by {', '.join(attackers)}" if attackers else "")
    i = fact.nodes.index(fact.iri)  # a figure's nodes: (claimant), the figure, (place)
    claimant = name(fact.nodes[0]) if i == 1 else None
    place = name(fact.nodes[i + 1]) if len(fact.nodes) > i + 1 else None
    return fact.label + (f", claimed by {claimant}" if claimant else "") + (f", in {place}" if place else "")


def payload(graph: BrowseGraph, view: View, details: Details, *, title: str, note: str) -> dict:
    """Everything the page's script needs, with nodes, facts and articles referred to by index."""
    keys = sorted(view.keys, key=lambda k: (graph.nodes[k].kind, -graph.nodes[k].score, graph.nodes[k].label, k))
    node_index = {k: i for i, k in enumerate(keys)}
    edges = [e for e in graph.edges if e.source in node_index and e.target in node_index]
    fact_iris = sorted(details.facts)
    fact_index = {f: i for i, f in enumerate(fact_iris)}
    article_iris = sorted(details.articles, key=lambda a: (details.articles[a].published, details.articles[a].id))
    article_index = {a: i for i, a in enumerate(article_iris)}
    sizes = {k: node_size(graph.nodes[k]) for k in keys}
    texts = {k: label_text(graph.nodes[k]) for k in keys}
    fonts = {k: font_size(graph.nodes[k], sizes[k]) for k in keys}
    positions = layout(keys, [(e.source, e.target) for e in edges], size=sizes,
                       labels={k: label_box(texts[k], fonts[k]) for k in keys})

    def articles_of(iris) -> list[int]:  # noqa: ANN001
        return sorted(article_index[a] for a in iris if a in article_index)

    nodes = []
    for k in keys:
        n = graph.nodes[k]
        x, y = positions[k]
        nodes.append({
            "k": n.kind, "l": n.label, "s": n.score, "x": x, "y": y, "z": sizes[k], "key": k, "t": texts[k], "fs": fonts[k],
            "alt": list(graph.alt_labels.get(k, ())),
            "a": articles_of(details.node_articles.get(k, ())),
            "f": [fact_index[f] for f in details.node_facts.get(k, ()) if f in fact_index],
            "m": details.more_facts.get(k, {}),
        })
    facts = []
    for f in fact_iris:
        fact, d = graph.facts[f], details.facts[f]
        facts.append({
            "k": fact.family, "iri": f, "l": _summary(graph, fact), "d": fact.label if fact.family == "attack" else "",
            "q": d.text, "a": articles_of(d.articles),
            "s": [[article_index[s.article], s.sentence, [list(w) for w in s.wording]] for s in d.sources if s.article in article_index],
        })
    drawn = set(view.keys)
    hidden = sorted((n for n in graph.nodes.values() if n.key not in drawn and n.kind in ("person", "organization", "place")),
                    key=lambda n: (-n.score, n.label, n.key))
    hidden_names = [[n.label, n.kind, n.score, list(graph.alt_labels.get(n.key, ()))] for n in hidden]
    return {
        "title": title,
        "note": note,
        "kinds": [{"kind": k.kind, "label": k.label, "one": k.one, "colour": k.colour, "shape": k.shape, "glyph": k.glyph} for k in KINDS],
        "articles": [[details.articles[a].id, details.articles[a].title, details.articles[a].published] for a in article_iris],
        "nodes": nodes,
        "edges": [{"f": node_index[e.source], "t": node_index[e.target], "l": e.label, "k": e.family,
                   "x": [fact_index[f] for f in e.facts if f in fact_index]} for e in edges],
        "facts": facts,
        "total": view.total,
        "hidden": hidden_names,
        "focus": [node_index[k] for k in sorted(view.starts) if k in node_index],
    }


def _scripts() -> tuple[str, str]:
    """vis-network and the page's own script, as the page inlines them."""
    here = Path(str(files("kg.explorer.templates")))
    # Without its source-map comment: developer tools would fetch the map from beside the page.
    vis_js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", (_vis_files() / "vis-network.min.js").read_text(encoding="utf-8"))
    return vis_js, (here / "explorer.js").read_text(encoding="utf-8")


def content_policy() -> str:
    """The page's Content-Security-Policy: its two scripts by hash, and nothing from anywhere."""
    hashes = " ".join(_csp_hash(s) for s in _scripts())
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"


def render(data: dict) -> str:
    """The HTML page for a payload."""
    here = Path(str(files("kg.explorer.templates")))
    vis_js, app_js = _scripts()
    css = (here / "explorer.css").read_text(encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(here)), autoescape=select_autoescape(["html"]))
    return env.get_template("graph.html").render(
        title=data["title"], vis_js=vis_js, app_js=app_js, css=css, data=script_json(data), policy=content_policy(),
    )
