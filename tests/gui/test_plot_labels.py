"""Where the plot's labels go (desktop/qt/plot_labels.py): plain geometry, no Qt needed."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.qt.plot_labels import (
    OS_SPOTS,
    PFS_SPOTS,
    box_at,
    extrapolation_note_spots,
    overlap,
    place,
    spread_labels,
)
from tests.conftest import REPO

MONTHS = np.arange(0, 181.0)
X_LIMITS = (0.0, 180.0)


def flat(level: float):
    return MONTHS, np.full(MONTHS.shape, level)


@given(positions=st.lists(st.floats(0, 100), min_size=1, max_size=5), gap=st.floats(1, 15))
def test_spread_labels_keeps_them_apart_and_inside(positions, gap):
    low, high = 3.0, 97.0
    assume(gap * len(positions) <= high - low)
    ys = spread_labels(positions, gap, low, high)
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [ys[i] for i in order]
    assert all(b - a >= gap - 1e-9 for a, b in zip(placed, placed[1:]))
    assert all(low - 1e-9 <= y <= high + 1e-9 for y in ys)


def test_box_at_follows_the_anchor():
    assert box_at(10, 50, (0, 0), (20, 5)) == (10, 30, 45, 50)  # top left corner at (10, 50)
    assert box_at(10, 50, (1, 0), (20, 5)) == (-10, 10, 45, 50)  # right edge at x
    assert box_at(10, 50, (0, 0.5), (20, 6)) == (10, 30, 47, 53)  # centred on y


def test_overlap_counts_points_and_labels_and_refuses_the_outside():
    line = flat(50.0)
    assert overlap((10, 20, 60, 65), [line], [], X_LIMITS) == 0
    crossing = overlap((10, 20, 48, 52), [line], [], X_LIMITS)
    assert crossing == np.count_nonzero((MONTHS >= 9) & (MONTHS <= 21))  # each line point in the window counts 1
    assert overlap((10, 20, 60, 65), [], [(15, 25, 62, 70)], X_LIMITS) == 100
    assert overlap((10, 20, 60, 65), [], [(20, 25, 62, 70)], X_LIMITS) == 0  # touching is not overlapping
    assert overlap((-1, 20, 60, 65), [], [], X_LIMITS) == float("inf")
    assert overlap((170, 190, 60, 65), [], [], X_LIMITS) == float("inf")
    assert overlap((10, 20, 96, 100), [], [], X_LIMITS) == float("inf")


def test_place_takes_the_first_free_spot_beside_its_own_line():
    line = flat(50.0)
    box = place((20, 5), line, [(60, "above"), (90, "above")], [line], [], X_LIMITS)
    assert box == (60, 80, 51.5, 56.5)  # just above the line, by the gap
    below = place((20, 5), line, [(60, "below")], [line], [], X_LIMITS)
    assert below == (60, 80, 43.5, 48.5)


def test_place_moves_off_a_placed_label_then_lifts_when_crowded():
    line = flat(50.0)
    taken = [(55, 85, 50, 60)]
    box = place((20, 5), line, [(60, "above"), (100, "above")], [line], list(taken), X_LIMITS)
    assert box == (100, 120, 51.5, 56.5)  # the second spot: the first sits on the placed label
    box = place((20, 5), line, [(60, "above")], [line], list(taken), X_LIMITS)
    assert box[0] == 60 and box[2] >= 60  # only one spot: lifted clear of the label above the line


def test_place_gives_up_only_when_every_spot_is_outside_the_plot():
    line = flat(50.0)
    assert place((20, 5), line, [(170, "above")], [line], [], X_LIMITS) is None
    assert place((20, 5), line, [(500, "above")], [line], [], X_LIMITS) is None  # no line there at all


def test_os_label_finds_room_between_crowded_curves():
    os_line, pfs_line = flat(60.0), flat(20.0)
    placed = []
    box = place((40, 5), os_line, OS_SPOTS, [os_line, pfs_line], placed, X_LIMITS)
    assert box is not None and overlap(box, [os_line, pfs_line], placed, X_LIMITS) == 0
    assert box[2] > 60  # above its line, as preferred


def _place_one_by_one(size, line, spots, obstacles, placed, x_limits, gap=1.5):
    """place()'s rule written as the plain loop over candidates that overlap() scores one at a time."""
    from desktop.qt.plot_labels import LIFTS

    width, height = size
    xs, ys = line
    best = None
    for lift in LIFTS:
        for month, side in spots:
            inside = (xs >= month - 1.0) & (xs <= month + width + 1.0)
            if not inside.any():
                continue
            if side == "above":
                bottom = float(ys[inside].max()) + gap + lift
                box = (month, month + width, bottom, bottom + height)
            else:
                top = float(ys[inside].min()) - gap - lift
                box = (month, month + width, top - height, top)
            cost = overlap(box, obstacles, placed, x_limits)
            if best is None or cost < best[0]:
                best = (cost, box)
            if cost == 0:
                break
        if best is not None and best[0] == 0:
            break
    if best is None or best[0] == float("inf"):
        return None
    return best[1]


def _falling(levels):
    return MONTHS, np.interp(MONTHS, [0, 60, 180], levels)


@given(os_levels=st.tuples(st.floats(60, 100), st.floats(20, 60), st.floats(0, 20)),
       pfs_drop=st.tuples(st.floats(0, 40), st.floats(0, 40), st.floats(0, 20)),
       size=st.tuples(st.floats(5, 60), st.floats(2, 12)),
       taken=st.lists(st.tuples(st.floats(0, 150), st.floats(0, 90)), max_size=3))
def test_place_scores_all_candidates_as_overlap_scores_each(os_levels, pfs_drop, size, taken):
    os_line = _falling(os_levels)
    pfs_line = _falling([max(o - d, 0.0) for o, d in zip(os_levels, pfs_drop)])
    obstacles = [os_line, pfs_line]
    placed = [(x, x + 30, y, y + 6) for x, y in taken]
    for line, spots in ((os_line, OS_SPOTS), (pfs_line, PFS_SPOTS)):
        assert place(size, line, spots, obstacles, list(placed), X_LIMITS) == \
            _place_one_by_one(size, line, spots, obstacles, list(placed), X_LIMITS)


def test_extrapolation_note_starts_just_after_the_data():
    spots = extrapolation_note_spots(60.0)
    assert spots[0] == (64.0, "above") and all(month > 60 for month, _ in spots)


def test_label_placement_needs_no_qt():
    code = "import sys, desktop.qt.plot_labels; print([m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
