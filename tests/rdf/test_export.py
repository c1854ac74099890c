"""Exports: byte-identical for the same store, readable prefixes, parseable by independent parsers."""

from __future__ import annotations

import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.api import build
from kg.errors import KgError
from kg.store import open_store
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def db(seeds_store):
    with open_store(seeds_store, read_only=True) as store:
        yield store


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "ntriples", "jsonld"])
def test_exports_are_stable(db, fmt):
    assert db.export(fmt=fmt) == db.export(fmt=fmt)


def test_turtle_has_readable_prefixes(db):
    text = db.export(fmt="turtle").decode("utf-8")
    for prefix in ("schema:", "kg:", "prov:", "nif:", "person:", "place:"):
        assert f"@prefix {prefix}" in text
    assert "person:vitali-klitschko" in text


def test_exports_reparse_with_rdflib_and_oxigraph(db):
    ttl, trig, nq = (db.export(fmt=f) for f in ("turtle", "trig", "nquads"))
    g = Graph().parse(data=ttl, format="turtle")
    ds = Dataset().parse(data=trig, format="trig")
    assert len(g) > 1000
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == len(g)
    assert len(list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))) == len(list(ox.parse(trig, format=ox.RdfFormat.TRIG)))
    assert sum(1 for _ in ds.quads()) >= len(g)
    assert isomorphic(g, Graph().parse(data=db.export(fmt="ntriples"), format="nt"))


def test_jsonld_is_compacted_with_a_context_and_keeps_the_named_graphs(db):
    data = db.export(fmt="jsonld")
    document = json.loads(data)
    assert document["@context"]["schema"] == "https://schema.org/" and document["@context"]["person"].endswith("/person/")
    graphs = {entry["@id"] for entry in document["@graph"]}
    nquads = db.export(fmt="nquads")
    assert graphs == {g.value.replace("https://kg.example/id/article/", "article:").replace("https://kg.example/id/graph/", "graph:")
                      for g in {q.graph_name for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}}
    assert len([g for g in graphs if g.startswith("article:")]) == 5  # one entry per article graph
    text = data.decode("utf-8")
    assert '"@type": "schema:Person"' in text and '"schema:headline": "' in text and "https://schema.org/" not in text.split('"@graph"', 1)[1]
    # The same quads as N-Quads, through Oxigraph's and rdflib's JSON-LD parsers alike.
    want = set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    assert set(ox.parse(data, format=ox.RdfFormat.JSON_LD)) == want
    ds = Dataset().parse(data=data, format="json-ld")
    assert {(s, p, o, str(g)) for s, p, o, g in ds.quads()} == \
        {(s, p, o, str(g)) for s, p, o, g in Dataset().parse(data=nquads, format="nquads").quads()}


def test_one_article_as_jsonld(db):
    document = json.loads(db.export(fmt="jsonld", article_id="003_9005c87e2e9c69b0"))
    assert [entry["@id"] for entry in document["@graph"]] == ["article:003_9005c87e2e9c69b0"]


@pytest.mark.parametrize(("fmt", "syntax"), [("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads")])
def test_exports_reparse_with_rapper(db, tmp_path, fmt, syntax):
    rapper = shutil.which("rapper")
    assert rapper, "Debian's raptor2-utils (rapper) is required; .ci/run installs it"
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(db.export(fmt=fmt))
    result = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Parsing returned" in result.stderr


def test_one_article_graph(db):
    one = db.export(fmt="nquads", article_id="003_9005c87e2e9c69b0").decode("utf-8")
    graphs = {line.rsplit(" ", 2)[-2] for line in one.splitlines()}
    assert graphs == {"<https://kg.example/id/article/003_9005c87e2e9c69b0>"}
    with pytest.raises(KgError):
        db.export(fmt="nquads", article_id="no-such-article")


@pytest.mark.slow
def test_build_order_and_rebuild_do_not_change_the_export(tmp_path):
    # Two stores built from the same files given in different orders, one of them in two steps.
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    build(files, store=a)
    build(files[3:], store=b)
    build(list(reversed(files)), store=b)
    with open_store(a, read_only=True) as da, open_store(b, read_only=True) as dbb:
        for fmt in ("nquads", "turtle"):
            assert da.export(fmt=fmt) == dbb.export(fmt=fmt), fmt


NONCHARACTERS = "\ufffe\uffff\ufdd0\U0001fffe\U0010ffff"


@pytest.mark.parametrize(("fmt", "syntax"), [("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads"), ("ntriples", "ntriples")])
def test_noncharacters_are_written_as_themselves_and_read_back_by_every_parser(tmp_path, fmt, syntax):
    """Oxigraph wrote U+FFFE and U+FFFF as \\uFFFE escapes, which rapper refuses; a backslash before
    "uFFFF" in the text itself stays an escaped backslash."""
    from kg.rdf.export import FORMATS, serialize

    title = f"a{NONCHARACTERS} \\uFFFF \\\\uFFFE b"
    node = ox.NamedNode("https://example.org/article/x")
    quads = [ox.Quad(node, ox.NamedNode("https://schema.org/headline"), ox.Literal(title), ox.NamedNode("https://example.org/graph/x"))]
    data = serialize(quads, fmt=fmt)
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(data)
    result = subprocess.run([shutil.which("rapper"), "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "returned 1 triple" in result.stderr, result.stderr
    parsed = list(ox.parse(data, format=FORMATS[fmt]))
    assert [q.object.value for q in parsed] == [title]
    rdflib_format = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt"}[fmt]
    objects = [str(q[2]) for q in Dataset().parse(data=data, format=rdflib_format).quads()]
    assert objects == [title]
