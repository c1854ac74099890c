"""Positions for the drawn nodes, computed ahead of time so the browser has no layout to run.

Each connected part of the view gets a force-directed layout of its own (Fruchterman-Reingold,
vectorised with numpy, from a seeded start, so the same view always gets the same picture); the
parts are then packed in rows, biggest first, with the nodes that have no edge in a grid after
them. Laying out the whole view at once would fling the unconnected nodes to the rim and squeeze
the parts that matter into the middle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np

SPACING = 90.0  # pixels between a node and its nearest neighbour, room for a label
GRID = (130.0, 60.0)  # the unconnected nodes' grid: wide cells, for their labels; also the gap between parts
ASPECT = 1.5  # width over height of the packed picture, about that of a screen beside the side panel
SEED = 20220302
_BLOCK = 1024  # rows of the pairwise distance matrix computed at once, bounding memory


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


def _grid(keys: list[str], size: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Unconnected nodes in rows, biggest first, each row as tall as its biggest node needs."""
    cols = math.ceil(math.sqrt(len(keys) * GRID[1] / GRID[0] * ASPECT))
    out: dict[str, tuple[float, float]] = {}
    y = 0.0
    for row in range(0, len(keys), cols):
        members = keys[row : row + cols]
        big = max(size.get(k, 0.0) for k in members)
        width, height = max(GRID[0], 2.4 * big), max(GRID[1], 2 * big + 30)
        y += height / 2
        out.update({k: (i * width, y) for i, k in enumerate(members)})
        y += height / 2
    return out


def layout(keys: Iterable[str], pairs: Iterable[tuple[str, str]], *, size: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions (pixels, rounded) for the nodes ``keys``, of radius ``size``, joined by ``pairs``."""
    size = size or {}
    g = nx.Graph()
    g.add_nodes_from(sorted(keys))
    g.add_edges_from((a, b) for a, b in pairs if a in g and b in g)
    parts = sorted((sorted(c) for c in nx.connected_components(g) if len(c) > 1), key=lambda c: (-len(c), c[0]))
    # Each edge written one way round (networkx reports an undirected edge either way, by the order
    # the edges came in): the layout's floating-point sums then run in one order, the same every time.
    placed = [_component(part, sorted({tuple(sorted(e)) for e in g.subgraph(part).edges()}),
                         max(SPACING, 2.5 * max(size.get(k, 0.0) for k in part)))
              for part in parts]
    loners = sorted((k for k in g if g.degree(k) == 0), key=lambda k: (-size.get(k, 0.0), k))
    if loners:
        placed.append(_grid(loners, size))
    return _pack(placed)


def _pack(parts: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Shelf packing of the parts' bounding boxes, tallest first, in rows about ASPECT times as wide as the whole is tall."""
    boxes = []
    for pos in parts:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + GRID[0], max(ys) - min(ys) + GRID[1]))
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
