"""kg's Python API, one function per command: what the CLI calls, and what scripts can call."""

from __future__ import annotations

from pathlib import Path

from kg.build import BuildReport, build
from kg.evaluate import QUERIES, Score
from kg.evaluate import evaluate as score_gold
from kg.export import export as _export
from kg.namespace import DEFAULT_BASE, Minter
from kg.query import Table, resolve
from kg.query import run_query as _run_query
from kg.store import Store, open_store
from kg.validate import Validation, validate_store
from kg.writer import CorpusState, remove_article

__all__ = ["build", "evaluate", "export", "open_store", "remove", "run_query", "stats", "validate", "viz"]


def run_query(query: str, *, store: str | None = None) -> Table:
    """Run a named query, a .rq file or SPARQL text; returns columns and rows of strings."""
    text = resolve(query)  # an unknown query name is the first thing to report
    with open_store(store, read_only=True) as db:
        return _run_query(db, text)


def export(*, store: str | None = None, fmt: str = "turtle", article_id: str | None = None, base: str = DEFAULT_BASE) -> bytes:
    """The store, or one article's graph, serialised (turtle, trig, nquads, ntriples, jsonld)."""
    with open_store(store, read_only=True) as db:
        return _export(db, fmt=fmt, article_id=article_id, minter=Minter(base))


def remove(article_id: str, *, store: str | None = None, base: str = DEFAULT_BASE) -> bool:
    """Remove one article's graph; False when the store has no such article."""
    minter = Minter(base)
    with open_store(store) as db:
        return remove_article(db, CorpusState.load(db, minter), article_id)


def validate(*, store: str | None = None, base: str = DEFAULT_BASE) -> Validation:
    """Check the store against the SHACL shapes."""
    with open_store(store, read_only=True) as db:
        return validate_store(db, minter=Minter(base))


_STATS = """
PREFIX schema: <https://schema.org/>
PREFIX kg: <https://kg.example/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES (?class ?what) {
    (schema:NewsArticle "articles") (schema:Person "people") (schema:Organization "organisations")
    (schema:Place "places") (org:Membership "roles") (schema:Quotation "quotations")
    (kg:Attack "attacks") (kg:FigureClaim "figures")
  }
  ?x a ?class .
} GROUP BY ?what"""


def stats(*, store: str | None = None) -> dict[str, int]:
    """How many articles, entities and facts of each family the store holds, and its size."""
    with open_store(store, read_only=True) as db:
        counts = {str(r.what): int(r.n) for r in db.query(_STATS)}
        counts["quads"] = len(db.native) if db.native is not None else int(next(iter(db.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))[0])
        duplicates = db.query("PREFIX kg: <https://kg.example/ns#> SELECT (COUNT(*) AS ?n) WHERE { ?a kg:duplicateOf ?b }")
        counts["near-duplicates"] = int(next(iter(duplicates))[0])
        location = Path(db.location)
    order = ["articles", "near-duplicates", "people", "organisations", "places", "roles", "quotations", "attacks", "figures", "quads"]
    out = {k: counts.get(k, 0) for k in order}
    if location.is_dir():
        # Snapshots share their files with the store through hard links: count each file once.
        files = {(st.st_dev, st.st_ino): st.st_size for st in (p.stat() for p in location.rglob("*") if p.is_file())}
        out["bytes on disk"] = sum(files.values())
    return out


_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?label WHERE { { ?e skos:prefLabel ?label } UNION { ?e skos:altLabel ?label } }"""


def evaluate(gold: str, *, store: str | None = None) -> list[Score]:
    """Precision, recall and F1 per fact family of the store against a gold file."""
    with open_store(store, read_only=True) as db:
        tables = {name: _run_query(db, name) for name in QUERIES}
        labels: dict[str, set[str]] = {}
        for row in db.query(_LABELS):
            labels.setdefault(str(row.e), set()).add(str(row.label))
    return score_gold(gold, tables, labels)


def viz(*, store: str | None = None, focus: str | None = None, depth: int = 2, max_nodes: int = 300,
        query: str | None = None) -> str:
    """The explorer page (HTML) for the store, one entity's neighbourhood, or a query's result."""
    from kg.viz import explorer

    if query:
        resolve(query)  # an unknown query name is the first thing to report
    with open_store(store, read_only=True) as db:
        return explorer(db, focus=focus, depth=depth, max_nodes=max_nodes, query=query)


__all__ += ["BuildReport", "Store", "Table", "Validation"]
