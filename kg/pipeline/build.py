"""Build or update a store from input paths: read, parse, extract, write, one article at a time.

Articles are streamed: memory does not grow with the corpus. An article whose content and
pipeline are unchanged since it was stored is skipped before parsing, so re-running a build on
the same input costs little more than reading it. With ``workers > 1`` the parsing and extraction
run in that many processes, each loading the model once; writing stays in this process, in input
order, so the store's content does not depend on the number of workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from kg import __version__
from kg.errors import KgError
from kg.ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, read_articles
from kg.nlp import DEFAULT_MODEL, load_pipeline, pipeline_id
from kg.pipeline.workers import extract_all, extract_parallel
from kg.rdf.graph import article_graph
from kg.rdf.namespace import DEFAULT_BASE, Minter
from kg.records import Article, InputProblem
from kg.resolve.data import tables_digest
from kg.resolve.gazetteer import Gazetteer
from kg.store import open_store
from kg.store.writer import CorpusState, OrderedWriter, prepare_article


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


def pipeline_version(nlp) -> str:  # noqa: ANN001 - a spaCy Language
    """What an article's graph was made with: the model, kg's version and its tables' digest."""
    return f"{pipeline_id(nlp)}; kg {__version__}; tables {tables_digest()}"


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
    pipeline = pipeline_version(nlp)
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
            from kg.pipeline.cluster import extract_on_cluster

            del nlp  # each worker loads its own
            results = extract_on_cluster(todo(), model=model, address=dask)
        elif workers > 1:
            del nlp  # each worker loads its own
            results = extract_parallel(todo(), model, workers)
        else:
            results = extract_all(todo(), nlp, Gazetteer.load())
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
