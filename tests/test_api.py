"""The Python API as a user types it: ``import kg`` gives functions, from any folder; results
convert to pandas and networkx; the README's Python examples run."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
import subprocess
import sys
from importlib.resources import files

import networkx as nx
import pytest

import kg
from kg.errors import KgError
from kg.query import Table, run_query
from kg.store import open_store
from tests.conftest import ROOT

API = ("build", "evaluate", "export", "network_tables", "open_store", "remove", "run_query", "stats", "to_networkx",
       "validate", "viz")


def readme_python(marker: str) -> str:
    """The README's ``python`` block that contains ``marker``."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if marker in b]
    return block


def test_functions_stay_functions_whatever_is_imported():
    """Importing every submodule (as using the API does) never replaces a function of ``kg`` with a module."""
    for module in pkgutil.walk_packages(kg.__path__, "kg."):
        if module.name not in ("kg.__main__",):
            importlib.import_module(module.name)
    assert set(API) <= set(kg.__all__) and set(API) <= set(dir(kg))
    for name in API:
        assert inspect.isfunction(getattr(kg, name)), f"kg.{name} is {getattr(kg, name)!r}"


def test_shipped_folders_fall_back_to_the_checkout(monkeypatch):
    """Without the installed package data (Python started in the source folder), queries/ and ontology/ beside kg/ answer."""
    import kg.resources as resources

    def missing(name: str):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(resources, "files", missing)
    assert sorted(p.name for p in resources.shipped("queries").iterdir() if p.name.endswith(".rq")) == \
        sorted(p.name for p in (ROOT / "queries").iterdir() if p.name.endswith(".rq"))
    assert resources.shipped("ontology").joinpath("shapes.ttl").read_text(encoding="utf-8") == \
        files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")
    from kg.query import named_queries

    assert {"roles", "quotes", "attacks", "figures"} <= set(named_queries())


def test_to_pandas_types_the_columns(seeds_store):
    pd = pytest.importorskip("pandas")
    with open_store(seeds_store, read_only=True) as db:
        figures, attacks = run_query(db, "figures"), run_query(db, "attacks")
    frame = figures.to_pandas()
    assert list(frame.columns) == list(figures.columns) and len(frame) == len(figures.rows)
    assert str(frame["count"].dtype) == "Int64"
    assert frame["count"].tolist() == [int(r["count"]) for r in figures.records()]
    dates = attacks.to_pandas()["date"]
    assert pd.api.types.is_datetime64_any_dtype(dates)
    assert dates.isna().sum() == sum(1 for r in attacks.records() if not r["date"])  # undated attacks are missing, not guessed
    mixed = Table(("n", "x", "when"), (("1", "2.5", "2022-03-02"), ("", "3", "")))
    frame = mixed.to_pandas()
    assert [str(frame[c].dtype) for c in ("n", "x")] == ["Int64", "Float64"] and frame["n"].isna().tolist() == [False, True]


def test_to_networkx_has_typed_entities_and_labelled_facts(seeds_store):
    g = kg.to_networkx(store=seeds_store)
    assert isinstance(g, nx.MultiDiGraph)
    with open_store(seeds_store, read_only=True) as db:
        entities = {r["entity"]: r for r in run_query(db, "entities").records()}
        roles = run_query(db, "roles").records()
    for iri, row in entities.items():
        assert g.nodes[iri]["type"] == row["type"] and g.nodes[iri]["label"] == row["name"]
        assert g.nodes[iri]["articleCount"] == int(row["articleCount"])
    kharkiv = next(k for k, d in g.nodes(data=True) if d["label"] == "Kharkiv")
    assert 49 < g.nodes[kharkiv]["latitude"] < 51 and 35 < g.nodes[kharkiv]["longitude"] < 37
    assert {d["relation"] for *_, d in g.edges(data=True)} == {"role", "quote", "attack", "figure"}
    with_org = [r for r in roles if r["orgName"]]
    for r in with_org:
        assert any(d["label"] == f"{r['role']} of" for _, _, d in g.out_edges(r["person"], data=True)), r
    for r in roles:  # every role, those of no organisation or place too, which no edge shows
        assert r["role"] in g.nodes[r["person"]]["roles"].split(" | ") or \
            f"{r['role']} of {r['orgName']}" in g.nodes[r["person"]]["roles"].split(" | "), r
    assert any(" of " not in r for r in nx.get_node_attributes(g, "roles").values())
    assert sum(nx.get_node_attributes(g, "attacks").values()) == kg.stats(store=seeds_store)["attacks"]
    said = [(u, v) for u, v, d in g.edges(data=True) if d["label"] == "said"]
    assert said and all(g.nodes[v]["type"] == "quote" and g.nodes[u]["type"] in ("person", "organization", "place") for u, v in said)


