"""SPARQL text that would crash Oxigraph is refused with one line; long one-line SPARQL runs.

A query of 10,000 nested parentheses (20 KB) overflowed the parser's stack: ``kg query deep.rq``
died with a segmentation fault (exit 139) and no message, and so did the engine behind kg serve.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.errors import QueryError
from kg.store.guard import MAX_TERMS, Remote, check, remote_targets, tokens
from tests.conftest import ROOT

# Each of these killed the Python process that parsed it (measured: from about 2,300 levels of
# braces, 4,800 of parentheses, 6,900 terms of a sum, 2,600 MINUS blocks, 11,000 path steps).
HOSTILE = {
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
    "braces": "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "sum": "SELECT * WHERE { BIND(" + "+".join(["1"] * 20_000) + " AS ?x) }",
    "unions": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }",
    "minus": "SELECT * WHERE { ?s ?p ?o " + " ".join(["MINUS { ?s ?p ?o }"] * 5_000) + " }",
    "path": "SELECT * WHERE { ?s " + "|".join(["<urn:p>"] * 20_000) + " ?o }",
    "escaped braces": "SELECT * WHERE " + "\\u007B" * 10_000 + "\\u007D" * 10_000,
}

RUN = """
import json, sys
from kg import api
from kg.errors import KgError
out = {}
for name, text in json.loads(sys.stdin.read()).items():
    try:
        api.run_query(text, store=sys.argv[1])
        out[name] = "ran"
    except KgError as exc:
        out[name] = str(exc)
print(json.dumps(out))
"""


def test_hostile_queries_are_refused_not_crashing(seeds_store):
    """In a process of its own: before the guard, the first of these killed it."""
    done = subprocess.run([sys.executable, "-c", RUN, seeds_store], input=json.dumps(HOSTILE), capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-500:]}"
    got = json.loads(done.stdout)
    for name in HOSTILE:
        assert "overflow the SPARQL engine's stack" in got[name], (name, got[name])


def test_kg_query_of_a_deep_file_is_one_line(seeds_store, tmp_path):
    deep = tmp_path / "deep.rq"
    deep.write_text(HOSTILE["parentheses"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "query", str(deep), "--store", seeds_store], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 2, f"exit {done.returncode}"
    assert done.stderr.count("\n") == 1 and "nests 10002 brackets deep; kg accepts at most 64" in done.stderr


def test_one_line_sparql_longer_than_a_file_name_runs(seeds_store):
    from kg import api

    # No slash in it: the whole text is one file name to the operating system, too long a one.
    text = 'SELECT ?a WHERE { ?a a ?type FILTER(STRENDS(STR(?type), "Person")) ' + " ".join(
        f"OPTIONAL {{ ?a <urn:unused{i}> ?x{i} }}" for i in range(12)) + " }"
    assert len(text) > 255 and "\n" not in text and "/" not in text
    assert len(api.run_query(text, store=seeds_store).rows) > 5
    assert api.viz(store=seeds_store, query=text).startswith("<!DOCTYPE html>")


def test_the_named_queries_and_data_blocks_pass():
    from kg.query import named_queries

    for q in named_queries().values():
        check(q.text)
    rows = " ".join(f"<urn:e{i}>" for i in range(50_000))
    check(f"SELECT * WHERE {{ VALUES ?e {{ {rows} }} ?e ?p ?o }}")
    check("INSERT DATA { GRAPH <urn:g> { " + " ".join(f"<urn:e{i}> <urn:p> {i} ." for i in range(20_000)) + " } }")
    with pytest.raises(QueryError, match=f"at most {MAX_TERMS} outside VALUES and DATA"):
        check("SELECT * WHERE { " + " . ".join(f"?s <urn:p> {i}" for i in range(2_000)) + " }")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * { SERVICE <http://a/sparql> { ?s ?p ?o } }", [Remote("SERVICE", "http://a/sparql")]),
        ("select * { service silent <http://a/> {} }", [Remote("SERVICE", "http://a/")]),
        ("SELECT * { SERVICE ?endpoint {} }", [Remote("SERVICE", None)]),
        ("SELECT * { SERVICE ex:endpoint {} }", [Remote("SERVICE", None)]),
        ("SELECT * { \\u0053ERVICE <http://a/> {} }", [Remote("SERVICE", "http://a/")]),  # escapes come first
        ("SELECT * { FILTER(?a < 3) SERVICE <http://a/> {} }", [Remote("SERVICE", "http://a/")]),  # < is not an IRI
        ("LOAD <http://a/data.ttl> INTO GRAPH <urn:g>", [Remote("LOAD", "http://a/data.ttl")]),
        ("SELECT ?service { ?service ex:service 'SERVICE' } # SERVICE <http://a/>", []),
        ('SELECT * { ?s ?p """LOAD <http://a/>""" }', []),
    ],
)
def test_remote_targets(text, expected):
    assert remote_targets(tokens(text)) == expected


def test_an_unterminated_string_is_refused_at_once():
    with pytest.raises(QueryError, match="never closed"):
        tokens('SELECT * { ?s ?p "' + '"' * 100_000 + " }")
