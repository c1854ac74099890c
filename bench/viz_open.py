"""Open-to-interactive time of the explorer page (``kg viz``) in headless Chromium, against baselines.

For each store, the page ``kg viz`` writes (default view, ``--max-nodes`` each) is opened from disk
in Debian's chromium, offline, with every request other than the page itself refused, several
times; the time is from navigation start to the page's ``window.kgReady`` (set once the graph's
first frame is drawn and the event loop is free again, so the page answers input), and then the
time a search takes to redraw the view. Baselines, in the same run and browser:

- ``empty``: a page with vis-network inline and an empty network: the floor for any such page;
- ``pyvis physics``: the same nodes and edges in pyvis's own page and default options (physics
  on, positions left to the browser), until vis-network reports its stabilisation done, which is
  when such a page stops computing and can be used; cut off at ``--physics-timeout``.

Stores are built beforehand with ``kg build``; ``--store seeds`` builds the seeds into
``bench/work/seeds`` when missing. Prints a markdown table; ``--record`` appends it with date,
machine and command to ``bench/RESULTS.md``; ``--screenshot FILE`` writes a picture of the first
store's page (the README's ``docs/graph.png``).

    python bench/viz_open.py --store seeds --store STORE_1146 --store STORE_7280 --runs 5 --record
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
READY = """
<script>
  network.once("stabilizationIterationsDone", function () { setTimeout(function () { window.kgReady = performance.now(); }, 0); });
</script>
"""


def machine() -> str:
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}"


def seeds_store() -> str:
    from kg.api import build

    store = ROOT / "bench" / "work" / "seeds"
    if not (store / "CURRENT").exists():
        store.parent.mkdir(parents=True, exist_ok=True)
        build([str(ROOT / "seeds")], store=str(store))
    return str(store)


def page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def empty_page() -> str:
    from kg.explorer.page import _vis_files

    vis = (_vis_files() / "vis-network.min.js").read_text(encoding="utf-8")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><script>" + vis + "</script></head>"
            "<body style='margin:0'><div id='g' style='position:absolute;inset:0'></div><script>"
            "var network = new vis.Network(document.getElementById('g'), {nodes: [], edges: []}, {});"
            "network.once('afterDrawing', function () { setTimeout(function () { window.kgReady = performance.now(); }, 0); });"
            "</script></body></html>")


def pyvis_page(data: dict) -> str:
    """The same view as pyvis draws it by default: physics on, no positions."""
    from pyvis.network import Network

    from kg.explorer.page import KINDS

    colour = {k.kind: k.colour for k in KINDS}
    shape = {k.kind: k.shape for k in KINDS}
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    # Filled directly: pyvis's add_node/add_edge check membership in lists, quadratic for big views.
    net.nodes = [{"id": i, "label": n["l"], "color": colour[n["k"]], "shape": shape[n["k"]]} for i, n in enumerate(data["nodes"])]
    net.edges = [{"from": e["f"], "to": e["t"], "label": e["l"], "arrows": "to"} for e in data["edges"]]
    net.node_ids = list(range(len(net.nodes)))
    html = net.generate_html()
    return html.replace("</body>", READY + "</body>")


class Browser:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        self.version = self.browser.version

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()

    def open(self, path: Path, *, timeout: float, search: str | None = None) -> tuple[float | None, float | None, list[str]]:
        """Milliseconds to ``kgReady`` (None past the timeout), to a search's redraw, and refused requests."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        url, refused = path.resolve().as_uri(), []

        def route(r) -> None:  # noqa: ANN001 - a playwright Route
            if r.request.url == url:
                r.continue_()
            else:
                refused.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        try:
            page.goto(url, wait_until="commit")
            end = time.monotonic() + timeout
            ready = None
            while time.monotonic() < end:
                # page.evaluate, not wait_for_function: the explorer's policy forbids the eval that one polls with.
                ready = page.evaluate("window.kgReady === undefined ? null : window.kgReady")
                if ready is not None:
                    break
                time.sleep(0.02)
            searched = None
            if ready is not None and search:
                before = time.perf_counter()
                page.fill("#search", search)
                while page.evaluate("kgExplorer.visibleNodes().length === kgExplorer.data.nodes.length") and time.perf_counter() - before < 10:
                    time.sleep(0.005)
                searched = (time.perf_counter() - before) * 1000
            return ready, searched, refused
        finally:
            context.close()

    def screenshot(self, path: Path, out: Path) -> None:
        context = self.browser.new_context(viewport={"width": 1280, "height": 760}, offline=True)
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        while page.evaluate("window.kgReady === undefined"):
            time.sleep(0.05)
        # Click the person with the most facts, so the picture shows the side panel with sources too.
        x, y = page.evaluate("""() => {
            const d = kgExplorer.data, net = kgExplorer.network;
            let best = -1;
            d.nodes.forEach((n, i) => { if (n.k === "person" && (best < 0 || n.f.length > d.nodes[best].f.length)) best = i; });
            const p = net.canvasToDOM(net.getPosition(best)), box = document.getElementById("graph").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""")
        page.mouse.click(x, y)
        page.mouse.move(5, 5)  # no tooltip over the picture
        page.wait_for_timeout(300)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        context.close()


