"""How long a hostile saved page takes to read: kg's HTML reader against an earlier commit.

Each shape repeats one fragment n times after a paragraph of story; kg as it is and the baseline
commit read the same text in the same command (the baseline only up to ``--baseline-up-to``
fragments, beyond which it runs for hours):

- ``<span>`` x n then ``</b>`` x n: end tags that close nothing, under n open elements;
- ``<p>sentence</p>`` x n: a page of n short paragraphs;
- ``<a b="`` x n and ``<!--`` x n: openings the end of the file cuts off.

    python bench/html_parsing.py --sizes 16000,32000,64000 --big 20M
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.baseline import baseline_tree, resolve, run_in  # noqa: E402
from bench.results import markdown_table, record  # noqa: E402

SHAPES = {
    "spans then stray end tags": ("<span>", "</b>"),
    "short paragraphs": ("<p>This is one more sentence of the long story.</p>", ""),
    "cut-off attribute": ('<a b="', ""),
    "cut-off comment": ("<!--", ""),
}

MEASURE = """
import json, time
from kg.errors import InputError
from kg.ingest.html import parse_html
head, tail, n = {head!r}, {tail!r}, {n}
page = "<p>The story begins with this first paragraph of plain text.</p>" + head * n + tail * n
started = time.perf_counter()
try:
    parse_html(page, article_id="x", origin="x.html")
except InputError:
    pass
print(json.dumps({{"seconds": time.perf_counter() - started, "bytes": len(page.encode())}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="16000,32000,64000", help="fragment counts (default: 16000,32000,64000)")
    parser.add_argument("--big", default="20M", help="also read pages of about this size, kg only (default: 20M, the input limit)")
    parser.add_argument("--baseline", default="merge-base", help="the commit to compare with (default: where this branch left main)")
    parser.add_argument("--baseline-up-to", type=int, default=64000, help="largest n for the baseline (default: 64000)")
    parser.add_argument("--no-record", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()

    rev = resolve(args.baseline)
    big = int(args.big.rstrip("Mm")) * 2**20 if args.big else 0
    rows = []
    with baseline_tree(rev) as old:
        for shape, (head, tail) in SHAPES.items():
            counts = [int(n) for n in args.sizes.split(",") if n]
            if big:
                counts.append(big // len((head + tail).encode()))
            for n in counts:
                code = MEASURE.format(head=head, tail=tail, n=n)
                kg = run_in(None, code)
                before = run_in(old, code) if n <= args.baseline_up_to else None
                print(f"{shape} n={n}: kg {kg['seconds']:.2f} s, baseline {before['seconds'] if before else 'not run'}", flush=True)
                rows.append([shape, f"{n:,}", f"{kg['bytes'] / 2**20:.2f}",
                             f"{before['seconds']:.2f}" if before else "not run", f"{kg['seconds']:.2f}"])
    body = (f"Baseline: commit {rev[:12]} (before the fix), run in the same command from `git archive`. "
            "Seconds to read one page with `kg.ingest.html.parse_html` (a paragraph of story, then n fragments).\n\n"
            + markdown_table(["shape", "n", "MiB", "baseline s", "kg s"], rows))
    record("HTML reading: hostile pages", body, write=not args.no_record)


if __name__ == "__main__":
    main()
