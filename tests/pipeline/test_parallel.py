"""Parallel builds: --workers N processes and a Dask LocalCluster give the single-process build's graph.

The seeds plus a slice of the real corpus (near-duplicates and shared entities included), so
the order-sensitive parts of the corpus graph (preferred names, duplicate links) are exercised.
Marked ``dask`` where a LocalCluster is started.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg import api
from kg.pipeline.workers import ordered_window, worker_loads
from tests.conftest import SEEDS, shared_data

pytestmark = pytest.mark.slow

CORPUS_SLICE = 20


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    source = shared_data("ukraine-news-2022", "articles_all.jsonl")
    folder = tmp_path_factory.mktemp("corpus")
    with open(source, encoding="utf-8") as f, open(folder / "slice.jsonl", "w", encoding="utf-8") as out:
        for _, line in zip(range(CORPUS_SLICE), f):
            json.loads(line)
            out.write(line)
    return [str(SEEDS), str(folder / "slice.jsonl")]


@pytest.fixture(scope="module")
def single(inputs, tmp_path_factory) -> bytes:
    store = str(tmp_path_factory.mktemp("single") / "store")
    report = api.build(inputs, store=store)
    assert report.added == 5 + CORPUS_SLICE - report.unchanged and not report.failed
    return api.export(store=store, fmt="nquads")


def _same_graph(a: bytes, b: bytes) -> None:
    assert a == b  # sorted exports: byte-identical
    one, other = Dataset().parse(data=a, format="nquads"), Dataset().parse(data=b, format="nquads")
    names = {g.identifier for g in one.graphs()}
    assert names == {g.identifier for g in other.graphs()} and len(names) > 20
    assert all(isomorphic(one.graph(n), other.graph(n)) for n in names)


def test_two_workers_build_the_same_graph(inputs, single, tmp_path):
    report = api.build(inputs, store=str(tmp_path / "s"), workers=2)
    assert not report.failed
    _same_graph(api.export(store=str(tmp_path / "s"), fmt="nquads"), single)


@pytest.mark.dask
def test_dask_cluster_builds_the_same_graph(inputs, single, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1", worker_dashboard_address=None) as cluster:
        report = api.build(inputs, store=str(tmp_path / "s"), dask=cluster.scheduler_address)
        with cluster.get_client() as client:
            loads = client.run(worker_loads)
    assert not report.failed
    assert sorted(loads.values()) == [1, 1]  # the model, once per worker
    _same_graph(api.export(store=str(tmp_path / "s"), fmt="nquads"), single)


def test_ordered_window_keeps_order_and_bounds_what_is_in_flight():
    started: list[int] = []
    finished: list[int] = []

    def submit(batch):
        started.append(batch[0])
        in_flight = len(started) - len(finished)
        assert in_flight <= 3

        def wait():
            finished.append(batch[0])
            return [batch[0] * 10]

        return wait

    out = list(ordered_window(iter([[i] for i in range(10)]), submit, window=3))
    assert out == [i * 10 for i in range(10)] and finished == list(range(10))


def test_workers_and_dask_together_is_an_error():
    from kg.errors import KgError

    with pytest.raises(KgError, match="not both"):
        api.build([str(SEEDS)], store="unused", workers=2, dask="tcp://127.0.0.1:1")
