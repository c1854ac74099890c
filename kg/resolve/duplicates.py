"""Near-duplicate articles: MinHash signatures of word shingles, and an index that links each copy to its original.

Two copies of one story differ by a paragraph or a caption, so resemblance (Jaccard) understates
them; kg compares *containment*, the share of the shorter text's shingles found in the longer
one, estimated from the signatures and shingle counts alone, so that no article text needs to be
kept to compare a new article against the store.
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

SHINGLE_WORDS = 5
PERMUTATIONS = 64
DUPLICATE_CONTAINMENT = 0.75
# A new article joins the group whose center it differs from in the fewest positions, if at most
# this many; otherwise it starts a group of its own. Only the index's speed depends on it.
JOIN_DEVIATIONS = 16
_ALL = (1 << PERMUTATIONS) - 1
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20220302)  # fixed: signatures must agree across runs and machines
_A = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)

# How good an original is for a copy, as (-containment, -shingles, id): the smallest claim wins, so
# the most similar, then the longest, then the smallest id.
_Claim = tuple[float, int, str]


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


def _containment_at(agree: int, shingles: int, other: int) -> float:
    """The estimated share of the smaller shingle set found in the larger, from how many signature positions agree.

    The float operations are ``_containment``'s, in its order, so that the index and the definition
    it keeps in step (``originals``) meet the same ties.
    """
    same = agree / PERMUTATIONS
    overlap = same * (other + shingles) / (1 + same)
    return min(1.0, overlap / max(1, min(other, shingles)))


def _containment(matrix: np.ndarray, sizes: np.ndarray, fp: Fingerprint) -> np.ndarray:
    """For each row, the estimated share of the smaller shingle set found in the larger."""
    same = (matrix == np.array(fp.signature, dtype=np.uint64)).mean(axis=1)
    overlap = same * (sizes + fp.shingles) / (1 + same)
    return np.minimum(1.0, overlap / np.maximum(1, np.minimum(sizes, fp.shingles)))


def _may_copy(shingles: int, article_id: str, other_shingles: int, other: str) -> bool:
    """Whether an article may be a copy of ``other``: the original is the longer text (then the smaller id)."""
    return other_shingles > shingles or other_shingles == shingles and other < article_id


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


def _bits(mask: int) -> list[int]:
    """The positions of a bit mask's set bits."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _agreement(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return sum(x == y for x, y in zip(a, b, strict=True))


@dataclass(frozen=True, slots=True)
class _Place:
    """Where an article sits: its group, and the positions (bits) where its signature leaves the group's center."""

    group: int
    deviations: int

    @property
    def spread(self) -> int:
        return self.deviations.bit_count()


@dataclass(eq=False, slots=True)
class _Group:
    """Members described against one center: per position, the values members hold instead of the center's."""

    members: set[str] = field(default_factory=set)
    held: dict[int, dict[int, int]] = field(default_factory=dict)  # position -> deviating value -> members holding it
    spread: dict[int, int] = field(default_factory=dict)  # position -> members deviating there

    def majority(self, position: int) -> int:
        """How many members hold the center's value at ``position``."""
        return len(self.members) - self.spread.get(position, 0)


@dataclass(frozen=True, slots=True)
class _Probe:
    """An article as the index compares it: its size, and where its signature meets each group."""

    id: str
    shingles: int
    matches: dict[int, int]  # group -> positions (bits) where the signature holds the center's value
    echoes: dict[str, int]  # member -> positions where the signature holds that member's own deviating value

    def agreement(self, place: _Place, member: str) -> int:
        """In how many positions the signature agrees with a member's, from its place alone."""
        return (self.matches.get(place.group, 0) & ~place.deviations).bit_count() + self.echoes.get(member, 0)


