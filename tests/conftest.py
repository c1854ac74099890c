"""Shared fixtures (the spaCy pipeline, the gazetteer, a store built from the seeds, once per session)
and the test loop's two speeds.

``pytest`` alone runs the fast loop: units, extraction, RDF, queries and exports, in about a minute.
The slow families (process-killing crash tests, concurrency, servers, Virtuoso, Dask, browsers,
benchmarks, the README's clean-copy install) carry a marker and run with ``pytest --slow``, as CI
does through the README's test command. Asking for a marker with ``-m`` runs those tests too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
# Debian's chromium, driven by Playwright in the browser tests, without a network of its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


SLOW_MARKERS = ("slow", "server", "virtuoso", "dask", "browser")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help=f"also run the slow families (tests marked {', '.join(SLOW_MARKERS)}); CI runs them all")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or config.option.markexpr:
        return
    slow = [item for item in items if any(item.get_closest_marker(m) for m in SLOW_MARKERS)]
    if slow:
        config.hook.pytest_deselected(items=slow)
        chosen = set(map(id, slow))
        items[:] = [item for item in items if id(item) not in chosen]


def pytest_report_header(config: pytest.Config) -> str:
    if config.getoption("--slow") or config.option.markexpr:
        return "every test family runs"
    return "fast loop: the slow families are deselected (pytest --slow runs them, as CI does)"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test cleanly when the corpus is not beside the checkout."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared/data sits beside the checkout in CI)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def gazetteer():
    from kg.resolve.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> str:
    """A store built from seeds/ with the default model; read-only for the tests that use it."""
    from kg.api import build

    store = str(tmp_path_factory.mktemp("seeds") / "store")
    report = build([str(SEEDS)], store=store)
    assert report.added == 5 and not report.failed
    return store


@pytest.fixture
def store_copy(seeds_store, tmp_path) -> str:
    """A writable copy of the seeds' store."""
    target = tmp_path / "store"
    shutil.copytree(seeds_store, target)
    return str(target)


@pytest.fixture
def extract_text(nlp, gazetteer):
    """Extraction for a snippet of text, as a one-article corpus would give it."""
    from kg.extract import extract
    from kg.records import Article

    def run(text: str, *, published=None, article_id: str = "t"):
        article = Article(id=article_id, title="", text=text, published=published)
        return extract(article, nlp(text), gazetteer=gazetteer)

    return run


def kg_command(*args: str) -> list[str]:
    """The ``kg`` command line, run by this interpreter (so from this checkout's environment)."""
    import sys

    return [sys.executable, "-m", "kg", *args]


UKRAINE = ("ukraine-news-2022", "articles_2022-02-20_to_2022-03-31.jsonl")


def real_sample(target: Path, *, lines: int) -> Path:
    """The first ``lines`` articles of the Ukraine corpus as a JSONL file, less those of the blind gold set.

    The texts stay in ../shared/data: the file is written in a temporary folder. Only the blind
    set's list of article ids is read, to leave its articles out.
    """
    import itertools
    import json

    source = shared_data(*UKRAINE)
    blind = {a["id"] for a in json.loads((ROOT / "tests" / "gold" / "blind" / "manifest.json").read_text(encoding="utf-8"))["articles"]}
    with source.open(encoding="utf-8") as f:
        kept = [line for line in itertools.islice(f, lines) if json.loads(line).get("id") not in blind]
    target.write_text("".join(kept), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def real_store(tmp_path_factory) -> str:
    """A store built from the first 40 lines of the Ukraine corpus (less the blind set's articles)."""
    from kg.api import build

    folder = tmp_path_factory.mktemp("real")
    store = str(folder / "store")
    report = build([str(real_sample(folder / "sample.jsonl", lines=40))], store=store)
    assert report.added > 30 and not report.failed
    return store


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory) -> Path:
    """200 short generated articles (see tests/corpus.py)."""
    from tests.corpus import write_corpus

    folder = tmp_path_factory.mktemp("generated") / "corpus"
    write_corpus(folder, count=200)
    return folder


@pytest.fixture(scope="session")
def generated_clean(generated_corpus, tmp_path_factory):
    """A clean ``kg build`` of the generated corpus: (store, Reference)."""
    import subprocess

    from tests.storecheck import Reference

    store = tmp_path_factory.mktemp("clean") / "store"
    done = subprocess.run(kg_command("build", str(generated_corpus), "--store", str(store), "--quiet"),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("200 added"), done.stdout
    return store, Reference.of(store)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; each test opens its own context or page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
