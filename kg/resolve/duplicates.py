"""Near-duplicate articles: MinHash signatures of word shingles, and an index that links each copy to its original.

Two copies of one story differ by a paragraph or a caption, so resemblance (Jaccard) understates
them; kg compares *containment*, the share of the shorter text's shingles found in the longer
one, estimated from the signatures and shingle counts alone, so that no article text needs to be
kept to compare a new article against the store.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np

SHINGLE_WORDS = 5
PERMUTATIONS = 64
DUPLICATE_CONTAINMENT = 0.75
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20220302)  # fixed: signatures must agree across runs and machines
_A = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    signature: tuple[int, ...]
    shingles: int

    def encode(self) -> str:
        return "".join(f"{v:08x}" for v in self.signature)

    @classmethod
    def decode(cls, text: str, shingles: int) -> Fingerprint:
        return cls(tuple(int(text[i:i + 8], 16) for i in range(0, len(text), 8)), shingles)


def fingerprint(text: str) -> Fingerprint:
    words = re.findall(r"\w+", text.lower())
    grams = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    hashes = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))
    # (a*x + b) mod p on 64-bit integers overflows; the low 32 bits of the product are mixing enough
    # for MinHash, and uint64 arithmetic wraps deterministically.
    mixed = (hashes[:, None] * _A[None, :] + _B[None, :]) & np.uint64(0xFFFFFFFF)
    signature = mixed.min(axis=0) if len(grams) else np.zeros(PERMUTATIONS, dtype=np.uint64)
    return Fingerprint(tuple(int(v) for v in signature), len(grams))


def originals(fingerprints: dict[str, Fingerprint]) -> dict[str, str]:
    """Each article's original decided from scratch by comparing it with every article.

    This is the definition ``DuplicateIndex`` keeps in step one change at a time; checks compare
    the two. An article duplicates the most similar longer article (then the one with the smaller
    id) that contains at least ``DUPLICATE_CONTAINMENT`` of its shingles.
    """
    ids = sorted(fingerprints)
    if not ids:
        return {}
    matrix = np.array([fingerprints[i].signature for i in ids], dtype=np.uint64).reshape(-1, PERMUTATIONS)
    sizes = np.array([fingerprints[i].shingles for i in ids], dtype=float)
    out = {}
    for a in ids:
        fp = fingerprints[a]
        contain = _containment(matrix, sizes, fp)
        claims = [(-float(contain[i]), -int(sizes[i]), ids[i]) for i in np.nonzero(contain >= DUPLICATE_CONTAINMENT)[0]
                  if ids[i] != a and _may_copy(fp.shingles, a, int(sizes[i]), ids[i])]
        if claims:
            out[a] = min(claims)[2]
    return out


def _may_copy(shingles: int, article_id: str, other_shingles: int, other: str) -> bool:
    """Whether an article may be a copy of ``other``: the original is the longer text (then the smaller id)."""
    return other_shingles > shingles or other_shingles == shingles and other < article_id


@dataclass
class DuplicateIndex:
    """Which stored article each article near-duplicates, kept in step as articles come and go.

    The link is a function of the set of articles, not of their order: an article duplicates the
    most similar longer article (then the one with the smaller id) that contains at least
    ``DUPLICATE_CONTAINMENT`` of its shingles.
    """

    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # duplicate id -> original id
    _ids: list[str] = field(default_factory=list)
    _row: dict[str, int] = field(default_factory=dict)
    _matrix: np.ndarray | None = None
    _sizes: np.ndarray | None = None
    _scores: dict[str, tuple[str, float]] = field(default_factory=dict)  # duplicate id -> (original, containment)

    def _rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The fingerprints as a signature matrix and a shingle-count vector, one row per article.

        Kept between articles and patched in place (rows of removed articles are swapped out), so
        each article costs one comparison pass, not a rebuild of the matrix from every fingerprint.
        """
        if self._matrix is None:
            self._ids = sorted(self.fingerprints)
            self._row = {i: n for n, i in enumerate(self._ids)}
            self._matrix = np.array([self.fingerprints[i].signature for i in self._ids], dtype=np.uint64).reshape(-1, PERMUTATIONS)
            self._sizes = np.array([self.fingerprints[i].shingles for i in self._ids], dtype=float)
        n = len(self._ids)
        return self._matrix[:n], self._sizes[:n]

    def _set_fingerprint(self, article_id: str, fp: Fingerprint | None) -> None:
        if fp is None:
            self.fingerprints.pop(article_id, None)
        else:
            self.fingerprints[article_id] = fp
        if self._matrix is None:
            return
        row = self._row.get(article_id)
        if fp is None:
            if row is not None:  # move the last row into the hole
                last = len(self._ids) - 1
                self._matrix[row], self._sizes[row] = self._matrix[last], self._sizes[last]
                self._ids[row] = self._ids[last]
                self._row[self._ids[row]] = row
                self._ids.pop()
                del self._row[article_id]
            return
        if row is None:
            row = len(self._ids)
            if row == len(self._matrix):  # grow by doubling
                self._matrix = np.resize(self._matrix, (max(64, 2 * row), PERMUTATIONS))
                self._sizes = np.resize(self._sizes, max(64, 2 * row))
            self._ids.append(article_id)
            self._row[article_id] = row
        self._matrix[row] = np.array(fp.signature, dtype=np.uint64)
        self._sizes[row] = fp.shingles

    def _similar(self, fp: Fingerprint, exclude: str) -> list[tuple[str, float]]:
        """(id, containment) of every stored article that shares most of its text with ``fp``.

        Containment is the estimated share of the smaller shingle set found in the larger, from
        the signatures' agreement (a resemblance) and the two shingle counts.
        """
        matrix, sizes = self._rows()
        if not len(sizes):
            return []
        contain = _containment(matrix, sizes, fp)
        return sorted((self._ids[i], float(contain[i])) for i in np.nonzero(contain >= DUPLICATE_CONTAINMENT)[0] if self._ids[i] != exclude)

    def _pair(self, a: str, b: str) -> float:
        """The containment of two stored articles, computed exactly as ``_similar`` computes it."""
        other = self.fingerprints[b]
        row = np.array([other.signature], dtype=np.uint64)
        return float(_containment(row, np.array([other.shingles], dtype=float), self.fingerprints[a])[0])

    def _may_copy(self, article_id: str, other: str) -> bool:
        """Whether ``article_id`` may be a copy of ``other``: the original is the longer text (then the smaller id)."""
        mine, theirs = self.fingerprints[article_id].shingles, self.fingerprints[other].shingles
        return theirs > mine or theirs == mine and other < article_id

    def _score(self, article_id: str, original: str) -> float:
        """The containment of an article and its original, remembered: a big cluster asks for it often."""
        known = self._scores.get(article_id)
        if known is None or known[0] != original:
            known = self._scores[article_id] = (original, self._pair(article_id, original))
        return known[1]

    def _better(self, article_id: str, candidate: str, containment: float, current: str) -> bool:
        """Whether ``candidate`` (at ``containment``) beats ``current`` as the original of ``article_id``."""
        mine = (containment, self.fingerprints[candidate].shingles)
        theirs = (self._score(article_id, current), self.fingerprints[current].shingles)
        return mine > theirs or mine == theirs and candidate < current

    def _original_of(self, article_id: str) -> str | None:
        """The article this one duplicates: the most similar longer one (then the smallest id)."""
        fp = self.fingerprints.get(article_id)
        if fp is None:
            return None
        candidates = sorted(
            (other, c, self.fingerprints[other].shingles) for other, c in self._similar(fp, article_id)
            if self._may_copy(article_id, other)
        )
        # max() keeps the first of equals, and the candidates are in id order.
        return max(candidates, key=lambda c: (c[1], c[2]))[0] if candidates else None

    def _set_link(self, article_id: str, original: str | None, containment: float | None = None) -> None:
        self._scores.pop(article_id, None)
        if original is None:
            self.links.pop(article_id, None)
            return
        self.links[article_id] = original
        if containment is not None:
            self._scores[article_id] = (original, containment)

    def relink(self, changed: str, fingerprint: Fingerprint | None) -> tuple[set[str], dict[str, str]]:
        """Record an article's new fingerprint (None: removed); the articles whose links changed and their new links.

        Only what the change can move is recomputed, so that a cluster of k copies of one wire
        story costs k comparison passes, not k for each of its k articles: the changed article's
        own link; the links of articles that took its old version as their original; and, among the
        articles its new version resembles, those it now beats as an original.
        """
        affected = {changed}
        orphans = sorted(d for d, o in self.links.items() if o == changed)
        self._set_fingerprint(changed, fingerprint)
        for a in orphans:
            self._set_link(a, self._original_of(a))
        affected.update(orphans)
        self._set_link(changed, None)
        if fingerprint is not None:
            best: tuple[str, float] | None = None
            for other, c in self._similar(fingerprint, changed):
                if self._may_copy(changed, other):
                    if best is None or (c, self.fingerprints[other].shingles) > (best[1], self.fingerprints[best[0]].shingles):
                        best = (other, c)  # ids come in order: the first of equals is the smallest
                elif (current := self.links.get(other)) is None or self._better(other, changed, c, current):
                    self._set_link(other, changed, c)
                    affected.add(other)
            self._set_link(changed, *(best or (None, None)))
        return affected, {a: self.links[a] for a in affected if a in self.links}


def _containment(matrix: np.ndarray, sizes: np.ndarray, fp: Fingerprint) -> np.ndarray:
    """For each row, the estimated share of the smaller shingle set found in the larger."""
    same = (matrix == np.array(fp.signature, dtype=np.uint64)).mean(axis=1)
    overlap = same * (sizes + fp.shingles) / (1 + same)
    return np.minimum(1.0, overlap / np.maximum(1, np.minimum(sizes, fp.shingles)))
