"""Build or update a store from input paths: read, parse, extract, write, one article at a time.

Articles are streamed: memory does not grow with the corpus. An article whose content and
pipeline are unchanged since it was stored is skipped before parsing, so re-running a build on
the same input costs little more than reading it. With ``workers > 1`` the parsing and extraction
run in that many processes, each loading the model once; writing stays in this process, in input
order, so the store's content does not depend on the number of workers.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language

from kg import __version__
from kg.errors import KgError
from kg.extract import extract
from kg.fingerprint import Fingerprint, fingerprint
from kg.gazetteer import Gazetteer
from kg.ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, read_articles
from kg.namespace import DEFAULT_BASE, Minter
from kg.nlp import DEFAULT_MODEL, load_pipeline, parse, pipeline_id
from kg.rdf import article_graph
from kg.records import Article, Extraction, InputProblem
from kg.store import open_store
from kg.writer import CorpusState, OrderedWriter, prepare_article

BATCH = 32
WARM_BATCHES = 2


@dataclass
class BuildReport:
    """What a build did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=lambda: {"roles": 0, "quotes": 0, "attacks": 0, "figures": 0})
    words: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[InputProblem]:
        """Inputs that did not become articles (as opposed to notes on articles that did)."""
        return [p for p in self.problems if p.skipped]

    @property
    def written(self) -> int:
        return self.added + self.updated


Progress = Callable[[BuildReport], None]


def _extract_all(articles: Iterable[Article], nlp: Language, gazetteer: Gazetteer, *,
                 unzoned: int = WARM_BATCHES) -> Iterator[tuple[Extraction, Fingerprint] | InputProblem]:
    it = iter(articles)
    for n in itertools.count():
        if not (batch := list(itertools.islice(it, BATCH))):
            break
        # Past the first batches (which fill the tokenizer's cache), each batch runs in a spaCy
        # memory zone: the words it adds to the vocabulary are dropped after it, so memory stays
        # flat over any number of articles. Extractions hold plain strings, nothing of the Docs.
        with nlp.memory_zone() if n >= unzoned else contextlib.nullcontext():
            for article, doc in zip(batch, parse(nlp, (a.text for a in batch), batch_size=BATCH)):
                try:
                    yield extract(article, doc, gazetteer=gazetteer), fingerprint(article.text)
                except Exception as exc:  # noqa: BLE001 - an extractor's bug on one article must not cost the others
                    yield InputProblem(article.origin, f"kg failed to analyse this article ({type(exc).__name__}: {exc}); "
                                                       "skipped, please report this")


# Worker processes keep their model here, loaded once per process (by the pool's initializer, or
# by the first batch a Dask worker runs).
_WORKER: dict[str, object] = {}
_WORKER_LOCK = threading.Lock()


def _worker_init(model: str) -> None:
    _WORKER["nlp"] = load_pipeline(model)
    _WORKER["gazetteer"] = Gazetteer.load()
    _WORKER["model"] = model
    _WORKER["batches"] = 0
    _WORKER["loads"] = int(_WORKER.get("loads", 0)) + 1  # type: ignore[call-overload]


def worker_loads() -> int:
    """How many times this worker process has loaded a pipeline (once, unless the model changed)."""
    return int(_WORKER.get("loads", 0))  # type: ignore[call-overload]


def _worker_batch(batch: list[Article]) -> list[tuple[Extraction, Fingerprint] | InputProblem]:
    # A worker gets one batch at a time: its first batches fill the tokenizer's cache, the rest
    # run in memory zones (see _extract_all).
    _WORKER["batches"] = done = int(_WORKER.get("batches", 0)) + 1  # type: ignore[call-overload]
    return list(_extract_all(batch, _WORKER["nlp"], _WORKER["gazetteer"],  # type: ignore[arg-type]
                             unzoned=1 if done <= WARM_BATCHES else 0))


