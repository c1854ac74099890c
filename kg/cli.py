"""The ``kg`` command. A thin adapter: parse arguments, call ``kg.api``, print, set the exit status.

Exit status: 0 success; 1 the command ran but some inputs could not be read (or validation
failed); 2 the command could not run (bad arguments, missing store, store in use...); 3 the
store's disk or files failed (disk full, input/output error, damaged store: the message says
what to do); 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from kg import __version__
from kg.errors import KgError, StorageError

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR, EXIT_STORAGE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _size(text: str) -> int:
    units = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}
    number, unit = text.upper().rstrip("IB"), ""
    if number and number[-1] in units:
        number, unit = number[:-1], number[-1]
    try:
        value = int(float(number) * units[unit])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 50M") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return value


def _parser() -> argparse.ArgumentParser:
    from kg.ingest import DEFAULT_MAX_BYTES
    from kg.nlp import DEFAULT_MODEL
    from kg.rdf.export import FORMATS
    from kg.rdf.namespace import DEFAULT_BASE
    from kg.store import DEFAULT_STORE, ENV_STORE, TOKEN_ENV

    p = argparse.ArgumentParser(prog="kg", description="Build and query a knowledge graph of news articles.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help, description=help)
        c.add_argument("--store", default=None, metavar="DIR|URL",
                       help=f"store folder or SPARQL endpoint (default: ${ENV_STORE} or {DEFAULT_STORE})")
        return c

    c = command("build", "add or update articles from files, directories, globs and JSONL dumps")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--model", default=DEFAULT_MODEL, help=f"installed spaCy pipeline (default: {DEFAULT_MODEL})")
    c.add_argument("--workers", type=_positive, default=1, help="processes for parsing and extraction (default: 1)")
    c.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="largest input file (or JSONL line) to read, e.g. 50M (default: 20M)")
    c.add_argument("--dask", metavar="ADDRESS",
                   help="parse and extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
                        "needs pip install 'dask[distributed]' (kg's cluster extra)")
    c.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="publication date for articles that give none")
    c.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of the data (default: {DEFAULT_BASE})")
    c.add_argument("--force", action="store_true", help="re-extract articles even when they have not changed")
    c.add_argument("--quiet", action="store_true", help="no progress line")

    c = command("query", "run a named query, a .rq file or SPARQL text")
    c.add_argument("query", metavar="NAME|FILE.rq|SPARQL")
    c.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")

    sub.add_parser("queries", help="list the named queries", description="list the named queries")

    c = command("export", "write the graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD")
    c.add_argument("--format", choices=sorted(FORMATS), default="turtle")
    c.add_argument("--graph", metavar="ARTICLE_ID", help="only this article's graph")
    c.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    c.add_argument("--base", default=DEFAULT_BASE)

    c = command("viz", "write an HTML picture of the graph that opens from disk, offline")
    c.add_argument("-o", "--output", metavar="FILE.html", default="graph.html")
    which = c.add_mutually_exclusive_group()
    which.add_argument("--focus", metavar="NAME", help="draw only this entity's neighbourhood (any spelling seen)")
    which.add_argument("--query", metavar="NAME|FILE.rq", help="draw the entities and facts of a query's result")
    c.add_argument("--depth", type=_positive, default=2, help="neighbourhood depth with --focus (default: 2)")
    c.add_argument("--max-nodes", type=_positive, default=300, help="most important nodes to draw (default: 300)")

    c = command("validate", "check the graph against the SHACL shapes")
    c.add_argument("--base", default=DEFAULT_BASE)
    command("stats", "count articles, entities and facts")
    c = command("eval", "score the store against a gold file or the blind set: precision, recall and F1 per fact family")
    c.add_argument("gold", metavar="GOLD.json|GOLD_DIR")
    c.add_argument("--articles", metavar="FILE.jsonl",
                   help="the articles the store was built from, for a gold set that names quotations by their first words")
    c.add_argument("--part", action="append", choices=["dev", "test"], help="score only this part of a gold set (repeatable)")
    c.add_argument("--details", action="store_true", help="also list each missed, extra or wrong fact (never the test part's)")
    c = command("remove", "remove one article's graph")
    c.add_argument("article_id", metavar="ARTICLE_ID")
    c.add_argument("--base", default=DEFAULT_BASE)

    c = command("serve", "answer SPARQL over HTTP at /sparql, with a query page at / and the explorer at /explorer")
    c.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    c.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    c.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="time limit of one query, from when it starts running (default: 30)")
    c.add_argument("--update-timeout", type=float, default=120.0, metavar="SECONDS",
                   help="time limit of one update, from when it starts running (default: 120)")
    c.add_argument("--max-result-bytes", type=_positive, default=64 * 1024 * 1024, metavar="N",
                   help="largest result a query may return (default: 64 MiB)")
    c.add_argument("--max-memory", type=_size, default=2 * 2**30, metavar="SIZE",
                   help="memory the query engine may hold, e.g. 4G; over it, it is restarted (default: 2G)")
    c.add_argument("--allow-update", action="store_true",
                   help=f"accept SPARQL updates from requests carrying 'Authorization: Bearer ${TOKEN_ENV}'")
    c.add_argument("--allow-remote", action="append", default=[], metavar="IRI",
                   help="let SERVICE and LOAD reach this endpoint or document (an IRI ending in / allows all under it); "
                        "repeatable; refused by default")
    return p


def _progress(stream):  # noqa: ANN001, ANN202 - a text stream
    started = time.perf_counter()

    def show(report) -> None:  # noqa: ANN001 - a BuildReport
        elapsed = max(1e-9, time.perf_counter() - started)
        stream.write(f"\r{report.written} articles written, {report.unchanged} unchanged, "
                     f"{report.written / elapsed:.1f} articles/s ")
        stream.flush()

    return show


def _build(args: argparse.Namespace) -> int:
    from kg import api

    progress = _progress(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    report = api.build(args.paths, store=args.store, model=args.model, workers=args.workers, dask=args.dask,
                       published=args.published, base=args.base, max_bytes=args.max_bytes, force=args.force,
                       progress=progress)
    if progress is not None:
        sys.stderr.write("\n")
    for problem in report.problems:
        sys.stderr.write(f"kg: {'skipped' if problem.skipped else 'note'}: {problem}\n")
    facts = ", ".join(f"{n} {family}" for family, n in report.facts.items())
    print(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
          f"{len(report.failed)} failed inputs; {facts}; {report.seconds:.1f} s")
    return EXIT_PARTIAL if report.failed else EXIT_OK


def _query(args: argparse.Namespace) -> int:
    from kg import api
    from kg.query import format_table

    table = api.run_query(args.query, store=args.store)
    sys.stdout.write(format_table(table, args.format))
    return EXIT_OK


def _queries(_: argparse.Namespace) -> int:
    from kg.query import named_queries

    named = named_queries()
    width = max(len(n) for n in named)
    for name, q in named.items():
        print(f"{name.ljust(width)}  {q.description}")
    return EXIT_OK


def _write(data: bytes, output: str | None) -> None:
    if output:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _export(args: argparse.Namespace) -> int:
    from kg import api

    _write(api.export(store=args.store, fmt=args.format, article_id=args.graph, base=args.base), args.output)
    return EXIT_OK


def _viz(args: argparse.Namespace) -> int:
    from kg import api

    html = api.viz(store=args.store, focus=args.focus, depth=args.depth, max_nodes=args.max_nodes, query=args.query)
    _write(html.encode("utf-8"), args.output)
    print(f"wrote {args.output}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from kg import api

    result = api.validate(store=args.store, base=args.base)
    if result.conforms:
        print(f"conforms: {result.triples} triples satisfy the shapes")
        return EXIT_OK
    sys.stdout.write(result.report)
    return EXIT_PARTIAL


def _stats(args: argparse.Namespace) -> int:
    from kg import api

    for name, n in api.stats(store=args.store).items():
        print(f"{name:16} {n}")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    from kg import api

    if not api.remove(args.article_id, store=args.store, base=args.base):
        sys.stderr.write(f"kg: no article {args.article_id!r} in the store\n")
        return EXIT_PARTIAL
    print(f"removed {args.article_id}")
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from kg import api
    from kg.evaluation.report import format_details, format_scores

    scores = api.evaluate(args.gold, store=args.store, articles=args.articles, parts=tuple(args.part or ()))
    sys.stdout.write(format_scores(scores))
    if args.details:
        sys.stdout.write("\n" + format_details(scores))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import os

    from kg.serve.app import Settings, serve
    from kg.store import TOKEN_ENV, default_location, is_remote

    store = args.store or default_location()
    if is_remote(store):
        raise KgError(f"kg serve serves a store folder, not {store}: that server answers SPARQL itself")
    token = os.environ.get(TOKEN_ENV) or None
    if args.allow_update and not token:
        raise KgError(f"--allow-update needs a token: set ${TOKEN_ENV} to a secret that update requests will carry")
    if args.timeout <= 0 or args.update_timeout <= 0:
        raise KgError("--timeout and --update-timeout must be more than 0 seconds")
    for iri in args.allow_remote:
        if not iri.startswith(("http://", "https://")) or any(c in iri for c in '<>" {}|\\^`'):
            raise KgError(f"--allow-remote {iri!r} is not an http(s) IRI such as https://example.org/sparql")
    settings = Settings(store=store, time_limit=args.timeout, update_time_limit=args.update_timeout,
                        max_result_bytes=args.max_result_bytes, max_memory=args.max_memory, allow_update=args.allow_update,
                        token=token if args.allow_update else None, host=args.host, allow_remote=tuple(args.allow_remote))
    mode = "updates allowed with the token" if args.allow_update else "read-only"
    if args.allow_remote:
        mode += "; SERVICE and LOAD may reach " + ", ".join(args.allow_remote)
    host = f"[{args.host}]" if ":" in args.host else args.host

    def announce() -> None:
        print(f"kg: serving {store} ({mode}) at http://{host}:{args.port}/sparql, query page at http://{host}:{args.port}/; "
              "Ctrl+C or SIGTERM stops", flush=True)

    serve(settings, port=args.port, ready=announce)
    return EXIT_OK


COMMANDS = {"build": _build, "query": _query, "queries": _queries, "export": _export, "viz": _viz,
            "validate": _validate, "stats": _stats, "remove": _remove, "eval": _eval, "serve": _serve}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except StorageError as exc:
        sys.stderr.write(f"kg: error: {exc}\n")
        return EXIT_STORAGE
    except KgError as exc:
        sys.stderr.write(f"kg: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("kg: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
