"""Near-duplicate links: kept in step incrementally, equal to recomputing them all, at linear cost per cluster."""

from __future__ import annotations

import random

import pytest

from kg.resolve.duplicates import DuplicateIndex, fingerprint, originals

WORDS = [f"w{i}" for i in range(400)]


def wire_copies(rng: random.Random, stories: int, copies: int) -> dict[str, str]:
    """Texts of ``stories`` stories, each run by ``copies`` outlets with a line or two of their own."""
    texts = {}
    for s in range(stories):
        story = " ".join(rng.choice(WORDS) for _ in range(120))
        for c in range(copies):
            extra = " ".join(rng.choice(WORDS) for _ in range(rng.choice([0, 0, 5, 12])))
            texts[f"s{s}-c{c:03d}"] = f"{story} {extra}".strip()
    return texts


def recomputed(index: DuplicateIndex) -> dict[str, str]:
    """Every link decided from scratch, the definition the incremental index must agree with."""
    return originals(index.fingerprints)


@pytest.mark.parametrize("seed", range(6))
def test_incremental_links_equal_recomputed_links(seed):
    rng = random.Random(seed)
    texts = wire_copies(rng, stories=3, copies=12)
    index, stored = DuplicateIndex(), {}  # stored: the links as the writer leaves them in the corpus graph
    ids = list(texts)
    for step in range(120):
        article = rng.choice(ids)
        roll = rng.random()
        if roll < 0.6:
            fp = fingerprint(texts[article])
        elif roll < 0.8:  # an updated article: another copy's text, or its own with a line more
            fp = fingerprint(texts[rng.choice(ids)] + (" w1 w2 w3 w4 w5 w6" if rng.random() < 0.5 else ""))
        else:
            fp = None
        affected, links = index.relink(article, fp)
        assert set(links) <= affected
        for a in affected:
            stored.pop(a, None)
        stored.update(links)
        assert index.links == recomputed(index), f"step {step}"
        assert stored == index.links, f"step {step}"


def test_a_cluster_of_copies_costs_one_comparison_pass_per_article(monkeypatch):
    """Each new copy of a wire story used to recompute the link of every copy before it (cubic in all)."""
    texts = wire_copies(random.Random(1), stories=1, copies=200)
    index = DuplicateIndex()
    passes = 0
    similar = DuplicateIndex._similar

    def counted(self, fp, exclude):  # noqa: ANN001, ANN202
        nonlocal passes
        passes += 1
        return similar(self, fp, exclude)

    monkeypatch.setattr(DuplicateIndex, "_similar", counted)
    written = 0
    for article, text in texts.items():
        _, links = index.relink(article, fingerprint(text))
        written += len(links)
    assert len(index.links) == 199  # every copy but the original is linked
    assert passes <= 2 * len(texts), passes
    assert written <= 3 * len(texts), written  # links rewritten in the store, not all of them each time
