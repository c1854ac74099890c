"""The query engine behind ``kg serve``: one child process that opens the store and answers SPARQL.

Why a process of its own: pyoxigraph cannot interrupt a running query, so a time limit that
only stops waiting would leave a runaway query (a cross product under ``COUNT``) burning a core
for ever. When a request outlives its limit, the server kills this process and starts a fresh
one on the same store, which is safe because every write is one Oxigraph transaction (a killed
process leaves the store as the last committed write left it).

How the server keeps that from hurting anyone else:

- The server process holds the store's locks from start to stop (``kg.store.hold_store``); the
  engine opens the store under them. Replacing the engine never frees the store, so no build can
  take it in between.
- Requests are sent only when the engine can start them at once: at most ``QUERIES`` queries at a
  time, each on a thread of its own, and one update at a time on another. So a request's clock
  starts when it starts running, and a cheap query is never stuck behind slow ones.
- When a request times out, an update in flight may finish (within its own limit: a client whose
  write was killed could not tell whether it was applied), then the engine is replaced. Every
  request past its limit at that moment gets 503; the others are sent again to the new engine.
- When the engine dies (it went over ``max_memory``, or crashed), the requests in flight are sent
  again once; one in flight at a second death is taken to be the cause and gets the error.
- A restart that fails (the store's disk failed) is tried again by the next request, which gets
  503 with the reason meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from kg.errors import KgError, QueryError, StorageError, StoreError, StoreInUse
from kg.serve.negotiate import GRAPHS, RESULTS, negotiate
from kg.store.syntax import explain

QUERIES = 8  # queries running at once; more wait in the server, untimed, for one to finish
# Oxigraph's parser and planner recurse; kg.store.guard keeps texts to a quarter of what crashed
# an 8 MiB stack, and the engine's threads get many times that for what evaluation may add.
THREAD_STACK = 64 * 2**20
START_TIMEOUT = 120.0  # seconds for a new engine to open its store
STOP_GRACE = 3.0  # seconds a stopping engine gets to finish a write in flight before it is killed
WATCH_EVERY = 0.1  # seconds between two looks at the engine's memory
_ERRORS = {"StoreInUse": StoreInUse, "StorageError": StorageError, "StoreError": StoreError}


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
        except QueryError as exc:
            return Answer.error(400, str(exc))
        return Answer(204, "text/plain", b"")
    if request.op == "viz":
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
    except (ValueError, QueryError) as exc:
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


def _main(conn: Connection, location: str, max_bytes: int, queries: int) -> None:
    """The child process: open the store (its locks are the parent's), answer requests until told to stop."""
    # A Ctrl+C in the terminal reaches the whole process group: the server stops its engine itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.stack_size(THREAD_STACK)
    from kg.store import open_store
    from kg.store.failures import storage_error

    try:
        store = open_store(location, held=True)
    except KgError as exc:
        conn.send(("failed", type(exc).__name__, str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - whatever it is, the server reports it in one line
        failure = storage_error(location, exc)
        conn.send(("failed", "StorageError" if failure else "StoreError", str(failure or f"cannot open store {location}: {exc}")))
        return
    send_lock = threading.Lock()

    def run(rid: int, request: Request) -> None:
        try:
            answer = _answer(store, request, max_bytes)
        except Exception as exc:  # noqa: BLE001 - whatever fails, the client gets a 500 with the reason
            failure = storage_error(location, exc)
            if failure is None:
                traceback.print_exc()
            answer = Answer.error(500, str(failure) if failure else f"the query engine failed: {exc}")
        with send_lock:
            conn.send((rid, answer))

    conn.send(("ready", None, None))
    readers = ThreadPoolExecutor(queries, thread_name_prefix="kg-query")
    writer = ThreadPoolExecutor(1, thread_name_prefix="kg-update")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the server is gone
            break
        if message is None:
            break
        rid, request = message
        (writer if request.op == "update" else readers).submit(run, rid, request)
    writer.shutdown(wait=True)  # a write in flight finishes (the server kills us if it takes too long)
    try:
        store.close()
    finally:
        # Without waiting for queries still running: nobody waits for their answers any more.
        os._exit(0)


def _context() -> multiprocessing.context.BaseContext:
    """Where engines come from: a fork server that has imported what an engine needs, on Linux.

    Replacing an engine then costs a fork and the opening of the store, not a new interpreter
    importing pyoxigraph and kg (a second or more on a busy machine), so requests that arrive
    during a replacement wait little. The fork server is a fresh interpreter that has opened no
    store and started no thread, so forking it is safe.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.serve.engine", "kg.store", "pyoxigraph"])
    return context


@dataclass
class _Job:
    request: Request
    future: asyncio.Future
    limit: float | None
    started: float
    failures: int = 0  # engine deaths this request was in flight for

    @property
    def deadline(self) -> float:
        return self.started + self.limit if self.limit is not None else float("inf")

    def timed_out(self) -> Answer:
        if self.request.op == "update":
            return Answer.error(503, f"the update ran longer than this server's limit of {self.limit:g} s and was stopped; "
                                     "an update is one transaction, so the store holds all of it or none of it: check before "
                                     "sending it again, split it, or restart kg serve with a larger --update-timeout")
        return Answer.error(503, f"the query ran longer than this server's limit of {self.limit:g} s and was stopped; "
                                 "ask for less (add LIMIT, or narrow the pattern), or restart kg serve with a larger --timeout")


_RETRY = Answer(0, "", b"")  # what a request gets when the engine was replaced under it: send it again


@dataclass
class Engine:
    """The server's handle on the engine process: send requests, await answers, enforce limits."""

    location: str
    max_bytes: int
    max_memory: int | None = None
    queries: int = QUERIES
    restarts: int = 0
    _lease: object | None = None  # the store's locks, a kg.store.snapshots.WriterLease
    _process: multiprocessing.process.BaseProcess | None = None
    _conn: Connection | None = None
    _jobs: dict[int, _Job] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=itertools.count)
    _send_lock: threading.Lock = field(default_factory=threading.Lock)
    _loop: asyncio.AbstractEventLoop | None = None
    _restart: asyncio.Lock | None = None
    _ready: asyncio.Event | None = None
    _reads: asyncio.Semaphore | None = None
    _writes: asyncio.Semaphore | None = None
    _tasks: set[asyncio.Task] = field(default_factory=set)
    _over_memory: Connection | None = None  # the engine the watchdog killed for its memory
    _failure: str | None = None  # why the last start failed
    _stopping: bool = False

    # -- process management (blocking: called before serving, or on a worker thread) --

    def start(self) -> None:
        """Hold the store and start the engine on it; raises StoreInUse, StorageError or StoreError."""
        from kg.store import hold_store

        if self._lease is None:
            self._lease = hold_store(self.location)
        if self._process is None:
            try:
                self._spawn()
            except BaseException:
                self._release()
                raise

    def _spawn(self) -> None:
        context = _context()
        parent, child = context.Pipe()
        process = context.Process(target=_main, args=(child, self.location, self.max_bytes, self.queries),
                                  daemon=True, name="kg-engine")
        process.start()
        child.close()
        try:
            if not parent.poll(START_TIMEOUT):
                raise EOFError
            status, kind, detail = parent.recv()
        except (EOFError, OSError):
            status, kind, detail = "failed", "StoreError", f"the query engine could not open store {self.location}"
        if status != "ready":
            process.kill()
            process.join()
            parent.close()
            raise _ERRORS.get(kind, StoreError)(detail)
        self._process, self._conn = process, parent
        threading.Thread(target=self._read, args=(parent,), daemon=True, name="kg-engine-reader").start()
        if self.max_memory:
            threading.Thread(target=self._watch, args=(process, parent), daemon=True, name="kg-engine-memory").start()

    def _discard(self) -> None:
        """Kill the engine process (a replacement is started by the caller)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None  # first, so the reader takes the closed pipe as ours
        if process is not None:
            process.kill()
            process.join()
        if conn is not None:
            conn.close()

    def _release(self) -> None:
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def stop(self) -> None:
        """Stop the engine (a write in flight gets a moment to finish) and give the store back."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is not None:
            try:
                with self._send_lock:
                    conn.send(None)
            except (OSError, ValueError):
                pass
            process.join(STOP_GRACE)
            if process.is_alive():
                process.kill()
                process.join()
            conn.close()
        self._release()

    def stopping(self) -> None:
        """The server is shutting down: answer every request now (thread-safe, for a signal handler)."""
        self._stopping = True
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._answer_all, Answer.error(503, "the server is stopping"))

    def _answer_all(self, answer: Answer) -> None:
        for job in list(self._jobs.values()):
            _resolve(job.future, answer)

    # -- threads that watch the engine --

    def _read(self, conn: Connection) -> None:
        while True:
            try:
                rid, answer = conn.recv()
            except (EOFError, OSError):
                loop = self._loop
                if loop is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(self._died, conn)
                return
            job = self._jobs.get(rid)
            if job is not None and self._loop is not None:
                self._loop.call_soon_threadsafe(_resolve, job.future, answer)

    def _watch(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        """Kill the engine when it holds more memory than ``max_memory`` (Linux: read from /proc)."""
        page = os.sysconf("SC_PAGE_SIZE")
        while process.is_alive() and conn is self._conn:
            try:
                with open(f"/proc/{process.pid}/statm", encoding="ascii") as f:
                    resident = int(f.read().split()[1]) * page
            except (OSError, ValueError, IndexError):
                return
            if resident > self.max_memory:
                self._over_memory = conn
                process.kill()
                return
            time.sleep(WATCH_EVERY)

    def _died(self, conn: Connection) -> None:
        if conn is self._conn:
            task = asyncio.ensure_future(self._replace("died", conn))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    # -- requests (on the server's event loop) --

    def _prepare(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop = loop
            self._restart, self._ready = asyncio.Lock(), asyncio.Event()
            self._reads, self._writes = asyncio.Semaphore(self.queries), asyncio.Semaphore(1)
            self._ready.set()
        return loop

    def _send(self, rid: int, request: Request) -> None:
        with self._send_lock:
            conn = self._conn
            if conn is None:
                return
            # If the engine just died, the reader's notice of it answers this request.
            with contextlib.suppress(OSError, ValueError):
                conn.send((rid, request))

    async def _running(self) -> None:
        """Return once an engine is up and no replacement is under way; raises KgError if none can start."""
        while True:
            await self._ready.wait()
            if self._process is not None and self._process.is_alive():
                return
            await self._replace("start")
            if self._process is None:
                raise StoreError(self._failure or "the query engine could not start")

    async def ask(self, request: Request, *, timeout: float | None) -> Answer:
        """The answer to ``request``; 503 if it runs longer than ``timeout`` seconds (None: no limit)."""
        loop = self._prepare()
        gate = self._writes if request.op == "update" else self._reads
        async with gate:
            failures = 0
            while True:
                if self._stopping:
                    return Answer.error(503, "the server is stopping")
                try:
                    await self._running()
                except KgError as exc:
                    return Answer.error(503, f"the query engine is not available ({exc}); try again in a moment")
                rid = next(self._ids)
                job = self._jobs[rid] = _Job(request, loop.create_future(), timeout, loop.time(), failures)
                try:
                    self._send(rid, request)
                    try:
                        answer = await asyncio.wait_for(asyncio.shield(job.future), timeout)
                    except TimeoutError:
                        await self._replace("timeout")
                        answer = await job.future
                finally:
                    self._jobs.pop(rid, None)
                if answer is not _RETRY:
                    return answer
                failures = job.failures

    def _expired(self, now: float) -> bool:
        return any(not j.future.done() and j.deadline <= now for j in self._jobs.values())

    async def _replace(self, cause: str, conn: Connection | None = None) -> None:
        """Replace the engine, answering each request in flight (see the module's docstring)."""
        loop = asyncio.get_running_loop()
        async with self._restart:
            if cause == "died" and conn is not self._conn:
                return  # already replaced
            if cause == "timeout" and not self._expired(loop.time()):
                return  # a replacement made meanwhile answered the request that timed out
            if cause == "start" and self._process is not None and self._process.is_alive():
                return
            self._ready.clear()
            try:
                if cause == "timeout":
                    for job in list(self._jobs.values()):
                        remaining = job.deadline - loop.time()
                        if job.request.op == "update" and not job.future.done() and remaining > 0:
                            await asyncio.wait([job.future], timeout=remaining)
                over_memory = self._over_memory is not None and self._over_memory is self._conn
                await asyncio.to_thread(self._discard)
                now = loop.time()
                for job in list(self._jobs.values()):
                    if not job.future.done():
                        _resolve(job.future, self._after_replacement(job, now, cause, over_memory))
                self.restarts += 1
                if not self._stopping:
                    try:
                        await asyncio.to_thread(self._spawn)
                        self._failure = None
                    except KgError as exc:
                        self._failure = str(exc)
            finally:
                self._ready.set()

    def _after_replacement(self, job: _Job, now: float, cause: str, over_memory: bool) -> Answer:
        if job.deadline <= now:
            return job.timed_out()
        if cause == "timeout":
            return _RETRY  # stopped for another request's sake
        if job.request.op == "update":
            return Answer.error(503, "the query engine stopped while applying the update; an update is one transaction, so "
                                     "the store holds all of it or none of it: check before sending it again")
        if job.failures:
            if over_memory:
                return Answer.error(507, f"the query engine went over this server's memory limit of {self.max_memory // 2**20} MiB "
                                         "while running this request, twice; ask for less (add LIMIT, or narrow the "
                                         "pattern), or restart kg serve with a larger --max-memory")
            return Answer.error(500, "the query engine stopped twice while running this request; it may be more than "
                                     "the engine can take: ask for less, or write it differently")
        job.failures += 1
        return _RETRY


def _resolve(future: asyncio.Future, answer: Answer) -> None:
    if not future.done():
        future.set_result(answer)
