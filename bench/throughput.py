"""Build throughput of kg against raw spaCy over the same texts, with footprint and scaling.

In one run, each in a fresh process so that its peak memory is its own:
1. raw spaCy: the same pipeline kg loads (same model, same components), ``nlp.pipe`` with kg's
   batch size over the very texts kg parses (kg's ingest applied first, not timed), spaCy's import
   and the model's load timed with it;
2. ``kg build`` of the same articles into a fresh store, one process, kg's imports timed with it;
3. with ``--workers N``: the same build with N worker processes, and the check that both stores
   hold the same graph.
Reports articles and words per second, the kg/spaCy ratio (target >= 0.75), the parallel speed-up
(target >= 1.5 with 2 workers), peak resident memory, store size and triples per article, and the
time the build took to reach each of ``--checkpoints`` articles (the scaling curve: seconds per
article between checkpoints should stay flat).

    python bench/throughput.py --corpus ukraine --articles 1000 --workers 2 --rounds 2
    python bench/throughput.py --corpus reuters --articles 5000
    python bench/throughput.py --corpus ukraine --articles 0 --checkpoints 250,500,1000,2000,4000 --keep bench/work/all
"""

from __future__ import annotations

import argparse
import json
import os
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


def child_spacy(path: str, model: str, batch: int) -> dict:
    """Raw spaCy over the texts kg would parse: spaCy's import, the model's load and ``nlp.pipe`` timed, as kg's
    side times its imports, load and build; kg's ingest not (it imports no spaCy)."""
    from kg.ingest import read_articles
    from kg.records import Article

    texts = [a.text for a in read_articles([path]) if isinstance(a, Article)]
    if "spacy" in sys.modules:
        raise RuntimeError("kg's ingest imported spaCy: the raw side would not count spaCy's import")
    started = time.perf_counter()
    from kg.nlp import load_pipeline  # imports spaCy

    nlp = load_pipeline(model)
    loaded = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    done = time.perf_counter()
    return {"seconds": done - started, "load": loaded - started, "articles": len(texts),
            "words": sum(len(t.split()) for t in texts), "components": nlp.pipe_names,
            "batch": batch}


def child_kg(path: str, store: str, model: str, workers: int, checkpoints: list[int]) -> dict:
    """``kg build`` through the API, noting when the build reached each checkpoint."""
    started = time.perf_counter()
    from kg import api

    reached: dict[int, tuple[float, float]] = {}

    def progress(report) -> None:  # noqa: ANN001 - a BuildReport
        n = report.added + report.updated
        if n in checkpoints:
            reached[n] = (time.perf_counter() - started, resident_mib())

    report = api.build([path], store=store, model=model, workers=workers, progress=progress)
    seconds = time.perf_counter() - started
    with api.open_store(store, read_only=True) as db:
        triples = db.count_quads()  # in the named graphs (the default graph is their merge)
    return {"seconds": seconds, "rss": resident_mib(), "articles": report.added + report.updated, "words": report.words,
            "failed": [str(p) for p in report.failed], "checkpoints": reached, "triples": triples}


