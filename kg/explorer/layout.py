"""Positions for the drawn nodes, computed ahead of time so the browser has no layout to run.

Each connected part of the view gets a force-directed layout of its own (Fruchterman-Reingold,
vectorised with numpy, from a seeded start, so the same view always gets the same picture); the
parts are then packed in rows, biggest first, with the nodes that have no edge in a grid after
them. Laying out the whole view at once would fling the unconnected nodes to the rim and squeeze
the parts that matter into the middle.

A node's label is drawn under it at a size that scales with the zoom, as the node does, so two
labels that overlap at one zoom overlap at every zoom. Given the labels' sizes, each part is
then stretched to their shape (labels are about twice as wide as tall), spread until no node or
label covers another (``spread``), made bigger should that not settle, and packed by the box its
labels need too: no label overlaps another at the default zoom, or at any other, also when the
default view is one structure of hundreds of nodes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np

SPACING = 90.0  # pixels between a node and its nearest neighbour, room for a label
TIGHT = 30.0  # the same when the labels' sizes are known: spread() then makes the room they need
GRID = (130.0, 60.0)  # the unconnected nodes' grid: wide cells, for their labels
GAP = 30.0  # pixels between two packed parts
ASPECT = 1.5  # width over height of the packed picture, about that of a screen beside the side panel
SEED = 20220302
_BLOCK = 1024  # rows of the pairwise distance matrix computed at once, bounding memory
ROUNDS = 3000  # pushes spread() makes before the part is made bigger and spread again
GROWTHS = 20  # times a part is made a quarter bigger at most (after a few, nothing overlaps)
SLACK = 40.0  # pixels: boxes nearer than this are compared every round of spread()


def spring(n: int, edges: np.ndarray, *, iterations: int = 80, seed: int = SEED) -> np.ndarray:
    """Fruchterman-Reingold positions of ``n`` nodes in the unit square; ``edges`` is an (m, 2) index array."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n == 1:
        return pos
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        for lo in range(0, n, _BLOCK):  # repulsion between every pair, a block of rows at a time
            delta = pos[lo : lo + _BLOCK, None, :] - pos[None, :, :]
            dist2 = np.maximum((delta**2).sum(axis=2), 1e-6)
            disp[lo : lo + _BLOCK] = (delta * (k * k / dist2)[:, :, None]).sum(axis=1)
        if len(edges):  # attraction along the edges
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = d * (np.sqrt((d**2).sum(axis=1)) / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos


def _nearest(pos: np.ndarray) -> float:
    """The median distance from a node to its nearest neighbour (over a sample of nodes when there are many)."""
    sample = pos[:: max(1, len(pos) // 500)]
    d2 = ((sample[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2)
    d2[d2 == 0] = np.inf  # the node itself
    return float(np.median(np.sqrt(d2.min(axis=1))))


def _component(keys: list[str], pairs: list[tuple[str, str]], spacing: float) -> dict[str, tuple[float, float]]:
    """Positions of one connected part, centred on 0, ``spacing`` from a node to its nearest neighbour."""
    index = {k: i for i, k in enumerate(keys)}
    edges = np.array([(index[a], index[b]) for a, b in pairs if a != b], dtype=int).reshape(-1, 2)
    iterations = 80 if len(keys) <= 2000 else 40  # the pairwise step is quadratic: fewer rounds for big parts
    pos = spring(len(keys), edges, iterations=iterations, seed=SEED + len(keys))
    pos -= pos.mean(axis=0)
    pos *= spacing / max(_nearest(pos), 1e-9)
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, pos)}


def _grid(keys: list[str], size: dict[str, float], labels: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Unconnected nodes in rows, biggest first, each row as tall and wide as its biggest node and label need."""
    cols = math.ceil(math.sqrt(len(keys) * GRID[1] / GRID[0] * ASPECT))
    out: dict[str, tuple[float, float]] = {}
    y = 0.0
    for row in range(0, len(keys), cols):
        members = keys[row : row + cols]
        big = max(size.get(k, 0.0) for k in members)
        wide = max(labels.get(k, (0.0, 0.0))[0] for k in members) + 2 * MARGIN
        tall = max(labels.get(k, (0.0, 0.0))[1] for k in members) + LABEL_GAP + 2 * MARGIN
        width, height = max(GRID[0], 2.4 * big, wide), max(GRID[1], 2 * big + 30, 2 * big + tall)
        y += height / 2
        out.update({k: (i * width, y) for i, k in enumerate(members)})
        y += height / 2
    return out


LABEL_GAP = 4.0  # pixels between a node and its label, as vis-network draws it
MARGIN = 3.0  # pixels kept clear around each node and label


def _boxes(keys: list[str], pos: np.ndarray, size: dict[str, float], labels: dict[str, tuple[float, float]]) -> np.ndarray:
    """Each node's box with its label under it: (centre x, centre y, half width, half height)."""
    out = np.empty((len(keys), 4))
    for i, k in enumerate(keys):
        r = size.get(k, 0.0)
        w, h = labels.get(k, (0.0, 0.0))
        below = LABEL_GAP + h if h else 0.0
        out[i] = (pos[i, 0], pos[i, 1] + below / 2, max(r, w / 2) + MARGIN, r + below / 2 + MARGIN)
    return out


def _near(centres: np.ndarray, half: np.ndarray, slack: float) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i < j) of boxes less than ``slack`` apart on both axes: the only ones that can overlap
    before some node has moved ``slack / 2``."""
    gap_x = np.abs(centres[:, None, 0] - centres[None, :, 0]) - half[:, None, 0] - half[None, :, 0]
    gap_y = np.abs(centres[:, None, 1] - centres[None, :, 1]) - half[:, None, 1] - half[None, :, 1]
    i, j = np.nonzero(np.triu((gap_x < slack) & (gap_y < slack), 1))
    return i, j


def spread(keys: list[str], pos: np.ndarray, size: dict[str, float], labels: dict[str, tuple[float, float]],
           *, rounds: int = ROUNDS) -> tuple[np.ndarray, bool]:
    """Move nodes apart until no node-and-label box overlaps another, each pair along the axis it
    overlaps least, so the force layout's shape is kept; deterministic. Also says whether it got
    there within ``rounds``.

    Each round compares only the pairs found near each other (``_near``), found again once some node
    has moved far enough to reach a box that was not near: the same pushes as comparing every pair,
    at a fraction of the cost on a part of hundreds of nodes."""
    pos = pos.copy()
    n = len(keys)
    if n < 2:
        return pos, True
    half = _boxes(keys, pos, size, labels)[:, 2:]
    offset = np.zeros_like(pos)
    offset[:, 1] = _boxes(keys, np.zeros_like(pos), size, labels)[:, 1]
    listed = None
    for _ in range(rounds):
        centres = pos + offset
        if listed is None or 2 * np.abs(pos - listed).max() >= SLACK:
            i, j = _near(centres, half, SLACK)
            listed = pos.copy()
        dx, dy = centres[i, 0] - centres[j, 0], centres[i, 1] - centres[j, 1]
        ox = half[i, 0] + half[j, 0] - np.abs(dx)
        oy = half[i, 1] + half[j, 1] - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        if not hit.any():
            return pos, True
        # Which way to push: away from the other; nodes on the same spot part by their order.
        push_x = np.where(hit & (ox <= oy), np.where(dx != 0, np.sign(dx), -1.0) * (ox / 2 + 0.5), 0.0)
        push_y = np.where(hit & (ox > oy), np.where(dy != 0, np.sign(dy), -1.0) * (oy / 2 + 0.5), 0.0)
        move = np.stack([np.bincount(i, push_x, n) - np.bincount(j, push_x, n),
                         np.bincount(i, push_y, n) - np.bincount(j, push_y, n)], axis=1)
        counts = np.maximum(np.bincount(i[hit], minlength=n) + np.bincount(j[hit], minlength=n), 1)[:, None]
        pos += move / np.sqrt(counts)  # several overlaps at once: a damped step, so crowds do not fly apart
    return pos, False


def layout(keys: Iterable[str], pairs: Iterable[tuple[str, str]], *, size: dict[str, float] | None = None,
           labels: dict[str, tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """Positions (pixels, rounded) for the nodes ``keys``, of radius ``size``, joined by ``pairs``;
    ``labels`` gives the width and height of each node's label, drawn under it."""
    size = size or {}
    labels = labels or {}
    g = nx.Graph()
    g.add_nodes_from(sorted(keys))
    g.add_edges_from((a, b) for a, b in pairs if a in g and b in g)
    parts = sorted((sorted(c) for c in nx.connected_components(g) if len(c) > 1), key=lambda c: (-len(c), c[0]))
    # Each edge written one way round (networkx reports an undirected edge either way, by the order
    # the edges came in): the layout's floating-point sums then run in one order, the same every time.
    if labels:  # nodes start close together, and spread just as far as their labels need
        placed = [_spread_part(_component(part, sorted({tuple(sorted(e)) for e in g.subgraph(part).edges()}), TIGHT),
                               size, labels) for part in parts]
    else:
        placed = [_component(part, sorted({tuple(sorted(e)) for e in g.subgraph(part).edges()}),
                             max(SPACING, 2.5 * max(size.get(k, 0.0) for k in part)))
                  for part in parts]
    loners = sorted((k for k in g if g.degree(k) == 0), key=lambda k: (-size.get(k, 0.0), k))
    if loners:
        placed.append(_grid(loners, size, labels))
    return _pack(placed, size, labels)


def _spread_part(part: dict[str, tuple[float, float]], size: dict[str, float],
                 labels: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The part with room for every label: stretched first to the labels' shape (wider than tall, so
    that spreading pushes as much sideways as down, and the part keeps about a screen's shape), then
    spread; should that not settle within ``ROUNDS``, made a quarter bigger about its centre, which
    parts every box a little, and spread again."""
    keys = list(part)
    if len(keys) > SPREAD_LIMIT:  # pairwise boxes: quadratic; views this big are for zooming into anyway
        return part
    pos = np.array([part[k] for k in keys], dtype=float)
    boxes = _boxes(keys, np.zeros_like(pos), size, labels)
    pos[:, 0] *= min(max(boxes[:, 2].mean() / boxes[:, 3].mean(), 1.0), 3.0)
    for _ in range(GROWTHS):
        pos, done = spread(keys, pos, size, labels)
        if done:
            break
        pos = pos.mean(axis=0) + (pos - pos.mean(axis=0)) * 1.25
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, pos)}


SPREAD_LIMIT = 1000  # nodes of one part that spread handles (a 1,000 x 1,000 matrix each time the near pairs are found)


def _pack(parts: list[dict[str, tuple[float, float]]], size: dict[str, float],
          labels: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Shelf packing of the parts' bounding boxes (their nodes and labels), tallest first, in rows
    about ASPECT times as wide as the whole is tall."""
    boxes = []
    for pos in parts:
        keys = list(pos)
        b = _boxes(keys, np.array([pos[k] for k in keys], dtype=float), size, labels)
        left, top = float((b[:, 0] - b[:, 2]).min()), float((b[:, 1] - b[:, 3]).min())
        right, bottom = float((b[:, 0] + b[:, 2]).max()), float((b[:, 1] + b[:, 3]).max())
        boxes.append((pos, left, top, right - left + GAP, bottom - top + GAP))
    boxes.sort(key=lambda b: -b[4])  # stable: equal heights keep their order, biggest part first
    area = sum(b[3] * b[4] for b in boxes)
    width = max(max((b[3] for b in boxes), default=0.0), math.sqrt(area * ASPECT))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, left, top, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for k, (px, py) in pos.items():
            out[k] = (round(x + px - left, 1), round(y + py - top, 1))
        x += w
        row_height = max(row_height, h)
    return out
