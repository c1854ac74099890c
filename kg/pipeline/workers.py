"""Parsing and extraction, in this process or in worker processes, in input order.

Each worker process (a local pool's, or a Dask worker) loads the spaCy pipeline and the gazetteer
once and keeps them. Articles go out in batches, at most a window of batches in flight, and results
come back in input order, so the store's content does not depend on which worker finished first.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language

from kg.extract import extract
from kg.nlp import load_pipeline, parse
from kg.pipeline.gcpace import pace_for_build
from kg.records import Article, Extraction, InputProblem
from kg.resolve.duplicates import Fingerprint, fingerprint
from kg.resolve.gazetteer import Gazetteer

BATCH = 32
WARM_BATCHES = 2

Result = tuple[Extraction, Fingerprint] | InputProblem


def extract_all(articles: Iterable[Article], nlp: Language, gazetteer: Gazetteer, *,
                 unzoned: int = WARM_BATCHES) -> Iterator[Result]:
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


def _pool_init(model: str) -> None:
    """A local pool's worker: the model, and the collector at a build's pace (the process does nothing else)."""
    _worker_init(model)
    pace_for_build()


def worker_loads() -> int:
    """How many times this worker process has loaded a pipeline (once, unless the model changed)."""
    return int(_WORKER.get("loads", 0))  # type: ignore[call-overload]


def _worker_batch(batch: list[Article]) -> list[Result]:
    # A worker gets one batch at a time: its first batches fill the tokenizer's cache, the rest
    # run in memory zones (see extract_all).
    _WORKER["batches"] = done = int(_WORKER.get("batches", 0)) + 1  # type: ignore[call-overload]
    return list(extract_all(batch, _WORKER["nlp"], _WORKER["gazetteer"],  # type: ignore[arg-type]
                             unzoned=1 if done <= WARM_BATCHES else 0))


def extract_batch(batch: list[Article], model: str) -> list[Result]:
    """Extraction of one batch in a worker that loads ``model`` on its first batch (used on Dask workers)."""
    with _WORKER_LOCK:
        if _WORKER.get("model") != model:
            _worker_init(model)
    return _worker_batch(batch)


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(itertools.islice(it, size)):
        yield batch


def ordered_window(batches: Iterator[list[Article]], submit: Callable[[list[Article]], Callable[[], list]], window: int) -> Iterator[Result]:
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


def extract_parallel(articles: Iterable[Article], model: str, workers: int) -> Iterator[Result]:
    context = multiprocessing.get_context("spawn")  # no fork of a loaded model or an open store
    with context.Pool(workers, initializer=_pool_init, initargs=(model,)) as pool:
        yield from ordered_window(batches(articles, BATCH // 2 or 1), lambda b: pool.apply_async(_worker_batch, (b,)).get,
                                  window=2 * workers)
