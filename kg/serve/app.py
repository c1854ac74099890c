"""``kg serve``: the SPARQL 1.1 Protocol over HTTP, a query page and the explorer (Starlette).

Routes: ``/sparql`` (queries by GET, by POST form or direct POST; updates only when the server
was started with ``allow_update`` and a token, which requests carry as ``Authorization: Bearer
TOKEN``), ``/`` the query page, ``/explorer`` the picture of ``kg viz``. Queries and updates are
checked (``kg.serve.policy``: no text the engine cannot survive, no SERVICE or LOAD to a server
not allowed) and go to the engine process (``kg.serve.engine``), which opens the store and
enforces the time limits, the memory limit and the result-size cap. Pages carry a
Content-Security-Policy that lets in their own scripts by hash and no outside resource at all.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.resources import files
from urllib.parse import parse_qs, quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import KgError
from kg.explorer.page import content_policy as explorer_policy
from kg.query import named_queries
from kg.serve.engine import Answer, Engine, Request
from kg.serve.negotiate import GRAPHS, negotiate
from kg.serve.policy import refusal
from kg.store import MERGED_DEFAULT_GRAPH, prefixes

MAX_REQUEST_BYTES = 64 * 1024 * 1024
# What no page of the server may do, whatever its own policy allows.
FRAMING = "base-uri 'none'; frame-ancestors 'none'"
# Seconds uvicorn waits for requests in flight once told to stop, before it cancels them.
SHUTDOWN_GRACE = 2
QUERY_TYPES = ("application/sparql-query",)
UPDATE_TYPES = ("application/sparql-update",)
FORM_TYPES = ("application/x-www-form-urlencoded",)


@dataclass(frozen=True)
class Settings:
    """How the server behaves; ``token`` is required when ``allow_update`` is set."""

    store: str
    time_limit: float = 30.0
    update_time_limit: float = 120.0
    max_result_bytes: int = 64 * 1024 * 1024
    max_memory: int | None = 2 * 1024**3
    allow_update: bool = False
    token: str | None = None
    host: str = "127.0.0.1"
    allow_remote: tuple[str, ...] = ()  # endpoints and documents SERVICE and LOAD may reach


def _engine(settings: Settings) -> Engine:
    return Engine(settings.store, settings.max_result_bytes, max_memory=settings.max_memory)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status)


def _respond(answer: Answer, page_policy: str) -> Response:
    headers = {"X-Content-Type-Options": "nosniff"}
    if answer.media_type.startswith("text/html"):  # the explorer's page
        headers["Content-Security-Policy"] = page_policy
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)


_DESCRIPTION = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

<{url}> a sd:Service ;
  sd:endpoint <{url}> ;
  sd:supportedLanguage {languages} ;
  sd:feature sd:UnionDefaultGraph, <{merged}> ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
    formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def _description(url: str, accept: str, *, updates: bool) -> Response:
    """The SPARQL 1.1 Service Description a GET without a query gets: the default graph is the merge
    of the named graphs (``sd:UnionDefaultGraph``), kept so by its writers (``kg:MergedDefaultGraph``,
    which tells kg build through this server to write the default graph as it writes articles)."""
    import pyoxigraph as ox

    languages = "sd:SPARQL11Query, sd:SPARQL11Update" if updates else "sd:SPARQL11Query"
    turtle = _DESCRIPTION.format(url=quote(url, safe=":/?#[]@!$&()*+,;=%-._~"), languages=languages, merged=MERGED_DEFAULT_GRAPH)
    media = negotiate(accept, GRAPHS) or GRAPHS[0]
    body = turtle.encode("utf-8")
    if media != "text/turtle":
        body = ox.serialize(ox.parse(body, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.from_media_type(media))
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"X-Content-Type-Options": "nosniff"})


def _iris(values: list[str], name: str) -> tuple[str, ...]:
    """The IRIs of a default-graph-uri or named-graph-uri parameter; raises ValueError naming a bad one."""
    import pyoxigraph as ox

    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise ValueError(f"{name} {value!r} is not an IRI ({exc})") from None
    return tuple(values)


class _BodyTooLarge(Exception):
    pass


async def _body(request: HttpRequest) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            raise _BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _authorised(request: HttpRequest, token: str | None) -> bool:
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


def _params(request: HttpRequest, body: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        merged.setdefault(key, []).append(value)
    for key, value in (body or {}).items():
        merged.setdefault(key, []).extend(value)
    return merged


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise ValueError(f"give {name} once, not {len(values)} times")
    return values[0] if values else None


def create_app(settings: Settings, *, engine: Engine | None = None) -> Starlette:
    """The ASGI application; it starts (and stops) its engine with the application's lifespan."""
    engine = engine or _engine(settings)
    here = files("kg.serve.templates")
    pages = Environment(loader=FileSystemLoader(str(here)), autoescape=select_autoescape(["html"]))
    named = named_queries()
    viz_policy = f"{explorer_policy()}; form-action 'none'; {FRAMING}"

    async def run(request: Request) -> Response:
        limit = settings.update_time_limit if request.op == "update" else settings.time_limit
        return _respond(await engine.ask(request, timeout=limit), viz_policy)

    async def sparql(http: HttpRequest) -> Response:
        media = http.headers.get("content-type", "").split(";")[0].strip().lower()
        accept = http.headers.get("accept", "")
        query = update = None
        try:
            if http.method == "GET":
                params = _params(http)
                query = _one(params, "query")
                if _one(params, "update") is not None:
                    return _error(400, "updates must be sent by POST (SPARQL 1.1 Protocol, section 2.2)")
            else:
                raw = await _body(http)
                if media in FORM_TYPES:
                    params = _params(http, parse_qs(raw.decode("utf-8"), keep_blank_values=True))
                    query, update = _one(params, "query"), _one(params, "update")
                elif media in QUERY_TYPES:
                    params, query = _params(http), raw.decode("utf-8")
                elif media in UPDATE_TYPES:
                    params, update = _params(http), raw.decode("utf-8")
                else:
                    return _error(415, "POST a query as application/sparql-query, an update as application/sparql-update, "
                                       "or either as application/x-www-form-urlencoded (query=... or update=...)")
            default_graphs = _iris(params.get("default-graph-uri", []), "default-graph-uri")
            named_graphs = _iris(params.get("named-graph-uri", []), "named-graph-uri")
        except _BodyTooLarge:
            return _error(413, f"the request is larger than {MAX_REQUEST_BYTES} bytes")
        except UnicodeDecodeError:
            return _error(400, "the request is not UTF-8")
        except ValueError as exc:
            return _error(400, str(exc))
        if query is not None and update is not None:
            return _error(400, "give either query or update, not both")
        if update is not None:
            if not settings.allow_update:
                return _error(403, "this server is read-only; start it with kg serve --allow-update (and a token) to accept updates")
            if not _authorised(http, settings.token):
                return _error(403, "updates need the server's token: send the header Authorization: Bearer TOKEN")
            if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
                return _error(400, "using-graph-uri and using-named-graph-uri are not supported; use USING or GRAPH in the update")
            if reason := refusal(update, allow_remote=settings.allow_remote):
                return _error(400, reason)
            return await run(Request("update", update))
        if query is None:
            if http.method == "GET" and not params:
                return _description(str(http.url.replace(query="", fragment="")), accept, updates=settings.allow_update)
            return _error(400, "no query: give query=... (GET or form POST) or POST application/sparql-query; "
                               "the query page is at /")
        if reason := refusal(query, allow_remote=settings.allow_remote):
            return _error(400, reason)
        return await run(Request("query", query, accept=accept, default_graphs=default_graphs, named_graphs=named_graphs))

    # The query page's script is inline and allowed by its hash alone: no other script can run there.
    script = here.joinpath("query.js").read_text(encoding="utf-8")
    query_policy = (f"default-src 'none'; script-src {_csp_hash(script)}; style-src 'unsafe-inline'; img-src data:; "
                    f"connect-src 'self'; form-action 'self'; {FRAMING}")
    page_data = {"queries": [{"name": q.name, "description": q.description, "text": q.text} for q in named.values()],
                 "prefixes": prefixes()}

    async def query_page(http: HttpRequest) -> Response:
        html = pages.get_template("query.html").render(data=page_data, prefixes=page_data["prefixes"], script=script,
                                                       policy=query_policy, read_only=not settings.allow_update)
        return HTMLResponse(html, headers={"Content-Security-Policy": query_policy, "X-Content-Type-Options": "nosniff"})

    async def explorer(http: HttpRequest) -> Response:
        try:
            focus = http.query_params.get("focus") or None
            depth = int(http.query_params.get("depth", "2"))
            max_nodes = int(http.query_params.get("max_nodes", "300"))
        except ValueError:
            return _error(400, "depth and max_nodes must be whole numbers")
        if not (1 <= depth <= 10 and 1 <= max_nodes <= 5000):
            return _error(400, "depth must be 1 to 10 and max_nodes 1 to 5000")
        return await run(Request("viz", "", viz=(focus, depth, max_nodes)))

    @asynccontextmanager
    async def lifespan(app: Starlette):  # noqa: ANN202 - Starlette's lifespan protocol
        await asyncio.to_thread(engine.start)
        try:
            yield
        finally:
            await asyncio.to_thread(engine.stop)

    middleware = []
    if _is_loopback(settings.host):
        # A server on loopback answers only requests addressed to loopback, so a web page cannot
        # reach it by pointing a name of its own at 127.0.0.1 (DNS rebinding).
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"], www_redirect=False))
    app = Starlette(
        routes=[
            Route("/", query_page, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/explorer", explorer, methods=["GET"]),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.engine = engine
    return app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(settings: Settings, *, port: int = 8000, ready: Callable[[], None] | None = None) -> None:
    """Run the server until SIGTERM or SIGINT (uvicorn on a socket bound here); the store is released on return.

    ``ready`` is called once the store is open and the port bound, just before requests are served.
    """
    import socket

    import uvicorn

    engine = _engine(settings)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame) -> None:  # noqa: ANN001 - a frame
            # Answer every request now (503) rather than let uvicorn wait for slow queries to end.
            engine.stopping()
            super().handle_exit(sig, frame)

    # Open the store, then the port, before serving: a store in use or a port taken is one clear error.
    engine.start()
    try:
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        try:
            listener = socket.create_server((settings.host, port), family=family)
        except OSError as exc:
            raise KgError(f"cannot listen on {settings.host} port {port}: {exc.strerror or exc}; "
                          "is another server using it? choose another --port") from None
        config = uvicorn.Config(create_app(settings, engine=engine), log_level="warning", access_log=False,
                                timeout_graceful_shutdown=SHUTDOWN_GRACE)
        with listener:
            if ready is not None:
                ready()
            Server(config).run(sockets=[listener])
    finally:
        engine.stop()
