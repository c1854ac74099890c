"""Latency of each named query through kg serve's /sparql, against the same query run in-process.

Builds the seeds' store (or uses --store), starts ``kg serve`` on a free loopback port, and for
each named query times --repeat HTTP requests (form POST, SPARQL JSON) and, as the baseline in the
same run, --repeat in-process pyoxigraph evaluations fully serialised to SPARQL JSON. Prints a
Markdown table: median and 95th percentile in milliseconds.

    python bench/endpoint_latency.py --repeat 50
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import describe  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an existing store folder (default: build the seeds into a temporary one)")
    parser.add_argument("--repeat", type=int, default=50, help="requests per query (default: 50)")
    args = parser.parse_args()

    import pyoxigraph as ox

    from kg import api
    from kg.query import named_queries
    from tests.servers import kg_server

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.store:
            shutil.copytree(args.store, folder / "store")
        else:
            api.build([str(ROOT / "seeds")], store=str(folder / "store"))
        queries = named_queries()
        local: dict[str, list[float]] = {}
        store = ox.Store.read_only(str(folder / "store"))
        for name, q in queries.items():
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                store.query(q.text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
                times.append((time.perf_counter() - t) * 1000)
            local[name] = times
        del store
        remote: dict[str, list[float]] = {}
        rows: dict[str, int] = {}
        with kg_server(folder / "store", folder=folder) as url:
            for name, q in queries.items():
                body = urllib.parse.urlencode({"query": q.text}).encode()
                headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers)) as r:
                        payload = r.read()
                    times.append((time.perf_counter() - t) * 1000)
                remote[name] = times
                rows[name] = len(json.loads(payload)["results"]["bindings"])
    print(f"Machine: {describe()}")
    print(f"Command: python bench/endpoint_latency.py --repeat {args.repeat}{' --store ' + args.store if args.store else ''}\n")
    print("| query | rows | HTTP median ms | HTTP p95 ms | in-process median ms | in-process p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in queries:
        print(f"| {name} | {rows[name]} | {statistics.median(remote[name]):.1f} | {percentile(remote[name], 95):.1f} | "
              f"{statistics.median(local[name]):.1f} | {percentile(local[name], 95):.1f} |")


if __name__ == "__main__":
    main()