def resident_mib() -> float:
    """This process's resident memory now, in MiB (0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
    except (OSError, StopIteration, ValueError):
        return 0.0


def run_child(*args: str) -> tuple[dict, float]:
    """Run this script as a child; its JSON result and its peak resident memory in MiB."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child {args[0]} failed with exit code {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def size_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def nquads(store: Path) -> bytes:
    done = subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(store), "--format", "nquads"],
                          capture_output=True, check=True)
    return done.stdout


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        if kind == "spacy":
            result = child_spacy(rest[0], rest[1], int(rest[2]))
        else:
            result = child_kg(rest[0], rest[1], rest[2], int(rest[3]), json.loads(rest[4]))
        print(json.dumps(result))
        return
    from kg.pipeline.workers import BATCH  # kg's batch size, for the raw side (whose child must not import spaCy untimed)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="ukraine", help="ukraine, reuters, or a JSONL file (default: ukraine)")
    parser.add_argument("--articles", type=int, default=1000, help="how many articles, from the start (0: all; default 1000)")
    parser.add_argument("--workers", type=int, default=1, help="also build with this many worker processes (default: 1, no parallel run)")
    parser.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline for both (default: en_core_web_sm)")
    parser.add_argument("--checkpoints", default="250,500,1000,2000,4000",
                        help="article counts at which to note the build's elapsed time (default: 250,500,1000,2000,4000)")
    parser.add_argument("--rounds", type=int, default=1, help="alternate raw spaCy and kg this many times, keep each one's fastest (default: 1)")
    parser.add_argument("--keep", metavar="DIR", help="keep the one-process store here (for bench/incremental.py and bench/queries.py)")
    parser.add_argument("--no-record", action="store_true", help="print the table, do not append it to bench/RESULTS.md")
    args = parser.parse_args()
    checkpoints = sorted({int(c) for c in args.checkpoints.split(",") if c.strip()})

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = sample(args.corpus, args.articles, folder / "sample.jsonl")
        # Alternate the two so that a machine that speeds up or slows down during the run (a shared
        # VM does) weighs on both alike; each side's fastest round is compared.
        spacy_rounds, kg_rounds = [], []
        store = folder / "store-1"
        for _ in range(args.rounds):
            spacy_rounds.append(run_child("spacy", str(texts), args.model, str(BATCH)))
            if store.exists():
                shutil.rmtree(store)
            kg_rounds.append(run_child("kg", str(texts), str(store), args.model, "1", json.dumps(checkpoints)))
        (spacy_run, spacy_rss), (kg_run, kg_rss) = (min(r, key=lambda x: x[0]["seconds"]) for r in (spacy_rounds, kg_rounds))
        parallel = None
        if args.workers > 1:
            store_n = folder / f"store-{args.workers}"
            parallel = run_child("kg", str(texts), str(store_n), args.model, str(args.workers), "[]")
            same = nquads(store) == nquads(store_n)
        n, words = kg_run["articles"], kg_run["words"]
        ratio = spacy_run["seconds"] / kg_run["seconds"]
        rows = [
            ["raw spaCy nlp.pipe (incl. import and model load)", spacy_run["articles"], f"{spacy_run['seconds']:.1f}",
             f"{spacy_run['articles'] / spacy_run['seconds']:.2f}", f"{spacy_run['words'] / spacy_run['seconds']:.0f}", f"{spacy_rss:.0f}", "1.00"],
            ["kg build, 1 process", n, f"{kg_run['seconds']:.1f}", f"{n / kg_run['seconds']:.2f}",
             f"{words / kg_run['seconds']:.0f}", f"{kg_rss:.0f}", f"{ratio:.2f}"],
        ]
        if parallel is not None:
            p_run, p_rss = parallel
            rows.append([f"kg build --workers {args.workers}", p_run["articles"], f"{p_run['seconds']:.1f}",
                         f"{p_run['articles'] / p_run['seconds']:.2f}", f"{p_run['words'] / p_run['seconds']:.0f}",
                         f"{p_rss:.0f} (main process)", f"{spacy_run['seconds'] / p_run['seconds']:.2f}"])
        body = [f"Corpus: {args.corpus}, {n} articles, {words:,} words (kg's text after ingest); spaCy components: "
                f"{', '.join(spacy_run['components'])}; batch size {spacy_run['batch']} (kg's).", "",
                markdown_table(["run", "articles", "seconds", "articles/s", "words/s", "peak RSS MiB", "throughput vs spaCy"], rows), ""]
        if args.rounds > 1:
            def seconds(rounds: list) -> str:
                return ", ".join(f"{run['seconds']:.1f}" for run, _ in rounds)

            body.append(f"Fastest of {args.rounds} alternating rounds; all rounds, seconds: raw spaCy "
                        f"{seconds(spacy_rounds)}; kg {seconds(kg_rounds)}.")
        verdict = "holds" if ratio >= 0.75 else "does not hold"
        body.append(f"kg/spaCy throughput ratio: **{ratio:.2f}** (target >= 0.75: {verdict}).")
        if parallel is not None:
            speedup = kg_run["seconds"] / parallel[0]["seconds"]
            body.append(f"`--workers {args.workers}` speed-up over one process: **{speedup:.2f}x** "
                        f"(target >= 1.5: {'holds' if speedup >= 1.5 else 'does not hold'}); "
                        f"both stores export {'identical' if same else 'DIFFERENT'} N-Quads.")
        store_mib = size_mib(store)
        body.append(f"Store: {store_mib:.1f} MiB on disk, {store_mib / n * 1000:.0f} MiB per 1,000 articles; "
                    f"{kg_run['triples']:,} quads, {kg_run['triples'] / n:.0f} per article.")
        if kg_run["failed"]:
            body.append(f"Inputs kg reported and skipped: {len(kg_run['failed'])} ({'; '.join(kg_run['failed'][:3])}).")
        points = sorted((int(k), t, rss) for k, (t, rss) in kg_run["checkpoints"].items())
        if points:
            if points[-1][0] != n:
                points.append((n, kg_run["seconds"], kg_run["rss"]))
            curve, last_n, last_t = [], 0, 0.0
            for k, t, rss in points:
                curve.append([k, f"{t:.1f}", f"{(t - last_t) / (k - last_n) * 1000:.0f}", f"{rss:.0f}"])
                last_n, last_t = k, t
            body += ["", "Scaling: elapsed build time when the build had written k articles, the cost per "
                     "article of each stretch (the first includes start-up and model load), and the resident "
                     "memory of the build at that point.", "",
                     markdown_table(["k articles", "elapsed s", "ms per article since previous", "resident MiB"], curve)]
        record(f"Build throughput: {args.corpus}, {n} articles", "\n".join(body), write=not args.no_record)
        if args.keep:
            keep = Path(args.keep)
            if keep.exists():
                shutil.rmtree(keep)
            shutil.copytree(store, keep)
            (keep.parent / f"{keep.name}.json").write_text(json.dumps(
                {"corpus": args.corpus, "articles": n, "seconds": kg_run["seconds"], "sample": args.articles}))


if __name__ == "__main__":
    main()
