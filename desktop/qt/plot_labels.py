"""Where the survival plot's text labels go: Qt-free geometry in data units.

Everything is in the plot's data units: months across, percent up. A label is a box
``(left, right, bottom, top)``; a line is a pair of arrays ``(months, percent)``. The plot
widget measures its labels, asks here where they go and moves them there, so the rules can
be tested without a window.
"""

from __future__ import annotations

import numpy as np


# percentage points a direct label may move off its line where the curves crowd together
LIFTS = (0.0, 8.0, 16.0, 28.0)
# preferred spots (month, side of the own line), best first: OS reads above its line in the
# middle years, PFS below its steep early fall
OS_SPOTS = tuple([(m, "above") for m in (66, 54, 78, 42, 90, 30, 102, 18, 114)]
                 + [(m, "below") for m in (66, 90, 42, 114, 18, 130)])
PFS_SPOTS = tuple([(m, "below") for m in (10, 14, 18, 24, 6, 30)]
                  + [(m, "above") for m in (30, 40, 20, 50, 12, 60, 72, 84, 96)])


def extrapolation_note_spots(end_of_data: float) -> list[tuple[float, str]]:
    """Spots for the "extrapolated" note: just after the data end, above the line first."""
    return [(end_of_data + d, side) for side in ("above", "below") for d in (4, 12, 24, 36, 48, 60)]


def spread_labels(positions: list[float], min_gap: float, low: float, high: float) -> list[float]:
    """Move label y positions apart so that no two are closer than ``min_gap`` (order kept),
    keeping them within [low, high] whenever there is room for all of them there."""
    if not positions:
        return []
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    ys = [min(max(positions[i], low), high) for i in order]
    for i in range(1, len(ys)):  # upwards from the lowest
        ys[i] = max(ys[i], ys[i - 1] + min_gap)
    overflow = ys[-1] - high
    if overflow > 0:  # the top one went past the ceiling: push the stack back down
        ys[-1] = high
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - min_gap)
    out = [0.0] * len(ys)
    for rank, i in enumerate(order):
        out[i] = ys[rank]
    return out


def box_at(x: float, y: float, anchor: tuple[float, float], size: tuple[float, float]):
    """The box of a label of ``size`` (width, height) placed at (x, y) with ``anchor``
    (0, 0 = its top left corner, as Qt anchors text; y grows upwards here)."""
    width, height = size
    left = x - anchor[0] * width
    top = y + anchor[1] * height
    return left, left + width, top - height, top


def overlap(box, obstacles, placed, x_limits, pad: float = 0.6) -> float:
    """How much ``box`` covers: infinite outside the plot; each line point inside counts 1,
    each label overlapped counts 100; 0 means free. (One box of ``_overlaps``.)"""
    left, right, bottom, top = (np.array([edge], dtype=float) for edge in box)
    return float(_overlaps(left, right, bottom, top, _points(obstacles), placed, x_limits, pad)[0])


def place(size, line, spots, obstacles, placed, x_limits, gap: float = 1.5):
    """The box for a label of ``size`` beside ``line``: the first spot clear of every line and
    label, or None when every spot is outside the plot.

    The spots hug the label's own line first; then the same spots lifted away from it (where
    the curves crowd together, e.g. all near 0% late on, the free room is higher up). With no
    clear spot at all, the spot covering the least is taken, so a label never sits on another
    label when any alternative exists. The candidates of one lift are scored by ``overlap``'s
    rule in one array operation (this runs on every keystroke).
    """
    width, height = size
    xs, ys = np.asarray(line[0], dtype=float), np.asarray(line[1], dtype=float)
    months = np.array([month for month, _ in spots], dtype=float)
    sides = np.array([side == "above" for _, side in spots])
    # the line's points in each spot's window (the window overlap() checks)
    inside = (xs[None, :] >= (months - 1.0)[:, None]) & (xs[None, :] <= (months + width + 1.0)[:, None])
    usable = inside.any(axis=1)
    if not usable.any():
        return None
    highest = np.where(inside, ys[None, :], -np.inf).max(axis=1)
    lowest = np.where(inside, ys[None, :], np.inf).min(axis=1)
    starts, sides = months[usable], sides[usable]
    edges = np.where(sides, highest[usable] + gap, lowest[usable] - gap)
    points = _points(obstacles)
    # candidates in order of preference: every spot at the first lift, then at the next, ...;
    # the first lift with a free spot decides, so later lifts are scored only when needed
    costs, boxes = [], []
    for lift in LIFTS:
        edge = edges + np.where(sides, lift, -lift)
        box = (starts, starts + width, np.where(sides, edge, edge - height), np.where(sides, edge + height, edge))
        cost = _overlaps(*box, points, placed, x_limits)
        free = np.flatnonzero(cost == 0)
        if free.size:
            return tuple(float(edge_[free[0]]) for edge_ in box)
        costs.append(cost)
        boxes.append(np.stack(box))
    costs = np.concatenate(costs)
    best = int(np.argmin(costs))
    if costs[best] == np.inf:
        return None
    return tuple(float(v) for v in np.concatenate(boxes, axis=1)[:, best])


def _points(obstacles) -> tuple[np.ndarray, np.ndarray] | None:
    """Every line's points as one (months, percent) pair of arrays, or None without lines."""
    if not obstacles:
        return None
    return (np.concatenate([np.asarray(xs, dtype=float) for xs, _ in obstacles]),
            np.concatenate([np.asarray(ys, dtype=float) for _, ys in obstacles]))


def _overlaps(left, right, bottom, top, points, placed, x_limits, pad: float = 0.6) -> np.ndarray:
    """The cost of each of many boxes (arrays of their edges): infinite outside the plot; each
    line point (``_points``) inside the box (widened by 1 month across and ``pad`` up and down)
    counts 1, each placed label it overlaps counts 100; 0 means free."""
    cost = np.zeros(left.shape)
    if points is not None:
        px, py = points
        hit = ((px >= (left - 1.0)[:, None]) & (px <= (right + 1.0)[:, None])
               & (py >= (bottom - pad)[:, None]) & (py <= (top + pad)[:, None]))
        cost += np.count_nonzero(hit, axis=1)
    for l2, r2, b2, t2 in placed:
        cost += 100.0 * ((left < r2) & (l2 < right) & (bottom < t2) & (b2 < top))
    outside = (left < x_limits[0]) | (right > x_limits[1]) | (bottom < 0.5) | (top > 99.5)
    cost[outside] = np.inf
    return cost
