"""The package's shape: one folder per pipeline stage, data flowing one way, no import cycles.

Read from the source with ``ast`` (every import, at module level or inside a function), so the
rules hold for the imports that run late as much as for those that run at start-up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"

# Each module belongs to one stage, found by the longest prefix of its name.
STAGES = {
    "kg.records": "core", "kg.errors": "core", "kg.resources": "core",
    "kg.ingest": "ingest", "kg.nlp": "nlp", "kg.resolve": "resolve", "kg.extract": "extract",
    "kg.rdf": "rdf", "kg.store": "store", "kg.query": "query", "kg.pipeline": "pipeline",
    "kg.evaluation": "evaluation", "kg.explorer": "explorer", "kg.serve": "serve",
    "kg": "faces",  # the package itself, kg.api, kg.cli, kg.__main__
}
# What each stage may import besides itself and the core (records, errors, shipped files, kg.__version__).
# Knowledge about identity (resolve) sits under extraction and the graph; the store writes graphs;
# the pipeline runs every stage; the explorer and the server read the store; the faces use all.
ALLOWED = {
    "core": set(),
    "ingest": set(),
    "nlp": set(),
    "resolve": set(),
    "extract": {"ingest", "resolve"},
    "rdf": {"resolve"},
    "store": {"rdf", "resolve"},
    "query": {"store", "rdf"},
    "pipeline": {"ingest", "nlp", "extract", "resolve", "rdf", "store"},
    "evaluation": {"query", "resolve", "ingest"},
    "explorer": {"store", "query", "rdf", "resolve"},
    "serve": {"store", "query", "explorer"},
    "faces": set(STAGES.values()),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str:
    for prefix in sorted(STAGES, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return STAGES[prefix]
    raise AssertionError(f"{module} belongs to no stage")


def imports(module: str) -> set[str]:
    """The kg modules ``module`` imports; ``from kg import __version__`` is the core's constant."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "kg":
                continue
            for alias in node.names:
                if base == "kg" and alias.name == "__version__":
                    continue
                # "from kg.store import results" imports the module kg.store.results
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found - {module}


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for module in MODULES:
        graph.add_edges_from((module, target) for target in imports(module) if target in MODULES)
    return graph


def test_every_module_belongs_to_a_stage():
    loose = [m for m in MODULES if stage(m) == "faces" and m not in ("kg", "kg.api", "kg.cli", "kg.__main__")]
    assert not loose, f"modules outside any stage folder: {loose}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_data_flow(module):
    here = stage(module)
    wrong = sorted(t for t in imports(module) if stage(t) not in ALLOWED[here] | {here, "core"})
    assert not wrong, f"{module} ({here}) imports {wrong} ({', '.join(sorted({stage(t) for t in wrong}))})"


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(import_graph()))
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_the_checks_see_a_cycle_and_an_upward_import(tmp_path, monkeypatch):
    """The rules above would fail on the mistakes they exist for."""
    monkeypatch.setitem(MODULES, "kg.rdf.fake", tmp_path / "fake.py")
    (tmp_path / "fake.py").write_text("from kg.extract import extract\nfrom kg.rdf import fake2\n")
    monkeypatch.setitem(MODULES, "kg.rdf.fake2", tmp_path / "fake2.py")
    (tmp_path / "fake2.py").write_text("def f():\n    from kg.rdf.fake import x\n")
    assert "kg.extract" in imports("kg.rdf.fake") and stage("kg.extract") not in ALLOWED["rdf"]
    assert ["kg.rdf.fake", "kg.rdf.fake2"] in [sorted(c) for c in nx.simple_cycles(import_graph())]


def test_nothing_outside_the_store_touches_oxigraph_directly():
    """One store boundary: the embedded Oxigraph store is reached only through kg.store's methods."""
    offenders = [m for m, path in MODULES.items() if stage(m) != "store" and ".native" in path.read_text(encoding="utf-8")]
    assert not offenders, offenders


def test_every_imported_package_is_declared():
    """A third-party package kg imports is a dependency in pyproject.toml (or an extra's, for Dask)."""
    import re
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[\s\[<>=@;]", d, maxsplit=1)[0].lower().replace("_", "-")
                for d in [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]}
    distributions = packages_distributions()
    imported: set[str] = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = sorted(m for m in imported if m != "kg" and m not in sys.stdlib_module_names)
    missing = [m for m in third_party
               if not {d.lower().replace("_", "-") for d in distributions.get(m, [m])} & declared]
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_every_package_folder_ships():
    """``pip install .`` installs every folder of kg/ that holds modules or data (pyproject.toml lists them
    by name): one missing is an ImportError for every user of an installed kg, never for the checkout."""
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(("kg", *p.parent.relative_to(PACKAGE).parts)) for p in PACKAGE.rglob("__init__.py")}
    assert folders - listed == set(), f"missing from [tool.setuptools] packages in pyproject.toml: {sorted(folders - listed)}"
