"""Near-duplicate detection: MinHash signatures of word shingles, and the containment they imply.

Two copies of one story differ by a paragraph or a caption, so resemblance (Jaccard) understates
them; kg compares *containment*, the share of the shorter text's shingles found in the longer
one, estimated from the signatures and shingle counts alone, so that no article text needs to be
kept to compare a new article against the store.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

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


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set contained in the larger."""
    if not a.shingles or not b.shingles:
        return 0.0
    same = sum(x == y for x, y in zip(a.signature, b.signature)) / PERMUTATIONS
    overlap = same * (a.shingles + b.shingles) / (1 + same)
    return min(1.0, overlap / min(a.shingles, b.shingles))