@dataclass
class _Groups:
    """Near-identical signatures grouped around a center: at each position, the value most members hold.

    A member is kept as the few positions where it leaves its center, so that an article meets a
    whole cluster of wire copies through one comparison with the center (the vectorised pass is
    over centers, not articles) plus the positions where copies differ, in O(1) per copy instead
    of 64 signature comparisons per copy. The grouping is a matter of speed only: comparisons made
    through it are exact for any grouping.
    """

    place: dict[str, _Place] = field(default_factory=dict)
    groups: dict[int, _Group] = field(default_factory=dict)
    revision: int = 0  # counts center changes: matches taken before a change are stale after it
    _echo: dict[tuple[int, int], set[str]] = field(default_factory=dict)  # (position, value) -> members deviating to it
    _rows: np.ndarray = field(default_factory=lambda: np.zeros((0, PERMUTATIONS), dtype=np.uint64))
    _order: list[int] = field(default_factory=list)  # the group of each row of centers
    _row_of: dict[int, int] = field(default_factory=dict)
    _next: int = 0

    def matches(self, signature: tuple[int, ...]) -> dict[int, int]:
        """For each center sharing a value with ``signature``, the positions (bits) where they agree."""
        n = len(self._order)
        if not n:
            return {}
        equal = self._rows[:n] == np.array(signature, dtype=np.uint64)
        hit = np.nonzero(equal.any(axis=1))[0]
        bits = np.packbits(equal[hit], axis=1, bitorder="little")
        return {self._order[r]: int.from_bytes(b.tobytes(), "little") for r, b in zip(hit.tolist(), bits, strict=True)}

    def echoes(self, signature: tuple[int, ...]) -> dict[str, int]:
        """For each member that leaves its center for ``signature``'s value somewhere, in how many positions."""
        out: dict[str, int] = {}
        for p, v in enumerate(signature):
            for m in self._echo.get((p, v), ()):
                out[m] = out.get(m, 0) + 1
        return out

    def settle(self, signatures: dict[str, tuple[int, ...]]) -> None:
        """Place articles known to be copies of one another (or one article) as a new group around their commonest values."""
        ordered = sorted(signatures)
        center = [max(Counter(signatures[m][p] for m in ordered).items(), key=lambda kv: (kv[1], -kv[0]))[0]
                  for p in range(PERMUTATIONS)]
        group = self._found(center)
        for m in ordered:
            self._attach(group, m, signatures[m], sum(1 << p for p, v in enumerate(signatures[m]) if v != center[p]))

    def join(self, member: str, signature: tuple[int, ...], found: dict[int, int]) -> dict[str, _Place]:
        """Place a new member near the center it agrees with most (``found``: its matches); members moved, with old places."""
        best = min(found.items(), key=lambda kv: (-kv[1].bit_count(), kv[0]), default=None)
        if best is None or PERMUTATIONS - best[1].bit_count() > JOIN_DEVIATIONS:
            best = (self._found(signature), _ALL)
        group, agree = best
        self._attach(group, member, signature, _ALL & ~agree)
        moved: dict[str, _Place] = {}
        for p in _bits(_ALL & ~agree):
            g = self.groups[group]
            if g.held.get(p, {}).get(signature[p], 0) > g.majority(p):  # the newcomer's value now outnumbers the center's
                for m, old in self._recenter(group, p, signature[p]).items():
                    moved.setdefault(m, old)
        moved.pop(member, None)
        return moved

    def leave(self, member: str, signature: tuple[int, ...]) -> dict[str, _Place]:
        """Take a member out; the members whose places moved (its group's center may change), with their old places."""
        place = self.place.pop(member)
        g = self.groups[place.group]
        g.members.discard(member)
        for p in _bits(place.deviations):
            self._release(place.group, member, p, signature[p])
        if not g.members:
            self._drop(place.group)
            return {}
        moved: dict[str, _Place] = {}
        for p in sorted(g.spread):  # only where most members deviate can a deviating value outnumber the center's
            if 2 * g.spread[p] > len(g.members):
                value, count = max(g.held[p].items(), key=lambda kv: (kv[1], -kv[0]))
                if count > g.majority(p):
                    for m, old in self._recenter(place.group, p, value).items():
                        moved.setdefault(m, old)
        return moved

    def _attach(self, group: int, member: str, signature: tuple[int, ...], deviations: int) -> None:
        self.place[member] = _Place(group, deviations)
        self.groups[group].members.add(member)
        for p in _bits(deviations):
            self._hold(group, member, p, signature[p])

    def _hold(self, group: int, member: str, position: int, value: int) -> None:
        g = self.groups[group]
        held = g.held.setdefault(position, {})
        held[value] = held.get(value, 0) + 1
        g.spread[position] = g.spread.get(position, 0) + 1
        self._echo.setdefault((position, value), set()).add(member)

    def _release(self, group: int, member: str, position: int, value: int) -> None:
        g = self.groups[group]
        held = g.held[position]
        held[value] -= 1
        if not held[value]:
            del held[value]
            if not held:
                del g.held[position]
        g.spread[position] -= 1
        if not g.spread[position]:
            del g.spread[position]
        echo = self._echo[(position, value)]
        echo.discard(member)
        if not echo:
            del self._echo[(position, value)]

    def _recenter(self, group: int, position: int, value: int) -> dict[str, _Place]:
        """Make ``value`` the center's at ``position``: its holders stop deviating there, the old center's holders start.

        This walks the group's members, but happens only when a value overtakes the center's, which
        copies that each add a line of their own never do once the group has a few members.
        """
        self.revision += 1
        row = self._row_of[group]
        old = int(self._rows[row, position])
        bit = 1 << position
        risen = sorted(m for m in self._echo.get((position, value), ()) if self.place[m].group == group)
        fallen = sorted(m for m in self.groups[group].members if not self.place[m].deviations & bit)
        moved = {m: self.place[m] for m in risen + fallen}
        for m in risen:
            self._release(group, m, position, value)
            self.place[m] = _Place(group, self.place[m].deviations & ~bit)
        for m in fallen:
            self._hold(group, m, position, old)
            self.place[m] = _Place(group, self.place[m].deviations | bit)
        self._rows[row, position] = value
        return moved

    def _found(self, center: tuple[int, ...] | list[int]) -> int:
        """A new, empty group around ``center``."""
        group, self._next = self._next, self._next + 1
        row = len(self._order)
        if row == len(self._rows):  # grow by doubling
            self._rows = np.resize(self._rows, (max(64, 2 * row), PERMUTATIONS))
        self._rows[row] = np.array(center, dtype=np.uint64)
        self._order.append(group)
        self._row_of[group] = row
        self.groups[group] = _Group()
        return group

    def _drop(self, group: int) -> None:
        """Forget an empty group; the last row of centers moves into its hole."""
        row, last = self._row_of.pop(group), len(self._order) - 1
        if row != last:
            self._rows[row] = self._rows[last]
            self._order[row] = self._order[last]
            self._row_of[self._order[row]] = row
        self._order.pop()
        del self.groups[group]


