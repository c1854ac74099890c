"""The ``kg`` command. A thin adapter: parse arguments, call ``kg.api``, print, set the exit status.

Exit status: 0 success; 1 the command ran but some inputs could not be read (or validation
failed); 2 the command could not run (bad arguments, missing store, store in use...); 3 the
store's disk or files failed (disk full, input/output error, damaged store: the message says
what to do); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
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


# What the help shows, kept here so that `kg --help` answers at once: importing the modules that own
# these values would load spaCy, rdflib and the store first (tests/test_cli.py checks they agree).
DEFAULT_MODEL = "en_core_web_sm"  # kg.nlp
DEFAULT_BASE = "https://kg.example/id/"  # kg.rdf.namespace
DEFAULT_STORE, ENV_STORE, TOKEN_ENV = ".kg", "KG_STORE", "KG_TOKEN"  # kg.store
DEFAULT_MAX_BYTES = 20 * 2**20  # kg.ingest
RDF_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")  # kg.rdf.export
NETWORK_FORMATS = ("graphml", "gexf", "csv")  # kg.explorer.network

EXAMPLES = {
    "build": """\
  kg build seeds/                                   # the five seed articles, into .kg
  kg build dump.jsonl --workers 2 --store news.kg   # a JSONL dump, parsed in two processes
  kg build 'saved/**/*.html' --published 2022-03-02 # saved pages; a date for those that give none""",
    "query": """\
  kg query roles                                    # a named query (kg queries lists them)
  kg query quotes --columns speakerName,text        # some columns; long texts cut to the terminal
  kg query attacks --format csv > attacks.csv       # every cell whole, for other tools
  kg query my.rq                                    # a .rq file
  kg query 'SELECT ?name WHERE { ?p a schema:Person ; skos:prefLabel ?name }'
  kg query 'ASK { ?a a schema:NewsArticle }'        # prints true or false
  kg query 'DESCRIBE person:vitali-klitschko'       # a graph, printed as Turtle""",
    "queries": "  kg queries                                        # name and question of each named query",
    "export": """\
  kg export -o out/graph.ttl                        # Turtle: the merge of the article graphs
  kg export --format trig -o out/graph.trig         # TriG, N-Quads, JSON-LD: one named graph per article
  kg export --graph 003_9005c87e2e9c69b0            # one article's graph
  kg export --format graphml -o out/graph.graphml   # for Gephi, Cytoscape, yEd (also gexf)
  kg export --format csv -o out/graph               # out/graph-nodes.csv and out/graph-edges.csv""",
    "viz": """\
  kg viz -o out/graph.html                          # the most reported entities and what joins them
  kg viz --focus "Vadym Boychenko" --depth 1 -o out/mayor.html
  kg viz --query attacks -o out/attacks.html        # the entities and facts of a query's result""",
    "validate": "  kg validate                                       # conforms, or the SHACL report",
    "stats": "  kg stats                                          # articles, entities, facts and reports",
    "eval": "  kg eval tests/gold/seeds.json --details           # precision, recall, F1 and every miss",
    "remove": "  kg remove 004_c7c84149450f7894                    # the article's graph and what followed from it",
    "serve": """\
  kg serve                                          # http://127.0.0.1:8000/ (query page), /sparql, /explorer
  KG_TOKEN=secret kg serve --allow-update           # builds may then write through it:
  KG_TOKEN=secret kg build new/ --store http://127.0.0.1:8000/sparql""",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg", description="Build and query a knowledge graph of news articles: who holds which role, who said what, "
                               "which places were attacked when, which figures were claimed by whom.",
        epilog="start with:\n  kg build seeds/ && kg query roles && kg viz -o out/graph.html\n\n"
               "kg COMMAND --help shows each command's options and examples.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    base_help = (f"base IRI of the data (default: {DEFAULT_BASE}); every article, entity and fact IRI starts "
                 "with it, so give one store the same base every time")

    def command(name: str, help: str, *, store: bool = True) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help, description=help, epilog="examples:\n" + EXAMPLES[name],
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        if store:
            c.add_argument("--store", default=None, metavar="DIR|URL",
                           help=f"store folder or SPARQL endpoint (default: ${ENV_STORE} or {DEFAULT_STORE})")
        return c

    c = command("build", "add or update articles from files, directories, globs and JSONL dumps")
    c.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html and .jsonl files, folders (read recursively) and globs")
    c.add_argument("--model", default=DEFAULT_MODEL, help=f"installed spaCy pipeline (default: {DEFAULT_MODEL})")
    c.add_argument("--workers", type=_positive, default=1, help="processes for parsing and extraction (default: 1)")
    c.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="largest input file (or JSONL line) to read, e.g. 50M (default: 20M)")
    c.add_argument("--dask", metavar="ADDRESS",
                   help="parse and extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
                        "needs pip install 'dask[distributed]' (kg's cluster extra)")
    c.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="publication date for articles that give none")
    c.add_argument("--base", default=DEFAULT_BASE, help=base_help)
    c.add_argument("--force", action="store_true", help="re-extract articles even when they have not changed")
    c.add_argument("--quiet", action="store_true", help="no progress bar")

    c = command("query", "run a named query, a .rq file or SPARQL text (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    c.add_argument("query", metavar="NAME|FILE.rq|SPARQL", help="kg's prefixes (schema:, kg:, person:...) need no PREFIX line")
    c.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                   help="table (default) fits the terminal, with names for IRIs and long texts cut; csv, tsv and json hold "
                        "everything (a graph: Turtle, N-Triples, or JSON-LD for json)")
    c.add_argument("--columns", metavar="A,B,...", help="only these columns, in this order (any format)")
    c.add_argument("--iris", action="store_true", help="table: show IRIs as they are, and every column")
    c.add_argument("--width", type=int, metavar="N",
                   help="table: characters per line (default: the terminal's width, or $COLUMNS, or 120; 0: no limit)")

    command("queries", "list the named queries and what each answers", store=False)

    c = command("export", "write the graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD, or for network tools "
                          "(Gephi, Cytoscape) as GraphML, GEXF or node and edge CSV tables")
    c.add_argument("--format", choices=[*RDF_FORMATS, *NETWORK_FORMATS], default="turtle", help="(default: turtle)")
    c.add_argument("--graph", metavar="ARTICLE_ID", help="only this article's graph (RDF formats)")
    c.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output (csv: NAME for two files)")
    c.add_argument("--base", default=DEFAULT_BASE, help=base_help)

    c = command("viz", "write an HTML picture of the graph that opens from disk, offline")
    c.add_argument("-o", "--output", metavar="FILE.html", default="graph.html", help="(default: graph.html)")
    which = c.add_mutually_exclusive_group()
    which.add_argument("--focus", metavar="NAME", help="draw only this entity's neighbourhood (any spelling seen)")
    which.add_argument("--query", metavar="NAME|FILE.rq", help="draw the entities and facts of a query's result")
    c.add_argument("--depth", type=_positive, default=2, help="neighbourhood depth with --focus (default: 2)")
    c.add_argument("--max-nodes", type=_positive, default=300, help="most important nodes to draw (default: 300)")

    c = command("validate", "check the graph against the SHACL shapes (ontology/shapes.ttl)")
    c.add_argument("--base", default=DEFAULT_BASE, help=base_help)
    command("stats", "count articles, entities, facts and reports, and the store's size")
    c = command("eval", "score the store against a gold file or the blind set: precision, recall and F1 per fact family")
    c.add_argument("gold", metavar="GOLD.json|GOLD_DIR")
    c.add_argument("--articles", metavar="FILE.jsonl",
                   help="the articles the store was built from, for a gold set that names quotations by their first words")
    c.add_argument("--part", action="append", choices=["dev", "test"], help="score only this part of a gold set (repeatable)")
    c.add_argument("--details", action="store_true", help="also list each missed, extra or wrong fact (never the test part's)")
    c = command("remove", "remove one article's graph")
    c.add_argument("article_id", metavar="ARTICLE_ID", help="the article's id: its file name without extension, or its JSONL id")
    c.add_argument("--base", default=DEFAULT_BASE, help=base_help)

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


