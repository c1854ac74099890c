"""Latency of every named query and of the whole-store exports, side by side with Oxigraph itself.

On a store built by kg (``--store DIR``, for instance the one ``bench/throughput.py --keep DIR``
leaves; or, without it, a fresh build of the first ``--articles`` articles of the Ukraine corpus):
- each named query as kg runs it (``kg query``, the API and the server share that path: rows of
  strings), median of ``--runs``; against pyoxigraph running the same SPARQL text and reading
  every value of every row, in the same process (target: kg <= 1 s per query);
- ``kg export`` to Turtle and N-Quads (sorted, prefixed): time and size, against pyoxigraph's own
  dump of the same store to N-Quads and TriG (unsorted, no prefixes).

    python bench/queries.py --store bench/work/all --runs 5
    python bench/queries.py --articles 200
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpora import sample  # noqa: E402
from bench.results import markdown_table, record  # noqa: E402


def timed(fn, runs: int) -> tuple[float, object]:  # noqa: ANN001 - a callable
    times, out = [], None
    for _ in range(runs):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a kg store folder to measure (default: build --articles into a temporary one)")
    parser.add_argument("--articles", type=int, default=200, help="articles to build when no --store is given (default: 200)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query; the median is reported (default: 5)")
    parser.add_argument("--no-export", action="store_true", help="skip the export timings")
    parser.add_argument("--no-record", action="store_true", help="print the table, do not append it to bench/RESULTS.md")
    args = parser.parse_args()

    import pyoxigraph as ox

    from kg import api
    from kg.query import named_queries, run_query

    with tempfile.TemporaryDirectory() as tmp:
        store_dir = args.store
        if store_dir is None:
            store_dir = str(Path(tmp) / "store")
            api.build([str(sample("ukraine", args.articles, Path(tmp) / "sample.jsonl"))], store=store_dir)
        stats = api.stats(store=store_dir)
        rows, slow = [], []
        with api.open_store(store_dir, read_only=True) as db:
            native = db.native
            assert native is not None, "bench/queries.py measures an embedded store"
            options = db.query_options()
            for name, q in named_queries().items():
                kg_s, table = timed(lambda name=name: run_query(db, name), args.runs)

                def raw(text=q.text) -> int:
                    n = 0
                    for solution in native.query(text, **options):  # the same default graph kg queries
                        for term in solution:
                            if term is not None:
                                term.value  # noqa: B018 - reading every value is the baseline's work
                        n += 1
                    return n

                ox_s, n = timed(raw, args.runs)
                assert n == len(table.rows), f"{name}: kg gave {len(table.rows)} rows, Oxigraph {n}"
                rows.append([name, len(table.rows), f"{kg_s * 1000:.0f}", f"{ox_s * 1000:.0f}", "yes" if kg_s <= 1 else "no"])
                if kg_s > 1:
                    slow.append(name)
            exports = []
            if not args.no_export:
                for fmt in ("turtle", "nquads"):
                    seconds, data = timed(lambda fmt=fmt: _export(db, fmt), 1)
                    exports.append([f"kg export --format {fmt} (sorted, prefixed)", f"{seconds:.1f}", f"{len(data) / 2**20:.1f}"])
                for label, fmt in (("pyoxigraph Store.dump N-Quads", ox.RdfFormat.N_QUADS), ("pyoxigraph Store.dump TriG", ox.RdfFormat.TRIG)):
                    def dump(fmt=fmt) -> bytes:
                        out = io.BytesIO()
                        native.dump(out, format=fmt)
                        return out.getvalue()
                    seconds, data = timed(dump, 1)
                    exports.append([label, f"{seconds:.1f}", f"{len(data) / 2**20:.1f}"])
        body = [f"Store: {stats['articles']:,} articles, {stats['quads']:,} quads. Median of {args.runs} runs, milliseconds.", "",
                markdown_table(["named query", "rows", "kg ms", "pyoxigraph ms (same SPARQL)", "<= 1 s"], rows), ""]
        body.append("Every named query within 1 s." if not slow else f"Over 1 s: {', '.join(slow)}.")
        if exports:
            body += ["", markdown_table(["export of the whole store", "seconds", "MiB"], exports)]
        record(f"Query and export latency, {stats['articles']:,} articles", "\n".join(body), write=not args.no_record)


def _export(db, fmt: str) -> bytes:  # noqa: ANN001 - an open kg Store
    return db.export(fmt=fmt)


if __name__ == "__main__":
    main()
