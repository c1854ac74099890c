"""The query engine behind ``kg serve``: one child process that owns the store and answers SPARQL.

Why a process of its own: pyoxigraph cannot interrupt a running query, so a time limit that
only stops waiting would leave a runaway query (a cross product under ``COUNT``) burning a core
for ever. The server gives each query a deadline; when one passes, it kills this process and
starts a fresh one on the same store, which is safe because every write is one Oxigraph
transaction (a killed process leaves the store as the last committed write left it). Queries
that were running beside the one that timed out are sent again to the new process; a write in
flight is let finish before anything is killed.

The engine is the only process that opens the store (Oxigraph takes an exclusive lock, and a
second, read-only opening while another process writes is undefined behaviour in pyoxigraph):
a build that runs while the server does writes through the server's update endpoint.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from kg.serve.negotiate import GRAPHS, RESULTS, negotiate
from kg.store.syntax import explain

THREADS = 4


@dataclass(frozen=True)
class Request:
    """What the server asks: a query, an update, or the explorer page (``text`` holds its options)."""

    op: str  # "query" | "update" | "viz"
    text: str
    accept: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    viz: tuple[str | None, int, int] = (None, 2, 300)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


class _Capped:
    """A binary sink that refuses to grow past ``limit`` bytes: the result-size cap."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.exceeded = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.exceeded = True
            raise OSError("result too large")
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


def _answer(store, request: Request, max_bytes: int) -> Answer:  # noqa: ANN001 - a kg.store.Store
    import pyoxigraph as ox

    if request.op == "update":
        try:
            store.endpoint_update(request.text)
        except SyntaxError as exc:
            return Answer.error(400, explain(request.text, exc, what="SPARQL update"))
        return Answer(204, "text/plain", b"")
    if request.op == "viz":
        from kg.errors import KgError
        from kg.explorer import explorer

        focus, depth, max_nodes = request.viz
        try:
            page = explorer(store, focus=focus, depth=depth, max_nodes=max_nodes)
        except KgError as exc:
            return Answer.error(404, str(exc))
        return Answer(200, "text/html; charset=utf-8", page.encode("utf-8"))
    try:
        # kg's convention: the default graph is the merge of the named graphs (one per article).
        result = store.endpoint_query(request.text, default_graphs=request.default_graphs, named_graphs=request.named_graphs)
    except SyntaxError as exc:
        return Answer.error(400, explain(request.text, exc))
    except ValueError as exc:
        return Answer.error(400, f"bad query request: {exc}")
    is_graph = isinstance(result, ox.QueryTriples)
    offers = GRAPHS if is_graph else RESULTS
    media = negotiate(request.accept, offers)
    if media is None:
        return Answer.error(406, f"cannot answer with {request.accept!r}; this query's results come as: {', '.join(offers)}")
    if is_graph:
        fmt = ox.RdfFormat.from_media_type(media)
    else:
        fmt = ox.QueryResultsFormat.from_media_type(media)
    sink = _Capped(max_bytes)
    try:
        if is_graph:
            _write_graph(result, sink, fmt)
        else:
            result.serialize(sink, format=fmt)
    except OSError:
        if sink.exceeded:
            return Answer.error(
                507,
                f"the result is larger than this server's limit of {max_bytes} bytes; "
                "ask for less (add LIMIT, or narrow the pattern), or restart kg serve with a larger --max-result-bytes",
            )
        raise
    charset = "; charset=utf-8" if media != "application/sparql-results+xml" else ""
    return Answer(200, media + charset, sink.getvalue())


def _write_graph(triples, sink: _Capped, fmt) -> None:  # noqa: ANN001 - Oxigraph's QueryTriples and RdfFormat
    """A CONSTRUCT or DESCRIBE result as a set of triples (each once), written as ``kg export`` and
    ``kg query`` write them: sorted, Turtle with kg's prefixes, JSON-LD compacted with them.

    The triples are gathered first (a graph is a set, and the prefixes come at the top); their
    N-Triples size counts against the result cap as they come, so gathering stays within it.
    """
    import pyoxigraph as ox

    from kg.query import triples_bytes

    seen: dict[ox.Triple, None] = {}
    size = 0
    for triple in triples:
        if triple not in seen:
            seen[triple] = None
            size += len(str(triple)) + 3
            if size > sink.limit:
                sink.exceeded = True
                raise OSError("result too large")
    syntax = {ox.RdfFormat.TURTLE: "turtle", ox.RdfFormat.N_TRIPLES: "ntriples", ox.RdfFormat.JSON_LD: "jsonld"}[fmt]
    sink.write(triples_bytes(seen, syntax))


