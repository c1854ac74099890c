"""The store boundary: embedded Oxigraph on disk, or a SPARQL 1.1 server, behind one ``Store``.

Backends are rdflib store plugins chosen by name (``Oxigraph`` from oxrdflib for a folder,
``SPARQLUpdateStore`` for an ``http(s)://`` endpoint). Callers ask ``Store`` for what they need
(SELECT rows, quads, counts, updates, an endpoint's raw answer); only this module touches the
Oxigraph store. A folder has one writer at a time; readers during a write read a snapshot (see
``snapshots``).

The default graph of a store folder is the RDF merge of its named graphs: each triple once,
however many article graphs hold it. The writer keeps it so, in the same transaction as each
article (``kg.store.writer``), because Oxigraph's own union of the named graphs repeats a triple
once per graph holding it (an entity's type once per article naming it). A folder written before
kg kept that graph has an empty default graph; it is read as the union until a build or a remove
writes the merge into it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef, plugin
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.store import Store as RdflibStore
from rdflib.term import Node

from kg.errors import KgError, QueryError, StoreError, StoreInUse
from kg.rdf.export import prefixes as export_prefixes
from kg.rdf.export import serialize
from kg.rdf.namespace import DEFAULT_BASE, KG, PREFIXES, Minter
from kg.rdf.ntriples import term
from kg.store import guard, ordering, results
from kg.store.failures import storage_error
from kg.store.folder import check_writable_folder
from kg.store.queries import sparql as stored_query
from kg.store.snapshots import DEFAULT_WAIT, ReaderLease, WriterLease, acquire_reader, acquire_writer, adopt_writer
from kg.store.syntax import explain

DEFAULT_STORE = ".kg"
ENV_STORE = "KG_STORE"
# The secret a `kg serve --allow-update` server wants on updates, and that kg sends to a remote store.
TOKEN_ENV = "KG_TOKEN"
# The service-description feature of a SPARQL server whose default graph kg's writer keeps as the merge.
MERGED_DEFAULT_GRAPH = KG.MergedDefaultGraph


def default_location() -> str:
    return os.environ.get(ENV_STORE) or DEFAULT_STORE


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))


class NotATable(QueryError):
    """What ``Store.select`` raises for an ASK (``answer``) or a CONSTRUCT or DESCRIBE (``triples``, each once)."""

    def __init__(self, *, answer: bool | None = None, triples: list[ox.Triple] | None = None) -> None:
        super().__init__("only SELECT queries give a table: this one gives "
                         + ("a yes or no answer" if triples is None else "a graph"))
        self.answer = answer
        self.triples = triples


@dataclass
class Store:
    """An open store: the rdflib Dataset, and the embedded Oxigraph store when there is one."""

    location: str
    dataset: Dataset
    native: ox.Store | None = None
    read_only: bool = False
    lease: WriterLease | ReaderLease | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)
    _remote_merges: bool | None = field(default=None, repr=False)

    @property
    def snapshot(self) -> str | None:
        """The snapshot a reader reads because a writer holds the store; None for the live store."""
        return self.lease.snapshot if isinstance(self.lease, ReaderLease) else None

    def query_options(self) -> dict[str, object]:
        """The Oxigraph query options that give kg's default graph: the stored merge of the named
        graphs, or their union in a store written before kg kept it (an empty default graph)."""
        if self.native is None or next(iter(self.native.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
            return {}
        return {"use_default_graph_as_union": True}

    @property
    def merged_default_graph(self) -> bool:
        """Whether kg keeps this store's default graph as the merge of its named graphs when it writes.

        Always for a store folder; for a SPARQL server, when its service description lists the
        feature ``kg:MergedDefaultGraph``, as ``kg serve``'s does. (``sd:UnionDefaultGraph`` is not
        enough: Virtuoso declares it, and there the default graph is the server's own business.)
        """
        if self.native is not None:
            return True
        if self._remote_merges is None:
            self._remote_merges = _describes_union_default(self.location, self.dataset.store)
        return self._remote_merges

    def query(self, sparql: str) -> Result:
        if self.native is not None:
            guard.check(sparql)
            self.dataset.default_union = bool(self.query_options())
        try:
            result = self.dataset.query(sparql)
        except SyntaxError as exc:
            raise QueryError(explain(sparql, exc)) from None
        except HTTPError as exc:
            raise QueryError(f"{self.location} refused the query: {self._own_lines(sparql, _http_reason(exc))}") from None
        except (ValueError, OSError) as exc:
            raise storage_error(self.location, exc) or QueryError(f"query failed: {exc}") from None
        if isinstance(result, tuple):
            # rdflib's SPARQL connector returns (status, reason, None) instead of raising on a POST,
            # and drops the server's explanation (a parser's message): ask once more to show it.
            reason = self._explain(sparql)
            raise QueryError(f"{self.location} refused the query: {self._own_lines(sparql, reason) if reason else result[1]}")
        return result

    def _own_lines(self, sparql: str, reason: str) -> str:
        """A server's "at line N" counted in the query as the user wrote it, not as sent with the
        PREFIX lines rdflib's SPARQL plugin puts in front."""
        added = self.dataset.store._inject_prefixes(sparql, {}).count("\n") - sparql.count("\n")
        return re.sub(r"\bat line (\d+)", lambda m: f"at line {max(1, int(m.group(1)) - added)}", reason, count=1)

    def _explain(self, sparql: str) -> str | None:
        connector = self.dataset.store
        text = connector._inject_prefixes(sparql, {})  # as the plugin sent it
        request = Request(connector.query_endpoint, data=urlencode({"query": text}).encode(),
                          headers={**connector.kwargs.get("headers", {}), "Accept": "application/sparql-results+json"})
        try:
            with urlopen(request, timeout=60):
                return None
        except HTTPError as exc:
            return _http_reason(exc)
        except OSError:
            return None

    def select(self, sparql: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """A SELECT's variables, and its rows as plain strings (IRIs, literals' lexical forms; unbound "").

        Any other query raises ``NotATable`` with its answer: true or false, or the triples.

        The embedded store writes its own SPARQL TSV results, read back in one go (``kg.store.results``): on
        big results that is several times faster than one Python object per term. A closing ORDER BY
        over projected variables is applied here rather than by Oxigraph (see ``kg.store.ordering``).
        """
        if self.native is None:
            result = self.query(sparql)
            if result.type == "ASK":
                raise NotATable(answer=bool(result.askAnswer))
            if result.type != "SELECT":
                raise NotATable(triples=[ox.Triple(*(_ox_term(t) for t in triple)) for triple in result.graph])
            names = tuple(str(v) for v in result.vars)
            return names, [tuple(["" if v is None else str(v) for v in row]) for row in result]
        split = ordering.split_order(sparql)
        table = self._native_select(split.unordered if split else sparql)
        order = ordering.sort(table, split.keys) if split else None
        if split and order is None:  # not an order kg reproduces exactly: the engine sorts
            table = self._native_select(sparql)
        rows = results.rows(table)
        return table.variables, rows if order is None else [rows[i] for i in order]

    def _native_select(self, sparql: str) -> results.Columns:
        guard.check(sparql)  # text Oxigraph's parser could not survive is refused first
        try:
            result = self.native.query(sparql, prefixes=prefixes(), **self.query_options())
        except SyntaxError as exc:
            raise QueryError(explain(sparql, exc)) from None
        except (ValueError, OSError) as exc:
            raise storage_error(self.location, exc) or QueryError(f"query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            raise NotATable(answer=bool(result))
        if isinstance(result, ox.QueryTriples):
            raise NotATable(triples=list(dict.fromkeys(result)))
        return results.read(result.serialize(format=ox.QueryResultsFormat.TSV))

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        try:
            # Straight to the backend plugin, against the whole dataset: through Dataset.update a
            # union-default dataset would fall back to rdflib's own, non-transactional engine.
            # (The SPARQL store plugin would wrap a named graph around the update, so it gets none.)
            self.dataset.store.update(sparql, {}, {}, DATASET_DEFAULT_GRAPH_ID if self.native is not None else None)
        except SyntaxError as exc:
            raise QueryError(explain(sparql, exc, what="SPARQL update")) from None
        except HTTPError as exc:
            hint = f" (does the server want a token? set ${TOKEN_ENV})" if exc.code in (401, 403) else ""
            raise StoreError(f"{self.location} refused an update: {_http_reason(exc)}{hint}") from None
        except OSError as exc:
            raise storage_error(self.location, exc) or StoreError(f"writing to store {self.location} failed: {exc}") from None
        if isinstance(self.lease, WriterLease) and self.native is not None:
            self._publish(self.lease, self.native)

    def _publish(self, lease: WriterLease, native: ox.Store) -> None:
        """Publish a snapshot for readers when one is due (a checkpoint: it writes to the disk too)."""
        try:
            lease.maybe_publish(native)
        except (OSError, RuntimeError) as exc:
            raise storage_error(self.location, exc) or exc from None

    def count(self, sparql: str) -> int:
        """The single number a ``SELECT (COUNT(...) AS ?n)`` query answers."""
        _, rows = self.select(sparql)
        return int(rows[0][0]) if rows and rows[0] and rows[0][0] else 0

    def count_quads(self) -> int:
        """Quads in the named graphs (the default graph, their merge, is not counted)."""
        if self.native is None:
            return self.count(stored_query("quad_count"))
        return len(self.native) - self.count_default_triples()

    def count_default_triples(self) -> int:
        """Triples in the default graph: the named graphs' triples, each once (0 on a SPARQL server)."""
        if self.native is None:
            return 0
        solution = next(iter(self.native.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
        return int(solution[0].value)

    def quads(self, graph: str | None = None, *, base: str) -> list[ox.Quad]:
        """Every quad of the store, or of one named graph, as Oxigraph terms.

        A SPARQL server keeps graphs of its own (Virtuoso's system graphs): there, kg's graphs are
        those whose IRI starts with ``base``.
        """
        if self.native is not None:
            if graph:
                return list(self.native.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
            # The named graphs only: the default graph is their merge, derived from them.
            return [q for g in self.native.named_graphs() for q in self.native.quads_for_pattern(None, None, None, g)]
        text = (stored_query("graph_quads", graph=term(URIRef(graph))) if graph else
                stored_query("quads", base=term(Literal(base))))
        return [ox.Quad(_ox_term(r.s), _ox_term(r.p), _ox_term(r.o), _ox_term(r.g)) for r in self.query(text)]

    def export(self, *, fmt: str = "turtle", article_id: str | None = None, minter: Minter | None = None) -> bytes:
        """The store, or one article's graph, serialised and sorted (see ``kg.rdf.export``)."""
        minter = minter or Minter()
        graph = str(minter.article(article_id)) if article_id is not None else None
        quads = self.quads(graph, base=minter.base)
        if article_id is not None and not quads:
            raise KgError(f"no article {article_id!r} in store {self.location}")
        return serialize(quads, fmt=fmt, minter=minter)

    def endpoint_query(self, text: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) \
            -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """A query as a SPARQL endpoint runs it: kg's prefixes (``prefixes()``) known without being
        declared, the default graph the merge of the named graphs unless ``default_graphs`` are
        given. The embedded store only.

        Raises SyntaxError for a malformed query, ValueError for a bad request, and QueryError for a
        text too deep or too long for the engine (see ``kg.store.guard``).
        """
        guard.check(text)
        options: dict[str, object] = {"prefixes": prefixes()}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options.update(self.query_options())
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return self._embedded().query(text, **options)

    def endpoint_update(self, text: str) -> None:
        """An update as a SPARQL endpoint runs it (kg's prefixes known); raises SyntaxError when malformed.

        Readers outside the endpoint's process read the snapshot published after it.
        """
        guard.check(text)
        native = self._embedded()
        native.update(text, prefixes=prefixes())
        if isinstance(self.lease, WriterLease):
            self._publish(self.lease, native)

    def _embedded(self) -> ox.Store:
        if self.native is None:
            raise StoreError(f"{self.location} is a SPARQL server, not a store folder")
        return self.native

    def flush(self) -> None:
        if self.native is not None and not self.read_only:
            try:
                self.native.flush()
            except (OSError, RuntimeError) as exc:
                raise storage_error(self.location, exc) or exc from None

    def close(self) -> None:
        """Flush and close; raises StorageError when the disk refuses the last writes."""
        if not self._closed:
            self._closed = True
            try:
                self.flush()
                self.dataset.close()
            finally:
                # The last reference to the Oxigraph store goes here, which closes it; only then
                # may another writer open it.
                self.native = None
                self.dataset = None  # type: ignore[assignment]
                if self.lease is not None:
                    self.lease.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        try:
            self.close()
        except KgError:
            if exc is None:
                raise
            # Already failing: the first failure says more than a flush that failed after it.
        # A failure of the disk or of the store's files may surface anywhere while the store is
        # open (results are read lazily): say it in one line, as StorageError.
        failure = storage_error(self.location, exc) if exc is not None and not isinstance(exc, KgError) else None
        if failure is not None:
            raise failure from None


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """kg's prefixes: the vocabularies' (``schema:``, ``kg:``...) and one per kind of data IRI (``person:``...)."""
    return export_prefixes(Minter(base))


def _ox_term(node: Node) -> ox.NamedNode | ox.Literal:
    """An rdflib term from a SPARQL server's answer as an Oxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    raise StoreError(f"unexpected term from the store: {node!r}")


_SD = "http://www.w3.org/ns/sparql-service-description#"


def _describes_union_default(url: str, connector: RdflibStore) -> bool:
    """Whether the endpoint's service description (a GET without a query) lists ``kg:MergedDefaultGraph``."""
    request = Request(connector.query_endpoint, headers={**connector.kwargs.get("headers", {}), "Accept": "text/turtle"})
    try:
        with urlopen(request, timeout=30) as response:
            if "turtle" not in response.headers.get("Content-Type", ""):
                return False
            described = Graph().parse(data=response.read(1 << 20).decode("utf-8", "replace"), format="turtle")
    except (OSError, ValueError, SyntaxError):
        return False
    return (None, URIRef(_SD + "feature"), MERGED_DEFAULT_GRAPH) in described


def _http_reason(exc: HTTPError) -> str:
    try:
        body = exc.read().decode("utf-8", "replace").strip()
    except OSError:
        body = ""
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return f"HTTP {exc.code} {exc.reason}" + (f": {first[:300]}" if first else "")


def _remote(url: str, *, read_only: bool) -> RdflibStore:
    """rdflib's SPARQL 1.1 store plugin for an endpoint URL; credentials in the URL become Basic auth."""
    parts = urlsplit(url)
    auth = None
    if parts.username is not None:
        auth = (unquote(parts.username), unquote(parts.password or ""))
        url = urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))
    headers = {}
    if token := os.environ.get(TOKEN_ENV):
        headers["Authorization"] = f"Bearer {token}"
    # Form-encoded POST: queries with long VALUES lists do not fit in a URL.
    return plugin.get("SPARQLUpdateStore", RdflibStore)(
        query_endpoint=url, update_endpoint=None if read_only else url, method="POST_FORM",
        auth=auth, headers=headers, returnFormat="json",
    )


def _bind(ds: Dataset) -> Dataset:
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def _open_native(path: Path, *, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        if "lock" in str(exc).lower() or "temporarily unavailable" in str(exc).lower():
            raise StoreInUse(
                f"store {path} is in use by another process (a build, a remove or a server); "
                "wait for it to finish, or use another --store"
            ) from None
        raise storage_error(str(path), exc) or StoreError(f"cannot open store {path}: {exc}") from None


def hold_store(location: str | os.PathLike[str], *, wait: float = DEFAULT_WAIT) -> WriterLease:
    """Take a store folder's writer locks without opening it, for a process whose child opens it.

    ``kg serve`` holds them from start to stop, so that no build takes the store while its engine
    process is being replaced; the engine opens the store with ``open_store(..., held=True)``.
    Release with the lease's ``release()``.
    """
    path = Path(os.fspath(location))
    check_writable_folder(path)
    try:
        return acquire_writer(path, wait=wait)
    except OSError as exc:
        raise storage_error(str(path), exc) or StoreError(f"cannot open store {path}: {exc}") from None


def open_store(location: str | os.PathLike[str] | None = None, *, read_only: bool = False, wait: float = DEFAULT_WAIT,
               held: bool = False) -> Store:
    """Open (and for writing, create) the store at a folder or SPARQL endpoint URL.

    A writer waits up to ``wait`` seconds for readers of the live store to finish, and stops at once
    with StoreInUse when another writer has the store. A reader never waits for a writer: it reads
    the writer's latest snapshot, a consistent state a second or a few old. ``held``: this
    process's parent holds the store's writer locks for it (see ``hold_store``); open it for
    writing without taking them.
    """
    loc = os.fspath(location) if location is not None else default_location()
    if is_remote(loc):
        ds = Dataset(store=_remote(loc, read_only=read_only), default_union=True)
        store = Store(loc, _bind(ds), None, read_only)
        try:
            store.query("ASK { }")
        except QueryError as exc:
            raise StoreError(f"cannot use SPARQL endpoint {loc}: {exc}") from None
        return store
    path = Path(loc)
    if read_only and not (path / "CURRENT").exists():
        raise StoreError(f"no kg store at {loc}; build one first with: kg build PATH --store {loc}")
    if not read_only:
        check_writable_folder(path)
    lease: WriterLease | ReaderLease
    try:
        if read_only:
            lease = acquire_reader(path, wait=wait)
        else:
            lease = adopt_writer(path) if held else acquire_writer(path, wait=wait)
    except OSError as exc:
        raise storage_error(loc, exc) or StoreError(f"cannot open store {loc}: {exc}") from None
    try:
        native = _open_native(lease.path if isinstance(lease, ReaderLease) else path, read_only=read_only)
        if isinstance(lease, WriterLease):
            lease.publish(native)
    except (OSError, RuntimeError) as exc:
        native = None
        lease.release()
        raise storage_error(loc, exc) or StoreError(f"cannot open store {loc}: {exc}") from None
    except BaseException:
        native = None
        lease.release()
        raise
    backend: RdflibStore = plugin.get("Oxigraph", RdflibStore)(store=native)
    ds = Dataset(store=backend, default_union=True)
    return Store(loc, _bind(ds), native, read_only, lease)
