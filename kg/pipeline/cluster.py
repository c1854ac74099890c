"""Parsing and extraction on a Dask distributed cluster, for ``kg build --dask ADDRESS``.

The articles are sent to the workers in batches, a few per worker at a time, as the input is read;
each worker loads the spaCy pipeline on its first batch and keeps it (``kg.pipeline.workers.extract_batch``).
Results come back in input order and are written to the store by the building process as they
arrive, so the graph is the same as a single-process build's. Workers need kg and the pipeline
installed, as the building machine has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.errors import KgError
from kg.pipeline.workers import BATCH, batches, extract_batch, ordered_window
from kg.records import Article, Extraction
from kg.resolve.duplicates import Fingerprint

INSTALL_HINT = "kg build --dask needs Dask's distributed scheduler: pip install 'dask[distributed]' (kg's 'cluster' extra)"


def extract_on_cluster(articles: Iterable[Article], *, model: str, address: str) -> Iterator[tuple[Extraction, Fingerprint]]:
    """(extraction, fingerprint) of every article, in input order, computed on the cluster at ``address``."""
    try:
        from distributed import Client
    except ImportError:
        raise KgError(INSTALL_HINT) from None
    try:
        client = Client(address, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        workers = max(1, sum(client.nthreads().values()))

        def submit(batch: list[Article]):  # noqa: ANN202 - returns the future's result method
            # pure=False: the same batch sent twice (a re-run) is computed again, never served from a cache.
            return client.submit(extract_batch, batch, model, pure=False).result

        yield from ordered_window(batches(articles, BATCH // 2 or 1), submit, window=2 * workers)
