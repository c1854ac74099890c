"""Speed-up of ``kg build --workers N`` (and optionally ``--dask``) over one process, on real articles.

Takes the first --articles lines of a JSONL corpus (default: 500 of
../shared/data/ukraine-news-2022/articles_all.jsonl), builds them into a fresh store with one
process (the baseline, in the same run), then with --workers N, and checks that both stores
export byte-identical sorted N-Quads. With --dask, also on a Dask LocalCluster of N worker
processes. Prints wall-clock seconds, articles per second and the speed-up.

    python bench/parallel_build.py --articles 500 --workers 2
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import describe  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "ukraine-news-2022" / "articles_all.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(CORPUS), help="a JSONL corpus (default: ukraine-news-2022 articles_all.jsonl)")
    parser.add_argument("--articles", type=int, default=500, help="how many articles to build (default: 500)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel build (default: 2)")
    parser.add_argument("--dask", action="store_true", help="also build on a Dask LocalCluster with --workers processes")
    args = parser.parse_args()

    from kg import api

    before = describe()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "sample.jsonl"
        with open(args.corpus, encoding="utf-8") as f, open(sample, "w", encoding="utf-8") as out:
            for _, line in zip(range(args.articles), f):
                out.write(line)
        runs: dict[str, tuple[float, int, bytes, float]] = {}
        cpu: dict[str, tuple[float, float]] = {}

        def run(label: str, **options) -> None:
            store = str(folder / label.replace(" ", "-"))
            before_self, before_children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            report = api.build([str(sample)], store=store, **options)
            seconds = time.perf_counter() - started
            after_self, after_children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU seconds of this process and of the worker processes it reaped (a Pool's, not a
            # LocalCluster's, whose workers outlive the build).
            cpu[label] = (after_self.ru_utime + after_self.ru_stime - before_self.ru_utime - before_self.ru_stime,
                          after_children.ru_utime + after_children.ru_stime - before_children.ru_utime - before_children.ru_stime)
            # Other work on the machine slows the parallel builds most: the load says how much there was.
            runs[label] = (seconds, report.written, api.export(store=store, fmt="nquads"), os.getloadavg()[0])

        run("1 process")
        run(f"--workers {args.workers}", workers=args.workers)
        if args.dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None, host="127.0.0.1") as cluster:
                run(f"--dask (LocalCluster, {args.workers} workers)", dask=cluster.scheduler_address)
    base = runs["1 process"]
    print(f"Machine: {before}")
    print(f"Command: python bench/parallel_build.py --articles {args.articles} --workers {args.workers}{' --dask' if args.dask else ''}\n")
    print("| build | seconds | articles written | articles/s | speed-up | same export as 1 process | 1-min load at the end |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for label, (seconds, written, export, load) in runs.items():
        print(f"| {label} | {seconds:.1f} | {written} | {written / seconds:.2f} | {base[0] / seconds:.2f}x | "
              f"{'yes' if export == base[2] else 'NO'} | {load:.1f} |")
    # Where the CPU time went. On a machine whose cores other work keeps busy, wall time measures
    # the share the machine gave, not the build: the CPU seconds say what the build needed.
    print("\n| build | CPU s, building process | CPU s, worker processes | CPU s in all |")
    print("| --- | ---: | ---: | ---: |")
    for label, (own, children) in cpu.items():
        if label.startswith("--dask"):
            continue
        print(f"| {label} | {own:.1f} | {children:.1f} | {own + children:.1f} |")


if __name__ == "__main__":
    main()
