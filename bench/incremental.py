"""What a second ``kg build`` costs: an unchanged corpus again, and new articles added to a big store.

1. The first build of the first ``--articles`` articles (or the one ``bench/throughput.py --keep DIR``
   timed and kept: pass ``--store DIR``; it is copied, never changed).
2. ``kg build`` of the same articles again: everything is unchanged (target: <= 5% of the first build).
3. ``kg build`` of the next ``--add`` articles (or, when the store holds a whole corpus, the first of
   another: ``--add-from``) into that store, against the same articles built into
   an empty store in the same run (target: about the same time).
Each build is the ``kg`` command in its own process, timed from start to exit.

    python bench/incremental.py --articles 1000 --add 100
    python bench/incremental.py --store bench/work/all --add 100
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpora import sample  # noqa: E402
from bench.results import markdown_table, record  # noqa: E402


def kg_build(path: Path, store: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(path), "--store", str(store), "--quiet"],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kg build {path} failed: {done.stderr.strip()}")
    return seconds, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="ukraine", help="ukraine, reuters or a JSONL file (default: ukraine)")
    parser.add_argument("--articles", type=int, default=1000, help="articles in the first build (default: 1000; ignored with --store)")
    parser.add_argument("--store", help="a store kept by bench/throughput.py --keep, with its DIR.json beside it")
    parser.add_argument("--add", type=int, default=100, help="articles to add afterwards (default: 100)")
    parser.add_argument("--add-from", help="corpus of the added articles (default: the articles after the first build's, "
                                           "or reuters when the first build took a whole corpus)")
    parser.add_argument("--no-record", action="store_true", help="print the table, do not append it to bench/RESULTS.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = folder / "store"
        if args.store:
            meta = json.loads(Path(f"{Path(args.store).resolve()}.json").read_text())
            corpus, first_n = meta["corpus"], meta["sample"]
            base = sample(corpus, first_n, folder / "base.jsonl")
            shutil.copytree(args.store, store)
            n, first_s, how = meta["articles"], meta["seconds"], "timed by bench/throughput.py (API, in its own process)"
        else:
            corpus, first_n = args.corpus, args.articles
            base = sample(corpus, first_n, folder / "base.jsonl")
            first_s, _ = kg_build(base, store)
            n, how = sum(1 for _ in base.open(encoding="utf-8")), "kg build, this run"
        again_s, again_line = kg_build(base, store)
        if args.add_from or not first_n:  # the store holds the whole corpus: add articles of another one
            added = sample(args.add_from or "reuters", args.add, folder / "added.jsonl")
            added_from = args.add_from or "reuters"
        else:
            added, added_from = sample(corpus, args.add, folder / "added.jsonl", skip=first_n), corpus
        rows = [[f"first build, {n:,} articles ({how})", f"{first_s:.1f}", ""],
                [f"again, unchanged: {again_line}", f"{again_s:.1f}", f"{again_s / first_s:.1%} of the first"]]
        verdicts = [f"unchanged rebuild {again_s / first_s:.1%} of the first build (target <= 5%: "
                    f"{'holds' if again_s <= 0.05 * first_s else 'does not hold'})"]
        if added.stat().st_size:
            into_s, into_line = kg_build(added, store)
            alone_s, _ = kg_build(added, folder / "alone")
            rows += [[f"{args.add} new articles ({added_from}) into the {n:,}-article store: {into_line}", f"{into_s:.1f}", f"{into_s / alone_s:.2f}x alone"],
                     [f"the same {args.add} articles into an empty store", f"{alone_s:.1f}", "1.00x"]]
            verdicts.append(f"adding {args.add} articles to {n:,} costs {into_s / alone_s:.2f}x building them alone")
        else:
            verdicts.append("no further articles in the corpus to add (use a smaller --articles)")
        body = "\n".join([markdown_table(["build", "seconds", "relative"], rows), "", "; ".join(verdicts) + "."])
        record(f"Incremental builds, {corpus}, {n:,} articles", body, write=not args.no_record)


if __name__ == "__main__":
    main()
