"""What publishing snapshots for readers costs a build (see kg/snapshots.py).

Builds the generated test corpus into fresh stores, alternating kg as it is (a snapshot at open,
then every second or so while writing) with a baseline that publishes only the snapshot at open,
and times every publication. Prints one line per build and a summary.

    python bench/snapshots.py --articles 200 --repeat 2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests/corpus.py, the generator the reliability tests use


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="generated articles to build (default: 200)")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind (default: 2)")
    args = parser.parse_args()

    import kg.store.snapshots as snapshots
    from kg.api import build
    from tests.corpus import write_corpus

    spent: list[float] = []
    publish = snapshots.WriterLease.publish

    def timed(self, native):  # noqa: ANN001, ANN202
        started = time.perf_counter()
        publish(self, native)
        spent.append(time.perf_counter() - started)

    snapshots.WriterLease.publish = timed
    every = snapshots.PUBLISH_EVERY
    results: dict[str, list[tuple[float, float, int]]] = {"kg": [], "baseline": []}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        write_corpus(corpus, count=args.articles)
        for i in range(args.repeat):
            for kind in ("baseline", "kg"):
                snapshots.PUBLISH_EVERY = every if kind == "kg" else float("inf")
                spent.clear()
                started = time.perf_counter()
                report = build([str(corpus)], store=str(Path(folder) / f"{kind}-{i}"))
                seconds = time.perf_counter() - started
                assert report.added == args.articles
                results[kind].append((seconds, sum(spent), len(spent)))
                print(f"{kind:8} build {i + 1}: {seconds:6.1f} s, {len(spent)} snapshots taking {sum(spent):.2f} s "
                      f"({100 * sum(spent) / seconds:.1f}%)")
    for kind, runs in results.items():
        print(f"{kind:8} median build {statistics.median(r[0] for r in runs):.1f} s, "
              f"median publishing {statistics.median(r[1] for r in runs):.2f} s in {statistics.median(r[2] for r in runs):.0f} snapshots")


if __name__ == "__main__":
    main()
