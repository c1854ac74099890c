"""A remote store: the seeds built into Virtuoso open source (Debian's) answer like the embedded store.

Marked ``virtuoso``: the test starts ``virtuoso-t`` in a temporary folder on loopback
(``.ci/setup`` installs it).
"""

from __future__ import annotations

import pytest

from kg import api
from kg.query import named_queries
from tests.conftest import SEEDS
from tests.servers import virtuoso, virtuoso_available

pytestmark = pytest.mark.virtuoso


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    if not virtuoso_available():
        pytest.fail("virtuoso-t is not installed: run sh .ci/setup (it installs Debian's virtuoso-opensource-7-bin)")
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as url:
        report = api.build([str(SEEDS)], store=url)
        assert report.added == 5 and not report.failed
        yield url


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_give_the_same_rows(remote, seeds_store, name):
    there = api.run_query(name, store=remote)
    here = api.run_query(name, store=seeds_store)
    assert there.columns == here.columns
    # Ties in ORDER BY may come in another order from another engine: compare the rows as multisets.
    assert sorted(there.rows) == sorted(here.rows) and here.rows


def test_export_is_the_same_graph(remote, seeds_store):
    there, here = api.export(store=remote, fmt="nquads"), api.export(store=seeds_store, fmt="nquads")
    assert there == here and here.count(b"\n") > 1000


def test_validate_reads_the_remote_store(remote, seeds_store):
    there, here = api.validate(store=remote), api.validate(store=seeds_store)
    assert (there.conforms, there.triples) == (here.conforms, here.triples)


def test_rebuild_is_a_no_op_and_remove_works(remote):
    again = api.build([str(SEEDS)], store=remote)
    assert again.unchanged == 5 and again.written == 0
    assert api.remove("004_c7c84149450f7894", store=remote)
    ids = {r["articleId"] for r in api.run_query("articles", store=remote).records()}
    assert "004_c7c84149450f7894" not in ids and len(ids) == 4
    assert api.build([str(SEEDS)], store=remote).added == 1


def test_viz_reads_the_remote_store(remote, seeds_store):
    from kg.explorer import collect
    from kg.store import open_store

    with open_store(remote, read_only=True) as there, open_store(seeds_store, read_only=True) as here:
        a, b = collect(there), collect(here)
    assert set(a.nodes) == set(b.nodes) and len(a.edges) == len(b.edges) > 10
    assert set(a.facts) == set(b.facts)
    assert "vis.Network" in api.viz(store=remote, max_nodes=50)