class _Progress:
    """A progress bar on a terminal: done of total, percentage, articles a second and time left (tqdm)."""

    def __init__(self, stream) -> None:  # noqa: ANN001 - a text stream
        self.stream = stream
        self.bar = None

    def __call__(self, report) -> None:  # noqa: ANN001 - a BuildReport
        from tqdm import tqdm

        if self.bar is None:
            # A terminal that reports no width (a fresh pseudo-terminal) gets $COLUMNS or 100, not an empty bar.
            # Asked of the stream itself: shutil's answer is $COLUMNS when set, and tqdm, told to follow the
            # terminal's width, would then draw a bar of that terminal's zero columns.
            try:
                sized = os.get_terminal_size(self.stream.fileno()).columns > 0
            except (AttributeError, OSError, ValueError):
                sized = False
            fallback = shutil.get_terminal_size((100, 24))
            self.bar = tqdm(total=report.total, desc="kg build", unit=" articles", file=self.stream, dynamic_ncols=sized,
                            ncols=None if sized else fallback.columns, nrows=None if sized else fallback.lines,
                            smoothing=0.05, mininterval=0.25)
        self.bar.set_postfix_str(f"{report.written} written, {report.unchanged} unchanged", refresh=False)
        self.bar.update(report.done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            if self.bar.total is not None and self.bar.n != self.bar.total:
                self.bar.total = self.bar.n  # the count ahead was an estimate (a bad line, a repeated id)
            self.bar.close()


def _build(args: argparse.Namespace) -> int:
    from kg import api

    progress = _Progress(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    try:
        report = api.build(args.paths, store=args.store, model=args.model, workers=args.workers, dask=args.dask,
                           published=args.published, base=args.base, max_bytes=args.max_bytes, force=args.force,
                           progress=progress)
    finally:
        if progress is not None:
            progress.close()
    for problem in report.problems:
        sys.stderr.write(f"kg: {'skipped' if problem.skipped else 'note'}: {problem}\n")
    reported = ", ".join(f"{n} {family}" for family, n in report.reports.items())
    print(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
          f"{len(report.failed)} failed inputs; reported in them: {reported}; {report.seconds:.1f} s")
    return EXIT_PARTIAL if report.failed else EXIT_OK


def _query(args: argparse.Namespace) -> int:
    from kg import api
    from kg.query import ANSWER, Table, format_graph, format_table

    table = api.run_query(args.query, store=args.store, names=args.format == "table" and not args.iris)
    if not isinstance(table, Table):  # a CONSTRUCT's or DESCRIBE's graph
        sys.stdout.write(format_graph(table, args.format))
        return EXIT_OK
    if table.columns == ANSWER and args.format == "table" and not args.columns:
        print(table.rows[0][0])  # an ASK's answer: true or false
        return EXIT_OK
    if args.columns:
        table = table.select([c.strip().lstrip("?") for c in args.columns.split(",") if c.strip()])
    width = args.width if args.width is not None else shutil.get_terminal_size((120, 24)).columns
    sys.stdout.write(format_table(table, args.format, width=width or None, iris=args.iris))
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

    if args.format == "csv":
        return _export_tables(args)
    _write(api.export(store=args.store, fmt=args.format, article_id=args.graph, base=args.base), args.output)
    return EXIT_OK


def _export_tables(args: argparse.Namespace) -> int:
    from kg import api
    from kg.query import format_table

    if not args.output:
        raise KgError("the csv export is two files: give -o NAME to write NAME-nodes.csv and NAME-edges.csv")
    if args.graph:
        raise KgError("--graph selects one article's graph for the RDF formats; csv holds the whole browsing graph")
    stem = args.output[:-4] if args.output.endswith(".csv") else args.output
    nodes, edges = api.network_tables(store=args.store)
    for name, table in (("nodes", nodes), ("edges", edges)):
        _write(format_table(table, "csv").encode("utf-8"), f"{stem}-{name}.csv")
    print(f"wrote {stem}-nodes.csv ({len(nodes.rows)} nodes) and {stem}-edges.csv ({len(edges.rows)} edges)")
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

    counts = api.stats(store=args.store)
    families = ("roles", "quotes", "attacks", "figures")
    print(f"{'articles':14}{counts['articles']:>10,}   {counts['near-duplicates']:,} of them near-duplicates of another")
    for kind in ("people", "organisations", "places"):
        print(f"{kind:14}{counts[kind]:>10,}")
    print(f"{'':14}{'facts':>10}{'reports':>11}")
    for family in families:
        print(f"{family:14}{counts[family]:>10,}{counts[family[:-1] + ' reports']:>11,}")
    print(f"{'quads':14}{counts['quads']:>10,}   in the named graphs, one per article and the corpus graph")
    print(f"{'triples':14}{counts['default graph triples']:>10,}   in the default graph, their merge: each triple once")
    if "bytes on disk" in counts:
        print(f"{'on disk':14}{counts['bytes on disk'] / 2**20:>10,.1f} MiB")
    print("\nEntities are the rows of kg query entities. A fact is one role, quotation, attack or figure,\n"
          "however many articles report it; a report is one fact in one article: the rows of kg query\n"
          "roles, quotes, attacks and figures, and what kg build says it wrote (a near-duplicate's\n"
          "repeats of its original are left out of both).")
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
