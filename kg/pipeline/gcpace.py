"""How often Python's cyclic garbage collector runs while kg builds.

Parsing and extraction make millions of short-lived objects (spaCy's Tokens and Spans, the
records, rdflib's terms), almost none of them in reference cycles: each is freed the moment it is
dropped. At its default pace the collector still walks the young objects every 700 allocations and,
every hundred such walks, everything alive, the model and the gazetteer's names included, to find
next to nothing. A build asks it far less often, and leaves the objects alive when the build
starts (the loaded model, the tables read so far) out of its walks: about a tenth of kg's own share
of a build's time (``bench/throughput.py``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

BUILD_THRESHOLDS = (50_000, 50, 100)  # allocations before a young walk; young walks per middle; middle per full


def pace_for_build() -> None:
    """Set this process's collector to a build's pace for good (a worker process that only builds)."""
    gc.freeze()
    gc.set_threshold(*BUILD_THRESHOLDS)


@contextlib.contextmanager
def build_pace() -> Iterator[None]:
    """A build's pace within the block; the collector's own settings again after it."""
    before = gc.get_threshold()
    pace_for_build()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
