"""What a cluster of wire copies costs: near-duplicate relinking, kg against an earlier commit.

A wire story run by many outlets arrives as many near-identical articles. Each one used to make
kg recompute the link of every copy before it (about cubic in the cluster's size). This builds
clusters of copies of one generated story (and, for comparison, as many distinct stories), with
kg as it is and with the baseline commit, in the same command:

- ``relink``: the duplicate index alone, one article at a time, as a build feeds it;
- ``build``: a whole ``kg build`` of the articles as ``.txt`` files (spaCy's parsing included).

    python bench/duplicates.py --relink 400,800,1600 --build 400,800
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.baseline import baseline_tree, resolve, run_in  # noqa: E402
from bench.results import markdown_table, record  # noqa: E402

# Fingerprints of n copies of one 300-word story (each with a line of its own), fed to the index.
RELINK = """
import json, random, time
from kg.resolve.duplicates import DuplicateIndex, fingerprint
rng = random.Random(5)
words = [f"w{{i}}" for i in range(2000)]
story = " ".join(rng.choice(words) for _ in range(300))
kind, n = {kind!r}, {n}
texts = [(story if kind == "copies" else " ".join(rng.choice(words) for _ in range(300)))
         + " " + " ".join(rng.choice(words) for _ in range(rng.choice([0, 6, 12]))) + f" copy{{i}}" for i in range(n)]
fps = [fingerprint(t) for t in texts]
index = DuplicateIndex()
started = time.perf_counter()
for i, fp in enumerate(fps):
    index.relink(f"a{{i:05d}}", fp)
print(json.dumps({{"seconds": time.perf_counter() - started, "links": len(index.links)}}))
"""

# A kg build of the generated articles written by bench/duplicates.py into a folder.
BUILD = """
import json, time
from kg.api import build
started = time.perf_counter()
report = build([{corpus!r}], store={store!r})
print(json.dumps({{"seconds": time.perf_counter() - started, "added": report.added}}))
"""


def write_articles(folder: Path, kind: str, n: int) -> None:
    """``n`` short articles: copies of one story (a line of each outlet's own added), or distinct stories."""
    import random

    from tests.corpus import article

    folder.mkdir(parents=True)
    rng = random.Random(11)
    story = article(random.Random(3), 0)
    for i in range(n):
        text = story + f"\nThis copy of the report ran in outlet number {i}.\n" if kind == "copies" else article(rng, i)
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--relink", default="400,800,1600", help="cluster sizes for the index alone (default: 400,800,1600)")
    parser.add_argument("--build", default="400,800", help="cluster sizes for whole builds ('' for none; default: 400,800)")
    parser.add_argument("--baseline", default="merge-base", help="the commit to compare with (default: where this branch left main)")
    parser.add_argument("--baseline-up-to", type=int, default=800,
                        help="run the baseline only up to this many articles: it is cubic (default: 800)")
    parser.add_argument("--no-record", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    import tempfile

    rev = resolve(args.baseline)
    sizes = [int(n) for n in args.relink.split(",") if n]
    builds = [int(n) for n in args.build.split(",") if n]
    relink_rows, build_rows = [], []
    with baseline_tree(rev) as old, tempfile.TemporaryDirectory() as work:
        for n in sizes:
            for kind in ("copies", "distinct"):
                times = {}
                for label, tree in (("baseline", old), ("kg", None)):
                    if label == "baseline" and n > args.baseline_up_to:
                        continue
                    got = run_in(tree, RELINK.format(kind=kind, n=n))
                    times[label] = got
                    print(f"relink {kind} {n} {label}: {json.dumps(got)}", flush=True)
                assert "baseline" not in times or times["baseline"]["links"] == times["kg"]["links"]
                before = f"{times['baseline']['seconds']:.2f}" if "baseline" in times else "not run"
                relink_rows.append([n, kind, times["kg"]["links"], before, f"{times['kg']['seconds']:.2f}"])
        for n in builds:
            for kind in ("copies", "distinct"):
                corpus = Path(work) / f"{kind}-{n}"
                write_articles(corpus, kind, n)
                times = {}
                for label, tree in (("baseline", old), ("kg", None)):
                    got = run_in(tree, BUILD.format(corpus=str(corpus), store=str(Path(work) / f"{kind}-{n}-{label}")))
                    assert got["added"] == n
                    times[label] = got["seconds"]
                    print(f"build {kind} {n} {label}: {got['seconds']:.1f} s", flush=True)
                build_rows.append([n, kind, f"{times['baseline']:.1f}", f"{times['kg']:.1f}"])
    body = (f"Baseline: commit {rev[:12]} (before the fix), run in the same command from `git archive`.\n\n"
            "The duplicate index alone: n articles fed to `DuplicateIndex.relink` one at a time (300-word texts; "
            "copies: one story with a line of each copy's own; distinct: n different stories).\n\n"
            + markdown_table(["articles", "kind", "links", "baseline s", "kg s"], relink_rows))
    if build_rows:
        body += ("\n\nWhole `kg build` of n generated short articles (`tests/corpus.py`): copies of one story, each with "
                 "a line of its own, or n distinct stories; spaCy's parsing and model load included.\n\n"
                 + markdown_table(["articles", "kind", "baseline s", "kg s"], build_rows))
    record("Near-duplicate relinking: clusters of wire copies", body, write=not args.no_record)


if __name__ == "__main__":
    main()
