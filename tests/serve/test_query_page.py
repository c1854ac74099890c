"""The query page of kg serve, driven in Debian's headless Chromium: runs named queries offline, shows text as text.

Marked ``server`` and ``browser``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import RDF, Graph, URIRef

from kg.query import run_query
from kg.store import open_store
from tests.servers import kg_server

pytestmark = [pytest.mark.server, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(seeds_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    shutil.copytree(seeds_store, folder / "store")
    with kg_server(folder / "store", folder=folder) as url:
        yield url.rsplit("/", 1)[0]


@pytest.fixture
def page(browser, site):
    """A page that may reach only the server: any other request is recorded and refused."""
    context = browser.new_context()
    outside: list[str] = []
    here = urlsplit(site).netloc

    def route(r):  # noqa: ANN001 - a Playwright route
        if urlsplit(r.request.url).netloc == here:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert not outside, f"the page fetched from outside: {outside}"
    assert not errors, errors


def test_named_query_runs_and_fills_the_table(page, site, seeds_store):
    page.goto(site + "/")
    names = page.locator("#named option").all_text_contents()
    assert {"roles", "quotes", "attacks", "figures"} <= set(names)
    page.select_option("#named", "figures")
    assert "FigureClaim" in page.input_value("#editor")
    page.click("#run")
    page.wait_for_selector("#results table")
    with open_store(seeds_store, read_only=True) as db:
        expected = run_query(db, "figures")
    headers = tuple(page.locator("#results th").all_text_contents())
    assert headers == expected.columns
    rows = page.locator("#results tbody tr")
    assert rows.count() == len(expected.rows)
    cells = rows.nth(0).locator("td")
    assert tuple(cells.nth(i).get_attribute("data-value") or "" for i in range(cells.count())) == expected.rows[0]
    shown = cells.all_text_contents()
    assert shown[0].startswith("figure:") and "https://" not in "".join(shown)  # IRIs by prefixed name
    assert f"{len(expected.rows)} rows" in page.text_content("#status")


def test_numbers_and_words_do_not_break(page, site):
    """In a narrow window, a number stays on one line and no word is split between two."""
    page.set_viewport_size({"width": 520, "height": 700})
    page.goto(site + "/")
    words = "Residents of Mariupol described unrelenting bombardment and humanitarian catastrophe " * 3
    page.fill("#editor", f'SELECT ?count ?text ?place ?id WHERE {{ VALUES (?count ?text ?place ?id) {{ (670000 "{words}" place:mariupol "ukr-00423-11e2f415") }} }}')
    page.click("#run")
    page.wait_for_selector("#results td.number")
    split = page.evaluate("""() => {
        const number = document.querySelector('#results td.number');
        const digits = document.createRange();
        digits.selectNodeContents(number);
        const text = [...document.querySelectorAll('#results td div.text')].find(div => div.textContent.startsWith('Residents'));
        const node = text.firstChild, range = document.createRange();
        let broken = 0, lines = new Set();
        for (const m of node.textContent.matchAll(/\\S+/g)) {
            range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
            const rects = range.getClientRects();
            if (rects.length !== 1) broken++;
            lines.add(Math.round(rects[0].top));
        }
        return {numberLines: new Set([...digits.getClientRects()].map(r => Math.round(r.top))).size, broken, lines: lines.size,
                numberText: number.textContent};
    }""")
    assert split["numberText"] == "670000" and split["numberLines"] == 1
    assert split["lines"] > 1 and split["broken"] == 0  # the text wraps, between words only
    ids = page.evaluate("""() => [...document.querySelectorAll('#results td.token, #results td.iri')].map(td => {
        const r = document.createRange(); r.selectNodeContents(td);
        return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })""")
    assert ids and all(n == 1 for n in ids)  # identifiers and IRIs stay on one line


def test_iris_are_links_that_open_their_describe(page, site):
    page.goto(site + "/")
    page.select_option("#named", "roles")
    page.click("#run")
    link = page.locator("#results a.iri").first
    link.wait_for()
    iri = link.get_attribute("title").split(" ", 1)[0]
    assert link.text_content() == "person:" + iri.rsplit("/", 1)[1]
    link.click()
    page.wait_for_selector("#graph")
    assert page.input_value("#editor") == f"DESCRIBE <{iri}>"
    turtle = page.text_content("#graph")
    name = "person:" + iri.rsplit("/", 1)[1]
    assert "@prefix schema: <https://schema.org/> ." in turtle and f"\n{name} " in turtle and "schema:Person" in turtle
    described = Graph().parse(data=turtle, format="turtle")
    assert (URIRef(iri), RDF.type, URIRef("https://schema.org/Person")) in described
    assert "query=DESCRIBE" in page.url  # the address opens the same view again
    page.goto(page.url)
    page.wait_for_selector("#graph")
    assert page.input_value("#editor") == f"DESCRIBE <{iri}>"


def test_result_downloads_as_csv(page, site, seeds_store):
    import csv
    import io

    page.goto(site + "/")
    page.select_option("#named", "quotes")
    page.click("#run")
    page.wait_for_selector("#results table")
    with page.expect_download() as caught:
        page.click("#download")
    download = caught.value
    assert download.suggested_filename == "quotes.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    with open_store(seeds_store, read_only=True) as db:
        expected = run_query(db, "quotes")
    assert tuple(rows[0]) == expected.columns and [tuple(r) for r in rows[1:]] == list(expected.rows)


def test_kg_prefixes_need_no_declaration(page, site):
    page.goto(site + "/")
    assert page.locator("#prefixes dt").count() >= 20
    page.fill("#editor", "SELECT (COUNT(?p) AS ?people) WHERE { ?p a schema:Person }")
    page.click("#run")
    page.wait_for_selector("#results td.number")
    assert int(page.text_content("#results td.number")) > 10


def test_hostile_text_is_shown_as_text(page, site):
    page.goto(site + "/")
    hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>"
    page.fill("#editor", "SELECT ?x WHERE {{ BIND(\"{}\" AS ?x) }}".format(hostile.replace('"', '\\"')))
    page.focus("#editor")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results td")
    assert page.text_content("#results td") == hostile
    assert page.evaluate("window.pwned") is None
    assert page.locator("#results img, #results script").count() == 0


def test_errors_are_shown(page, site):
    page.goto(site + "/")
    page.fill("#editor", "SELECT ?x WHERE { ?x")
    page.click("#run")
    # (Selectors, not wait_for_function: the page's Content-Security-Policy forbids the eval it needs.)
    page.wait_for_selector("#error:not(:empty)")
    assert "SPARQL syntax error" in page.text_content("#error")
    assert "400" in page.text_content("#status")


def _explorer_ready(page) -> None:
    """Until the explorer has drawn; polled from here: the page's policy forbids the eval of wait_for_function."""
    for _ in range(400):
        if page.evaluate("window.kgReady !== undefined"):
            return
        page.wait_for_timeout(50)
    raise AssertionError("the explorer did not become ready")