def median_ms(values: list[float | None]) -> str:
    done = [v for v in values if v is not None]
    if not done:
        return "never"
    if len(done) < len(values):
        return f"{statistics.median(done) / 1000:.2f} s ({len(values) - len(done)} of {len(values)} runs never)"
    return f"{statistics.median(done) / 1000:.2f} s ({min(done) / 1000:.2f}–{max(done) / 1000:.2f})"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    p.add_argument("--store", action="append", required=True, metavar="DIR|seeds", help="a built store (repeat); 'seeds' builds the seeds")
    p.add_argument("--max-nodes", type=int, action="append", metavar="N", help="views to time (repeat; default 300)")
    p.add_argument("--runs", type=int, default=5, help="openings of each page (default 5)")
    p.add_argument("--physics-runs", type=int, default=1, help="openings of the pyvis physics baseline (default 1)")
    p.add_argument("--physics-timeout", type=float, default=60.0, help="seconds to wait for pyvis's physics to settle (default 60)")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png", help="write a picture of the first store's page")
    p.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    args = p.parse_args()

    from kg import api

    load = os.getloadavg()[0]
    browser = Browser()
    work = Path(tempfile.mkdtemp(prefix="kg-viz-open-"))
    rows = []
    try:
        empty = work / "empty.html"
        empty.write_text(empty_page(), encoding="utf-8")
        empty_ms = [browser.open(empty, timeout=30)[0] for _ in range(args.runs)]
        for s, location in enumerate(args.store):
            store = seeds_store() if location == "seeds" else location
            articles = api.stats(store=store)["articles"]
            for max_nodes in args.max_nodes or [300]:
                started, cpu = time.perf_counter(), time.process_time()
                html = api.viz(store=store, max_nodes=max_nodes)
                generate, generate_cpu = time.perf_counter() - started, time.process_time() - cpu
                page = work / f"store{s}-{max_nodes}.html"
                page.write_text(html, encoding="utf-8")
                data = page_data(html)
                if args.screenshot and s == 0 and max_nodes == (args.max_nodes or [300])[0]:
                    browser.screenshot(page, args.screenshot)
                word = next((n["l"].split()[0] for n in data["nodes"] if n["k"] == "person"), "a")
                runs = [browser.open(page, timeout=60, search=word) for _ in range(args.runs)]
                refused = sorted({u for r in runs for u in r[2]})
                if refused:
                    raise SystemExit(f"the page asked for {refused}")
                baseline = work / f"store{s}-{max_nodes}-pyvis.html"
                baseline.write_text(pyvis_page(data), encoding="utf-8")
                physics = [browser.open(baseline, timeout=args.physics_timeout)[0] for _ in range(args.physics_runs)]
                rows.append([
                    f"{articles:,}", f"{len(data['nodes']):,} of {data['total']:,}", f"{len(data['edges']):,}",
                    f"{len(html.encode('utf-8')) / 2**20:.1f} MB", f"{generate:.1f} s ({generate_cpu:.1f} s)",
                    median_ms([r[0] for r in runs]), median_ms([r[1] for r in runs]),
                    median_ms(empty_ms), median_ms(physics) if any(physics) else f"not settled in {args.physics_timeout:.0f} s",
                ])
                print(" | ".join(rows[-1]), file=sys.stderr)
    finally:
        browser.close()

    columns = ["articles", "nodes drawn", "edges", "page size", "kg viz (CPU)", "open to interactive (median, min–max)",
               "search redraw", "baseline: empty vis-network page", "baseline: pyvis default physics"]
    table = "\n".join(["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)] + ["| " + " | ".join(r) + " |" for r in rows])
    command = "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])
    section = (f"\n## Explorer: open to interactive in headless Chromium\n\n"
               f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n- machine: {machine()}\n"
               f"- browser: Debian chromium {browser.version}, headless, offline\n- command: `{command}`\n"
               f"- load average at the start: {load:.1f} on {os.cpu_count()} cores (other work was running: wall times "
               f"include waiting for a core, the CPU time of kg viz does not)\n"
               f"- {args.runs} openings per page ({args.physics_runs} for the physics baseline), median with min–max\n\n{table}\n")
    print(section)
    if args.record:
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark results\n\nEach section comes from a script in bench/; its command reproduces it.\n", encoding="utf-8")
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