def test_network_tables_match_the_graph(seeds_store):
    nodes, edges = kg.network_tables(store=seeds_store)
    g = kg.to_networkx(store=seeds_store)
    assert nodes.columns[:3] == ("Id", "Label", "type") and edges.columns[:4] == ("Source", "Target", "Type", "Label")
    assert {r["Id"] for r in nodes.records()} == set(g.nodes)
    assert len(edges.rows) == g.number_of_edges()


def test_export_of_csv_points_to_the_tables(seeds_store):
    with pytest.raises(KgError, match="network_tables"):
        kg.export(store=seeds_store, fmt="csv")


def _copy_checkout(target) -> None:
    for folder in ("kg", "queries", "ontology", "seeds"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))


# The editable install's finder maps kg.queries onto queries/; without it, Python started in the
# checkout finds only the checkout's kg/, as after `pip install .` (the README's quick start).
NO_INSTALLED_DATA = "import sys\nsys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]\n"


@pytest.mark.slow
@pytest.mark.parametrize("where", ["the repository folder", "another folder"])
def test_readme_python_example_runs_twice_in_one_process(tmp_path, where):
    """As in a notebook: the README's example, run twice in one interpreter, from the checkout or elsewhere."""
    folder = tmp_path / "work"
    folder.mkdir()
    if where == "the repository folder":
        _copy_checkout(folder)
        prelude = NO_INSTALLED_DATA
    else:
        shutil.copytree(ROOT / "seeds", folder / "seeds")
        prelude = ""
    code = readme_python("kg.build(")
    driver = (prelude + f"code = {code!r}\n"
              "for run in range(2):\n"
              "    exec(compile(code, 'README.md', 'exec'), {'__name__': '__main__'})\n"
              "    import kg\n"
              "    print('kg from', kg.__file__)\n")
    done = subprocess.run([sys.executable, "-c", driver], cwd=folder, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("5 {") and any(line.startswith("0 {") for line in lines[1:])  # built, then unchanged
    assert sum("Vitali Klitschko mayor Kyiv" in line for line in lines) == 2
    assert (folder / "out" / "graph.ttl").stat().st_size > 10_000
    origin = {line.split(" from ", 1)[1] for line in lines if line.startswith("kg from")}
    if where == "the repository folder":
        assert origin == {str(folder / "kg" / "__init__.py")}  # the checkout's kg, not the installed one
    else:
        assert origin == {str(ROOT / "kg" / "__init__.py")}


@pytest.mark.slow
@pytest.mark.server
def test_readme_sparqlwrapper_example_on_real_articles(real_store, tmp_path):
    """The README's SPARQLWrapper example against kg serve, on real articles where some quotations have no named speaker."""
    from tests.servers import kg_server

    shutil.copytree(real_store, tmp_path / "store")
    with open_store(real_store, read_only=True) as db:
        quotes = run_query(db, "quotes").records()
    assert any(not r["speakerName"] for r in quotes) and any(r["speakerName"] for r in quotes)
    with kg_server(tmp_path / "store", folder=tmp_path) as url:
        code = readme_python("SPARQLWrapper(").replace("http://127.0.0.1:8000/sparql", url)
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout.count("(speaker not named): ")
    assert printed == sum(1 for r in quotes if not r["speakerName"])
    assert all(f"{r['speakerName']}: " in done.stdout for r in quotes if r["speakerName"])