def test_explorer_is_served(page, site):
    page.goto(site + "/explorer")
    _explorer_ready(page)
    assert page.evaluate("kgExplorer.visibleNodes().length") > 10


HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A store built from an article whose title, quote and names carry markup."""
    import json

    from kg import api

    folder = tmp_path_factory.mktemp("hostile")
    text = (f'"{HOSTILE} We will not give up," said Vitali Klitschko, the mayor of Kyiv.\n\n'
            f'Vitali Klitschko, the mayor of Kyiv, said the city of {HOSTILE} Kyiv would hold.')
    (folder / "a.jsonl").write_text(json.dumps({"id": "x1", "title": HOSTILE, "text": text, "date": "2022-03-02"}) + "\n",
                                    encoding="utf-8")
    report = api.build([str(folder / "a.jsonl")], store=str(folder / "store"))
    assert report.added == 1
    with kg_server(folder / "store", folder=folder) as url:
        yield url.rsplit("/", 1)[0]


def test_article_markup_stays_text_in_served_pages(browser, hostile_site):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(hostile_site + "/")
        page.select_option("#named", "articles")
        page.click("#run")
        page.wait_for_selector("#results td")
        assert HOSTILE in page.locator("#results td").all_text_contents()
        page.select_option("#named", "quotes")
        page.click("#run")
        page.wait_for_selector("#results td")
        quoted = [t for t in page.locator("#results td").all_text_contents() if "<img" in t]
        assert quoted, "the hostile quotation was not extracted, so this test would prove nothing"
        page.goto(hostile_site + "/explorer")
        _explorer_ready(page)
        hostile = page.evaluate("""() => kgExplorer.data.nodes.map((n, i) => [n, i])
            .filter(([n]) => n.l.indexOf('<img') >= 0 || n.f.some(j => (kgExplorer.data.facts[j].q || '').indexOf('<img') >= 0))
            .map(([, i]) => i)""")
        assert hostile
        for node in hostile:  # what a click on the node shows in the side panel
            page.evaluate("(i) => kgExplorer.network.emit('click', {nodes: [i], edges: []})", node)
            assert "<img" in page.text_content("#details")
        assert page.evaluate("window.pwned") is None
        assert page.locator("img").count() == 0
    finally:
        context.close()
