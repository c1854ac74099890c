"""Injection: article text cannot create, change or hide triples, nor run code in the explorer.

Hostile strings (quotes and angle brackets that close a term, newlines that end a statement,
NUL, right-to-left marks, SPARQL updates, Turtle statements, HTML and JavaScript) go into every
field an article feeds, through the real writer and through ``kg build``; the store must then
hold exactly the triples kg's own graph of the article says, and nothing else may change. The
explorer page that ``kg viz`` writes is loaded in Debian's Chromium: nothing from an article may
open a dialog, run a script or add an element. That test looks only at behaviour (dialogs, page
errors, elements carrying the payloads' marker), not at the page's layout.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.extract import extract
from kg.ingest import read_articles
from kg.pipeline.build import pipeline_version
from kg.rdf.graph import article_graph
from kg.rdf.namespace import PREFIXES, Minter
from kg.records import Article, Attack, Entity, EntityKind, Extraction, Figure, Quote, Role, Span
from kg.resolve.duplicates import fingerprint
from kg.store import open_store
from kg.store.writer import CorpusState, write_article
from tests.conftest import kg_command
from tests.storecheck import CORPUS, DEFAULT, default_graph_problems, expected_corpus, named, quads_by_graph

EVIL = "http://evil.example/"
PAYLOADS = [
    f'"> <{EVIL}s> <{EVIL}p> "x" .',
    f'" }} }} ; DROP ALL ; INSERT DATA {{ GRAPH <{EVIL}g> {{ <{EVIL}a> <{EVIL}b> "c" }} }} #',
    f'"}} ; DELETE WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ; INSERT DATA {{ <{EVIL}a> <{EVIL}b> <{EVIL}c> }} #',
    f'\n<{EVIL}s> <{EVIL}p> <{EVIL}o> .\n',
    f'@prefix evil: <{EVIL}> . evil:a evil:b evil:c .',
    '""" . <x> <y> """',
    "''' ; '''",
    "back\\slash \\\" \\u0022 \\n",
    "nul\x00byte",
    "\u200fright-to-left\u202e mark\u2066",
    "line\u2028separator\r\ncarriage",
    "]]> -->",
]
MINTER = Minter()


def _ox(node):  # noqa: ANN001, ANN202 - an rdflib term as a pyoxigraph term
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)


def triples(graph: Graph) -> frozenset[ox.Triple]:
    return frozenset(ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in graph)


def hostile_extraction(article_id: str, payloads: list[str]) -> Extraction:
    """An article with a hostile string in every field that comes from input."""
    p = payloads
    text = " | ".join(p)
    whole = Span(0, len(text))
    article = Article(article_id, p[0], text, date(2022, 3, 2), "https://news.example/" + p[1], p[2], p[3])
    person, org, place = (f"person:{p[4]}", f"organization:{p[5]}", f"place:{p[6]}")
    entities = (
        Entity(person, EntityKind.PERSON, p[4], (p[7],)),
        Entity(org, EntityKind.ORGANIZATION, p[5], (p[8],)),
        Entity(place, EntityKind.PLACE, p[6], (p[9],)),
    )
    return Extraction(
        article, entities, (),
        (Role(person, p[10], org, whole),),
        (Quote(p[11], whole, person, p[0], p[1], "direct", whole),),
        (Attack(place, date(2022, 3, 1), p[2], org, p[3], whole),),
        (Figure(7, p[4], p[5], p[6], place, org, p[7], date(2022, 3, 1), whole),),
    )


def _write(store, x: Extraction) -> Graph:  # noqa: ANN001 - an open store
    state = CorpusState.load(store, MINTER)
    fp = fingerprint(x.article.text)
    graph = article_graph(x, minter=MINTER, pipeline="test", fingerprint=(fp.encode(), fp.shingles))
    write_article(store, state, x.article.id, graph, fp, content_hash=x.article.content_hash(), pipeline="test")
    return graph


def _iris(graphs: dict[str, frozenset[ox.Triple]]) -> set[str]:
    return {n.value for ts in graphs.values() for t in ts for n in (t.subject, t.predicate, t.object) if isinstance(n, ox.NamedNode)}


@pytest.mark.parametrize("rotation", range(0, len(PAYLOADS), 3))
def test_hostile_text_in_every_field_writes_exactly_its_own_triples(tmp_path, rotation):
    payloads = PAYLOADS[rotation:] + PAYLOADS[:rotation]  # every payload in every field, across the cases
    victim = hostile_extraction("victim", ["Kharkiv shelled", "a", "Wire", "Ann Lee", "Ihor Terekhov", "City Council",
                                           "Kharkiv", "Terekhov", "Council", "Kharkov", "mayor", "We stand"])
    store = tmp_path / "store"
    with open_store(store) as db:
        _write(db, victim)
    before = quads_by_graph(store)
    hostile_id = payloads[0]  # even the article id
    with open_store(store) as db:
        graph = _write(db, hostile_extraction(hostile_id, payloads))
    after = quads_by_graph(store)
    victim_graph = str(MINTER.article("victim"))
    hostile_graph = str(MINTER.article(hostile_id))
    assert set(after) == {victim_graph, hostile_graph, CORPUS, DEFAULT}  # no graph created
    assert not default_graph_problems(after)  # the default graph is still exactly their merge
    after = named(after)
    assert after[victim_graph] == before[victim_graph]  # nothing changed or hidden
    assert after[hostile_graph] == triples(graph)  # exactly the article's own triples
    assert after[CORPUS] == expected_corpus({g: ts for g, ts in after.items() if g != CORPUS})
    assert not any(iri.startswith(EVIL) for iri in _iris(after))
    literals = {t.object.value for t in after[hostile_graph] if isinstance(t.object, ox.Literal)}
    assert set(payloads) - {payloads[1]} <= literals  # every payload stored as itself (payloads[1] went into the URL)


def _allowed_iri(iri: str, urls: set[str]) -> bool:
    return iri.startswith((MINTER.base, "https://sws.geonames.org/", *map(str, PREFIXES.values()))) or iri in urls


@pytest.mark.slow
def test_hostile_articles_through_kg_build(tmp_path, nlp, gazetteer):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "victim.txt").write_text(" date 2022-03-02 Kharkiv shelled\n\nThe mayor of Kharkiv, Ihor Terekhov, said: "
                                       "\"We will rebuild every street.\"\n", encoding="utf-8")
    store = tmp_path / "store"
    first = subprocess.run(kg_command("build", str(folder / "victim.txt"), "--store", str(store)), capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    before = quads_by_graph(store)
    body = "\n\n".join(f"The mayor of Kharkiv, Ihor Terekhov, said: \"{p}\" on Tuesday." for p in PAYLOADS)
    # A NUL byte makes a .txt file binary (skipped); in JSON it is an escape, which ingest turns into a space.
    (folder / "hostile.txt").write_text(f" date 2022-03-02 {PAYLOADS[0]} {PAYLOADS[1]}\n\n{body.replace(chr(0), '')}\n", encoding="utf-8")
    records = [{"id": p, "title": q, "text": body + f"\n\nThe head of {r} said so.", "url": "https://news.example/" + q,
                "author": r, "source": p, "published": "2022-03-02"}
               for p, q, r in zip(PAYLOADS, PAYLOADS[1:] + PAYLOADS[:1], PAYLOADS[2:] + PAYLOADS[:2])]
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    second = subprocess.run(kg_command("build", str(folder), "--store", str(store)), capture_output=True, text=True, check=False)
    assert "Traceback" not in second.stderr
    after = quads_by_graph(store)
    victim = str(MINTER.article("victim"))
    assert after[victim] == before[victim]  # the earlier article is untouched
    # What the store holds for each hostile article is exactly kg's own graph of it, computed here.
    pipeline = pipeline_version(nlp)
    expected = {}
    for article in read_articles([str(folder / "hostile.txt"), str(folder / "hostile.jsonl")]):
        if not isinstance(article, Article):
            continue
        fp = fingerprint(article.text)
        x = extract(article, nlp(article.text), gazetteer=gazetteer)
        expected[str(MINTER.article(article.id))] = triples(article_graph(x, minter=MINTER, pipeline=pipeline, fingerprint=(fp.encode(), fp.shingles)))
    assert len(expected) == 1 + len(PAYLOADS), second.stderr
    assert not default_graph_problems(after)
    after = named(after)
    assert set(after) == {victim, CORPUS, *expected}
    for graph, want in expected.items():
        assert after[graph] == want, graph
    assert after[CORPUS] == expected_corpus({g: ts for g, ts in after.items() if g != CORPUS})
    urls = {t.object.value for ts in after.values() for t in ts if t.predicate.value == "https://schema.org/url"}
    assert all(u.startswith("https://news.example/") for u in urls)
    assert all(_allowed_iri(iri, urls) for iri in _iris(after))
    headlines = {t.object.value for t in after[str(MINTER.article(PAYLOADS[0]))] if t.predicate.value == "https://schema.org/headline"}
    assert headlines == {" ".join(PAYLOADS[1].split())}


# -- the explorer ---------------------------------------------------------------------------------

MARK = "kgpwn"
HTML_PAYLOADS = [
    f"<img src=x onerror=\"window.{MARK}=1;alert('img')\" data-{MARK}=1>",
    f"<script>window.{MARK}=2;alert('script')</script>",
    f"\"><svg onload=\"window.{MARK}=3;alert('svg')\" data-{MARK}=1>",
    f"</script><script>window.{MARK}=4;alert('breakout')</script><b data-{MARK}=1>",
    f"'-alert('quote')-' \" onmouseover=\"alert('attr')\" data-{MARK}=1",
    f"<iframe srcdoc=\"<script>parent.{MARK}=5</script>\" data-{MARK}=1></iframe>",
    "javascript:alert('url')",
    f"{{{{7*7}}}} ${{alert('template')}} <style data-{MARK}=1>body{{display:none}}</style>",
    f"\u2028</script><a href=javascript:alert(1) data-{MARK}=1>x</a>",
    f"<details open ontoggle=\"alert('toggle')\" data-{MARK}=1>",
    f"<body onload=\"alert('body')\" data-{MARK}=1>",
    f"<math><mi xlink:href=\"javascript:alert(1)\" data-{MARK}=1>x</mi></math>",
]


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    top = tmp_path_factory.mktemp("viz")
    store = top / "store"
    with open_store(store) as db:
        for i in range(len(HTML_PAYLOADS)):
            _write(db, hostile_extraction(f"page-{i}", HTML_PAYLOADS[i:] + HTML_PAYLOADS[:i]))
    page = top / "graph.html"
    done = subprocess.run(kg_command("viz", "--store", str(store), "-o", str(page)), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return page


def test_explorer_escapes_what_articles_say(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    for payload in HTML_PAYLOADS:
        if any(c in payload for c in "<>"):
            assert payload not in html  # never as markup...
    # ...nor as a link to follow: a "javascript:" text may be data, never an address
    assert not re.search(r"""<[a-z][^<>]*\s(?:href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I)
    assert "7*7" in html and "onerror" in html  # ...but the text is there, to be shown as text


