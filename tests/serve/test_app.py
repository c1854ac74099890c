"""kg serve: the SPARQL 1.1 Protocol, spoken to by a real client (SPARQLWrapper) over loopback.

Marked ``server``: each module-level server is a ``kg serve`` process on a free loopback port.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.query import named_queries, run_query
from kg.store import open_store
from tests.conftest import ROOT, SEEDS
from tests.servers import kg_server
from tests.storecheck import default_graph_problems, quads_by_graph

pytestmark = pytest.mark.server
NAMED = sorted(named_queries())


@pytest.fixture(scope="module")
def local_tables(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        return {name: run_query(db, name) for name in NAMED}


@pytest.fixture(scope="module")
def endpoint(seeds_store, tmp_path_factory):
    """A read-only server on a copy of the seeds' store (the server takes the store's lock)."""
    folder = tmp_path_factory.mktemp("serve")
    shutil.copytree(seeds_store, folder / "store")
    with kg_server(folder / "store", folder=folder) as url:
        yield url


@pytest.fixture(scope="module")
def strict_endpoint(seeds_store, tmp_path_factory):
    """A server with a one-second time limit and a 20 kB result cap."""
    folder = tmp_path_factory.mktemp("strict")
    shutil.copytree(seeds_store, folder / "store")
    with kg_server(folder / "store", "--timeout", "1", "--max-result-bytes", "20000", folder=folder) as url:
        yield url


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None):
    """(status, content type, body) of one request, errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def client(url: str, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    elif method:
        sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("name", NAMED)
@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
def test_named_queries_over_http_match_the_store(endpoint, local_tables, name, method):
    text = named_queries()[name].text
    data = client(endpoint, text, JSON, method).queryAndConvert()
    local = local_tables[name]
    assert tuple(data["head"]["vars"]) == local.columns
    rows = [tuple(b.get(v, {}).get("value", "") for v in local.columns) for b in data["results"]["bindings"]]
    assert rows == list(local.rows)


@pytest.mark.parametrize("name", ["roles", "figures"])
def test_xml_csv_and_tsv_carry_the_same_rows(endpoint, local_tables, name):
    text = named_queries()[name].text
    local = local_tables[name]
    xml = client(endpoint, text, XML).queryAndConvert()  # a minidom Document
    results = xml.getElementsByTagName("result")
    assert len(results) == len(local.rows)
    table = list(csv.reader(io.StringIO(client(endpoint, text, CSV).queryAndConvert().decode("utf-8"))))
    assert tuple(table[0]) == local.columns and [tuple(r) for r in table[1:]] == list(local.rows)
    tsv = client(endpoint, text, TSV).queryAndConvert().decode("utf-8").splitlines()
    assert tsv[0].split("\t") == ["?" + c for c in local.columns] and len(tsv) == len(local.rows) + 1


@pytest.mark.parametrize(("accept", "rdflib_format"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                       ("application/ld+json", "json-ld")])
@pytest.mark.parametrize("query", ["CONSTRUCT { ?p ?r ?o } WHERE { ?p a <https://schema.org/Person> ; ?r ?o }",
                                   "DESCRIBE ?a WHERE { ?a a <https://schema.org/NewsArticle> }"])
def test_graph_results_by_accept(endpoint, seeds_store, accept, rdflib_format, query):
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    status, media, body = http(url, headers={"Accept": accept})
    assert status == 200 and media.startswith(accept)
    served = Graph().parse(data=body, format=rdflib_format)
    with open_store(seeds_store, read_only=True) as db:
        triples = db.native.query(query, **db.query_options()).serialize(format=ox.RdfFormat.N_TRIPLES)
    local = Graph().parse(data=triples, format="nt")
    assert len(served) > 0 and isomorphic(served, local)
    if accept == "text/turtle":
        lines = body.decode("utf-8").splitlines()
        assert "@prefix schema: <https://schema.org/> ." in lines
        assert not any("<https://schema.org/" in line for line in lines if not line.startswith("@prefix"))
    if accept == "application/ld+json":  # compacted, as kg export writes it
        document = json.loads(body)
        assert document["@context"]["schema"] == "https://schema.org/"
        types = {t for n in document["@graph"] for t in ([n["@type"]] if isinstance(n.get("@type"), str) else n.get("@type", []))}
        assert types & {"schema:Person", "schema:NewsArticle"} and not any(t.startswith("https://schema.org/") for t in types)


def test_sparqlwrapper_turtle_and_ask(endpoint):
    graph = client(endpoint, "CONSTRUCT WHERE { ?a a <https://schema.org/NewsArticle> }", TURTLE).queryAndConvert()
    assert len(Graph().parse(data=graph, format="turtle")) == 5
    assert client(endpoint, "ASK { ?a a <https://schema.org/NewsArticle> }", JSON).queryAndConvert()["boolean"] is True


def test_malformed_query_is_400_with_the_line_and_column(endpoint):
    with pytest.raises(QueryBadFormed) as caught:
        client(endpoint, "SELECT ?x WHERE { ?x", JSON).queryAndConvert()
    assert "SPARQL syntax error at line 1, column" in str(caught.value)
    query = "SELECT ?x\nWHERE {\n  ?x a schema:Person ;\n     nonsense:p ?y .\n}"
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": query}))
    lines = body.decode().splitlines()
    assert status == 400 and lines[0].startswith("SPARQL syntax error at line 4, column ")
    assert "unknown prefix 'nonsense:'" in lines[0] and lines[1] == "       nonsense:p ?y ." and lines[2].strip() == "^"


def test_service_description_says_the_default_graph_is_the_merge(endpoint):
    status, media, body = http(endpoint, headers={"Accept": "text/turtle"})
    assert status == 200 and media.startswith("text/turtle")
    described = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    features = {str(o) for o in described.objects(None, URIRef(sd + "feature"))}
    assert features == {sd + "UnionDefaultGraph", "https://kg.example/ns#MergedDefaultGraph"}
    assert (URIRef(endpoint), URIRef(sd + "endpoint"), URIRef(endpoint)) in described


def _most_reported(endpoint) -> str:
    rows = client(endpoint, named_queries()["entities"].text, JSON).queryAndConvert()["results"]["bindings"]
    return rows[0]["entity"]["value"]


def test_an_entity_is_described_once_however_many_articles_name_it(endpoint, seeds_store):
    entity = _most_reported(endpoint)
    with open_store(seeds_store, read_only=True) as db:
        articles = int(run_query(db, "entities").records()[0]["articleCount"])
    assert articles >= 4
    rows = client(endpoint, f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}", JSON).queryAndConvert()["results"]["bindings"]
    pairs = [(r["p"]["value"], r["o"]["value"]) for r in rows]
    assert pairs and len(pairs) == len(set(pairs))  # no SELECT DISTINCT needed
    assert pairs.count(("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://schema.org/Place")) == 1
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": f"DESCRIBE <{entity}>"}),
                           headers={"Accept": "application/n-triples"})
    lines = body.decode().splitlines()
    assert status == 200 and len(lines) == len(set(lines)) == len(pairs)


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_construct_with_limit_gives_that_many_triples(endpoint, limit):
    query = f"CONSTRUCT WHERE {{ ?s a schema:Person }} LIMIT {limit}"
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": "application/n-triples"})
    assert status == 200 and len(set(body.decode().splitlines())) == limit


