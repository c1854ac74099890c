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
from kg.ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, count_inputs, read_articles
from kg.nlp import DEFAULT_MODEL, load_pipeline, pipeline_id
from kg.pipeline.gcpace import build_pace
from kg.pipeline.workers import extract_all, extract_parallel
from kg.rdf.graph import FAMILIES, article_graph
from kg.rdf.namespace import DEFAULT_BASE, Minter
from kg.records import Article, InputProblem
from kg.resolve.data import tables_digest
from kg.resolve.duplicates import fingerprint
from kg.resolve.gazetteer import Gazetteer
from kg.store import open_store
from kg.store.writer import CorpusState, OrderedWriter, count_reports, prepare_article


@dataclass
class BuildReport:
    """What a build did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    # Reports in the articles written, by family: one per fact and article, as the named queries
    # count their rows (a near-duplicate's repeats of its original left out).
    reports: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAMILIES, 0))
    total: int | None = None  # inputs to deal with (see kg.ingest.count_inputs), counted ahead when progress is shown
    words: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[InputProblem]:
        """Inputs that did not become articles (as opposed to notes on articles that did)."""
        return [p for p in self.problems if p.skipped]

    @property
    def written(self) -> int:
        return self.added + self.updated

    @property
    def done(self) -> int:
        """Inputs dealt with so far: articles written or unchanged, and inputs skipped (what ``total`` counts)."""
        return self.written + self.unchanged + len(self.failed)


Progress = Callable[[BuildReport], None]

# Below this share of MinHash values in common (an estimate of the share of five-word phrases in
# common), a stored article and the input of the same id are taken to be two different stories:
# an edited or corrected version of a story keeps most of its phrases.
ANOTHER_STORY = 0.1


def _replaced_by_another(state: CorpusState, article: Article) -> InputProblem | None:
    """A note when the input replaces a stored article of the same id that tells another story.

    An article's id is its file's name without the suffix, so two files named alike in two folders,
    built one after the other, would otherwise replace each other without a word.
    """
    stored = state.duplicates.fingerprints.get(article.id)
    if stored is None or not stored.shingles:
        return None
    new = fingerprint(article.text)
    alike = sum(a == b for a, b in zip(stored.signature, new.signature)) / len(new.signature)
    if alike >= ANOTHER_STORY:
        return None
    return InputProblem(article.origin, f"replaces the stored article {article.id!r}, whose text is another story "
                                        "(about none of it in common): if that came from a file of the same name in another "
                                        "folder, it is gone from the store now; rename one of the two files to keep both "
                                        "(kg names an article after its file)", skipped=False)


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
    if progress is not None:
        paths = list(paths)
        report.total = count_inputs(paths)
    minter = Minter(base)
    nlp = load_pipeline(model)
    pipeline = pipeline_version(nlp)
    # loaded before the build's pace begins, which then leaves its names out of the collector's walks
    gazetteer = Gazetteer.load() if dask is None and workers == 1 else None
    with build_pace(), open_store(store) as db:
        state = CorpusState.load(db, minter)
        existing = set(state.articles)
        if progress is not None:
            progress(report)  # the bar starts now, so its rate and time left count the first batch's parsing too

        def todo() -> Iterator[Article]:
            for item in read_articles(paths, published=published, max_bytes=max_bytes, max_chars=max_chars):
                if isinstance(item, InputProblem):
                    report.problems.append(item)
                    if item.skipped and progress is not None:
                        progress(report)
                    continue
                stored = state.articles.get(item.id)
                if not force and stored is not None and stored.content_hash == item.content_hash() and stored.pipeline == pipeline:
                    report.unchanged += 1
                    if progress is not None:
                        progress(report)
                    continue
                if stored is not None and (note := _replaced_by_another(state, item)) is not None:
                    report.problems.append(note)
                yield item

        if dask is not None:
            from kg.pipeline.cluster import extract_on_cluster

            del nlp  # each worker loads its own
            results = extract_on_cluster(todo(), model=model, address=dask)
        elif workers > 1:
            del nlp  # each worker loads its own
            results = extract_parallel(todo(), model, workers)
        else:
            results = extract_all(todo(), nlp, gazetteer or Gazetteer.load())
        written = []
        with OrderedWriter(db) as writer:  # the store writes while the next articles are parsed
            for result in results:
                if isinstance(result, InputProblem):
                    report.problems.append(result)
                    if progress is not None:
                        progress(report)
                    continue
                x, fp = result
                graph = article_graph(x, minter=minter, pipeline=pipeline, fingerprint=(fp.encode(), fp.shingles))
                writer.submit(prepare_article(db, state, x.article.id, graph, fp, content_hash=x.article.content_hash(), pipeline=pipeline))
                if x.article.id in existing:
                    report.updated += 1
                else:
                    report.added += 1
                written.append(minter.article(x.article.id))
                report.words += len(x.article.text.split())
                if progress is not None:
                    progress(report)
        report.reports = count_reports(db, FAMILIES, articles=written)
    report.seconds = time.perf_counter() - started
    return report