def _main(conn: Connection, location: str, max_bytes: int) -> None:
    """The child process: open the store, then answer requests on ``conn`` until it closes."""
    from kg.errors import KgError
    from kg.store import open_store

    try:
        store = open_store(location)
    except KgError as exc:
        conn.send(("failed", str(exc)))
        return
    send_lock = threading.Lock()

    def run(rid: int, request: Request) -> None:
        try:
            answer = _answer(store, request, max_bytes)
        except Exception as exc:  # noqa: BLE001 - whatever fails, the client gets a 500 with the reason
            traceback.print_exc()
            answer = Answer.error(500, f"the query engine failed: {exc}")
        with send_lock:
            conn.send((rid, answer))

    conn.send(("ready", None))
    with ThreadPoolExecutor(THREADS) as pool:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message is None:
                break
            pool.submit(run, *message)
    store.close()


@dataclass
class _Pending:
    request: Request
    future: asyncio.Future


@dataclass
class Engine:
    """The server's handle on the engine process: send requests, await answers, enforce deadlines."""

    location: str
    max_bytes: int
    _process: multiprocessing.process.BaseProcess | None = None
    _conn: Connection | None = None
    _pending: dict[int, _Pending] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=itertools.count)
    _send_lock: threading.Lock = field(default_factory=threading.Lock)
    _restart_lock: asyncio.Lock | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    restarts: int = 0

    def start(self) -> None:
        """Start the engine process and wait until its store is open (raises StoreError if it cannot be)."""
        from kg.errors import StoreError, StoreInUse

        if self._process is not None:
            return
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_main, args=(child, self.location, self.max_bytes), daemon=True, name="kg-engine")
        process.start()
        child.close()
        try:
            status, detail = parent.recv()
        except EOFError:
            process.join()
            raise StoreError(f"the query engine could not open store {self.location}") from None
        if status != "ready":
            process.join()
            raise (StoreInUse if "in use" in detail else StoreError)(detail)
        self._process, self._conn = process, parent
        threading.Thread(target=self._read, args=(parent,), daemon=True, name="kg-engine-reader").start()

    def _read(self, conn: Connection) -> None:
        while True:
            try:
                rid, answer = conn.recv()
            except (EOFError, OSError):
                if conn is self._conn and self._loop is not None:
                    # Not a replacement we made: the engine died (out of memory, killed). Whatever
                    # was in flight fails now rather than hanging; the next request starts a new engine.
                    failed = Answer.error(500, "the query engine stopped unexpectedly; send the request again")
                    for pending in list(self._pending.values()):
                        self._loop.call_soon_threadsafe(_resolve, pending.future, failed)
                return
            pending = self._pending.get(rid)
            if pending is not None and self._loop is not None:
                self._loop.call_soon_threadsafe(_resolve, pending.future, answer)

    def _send(self, rid: int, request: Request) -> None:
        with self._send_lock:
            assert self._conn is not None
            self._conn.send((rid, request))

    async def ask(self, request: Request, *, timeout: float | None) -> Answer:
        """The answer to ``request``; a 503 answer if a query outlives ``timeout`` seconds."""
        self._loop = asyncio.get_running_loop()
        if self._restart_lock is None:
            self._restart_lock = asyncio.Lock()
        rid = next(self._ids)
        future = self._loop.create_future()
        self._pending[rid] = _Pending(request, future)
        try:
            async with self._restart_lock:  # not while the engine is being replaced
                if self._process is not None and not self._process.is_alive():
                    await asyncio.to_thread(self._discard)
                    await asyncio.to_thread(self.start)
                    self.restarts += 1
                self._send(rid, request)
            if request.op == "update" or timeout is None:
                return await future
            try:
                return await asyncio.wait_for(asyncio.shield(future), timeout)
            except TimeoutError:
                await self._replace(rid)
                return Answer.error(
                    503,
                    f"the query ran longer than this server's limit of {timeout:g} s and was stopped; "
                    "ask for less (add LIMIT, or narrow the pattern), or restart kg serve with a larger --timeout",
                )
        finally:
            self._pending.pop(rid, None)

    async def _replace(self, stuck: int) -> None:
        """Kill the engine (after any write in flight) and start a new one; resend the other queries."""
        assert self._restart_lock is not None
        async with self._restart_lock:
            self._pending.pop(stuck, None)
            while writes := [p.future for p in self._pending.values() if p.request.op == "update" and not p.future.done()]:
                await asyncio.wait(writes)
            if self._process is None:
                return
            await asyncio.to_thread(self._discard)
            await asyncio.to_thread(self.start)
            self.restarts += 1
            for rid, pending in list(self._pending.items()):
                if not pending.future.done():
                    self._send(rid, pending.request)

    def _discard(self) -> None:
        """Kill the engine process (a replacement is started by the caller)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None  # first, so the reader takes the closed pipe as ours
        if process is not None:
            process.kill()
            process.join()
        if conn is not None:
            conn.close()

    def stop(self) -> None:
        if self._process is None:
            return
        try:
            with self._send_lock:
                assert self._conn is not None
                self._conn.send(None)
        except OSError:
            pass
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None


def _resolve(future: asyncio.Future, answer: Answer) -> None:
    if not future.done():
        future.set_result(answer)