def extract_batch(batch: list[Article], model: str) -> list[tuple[Extraction, Fingerprint] | InputProblem]:
    """Extraction of one batch in a worker that loads ``model`` on its first batch (used on Dask workers)."""
    with _WORKER_LOCK:
        if _WORKER.get("model") != model:
            _worker_init(model)
    return _worker_batch(batch)


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(itertools.islice(it, size)):
        yield batch


def ordered_window(batches: Iterator[list[Article]], submit: Callable[[list[Article]], Callable[[], list]], window: int) -> Iterator[tuple[Extraction, Fingerprint] | InputProblem]:
    """Results of every batch in input order, with at most ``window`` batches in flight.

    ``submit`` starts a batch somewhere and returns a function that waits for its results. Input
    is read only as results are taken, so memory does not grow with the corpus, and results come
    back in input order, so the store does not depend on which worker finished first.
    """
    in_flight: collections.deque[Callable[[], list]] = collections.deque()
    for batch in batches:
        in_flight.append(submit(batch))
        if len(in_flight) >= window:
            yield from in_flight.popleft()()
    while in_flight:
        yield from in_flight.popleft()()


def _extract_parallel(articles: Iterable[Article], model: str, workers: int) -> Iterator[tuple[Extraction, Fingerprint] | InputProblem]:
    context = multiprocessing.get_context("spawn")  # no fork of a loaded model or an open store
    with context.Pool(workers, initializer=_worker_init, initargs=(model,)) as pool:
        yield from ordered_window(batches(articles, BATCH // 2 or 1), lambda b: pool.apply_async(_worker_batch, (b,)).get,
                                  window=2 * workers)


def build(
    paths: Iterable[str],
    *,
    store: str | None = None,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    dask: str | None = None,
    published: date | None = None,
    base: str = DEFAULT_BASE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    progress: Progress | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> BuildReport:
    """Add or update the articles under ``paths`` in the store.

    Unchanged articles (same content, same pipeline) are skipped unless ``force`` is set, which
    re-extracts them, for instance after changing the extractors. The parsing and extraction run
    here (``workers=1``), in ``workers`` local processes, or on the Dask cluster whose scheduler
    is at ``dask``; writing is always here, in input order.
    """
    if dask is not None and workers > 1:
        raise KgError("give --workers or --dask, not both: with --dask the cluster's workers do the work")
    started = time.perf_counter()
    report = BuildReport()
    minter = Minter(base)
    nlp = load_pipeline(model)
    pipeline = f"{pipeline_id(nlp)}; kg {__version__}"
    with open_store(store) as db:
        state = CorpusState.load(db, minter)
        existing = set(state.articles)

        def todo() -> Iterator[Article]:
            for item in read_articles(paths, published=published, max_bytes=max_bytes, max_chars=max_chars):
                if isinstance(item, InputProblem):
                    report.problems.append(item)
                    continue
                stored = state.articles.get(item.id)
                if not force and stored is not None and stored.content_hash == item.content_hash() and stored.pipeline == pipeline:
                    report.unchanged += 1
                    continue
                yield item

        if dask is not None:
            from kg.cluster import extract_on_cluster

            del nlp  # each worker loads its own
            results = extract_on_cluster(todo(), model=model, address=dask)
        elif workers > 1:
            del nlp  # each worker loads its own
            results = _extract_parallel(todo(), model, workers)
        else:
            results = _extract_all(todo(), nlp, Gazetteer.load())
        with OrderedWriter(db) as writer:  # the store writes while the next articles are parsed
            for result in results:
                if isinstance(result, InputProblem):
                    report.problems.append(result)
                    continue
                x, fp = result
                graph = article_graph(x, minter=minter, pipeline=pipeline, fingerprint=(fp.encode(), fp.shingles))
                writer.submit(prepare_article(db, state, x.article.id, graph, fp, content_hash=x.article.content_hash(), pipeline=pipeline))
                if x.article.id in existing:
                    report.updated += 1
                else:
                    report.added += 1
                for family in report.facts:
                    report.facts[family] += len(getattr(x, family))
                report.words += len(x.article.text.split())
                if progress is not None:
                    progress(report)
    report.seconds = time.perf_counter() - started
    return report