def test_served_turtle_uses_the_ontologys_prefixes(endpoint):
    entity = _most_reported(endpoint)
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": f"DESCRIBE <{entity}>"}), headers={"Accept": "text/turtle"})
    text = body.decode()
    assert status == 200 and "@prefix schema: <https://schema.org/> ." in text and "@prefix place: <https://kg.example/id/place/> ." in text
    assert "schema:Place" in text and "skos:prefLabel" in text and "<https://schema.org/" not in text.split(" .\n", 25)[-1]
    assert isomorphic(Graph().parse(data=text, format="turtle"),
                      Graph().parse(data=http(endpoint + "?" + urllib.parse.urlencode({"query": f"DESCRIBE <{entity}>"}),
                                              headers={"Accept": "application/n-triples"})[2], format="nt"))


@pytest.mark.parametrize(
    ("data", "content_type", "status", "message"),
    [(b"update=DROP+ALL", "application/x-www-form-urlencoded", 403, b"read-only"),
     (b"DROP ALL", "application/sparql-update", 403, b"read-only"),
     (b"query=ASK{}&update=DROP+ALL", "application/x-www-form-urlencoded", 400, b"not both"),
     (b"whatever", "text/plain", 415, b"application/sparql-query"),
     (b"\xff\xfe", "application/sparql-query", 400, b"UTF-8")],
)
def test_refusals(endpoint, data, content_type, status, message):
    got, _, body = http(endpoint, data=data, headers={"Content-Type": content_type})
    assert got == status and message in body
    # Nothing was dropped.
    assert client(endpoint, "ASK { ?a a <https://schema.org/NewsArticle> }", JSON).queryAndConvert()["boolean"] is True


