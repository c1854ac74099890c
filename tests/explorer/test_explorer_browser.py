"""The explorer in a real browser: Debian's chromium driven by Playwright, offline.

Every page is opened from disk with the network off and every request routed through a handler
that lets through the page's own file only and records everything else; each test ends by
checking that nothing else was asked for. Expectations come from the store through SPARQL.
"""

from __future__ import annotations

import json
import struct
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg import api
from kg.explorer.graph import select_rows
from kg.store import open_store

pytestmark = pytest.mark.browser
# Longer than the interval in which vis-network (Hammer.js) takes two taps for a double-click (300 ms).
DOUBLE_CLICK_MS = 400



@dataclass
class Opened:
    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, script: str, arg=None):  # noqa: ANN001, ANN201 - whatever the script returns
        return self.page.evaluate(script, arg)

    def wait(self, script: str, timeout: float = 20.0) -> None:
        """Until ``script`` is true. Playwright's own wait_for_function polls with eval, which the page's policy forbids."""
        end = time.monotonic() + timeout
        while not self.js(script):
            if time.monotonic() > end:
                raise AssertionError(f"still false after {timeout} s: {script}")
            time.sleep(0.05)

    def painted(self) -> None:
        """Until the page has handled the events so far and painted the result (two animation frames)."""
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def visible(self) -> set[int]:
        return set(self.js("kgExplorer.visibleNodes()"))

    def node(self, key: str) -> int:
        return self.js("k => kgExplorer.data.nodes.findIndex(n => n.key === k)", key)

    def screen(self, index: int, scale: float = 1.5) -> tuple[float, float]:
        """Zoom to a node and return where it is on the screen."""
        return tuple(self.js("""([i, scale]) => {
            const net = kgExplorer.network;
            net.moveTo({position: net.getPosition(i), scale: scale, animation: false});
            const p = net.canvasToDOM(net.getPosition(i)), box = document.getElementById("graph").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", [index, scale]))

    def others(self) -> list[str]:
        """Requests for anything but the page itself."""
        return [u for u in self.requests if u != self.url]


@pytest.fixture
def open_page(browser):
    contexts = []

    def run(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        contexts.append(context)
        opened = Opened(context.new_page(), path.resolve().as_uri())

        def route(r) -> None:  # noqa: ANN001 - a playwright Route
            opened.requests.append(r.request.url)
            if r.request.url == opened.url:
                r.continue_()
            else:
                r.abort()

        context.route("**/*", route)
        opened.page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        opened.page.on("pageerror", lambda e: opened.errors.append(str(e)))
        opened.page.goto(opened.url)
        opened.wait("window.kgReady !== undefined", timeout=30)
        return opened

    yield run
    for c in contexts:
        c.close()


@pytest.fixture(scope="module")
def seeds_page(seeds_store, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "graph.html"
    path.write_text(api.viz(store=seeds_store), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(seeds_store):
    with open_store(seeds_store, read_only=True) as store:
        yield store


def rows(db, sparql: str) -> list[dict[str, str]]:
    return list(select_rows(db, sparql))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_check_for_requests_catches_them(open_page, tmp_path):
    """The request check can fail: a page with outside and relative references trips it."""
    page = tmp_path / "leaky.html"
    page.write_text('<img src="pic.png"><img src="https://example.org/a.png"><script>window.kgReady = 1</script>')
    opened = open_page(page)
    assert set(opened.others()) == {(tmp_path / "pic.png").as_uri(), "https://example.org/a.png"}


def test_page_asks_for_nothing_but_itself(open_page, seeds_page):
    opened = open_page(seeds_page)
    opened.page.fill("#search", "a")
    opened.page.click("#legend input >> nth=0")
    opened.page.mouse.click(300, 300)
    opened.painted()
    assert opened.requests == [opened.url] and opened.others() == []
    assert opened.errors == [] and opened.dialogs == []


def test_node_count_matches_the_graph(open_page, seeds_page, db):
    expected = {
        "entities": rows(db, """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
            VALUES ?c { schema:Person schema:Organization schema:Place } ?e a ?c ; skos:prefLabel ?l }"""),
        "quotes": rows(db, "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a schema:Quotation ; schema:spokenByCharacter ?s }"),
        "days": rows(db, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?a a kg:Attack ; sem:hasTimeStamp ?d }"),
        "figures": rows(db, """SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a kg:FigureClaim .
            FILTER EXISTS { ?f schema:author|schema:contentLocation ?x } }"""),
    }
    want = {k: int(v[0]["n"]) for k, v in expected.items()}
    opened = open_page(seeds_page)
    got = opened.js("""() => { const c = {}; kgExplorer.nodes.forEach(n => {
        const k = kgExplorer.data.nodes[n.id].k; c[k] = (c[k] || 0) + 1; }); return c; }""")
    assert got.get("person", 0) + got.get("organization", 0) + got.get("place", 0) == want["entities"]
    assert (got.get("quote", 0), got.get("date", 0), got.get("figure", 0)) == (want["quotes"], want["days"], want["figures"])
    total = sum(want.values())
    assert len(opened.visible()) == total
    assert opened.page.inner_text("#count").startswith(f"{total} nodes")
    assert opened.page.inner_text("#hidden") == ""


def test_search_finds_alternative_spellings(open_page, seeds_page, db):
    alt = rows(db, "SELECT ?e ?pref ?alt WHERE { ?e skos:prefLabel ?pref ; skos:altLabel ?alt } ORDER BY DESC(STRLEN(?alt)) LIMIT 1")[0]
    opened = open_page(seeds_page)
    everything = opened.visible()
    opened.page.fill("#search", alt["alt"])
    opened.wait("kgExplorer.visibleNodes().length < kgExplorer.data.nodes.length")
    shown = opened.visible()
    assert opened.node(alt["e"]) in shown and len(shown) < len(everything)
    assert alt["pref"] in opened.page.inner_text("#results")
    opened.page.click("#results li >> nth=0")
    assert flat(alt["pref"]) in flat(opened.page.inner_text("#details h2"))
    opened.page.fill("#search", "")
    opened.wait("kgExplorer.visibleNodes().length === kgExplorer.data.nodes.length")
    assert opened.others() == []


def test_type_filter_hides_a_kind(open_page, seeds_page, db):
    quotes = int(rows(db, "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a schema:Quotation ; schema:spokenByCharacter ?s }")[0]["n"])
    assert quotes
    opened = open_page(seeds_page)
    total = len(opened.visible())
    opened.page.click("#legend label:has-text('quotations') input")
    shown = opened.visible()
    assert len(shown) == total - quotes
    assert not any(opened.js("i => kgExplorer.data.nodes[i].k", i) == "quote" for i in shown)
    assert opened.page.inner_text("#count").startswith(f"{total - quotes} of {total} nodes")
    opened.page.click("#legend label:has-text('quotations') input")
    assert len(opened.visible()) == total


def test_article_filter_shows_that_articles_entities(open_page, seeds_page, db):
    best = rows(db, """SELECT ?id (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?a { ?a schema:identifier ?id .
        ?e a ?c VALUES ?c { schema:Person schema:Organization schema:Place } } } GROUP BY ?id ORDER BY DESC(?n) ?id LIMIT 1""")[0]
    named = {r["e"] for r in rows(db, f"""SELECT DISTINCT ?e WHERE {{ GRAPH ?a {{ ?a schema:identifier "{best['id']}" .
        ?e a ?c VALUES ?c {{ schema:Person schema:Organization schema:Place }} }} ?e skos:prefLabel ?l }}""")}
    opened = open_page(seeds_page)
    opened.page.click("#article")
    index = opened.js("id => kgExplorer.data.articles.findIndex(a => a[0] === id)", best["id"])
    opened.page.select_option("#article", str(index))
    shown = [opened.js("i => kgExplorer.data.nodes[i]", i) for i in opened.visible()]
    assert {n["key"] for n in shown if n["k"] in ("person", "organization", "place")} == named
    assert all(index in n["a"] for n in shown)


def test_date_range_and_timeline(open_page, seeds_page, db):
    days = sorted(r["d"] for r in rows(db, "SELECT DISTINCT ?d WHERE { ?a a kg:Attack ; sem:hasTimeStamp ?d }"))
    assert days, "the seeds report dated attacks"
    opened = open_page(seeds_page)
    total = len(opened.visible())
    day = days[0]
    opened.page.click(f"#timeline rect[data-day='{day}']")
    assert opened.page.input_value("#from") == day and opened.page.input_value("#to") == day
    shown = [opened.js("i => kgExplorer.data.nodes[i]", i) for i in opened.visible()]
    assert [n["l"] for n in shown if n["k"] == "date"] == [day]
    assert len(shown) < total
    opened.page.fill("#from", "1990-01-01")
    opened.page.fill("#to", "1990-01-02")
    assert opened.visible() == set()
    opened.page.click("#clear-dates")
    assert len(opened.visible()) == total


def neighbourhood(data: dict, start: int, depth: int) -> set[int]:
    adjacent: dict[int, set[int]] = {}
    for e in data["edges"]:
        adjacent.setdefault(e["f"], set()).add(e["t"])
        adjacent.setdefault(e["t"], set()).add(e["f"])
    seen, queue = {start: 0}, deque([start])
    while queue:
        n = queue.popleft()
        if seen[n] < depth:
            for m in adjacent.get(n, ()):
                if m not in seen:
                    seen[m] = seen[n] + 1
                    queue.append(m)
    return set(seen)


def test_focus_by_double_click_and_depth(open_page, seeds_page, db):
    opened = open_page(seeds_page)
    data = opened.js("kgExplorer.data")
    degree = {}
    for e in data["edges"]:
        degree[e["f"]] = degree.get(e["f"], 0) + 1
        degree[e["t"]] = degree.get(e["t"], 0) + 1
    start = max(degree, key=lambda i: (degree[i], -i))  # the best connected node
    x, y = opened.screen(start)
    opened.page.mouse.dblclick(x, y)
    opened.page.wait_for_selector("#focus-bar.on")
    assert opened.visible() == neighbourhood(data, start, 2)
    assert data["nodes"][start]["l"] in opened.page.inner_text("#focus-text")
    opened.page.select_option("#depth", "1")
    assert opened.visible() == neighbourhood(data, start, 1)
    opened.page.click("#unfocus")
    assert len(opened.visible()) == len(data["nodes"])


def test_click_on_a_node_shows_its_sources(open_page, seeds_page, db):
    quote = rows(db, """SELECT ?speaker ?text ?sentence ?title ?date WHERE {
        ?q a schema:Quotation ; schema:text ?text ; schema:spokenByCharacter ?speaker ; prov:wasDerivedFrom ?s .
        ?s nif:anchorOf ?sentence ; nif:referenceContext ?a . ?a schema:headline ?title ; schema:datePublished ?date }
        ORDER BY ?sentence LIMIT 1""")[0]
    opened = open_page(seeds_page)
    x, y = opened.screen(opened.node(quote["speaker"]))
    opened.page.mouse.click(x, y)
    panel = flat(opened.page.inner_text("#details"))
    assert flat(quote["sentence"]) in panel and flat(quote["text"]) in panel
    assert flat(quote["title"]) in panel and quote["date"] in panel


def test_click_on_an_edge_shows_its_sources(open_page, seeds_page, db):
    roles = rows(db, """SELECT ?person ?org ?role ?sentence WHERE {
        ?m a org:Membership ; org:member ?person ; org:organization|kg:jurisdiction ?org ;
           org:role/skos:prefLabel ?role ; prov:wasDerivedFrom/nif:anchorOf ?sentence } ORDER BY ?person ?org""")
    assert roles, "the seeds state roles"
    opened = open_page(seeds_page)
    for role in roles:  # the first role edge whose middle is clear of nodes
        ends = [opened.node(role["person"]), opened.node(role["org"])]
        point = opened.js("""([a, b]) => {
            const net = kgExplorer.network, pa = net.getPosition(a), pb = net.getPosition(b);
            const mid = {x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2};
            net.moveTo({position: mid, scale: 1.5, animation: false});
            const ids = kgExplorer.visibleNodes(), at = net.canvasToDOM(mid);
            const clear = ids.every(i => { const p = net.canvasToDOM(net.getPosition(i));
                return Math.hypot(p.x - at.x, p.y - at.y) > 30; });
            const box = document.getElementById("graph").getBoundingClientRect();
            return clear ? [box.left + at.x, box.top + at.y] : null;
        }""", ends)
        if point:
            break
    assert point, "some role edge can be clicked in its middle"
    opened.page.mouse.click(*point)
    heading = opened.page.inner_text("#details h2")
    assert f"{role['role']} of" in heading
    assert flat(role["sentence"]) in flat(opened.page.inner_text("#details"))


INJECTED_NAME = "<script>window.__pwned='name'</script>Ann Smith"
INJECTED_SOURCE = "<img src=x onerror=\"window.__pwned='source'\">Daily News"
QUOTE_MARKUP = "<img src=x onerror=window.__pwned='quote'> and <script>alert('quote')</script>"


@pytest.fixture(scope="module")
def injection_store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("injection")
    article = {
        "id": "injection",
        "title": "<script>alert('title')</script>Shelling of <img src=x onerror=alert('title')> Kharkiv",
        "author": INJECTED_NAME,
        "source": INJECTED_SOURCE,
        "published": "2022-03-02",
        "text": (f'"{QUOTE_MARKUP} will not break this city," said Ihor Terekhov, the mayor of Kharkiv. '
                 "Russian forces shelled Kharkiv on Wednesday, the mayor said. "
                 f'"We will not <b onmouseover=alert(1)>leave</b> <script>alert(2)</script>," Terekhov told reporters.'),
    }
    (folder / "injection.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    store = str(folder / "store")
    assert api.build([str(folder / "injection.jsonl")], store=store).added == 1
    return store


def test_markup_from_articles_runs_nothing(open_page, injection_store, tmp_path):
    with open_store(injection_store, read_only=True) as db:
        names = [r["l"] for r in rows(db, "SELECT ?l WHERE { ?e skos:prefLabel ?l FILTER(CONTAINS(?l, '<')) }")]
        quotes = [r["t"] for r in rows(db, "SELECT ?t WHERE { ?q schema:text ?t ; schema:spokenByCharacter ?s FILTER(CONTAINS(?t, '<')) }")]
    assert any("<script>" in n for n in names) and any("<img" in n for n in names), names
    assert any("<img" in q and "<script>" in q for q in quotes), quotes
    page = tmp_path / "injection.html"
    page.write_text(api.viz(store=injection_store), encoding="utf-8")
    opened = open_page(page)
    data = opened.js("kgExplorer.data")
    marked = [i for i, n in enumerate(data["nodes"]) if "<" in n["l"] or any("<" in f["q"] for f in (data["facts"][j] for j in n["f"]))]
    assert marked
    shown = []
    for i in marked:  # hover (tooltip) and click (panel) every node that carries markup
        x, y = opened.screen(i)
        opened.page.mouse.move(x, y)
        opened.painted()
        opened.page.mouse.click(x, y)
        opened.painted()
        shown.append(opened.page.text_content("#details"))
        # Every node is clicked at the centre of the view: two clicks there within vis-network's
        # double-click interval would focus the first node's neighbourhood and hide the next node.
        # Waiting out that interval is the point here, not a guess at how long something takes.
        opened.page.wait_for_timeout(DOUBLE_CLICK_MS)
    opened.page.fill("#search", "script")
    opened.wait("document.getElementById('results').textContent.includes('script')")
    results = opened.page.text_content("#results")
    text = "".join(shown)
    for markup in (*names, *quotes):
        assert markup in text or markup in results  # shown as text, characters and all
    assert opened.dialogs == [] and opened.errors == []
    assert opened.js("window.__pwned") is None
    assert opened.js("document.querySelectorAll('img, b, script:not([type])').length") == 2  # vis-network's and ours
    assert opened.js("document.querySelectorAll('script').length") == 3
    assert opened.others() == []


def test_screenshot_of_the_seeds(open_page, seeds_page, tmp_path):
    opened = open_page(seeds_page)
    painted = opened.js("""() => {
        const c = document.querySelector('#graph canvas'), g = c.getContext('2d');
        const px = g.getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i] + px[i + 1] + px[i + 2] < 600) ink++;
        return ink / (c.width * c.height);
    }""")
    assert painted > 0.005  # the graph is drawn, not a blank canvas
    shot = tmp_path / "graph.png"
    opened.page.screenshot(path=str(shot))
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (1400, 900)


def test_a_cut_view_says_what_is_hidden_and_how_to_see_it(open_page, seeds_store, db, tmp_path):
    entities = rows(db, """SELECT ?e ?l (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?e a ?c }
        VALUES ?c { schema:Person schema:Organization schema:Place } ?e skos:prefLabel ?l } GROUP BY ?e ?l ORDER BY ?n ?l""")
    page = tmp_path / "cut.html"
    page.write_text(api.viz(store=seeds_store, max_nodes=10), encoding="utf-8")
    opened = open_page(page)
    assert len(opened.visible()) == 10
    note = opened.page.inner_text("#hidden")
    assert "--max-nodes" in note and "--focus" in note
    drawn = set(opened.js("kgExplorer.data.nodes.map(n => n.key)"))
    hidden = next(e for e in entities if e["e"] not in drawn)  # among the least reported
    opened.page.fill("#search", hidden["l"])
    opened.wait("document.querySelector('#results li.off') !== null")
    assert f'kg viz --focus "{hidden["l"]}"' in opened.page.inner_text("#results")
    assert opened.others() == []