@dataclass
class DuplicateIndex:
    """Which stored article each article near-duplicates, kept in step as articles come and go.

    The link is a function of the set of articles, not of their order (``originals`` computes it
    from scratch). A change costs about as much as the links it moves, not as the clusters it
    touches: a new copy of a wire story finds its original by branch and bound over the group's
    copies, best bound first, and finds the copies it now beats among those whose current original
    it could beat at all (see ``_file``), so k copies of a story cost O(k) comparisons, not O(k^2).
    Copies that each carry much text of their own (differing from one another in a tenth of the
    signature or more) still cost comparisons in proportion to the cluster, only fewer: which of
    them agrees best with a newcomer depends on where their own positions overlap its own.
    """

    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # duplicate id -> original id
    _groups: _Groups | None = None  # built at the first change, from the fingerprints and links as loaded
    _claims: dict[str, _Claim] = field(default_factory=dict)  # duplicate id -> its original's claim
    _copies: dict[str, set[str]] = field(default_factory=dict)  # original id -> its duplicates
    # group -> deviations -> (-shingles, id), sorted: the order in which copies are tried as originals
    _shelves: dict[int, dict[int, list[tuple[int, str]]]] = field(default_factory=dict)
    # group -> (size, flag, id, member), sorted: the smallest newcomer that could take each member over (see _file)
    _watch: dict[int, list[tuple[int, int, str, str]]] = field(default_factory=dict)
    _filed: dict[str, tuple[int, tuple[int, int, str, str] | None]] = field(default_factory=dict)

    def relink(self, changed: str, fingerprint: Fingerprint | None) -> tuple[set[str], dict[str, str]]:
        """Record an article's new fingerprint (None: removed); the articles whose links changed and their new links.

        Only what the change can move is recomputed: the changed article's own link; the links of
        articles that took its old version as their original; and the articles its new version
        now beats as an original.
        """
        self._ready()
        orphans = sorted(self._copies.get(changed, ()))
        if changed in self.fingerprints:
            self._withdraw(changed)
        probe = self._admit(changed, fingerprint) if fingerprint is not None else None
        for a in orphans:
            self._set_link(a, self._original_for(self._probe(a)))
        affected = {changed, *orphans}
        if probe is not None:
            self._set_link(changed, self._original_for(probe))
            for a, c in self._beaten_by(probe):
                self._set_link(a, (changed, c))
                affected.add(a)
        return affected, {a: self.links[a] for a in affected if a in self.links}

    def _ready(self) -> _Groups:
        """The groups, built at the first change from the fingerprints and links as loaded from a store.

        Copies linked to one another become one group, so loading a store costs a pass over its
        articles, not a comparison of each with all the groups before it.
        """
        if self._groups is not None:
            return self._groups
        self._groups = groups = _Groups()
        root = {a: a for a in self.fingerprints}

        def find(a: str) -> str:
            while root[a] != a:
                root[a] = root[root[a]]
                a = root[a]
            return a

        for d, o in sorted(self.links.items()):
            if d in root and o in root:
                root[find(d)] = find(o)
        clusters: dict[str, dict[str, tuple[int, ...]]] = {}
        for a in sorted(self.fingerprints):
            clusters.setdefault(find(a), {})[a] = self.fingerprints[a].signature
        for members in sorted(clusters.values(), key=min):
            groups.settle(members)
        for a in sorted(self.fingerprints):
            self._shelve(a)
        for d, o in self.links.items():
            self._copies.setdefault(o, set()).add(d)
            if d in self.fingerprints and o in self.fingerprints:  # a link naming an article without one has no claim
                fd, fo = self.fingerprints[d], self.fingerprints[o]
                self._claims[d] = (-_containment_at(_agreement(fd.signature, fo.signature), fd.shingles, fo.shingles), -fo.shingles, o)
        for a in sorted(self.fingerprints):
            self._file(a)
        return groups

    def _admit(self, article_id: str, fp: Fingerprint) -> _Probe:
        """Add an article to the groups and shelves (not yet linked); how it meets the index."""
        groups = self._ready()
        self.fingerprints[article_id] = fp
        found, echoes, revision = groups.matches(fp.signature), groups.echoes(fp.signature), groups.revision
        self._moved(groups.join(article_id, fp.signature, found))
        self._shelve(article_id)
        self._file(article_id)
        if groups.revision != revision:  # a center changed: what the article meets changed with it
            return self._probe(article_id)
        found.setdefault(groups.place[article_id].group, _ALL)  # it started a group around its own signature
        return _Probe(article_id, fp.shingles, found, echoes)

    def _withdraw(self, article_id: str) -> None:
        """Take an article out of the groups, shelves and links; the articles that copied it are left to relink."""
        groups = self._ready()
        self._unfile(article_id)
        self._unshelve(article_id, groups.place[article_id])
        self._unlink(article_id)
        self._moved(groups.leave(article_id, self.fingerprints.pop(article_id).signature))

    def _moved(self, moved: dict[str, _Place]) -> None:
        """Re-shelve and re-file members whose deviations changed with their center."""
        for m, old in moved.items():
            self._unfile(m)
            self._unshelve(m, old)
            self._shelve(m)
            self._file(m)

    def _probe(self, article_id: str) -> _Probe:
        groups = self._ready()
        fp = self.fingerprints[article_id]
        return _Probe(article_id, fp.shingles, groups.matches(fp.signature), groups.echoes(fp.signature))

    def _compare(self, probe: _Probe, other: str) -> float:
        """The containment of the probed article and a stored one: O(1), from the stored one's place."""
        return _containment_at(probe.agreement(self._ready().place[other], other), probe.shingles, self.fingerprints[other].shingles)

    def _offer(self, best: _Claim | None, probe: _Probe, other: str) -> _Claim | None:
        """The better of ``best`` and ``other`` as the probed article's original."""
        shingles = self.fingerprints[other].shingles
        if other == probe.id or not _may_copy(probe.shingles, probe.id, shingles, other):
            return best
        c = self._compare(probe, other)
        if c < DUPLICATE_CONTAINMENT:
            return best
        claim = (-c, -shingles, other)
        return claim if best is None or claim < best else best

    def _original_for(self, probe: _Probe) -> tuple[str, float] | None:
        """The probed article's original and their containment: branch and bound, so a cluster costs a few comparisons.

        Shelves hold a group's members by deviation count, longest first, then by id: along a shelf
        the best claim a member could make only falls (agreement is at most the center's agreement
        with the probe and at most 64 minus the member's deviations), so members are compared best
        bound first, and the search stops once no bound beats the best claim found. Members that
        share a deviating value with the probe can agree beyond those bounds and are compared first.
        """
        best = None
        for other in sorted(probe.echoes):
            best = self._offer(best, probe, other)
        heap: list[tuple[_Claim, int, int, int, int]] = []
        for group, agree in probe.matches.items():
            for deviations in self._shelves.get(group, {}):
                self._push(heap, probe, (group, deviations, 0, agree.bit_count()))
        while heap:
            bound, group, deviations, i, agree = heapq.heappop(heap)
            if best is not None and bound >= best:
                break
            best = self._offer(best, probe, self._shelves[group][deviations][i][1])
            self._push(heap, probe, (group, deviations, i + 1, agree))
        return None if best is None else (best[2], -best[0])

    def _push(self, heap: list, probe: _Probe, at: tuple[int, int, int, int]) -> None:
        """Queue a shelf's next member under the best claim it could make, if it may be the probe's original at all."""
        group, deviations, i, agree = at
        shelf = self._shelves.get(group, {}).get(deviations, [])
        if i >= len(shelf):
            return
        negative, other = shelf[i]
        if -negative < probe.shingles or -negative == probe.shingles and other >= probe.id:
            return  # this one and the rest of the shelf are shorter, or as long with a larger id
        bound = _containment_at(min(agree, PERMUTATIONS - deviations), probe.shingles, -negative)
        if bound >= DUPLICATE_CONTAINMENT:
            heapq.heappush(heap, ((-bound, negative, other), group, deviations, i, agree))

    def _beaten_by(self, probe: _Probe) -> list[tuple[str, float]]:
        """The articles whose original the probed article now is, with their containment.

        Suspects are the members of the groups it meets that are watching for an article of its size
        and id (see ``_file``), and the members it shares a deviating value with; no other member's
        current original can be beaten by it.
        """
        suspects = set(probe.echoes)
        for group in probe.matches:
            suspects.update(self._exposed(group, probe))
        beaten = []
        for a in sorted(suspects):
            shingles = self.fingerprints[a].shingles
            if a == probe.id or not _may_copy(shingles, a, probe.shingles, probe.id):
                continue
            c = self._compare(probe, a)
            if c >= DUPLICATE_CONTAINMENT and (a not in self._claims or (-c, -probe.shingles, probe.id) < self._claims[a]):
                beaten.append((a, c))
        return beaten

    def _exposed(self, group: int, probe: _Probe) -> list[str]:
        """Members of ``group`` watching for the probe: a threshold below its size, or at it with a tie id above its id."""
        watch = self._watch.get(group, [])
        tied = bisect_left(watch, (probe.shingles, 1))
        start = bisect_left(watch, (probe.shingles, 1, probe.id + "\0"), tied)  # the first tie id above the probe's
        end = bisect_left(watch, (probe.shingles + 1,), start)
        return [entry[3] for entry in watch[:tied]] + [entry[3] for entry in watch[start:end]]

    def _set_link(self, article_id: str, found: tuple[str, float] | None) -> None:
        self._unfile(article_id)
        self._unlink(article_id)
        if found is not None:
            original, c = found
            self.links[article_id] = original
            self._claims[article_id] = (-c, -self.fingerprints[original].shingles, original)
            self._copies.setdefault(original, set()).add(article_id)
        self._file(article_id)

    def _unlink(self, article_id: str) -> None:
        original = self.links.pop(article_id, None)
        self._claims.pop(article_id, None)
        if original is not None:
            copies = self._copies[original]
            copies.discard(article_id)
            if not copies:
                del self._copies[original]

    def _shelve(self, article_id: str) -> None:
        place = self._ready().place[article_id]
        insort(self._shelves.setdefault(place.group, {}).setdefault(place.spread, []), (-self.fingerprints[article_id].shingles, article_id))

    def _unshelve(self, article_id: str, place: _Place) -> None:
        shelves = self._shelves[place.group]
        shelf = shelves[place.spread]
        del shelf[bisect_left(shelf, (-self.fingerprints[article_id].shingles, article_id))]
        if not shelf:
            del shelves[place.spread]
            if not shelves:
                del self._shelves[place.group]

    def _file(self, article_id: str) -> None:
        """File a member under the smallest article that could take it over, so that arrivals find it by a range of a sorted list.

        Without sharing one of its deviating values, a newcomer agrees with the member in at most the
        positions where the member holds its center's value, so its containment is at most what that
        agreement gives at the newcomer's size, which grows with the size. The member is watching for
        newcomers of at least the size where that bound beats its current original's claim, or, if
        only a tie is possible there, newcomers as long as the original with a smaller id (entries
        ``(size, 1, id, member)``). A copy whose original shares extra text with it (the two agree in
        more positions than a newcomer can) is thus never disturbed by arrivals unlike them.
        """
        place = self._ready().place[article_id]
        shingles = self.fingerprints[article_id].shingles
        claim = self._claims.get(article_id)
        # No original yet: anyone longer (or as long with a smaller id) at DUPLICATE_CONTAINMENT will do.
        bar, size, tie = (DUPLICATE_CONTAINMENT, shingles, article_id) if claim is None else (-claim[0], -claim[1], claim[2])
        top = PERMUTATIONS - place.spread
        above = None if claim is None else _reach(top, shingles, bar, strict=True)  # beats it at any size
        level = _reach(top, shingles, bar, strict=False)  # matches it: wins only by size, then id
        entry = None
        if above is not None and above <= size:
            entry = (above, 0, "", article_id)
        elif level is not None and level <= size:
            entry = (size, 1, tie, article_id)
        elif level is not None or above is not None:
            entry = (min(x for x in (above, level) if x is not None), 0, "", article_id)
        if entry is not None:
            insort(self._watch.setdefault(place.group, []), entry)
        self._filed[article_id] = (place.group, entry)

    def _unfile(self, article_id: str) -> None:
        group, entry = self._filed.pop(article_id)
        if entry is None:
            return
        watch = self._watch[group]
        del watch[bisect_left(watch, entry)]
        if not watch:
            del self._watch[group]


def _reach(agree: int, shingles: int, bar: float, *, strict: bool) -> int | None:
    """The fewest shingles (at least ``shingles``) at which ``agree`` positions give containment ``bar`` or more (more: strict).

    None if no size does. Containment grows with the longer article's size, so this starts from
    the formula's solution and steps to the exact float boundary.
    """
    if agree == 0 or strict and bar >= 1.0:
        return None

    def reaches(size: int) -> bool:
        c = _containment_at(agree, shingles, size)
        return c > bar if strict else c >= bar

    same = agree / PERMUTATIONS
    size = max(shingles, math.ceil(bar * (1 + same) * max(1, shingles) / same) - shingles)
    while size > shingles and reaches(size - 1):
        size -= 1
    while not reaches(size):
        size += 1
    return size