def test_unacceptable_accept_is_406(endpoint):
    status, _, body = http(endpoint + "?query=SELECT+*+%7B%7D", headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body


def test_time_limit_stops_a_runaway_query_and_the_server_recovers(strict_endpoint):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    status, _, body = http(strict_endpoint + "?" + urllib.parse.urlencode({"query": runaway}))
    assert status == 503 and b"limit of 1 s" in body
    assert time.monotonic() - started < 15
    count = client(strict_endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).queryAndConvert()
    assert int(count["results"]["bindings"][0]["n"]["value"]) > 100


def test_result_cap(strict_endpoint):
    status, _, body = http(strict_endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 507 and b"limit of 20000 bytes" in body
    small = client(strict_endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", JSON).queryAndConvert()
    assert len(small["results"]["bindings"]) == 5


def test_other_hosts_are_refused_on_loopback(endpoint):
    status, _, _ = http(endpoint + "?query=ASK%7B%7D", headers={"Host": "attacker.example"})
    assert status == 400


def test_pages_are_served_offline(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    for path, marker in (("/", b"kg SPARQL"), ("/explorer", b"vis.Network")):
        status, media, body = http(base + path)
        assert status == 200 and media.startswith("text/html") and marker in body
        # Nothing loads from elsewhere (the namespaces the query page lists are text, not resources).
        assert not re.search(rb"""(src|href)=["']?(https?:)?//|url\(["']?(https?:)?//|@import""", body)
    status, _, body = http(base + "/explorer?focus=nobody-at-all-xyz")
    assert status == 404 and b"no entity named" in body


def kg_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, check=False, timeout=600)


def test_build_through_the_server_while_readers_read(seeds_store, tmp_path):
    """The sound way to add articles to a served store: kg build writes through the server's update endpoint."""
    token = {"KG_TOKEN": "test-token-" + os.urandom(8).hex()}
    with kg_server(tmp_path / "store", "--allow-update", env=token, folder=tmp_path) as url:
        refused = kg_cli("build", str(SEEDS), "--store", url, env={"KG_TOKEN": "wrong"})
        assert refused.returncode == 2 and "403" in refused.stderr and "KG_TOKEN" in refused.stderr

        # Invariants a reader must see whatever the moment: every entity in an article graph has its
        # corpus-wide name (written in the same transaction), and articles only ever get added.
        probe = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?orphan) AS ?orphans) WHERE {
              { ?a a <https://schema.org/NewsArticle> } UNION
              { GRAPH ?g { ?orphan a <https://schema.org/Person> } FILTER NOT EXISTS { ?orphan skos:prefLabel ?l } } }"""
        # Each reader keeps its own sequence: two threads' answers may arrive out of order with
        # respect to each other, but one reader's successive answers may never go back in time.
        seen: list[list[tuple[int, int]]] = [[], []]
        failures: list[str] = []
        done = threading.Event()

        def probe_once() -> tuple[int, int]:
            row = client(url, probe, JSON).queryAndConvert()["results"]["bindings"][0]
            return int(row["articles"]["value"]), int(row["orphans"]["value"])

        def read(mine: list[tuple[int, int]]) -> None:
            while not done.is_set():
                try:
                    mine.append(probe_once())
                except Exception as exc:  # noqa: BLE001 - any failure of a reader fails the test below
                    failures.append(repr(exc))

        readers = [threading.Thread(target=read, args=(mine,)) for mine in seen]
        for r in readers:
            r.start()
        try:
            built = kg_cli("build", str(SEEDS), "--store", url, env=token)
        finally:
            done.set()
            for r in readers:
                r.join()
        assert built.returncode == 0, built.stderr
        assert not failures, failures[:3]
        assert sum(map(len, seen)) > 5 and all(orphans == 0 for mine in seen for _, orphans in mine)
        for mine in seen:
            counts = [a for a, _ in mine]
            assert counts == sorted(counts)
        assert probe_once() == (5, 0)
        exported = kg_cli("export", "--store", url, "--format", "nquads", env={})
    direct = kg_cli("export", "--store", seeds_store, "--format", "nquads", env={})
    assert exported.returncode == 0 and exported.stdout == direct.stdout
    assert not default_graph_problems(quads_by_graph(tmp_path / "store"))  # the server's default graph is their merge


def test_update_with_the_token(tmp_path):
    token = "t-" + os.urandom(8).hex()
    with kg_server(tmp_path / "store", "--allow-update", env={"KG_TOKEN": token}, folder=tmp_path) as url:
        insert = b"INSERT DATA { GRAPH <https://kg.example/id/graph/t> { <https://kg.example/id/x> <https://schema.org/name> \"x\" } }"
        for given, status in ((None, 403), ("Bearer nope", 403), (f"Bearer {token}", 204)):
            headers = {"Content-Type": "application/sparql-update", **({"Authorization": given} if given else {})}
            assert http(url, data=insert, headers=headers)[0] == status
        rows = client(url, "SELECT ?n WHERE { ?x <https://schema.org/name> ?n }", JSON).queryAndConvert()
        assert [b["n"]["value"] for b in rows["results"]["bindings"]] == ["x"]


def test_serve_refuses_updates_without_a_token_and_a_store_in_use(seeds_store, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KG_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "s"), "--allow-update"],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 2 and "KG_TOKEN" in result.stderr
    shutil.copytree(seeds_store, tmp_path / "busy")
    with kg_server(tmp_path / "busy", folder=tmp_path):
        second = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "busy"), "--port", "1"],
                                capture_output=True, text=True, timeout=60, check=False)
        assert second.returncode == 2 and "in use" in second.stderr
        built = kg_cli("build", str(SEEDS / "000_4c6d2b9258616e59.txt"), "--store", str(tmp_path / "busy"), env={})
        assert built.returncode == 2 and "in use" in built.stderr


def test_kg_reads_the_served_store_as_a_remote_store(endpoint, local_tables):
    from kg import api
    from kg.errors import QueryError

    assert api.run_query("quotes", store=endpoint) == local_tables["quotes"]
    with pytest.raises(QueryError, match=r"refused the query: HTTP 400 Bad Request: SPARQL syntax error at line 1, column \d+"):
        api.run_query("SELECT ?x WHERE { ?x", store=endpoint)


def test_a_port_in_use_is_one_clear_error(endpoint, tmp_path):
    port = urllib.parse.urlsplit(endpoint).port
    result = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "s"), "--port", str(port)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_results_are_standard(endpoint):
    status, media, body = http(endpoint + "?query=" + urllib.parse.quote('SELECT ?x WHERE { BIND("<b>" AS ?x) }'))
    assert status == 200 and media.startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"] == [{"x": {"type": "literal", "value": "<b>"}}]
