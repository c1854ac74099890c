"""The default graph is the merge of the named graphs: each triple once, however many article graphs
hold it; the named queries give the same rows over it as over the union; older stores still read."""

from __future__ import annotations

import pytest

from kg.explorer import explorer
from kg.query import named_queries, run_query
from kg.rdf.namespace import Minter
from kg.store import open_store
from kg.store.writer import CorpusState
from tests.storecheck import DEFAULT, default_graph_problems, quads_by_graph

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture
def union_store(store_copy):
    """A copy of the seeds' store as kg wrote stores before the merged default graph: its default graph empty."""
    with open_store(store_copy) as db:
        db.native.update("DROP DEFAULT")
    return store_copy


def test_a_build_writes_the_merge(seeds_store):
    graphs = quads_by_graph(seeds_store)
    assert graphs[DEFAULT] and not default_graph_problems(graphs)
    copies = sum(len(ts) for g, ts in graphs.items() if g != DEFAULT)
    assert copies > 1.15 * len(graphs[DEFAULT])  # descriptions of entities, roles and extractors repeat across articles


def test_an_entity_is_described_once(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        top = run_query(db, "entities").records()[0]
        _, rows = db.select(f"SELECT ?p ?o WHERE {{ <{top['entity']}> ?p ?o }}")
    assert int(top["articleCount"]) >= 4
    assert rows and len(rows) == len(set(rows))
    assert sum(1 for p, _ in rows if p == RDF_TYPE and _.endswith(("Place", "Person", "Organization"))) == 1


@pytest.mark.parametrize("limit", [2, 3, 5])
def test_construct_and_describe_give_what_they_say(seeds_store, limit):
    with open_store(seeds_store, read_only=True) as db:
        constructed = list(db.endpoint_query(f"CONSTRUCT WHERE {{ ?s a schema:Person }} LIMIT {limit}"))
        top = run_query(db, "entities").records()[0]["entity"]
        described = list(db.endpoint_query(f"DESCRIBE <{top}>"))
    assert len(set(constructed)) == len(constructed) == limit
    assert described and len(set(described)) == len(described)


def test_named_queries_and_the_explorer_are_the_same_over_the_merge_and_the_union(seeds_store, union_store):
    with open_store(seeds_store, read_only=True) as merged, open_store(union_store, read_only=True) as union:
        assert merged.query_options() == {} and union.query_options() == {"use_default_graph_as_union": True}
        for name in named_queries():
            assert run_query(merged, name) == run_query(union, name), name
        assert explorer(merged) == explorer(union)


def test_a_store_without_the_merge_gets_it_when_next_written(union_store):
    assert DEFAULT not in quads_by_graph(union_store)
    with open_store(union_store) as db:
        CorpusState.load(db, Minter())
    graphs = quads_by_graph(union_store)
    assert graphs[DEFAULT] and not default_graph_problems(graphs)
