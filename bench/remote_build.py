"""Build time of the seeds against a remote SPARQL store (Virtuoso open source on loopback), and embedded.

Starts a fresh Virtuoso (Debian's ``virtuoso-t``) in a temporary folder, builds the seeds into
it through its SPARQL 1.1 endpoint, and, as the baseline in the same run, into a fresh embedded
Oxigraph store; then checks that both export byte-identical sorted N-Quads. Optionally also
through ``kg serve``'s update endpoint (--kg-serve). Each build is repeated --repeat times on a
fresh store; the table gives the median seconds.

    python bench/remote_build.py --repeat 3 --kg-serve
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import describe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind, each on a fresh store (default: 3)")
    parser.add_argument("--kg-serve", action="store_true", help="also build through kg serve --allow-update")
    args = parser.parse_args()

    from kg import api
    from kg.nlp import load_pipeline
    from tests.servers import kg_server, virtuoso

    load_pipeline()  # warm the disk cache, so the first build does not pay for it
    seeds = [str(ROOT / "seeds")]
    before = describe()
    results: dict[str, list[float]] = {}
    exports: dict[str, bytes] = {}

    def timed(label: str, store: str) -> None:
        started = time.perf_counter()
        report = api.build(seeds, store=store)
        results.setdefault(label, []).append(time.perf_counter() - started)
        assert report.added == 5, report
        exports[label] = api.export(store=store, fmt="nquads")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.repeat):
            timed("embedded Oxigraph (baseline)", str(folder / f"embedded-{i}"))
            with virtuoso(folder / f"virtuoso-{i}") as url:
                timed("Virtuoso 7.2 over SPARQL 1.1 Update", url)
            if args.kg_serve:
                os.environ["KG_TOKEN"] = "bench-" + os.urandom(8).hex()
                with kg_server(folder / f"served-{i}", "--allow-update", folder=folder) as url:
                    timed("kg serve --allow-update over SPARQL 1.1 Update", url)
    base = exports["embedded Oxigraph (baseline)"]
    print(f"Machine: {before}")
    print(f"Command: python bench/remote_build.py --repeat {args.repeat}{' --kg-serve' if args.kg_serve else ''}\n")
    print("| store | median seconds (5 seed articles, model load included) | runs | same export as embedded |")
    print("| --- | ---: | --- | --- |")
    for label, times in results.items():
        print(f"| {label} | {statistics.median(times):.2f} | {', '.join(f'{t:.2f}' for t in times)} | "
              f"{'yes' if exports[label] == base else 'NO'} |")


if __name__ == "__main__":
    main()