# Points to hover and click, found without knowing the page's layout: the coloured pixels of every
# 2D canvas (graph libraries draw nodes there), on a 10-pixel grid, and the centre of every visible element.
_TARGETS = """() => {
  const seen = new Set(), out = [];
  const add = (x, y) => { const k = Math.round(x / 10) + ',' + Math.round(y / 10);
                          if (!seen.has(k) && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight) { seen.add(k); out.push([x, y]); } };
  for (const c of document.querySelectorAll('canvas')) {
    const ctx = c.getContext('2d'); if (!ctx || !c.width || !c.height) continue;
    const r = c.getBoundingClientRect(), d = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let y = 0; y < c.height; y += 3) for (let x = 0; x < c.width; x += 3) {
      const i = (y * c.width + x) * 4;
      if (d[i + 3] > 200 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60)
        add(r.left + x * r.width / c.width, r.top + y * r.height / c.height);
    }
  }
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && e.tagName !== 'CANVAS') add(r.left + r.width / 2, r.top + r.height / 2);
  }
  return out.slice(0, 600);
}"""


@pytest.mark.browser
def test_explorer_runs_nothing_from_articles(hostile_page, browser):
    dialogs, errors = [], []
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    try:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        # Record every element ever added that carries a payload's marker, even if removed again.
        page.add_init_script(f"""
            window.__added = 0;
            new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {{
                if (n.nodeType === 1 && (n.hasAttribute('data-{MARK}') || n.querySelector('[data-{MARK}]'))) window.__added++;
            }}))).observe(document, {{childList: true, subtree: true}});
        """)
        page.goto(hostile_page.as_uri())
        page.wait_for_load_state("load")
        deadline = time.monotonic() + 30  # until the page has drawn and answers input
        while page.evaluate("() => document.body.getAttribute('data-ready')") != "true":
            assert time.monotonic() < deadline, "the explorer never became ready"
            page.wait_for_timeout(50)
        # Hover and click wherever something is drawn: coloured pixels of any canvas, and every
        # visible element, so that tooltips and detail panels show every node's text.
        targets = page.evaluate(_TARGETS)
        clicked = len(targets)
        for x, y in targets:
            page.mouse.move(x, y)
            page.mouse.click(x, y)
        # Until the page has handled every event and painted the result.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        state = page.evaluate(f"() => [window.{MARK} === undefined, document.querySelectorAll('[data-{MARK}]').length, window.__added]")
    finally:
        page.close()
    assert dialogs == []
    assert errors == []
    assert state == [True, 0, 0]
    assert clicked >= 30  # the page drew something to click on
