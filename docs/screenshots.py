"""The README's screenshots of the query page and the explorer's default view, from real articles.

Builds the first ``--lines`` lines of the Ukraine corpus (less the blind gold set's articles: 287
of the first 300) into a temporary store, or uses ``--store DIR`` built from them; serves it with
``kg serve``; and photographs, in Debian's headless Chromium at 1400 x 900:

- ``docs/query-page.png``: the query page after running the named query ``quotes``;
- ``docs/explorer-default.png``: ``kg viz``'s default view, as it opens.

    python docs/screenshots.py --lines 300
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.surfaces import sample  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.servers import kg_server  # noqa: E402

VIEWPORT = {"width": 1400, "height": 900}


def ready(page) -> None:  # noqa: ANN001 - a Playwright page
    for _ in range(600):
        if page.evaluate("window.kgReady !== undefined"):
            return
        page.wait_for_timeout(50)
    raise SystemExit("the explorer did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=300, help="lines of the corpus to build (default: 300)")
    parser.add_argument("--store", help="a store already built from those articles")
    parser.add_argument("--out", default=str(ROOT / "docs"), help="folder for the pictures (default: docs/)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from kg import api

    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Path(args.store) if args.store else folder / "store"
        if not args.store:
            sample(args.lines, folder / "sample.jsonl")
            api.build([str(folder / "sample.jsonl")], store=str(store))
        (folder / "graph.html").write_text(api.viz(store=str(store)), encoding="utf-8")
        served = folder / "served"
        import shutil

        shutil.copytree(store, served)  # the server takes its store's lock
        with sync_playwright() as p, kg_server(served, folder=folder) as url:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url.rsplit("/", 1)[0] + "/")
            page.select_option("#named", "quotes")
            page.click("#run")
            page.wait_for_selector("#results table")
            page.screenshot(path=str(out / "query-page.png"))
            page = browser.new_page(viewport=VIEWPORT)
            page.goto((folder / "graph.html").as_uri())
            ready(page)
            page.wait_for_timeout(300)
            page.screenshot(path=str(out / "explorer-default.png"))
            browser.close()
    print(f"wrote {out / 'query-page.png'} and {out / 'explorer-default.png'}")


if __name__ == "__main__":
    main()
