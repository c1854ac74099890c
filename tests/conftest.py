"""Shared fixtures: the spaCy pipeline, the gazetteer and a store built from the seeds, once per session."""

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
    from kg.gazetteer import Gazetteer

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
