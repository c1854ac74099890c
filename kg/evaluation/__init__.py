"""``kg eval``: a store's facts scored against gold, family by family, through the named queries.

Gold comes as one file (``tests/gold/seeds.json``, the seeds' regression check) or as the blind
set's folder (``tests/gold/blind``: real articles annotated before kg was run on them, split into a
dev part to tune on and a test part to report). Names are compared spelling-insensitively against
lists of acceptable names.
"""

from __future__ import annotations

from pathlib import Path

from kg.evaluation.gold import Gold, load, read_texts
from kg.evaluation.match import match_pairs, names_match, text_overlap
from kg.evaluation.report import format_details, format_scores
from kg.evaluation.score import Score, score_part
from kg.query import Table

QUERIES = ("articles", "entities", "roles", "quotes", "attacks", "figures", "contested_figures")

__all__ = ["QUERIES", "Gold", "Score", "evaluate", "format_details", "format_scores", "load", "match_pairs",
           "names_match", "read_texts", "text_overlap"]


def evaluate(gold: str | Path | Gold, tables: dict[str, Table], labels: dict[str, set[str]], *,
             texts: dict[str, str] | None = None, parts: tuple[str, ...] = ()) -> list[Score]:
    """Scores of every family on every part of the gold (or the ``parts`` asked for), from the named queries' tables."""
    loaded = gold if isinstance(gold, Gold) else load(gold, texts=texts)
    rows = {name: t.records() for name, t in tables.items()}
    scores: list[Score] = []
    for part in loaded.parts:
        if not parts or part in parts:
            scores += score_part(loaded.part(part), rows, labels, part)
    return scores
