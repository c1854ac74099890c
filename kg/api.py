"""kg's Python API, one function per command: what the CLI calls, and what scripts can call."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.evaluation import QUERIES, Score, load, read_texts
from kg.evaluation import evaluate as score_gold
from kg.pipeline.build import BuildReport, build
from kg.query import Table, resolve
from kg.query import run_query as _run_query
from kg.rdf.namespace import DEFAULT_BASE, Minter
from kg.rdf.validate import Validation, validate_quads
from kg.store import Store, open_store
from kg.store.queries import sparql
from kg.store.writer import CorpusState, count_reports, remove_article

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = ["build", "evaluate", "export", "network_tables", "open_store", "remove", "run_query", "stats", "to_networkx",
           "validate", "viz"]


def run_query(query: str, *, store: str | None = None, names: bool = False) -> Table | Graph:
    """Run a named query, a .rq file or SPARQL text (kg's prefixes need no PREFIX line).

    A SELECT gives a ``Table`` (columns and rows of strings; ``.records()``, ``.to_pandas()``),
    an ASK a one-cell ``Table`` (column ``answer``: ``true`` or ``false``), a CONSTRUCT or
    DESCRIBE an rdflib ``Graph``. ``names`` also reads the preferred names of the IRIs in a
    table, which the ``table`` format shows in their place.
    """
    text = resolve(query)  # an unknown query name is the first thing to report
    with open_store(store, read_only=True) as db:
        return _run_query(db, text, names=names)


def export(*, store: str | None = None, fmt: str = "turtle", article_id: str | None = None, base: str = DEFAULT_BASE) -> bytes:
    """The store, or one article's graph, serialised (turtle, trig, nquads, ntriples, jsonld), or the
    browsing graph for network tools (graphml, gexf; ``network_tables`` gives the csv tables)."""
    from kg.explorer.network import NETWORK_FORMATS, network_file, read_network

    if fmt == "csv":
        raise KgError("the csv export is two tables, nodes and edges: use kg.network_tables(), or kg export --format csv -o NAME")
    if fmt in NETWORK_FORMATS:
        if article_id is not None:
            raise KgError(f"{fmt} holds the whole browsing graph; --graph selects an article's graph for RDF formats only")
        with open_store(store, read_only=True) as db:
            return network_file(read_network(db), fmt)
    with open_store(store, read_only=True) as db:
        return db.export(fmt=fmt, article_id=article_id, minter=Minter(base))


def to_networkx(*, store: str | None = None) -> nx.MultiDiGraph:
    """The store's entities, quotations, figures and attack days as a networkx graph, with roles,
    statements, claims and attacks as labelled edges (see ``kg.explorer.network`` for the attributes)."""
    from kg.explorer.network import read_network

    with open_store(store, read_only=True) as db:
        return read_network(db)


def network_tables(*, store: str | None = None) -> tuple[Table, Table]:
    """The browsing graph as a node table and an edge table (the csv export; ``.to_pandas()`` each)."""
    from kg.explorer.network import network_tables as tables
    from kg.explorer.network import read_network

    with open_store(store, read_only=True) as db:
        return tables(read_network(db))


def remove(article_id: str, *, store: str | None = None, base: str = DEFAULT_BASE) -> bool:
    """Remove one article's graph; False when the store has no such article."""
    minter = Minter(base)
    with open_store(store) as db:
        return remove_article(db, CorpusState.load(db, minter), article_id)


def validate(*, store: str | None = None, base: str = DEFAULT_BASE) -> Validation:
    """Check the store against the SHACL shapes."""
    with open_store(store, read_only=True) as db:
        return validate_quads(db.quads(base=Minter(base).base))


def stats(*, store: str | None = None) -> dict[str, int]:
    """What the store holds, in the words the named queries use.

    ``articles`` (and how many are ``near-duplicates`` of another); ``people``, ``organisations``
    and ``places``, each entity once however it is spelt (the rows of the ``entities`` query); for
    each fact family (``roles``, ``quotes``, ``attacks``, ``figures``) its facts, each once however
    many articles report it, and its ``... reports``, one per fact and article, which are the rows
    of the named query of that name (a near-duplicate's repeats of its original not counted);
    ``quads`` in the named graphs, the ``default graph triples`` (their merge), ``bytes on disk``.
    """
    from kg.rdf.graph import FAMILIES

    with open_store(store, read_only=True) as db:
        _, rows = db.select(sparql("stats"))
        counts = {what: int(n) for what, n in rows}
        counts |= {f"{family[:-1]} reports": n for family, n in count_reports(db, FAMILIES).items()}
        counts["quads"] = db.count_quads()
        counts["default graph triples"] = db.count_default_triples()
        counts["near-duplicates"] = db.count(sparql("duplicate_count"))
        location = Path(db.location)
    order = ["articles", "near-duplicates", "people", "organisations", "places",
             *(k for family in FAMILIES for k in (family, f"{family[:-1]} reports")), "quads", "default graph triples"]
    out = {k: counts.get(k, 0) for k in order}
    if location.is_dir():
        # Snapshots share their files with the store through hard links: count each file once.
        files = {(st.st_dev, st.st_ino): st.st_size for st in (p.stat() for p in location.rglob("*") if p.is_file())}
        out["bytes on disk"] = sum(files.values())
    return out


def evaluate(gold: str, *, store: str | None = None, articles: str | None = None, parts: tuple[str, ...] = ()) -> list[Score]:
    """Precision, recall and F1 per fact family of the store against a gold file or the blind set's folder.

    ``articles`` is the JSONL file the store was built from, where the gold names quotations by
    their first and last words (the blind set); ``parts`` limits the scores to some parts ("dev").
    """
    texts = read_texts(Path(articles)) if articles else None
    loaded = load(gold, texts=texts)  # a bad gold file is the first thing to report
    with open_store(store, read_only=True) as db:
        tables = {name: _run_query(db, name) for name in QUERIES}
        labels: dict[str, set[str]] = {}
        for entity, label in db.select(sparql("entity_labels"))[1]:
            labels.setdefault(entity, set()).add(label)
    return score_gold(loaded, tables, labels, parts=parts)


def viz(*, store: str | None = None, focus: str | None = None, depth: int = 2, max_nodes: int = 300,
        query: str | None = None) -> str:
    """The explorer page (HTML) for the store, one entity's neighbourhood, or a query's result."""
    from kg.explorer import explorer

    if query:
        resolve(query)  # an unknown query name is the first thing to report
    with open_store(store, read_only=True) as db:
        return explorer(db, focus=focus, depth=depth, max_nodes=max_nodes, query=query)


__all__ += ["BuildReport", "Store", "Table", "Validation"]
