"""Exports for network tools: GraphML and GEXF that networkx (as Gephi) reads back with typed nodes,
and node and edge CSV tables; the same store gives the same bytes."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

import kg
from kg.cli import main
from kg.query import run_query
from kg.store import open_store


@pytest.fixture(scope="module")
def entities(seeds_store):
    with open_store(seeds_store, read_only=True) as db:
        return {r["entity"]: r for r in run_query(db, "entities").records()}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_open_in_networkx_with_typed_nodes(seeds_store, entities, fmt, tmp_path):
    data = kg.export(store=seeds_store, fmt=fmt)
    assert data == kg.export(store=seeds_store, fmt=fmt)  # deterministic, no date stamped in
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(data)
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert g.is_directed() and g.number_of_nodes() == kg.to_networkx(store=seeds_store).number_of_nodes()
    types = nx.get_node_attributes(g, "type")
    assert set(types.values()) == {"person", "organization", "place", "date", "quote", "figure"}
    for iri, row in entities.items():
        assert types[iri] == row["type"] and int(g.nodes[iri]["articleCount"]) == int(row["articleCount"])
        assert g.nodes[iri]["label"] == row["name"]
    places = [n for n, t in types.items() if t == "place" and "latitude" in g.nodes[n]]
    assert places and all(-90 <= float(g.nodes[n]["latitude"]) <= 90 for n in places)
    labels = {d["label"] for *_, d in g.edges(data=True)}
    assert {"said", "claims", "attacked on"} <= labels and any(label.endswith(" of") for label in labels)
    assert all(d["facts"].startswith("https://") and int(d["weight"]) >= 1 for *_, d in g.edges(data=True))


def test_csv_export_writes_node_and_edge_tables(seeds_store, entities, tmp_path, capsys):
    assert main(["export", "--store", seeds_store, "--format", "csv", "-o", str(tmp_path / "net" / "seeds.csv")]) == 0
    assert "seeds-nodes.csv" in capsys.readouterr().out
    nodes = list(csv.DictReader(io.StringIO((tmp_path / "net" / "seeds-nodes.csv").read_text(encoding="utf-8"))))
    edges = list(csv.DictReader(io.StringIO((tmp_path / "net" / "seeds-edges.csv").read_text(encoding="utf-8"))))
    ids = {n["Id"] for n in nodes}
    assert set(entities) <= ids
    assert all(e["Source"] in ids and e["Target"] in ids and e["Type"] == "Directed" for e in edges)
    kharkiv = next(n for n in nodes if n["Label"] == "Kharkiv")
    assert kharkiv["type"] == "place" and float(kharkiv["latitude"]) > 49
    pd = pytest.importorskip("pandas")
    g = nx.from_pandas_edgelist(pd.read_csv(tmp_path / "net" / "seeds-edges.csv"), "Source", "Target",
                                edge_attr=["Label"], create_using=nx.MultiDiGraph)
    assert g.number_of_edges() == len(edges)


def test_csv_needs_an_output_name(seeds_store, capsys):
    assert main(["export", "--store", seeds_store, "--format", "csv"]) == 2
    assert "-o NAME" in capsys.readouterr().err
