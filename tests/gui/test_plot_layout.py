"""The survival plot's layout: a time axis that stays put, end-of-line values, the 95% fill."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6 import QtCore

from desktop.report.numbers import OUTCOMES
from desktop.report import numbers
from tests.conftest import REPO


def _x_range(window):
    return tuple(window.plot.plot.vb.viewRange()[0])


def _set_extent(window, extent):
    window.form.cytoreduction.setCurrentIndex(window.form.cytoreduction.findData(extent))


def test_time_axis_stays_put_when_the_scenarios_come_and_go(filled):
    """Switching the extent to "not known yet" adds the scenario overlay; the curves must not
    shift sideways under the clinician's eye (and the axes are not laid out anew)."""
    window = filled
    before = _x_range(window)
    assert before[1] > 180.0  # a margin right of 15 years holds the labels
    _set_extent(window, None)
    assert window.plot.plotted_scenarios()
    assert _x_range(window) == before
    _set_extent(window, "incomplete_under_90")
    assert window.plot.plotted_scenarios() == {}
    assert _x_range(window) == before
    window.scenarios_box.setChecked(True)
    assert _x_range(window) == before


def test_end_labels_show_the_tables_15_year_values(filled):
    window = filled
    plot = window.plot
    prediction = window.current_prediction()
    x0, x1 = _x_range(window)
    boxes = []
    for outcome in OUTCOMES:
        label = plot.outcomes[outcome].end_label
        m = numbers.milestone(prediction.curve(outcome), outcome, 15)
        assert label.isVisible()
        assert label.toPlainText() == f"{numbers.OUTCOME_SHORT[outcome]} {numbers.percent(m.survival)}"
        # the same number as the table's 15-year cell (which adds the range and the dagger)
        assert m.text.startswith(numbers.percent(m.survival))
        # italic exactly when the value is extrapolated (PFS beyond 5 years)
        assert label.textItem.font().italic() == m.extrapolated
        box = plot._box_of(label)
        assert 180.0 < box[0] and box[1] <= x1  # in the margin, not clipped
        boxes.append(box)
    (l1, r1, b1, t1), (l2, r2, b2, t2) = boxes
    assert not (l1 < r2 and l2 < r1 and b1 < t2 and b2 < t1), "end labels overlap"
    assert plot.outcomes["progression_free_survival"].end_label.textItem.font().italic()
    assert not plot.outcomes["overall_survival"].end_label.textItem.font().italic()


def test_end_labels_give_way_to_the_scenario_labels(filled):
    window = filled
    plot = window.plot
    _set_extent(window, None)
    assert not any(plot.outcomes[o].end_label.isVisible() for o in OUTCOMES)
    shown = [items.label for items in plot.scenarios.values() if items.label.isVisible()]
    assert len(shown) == 3
    x1 = _x_range(window)[1]
    assert all(plot._box_of(label)[1] <= x1 for label in shown)
    _set_extent(window, "complete")
    assert all(plot.outcomes[o].end_label.isVisible() for o in OUTCOMES)
    assert not any(items.label.isVisible() for items in plot.scenarios.values())


def test_band_fill_spans_the_95_percent_range(filled):
    window = filled
    plot = window.plot
    prediction = window.current_prediction()
    for outcome in OUTCOMES:
        curve = prediction.curve(outcome)
        observed = ~np.asarray(curve.extrapolated)
        items = plot.outcomes[outcome]
        xs, ys = items.fill.polygon()
        months = curve.months[observed]
        lower, upper = 100 * curve.lower[observed], 100 * curve.upper[observed]
        n = len(months)
        np.testing.assert_allclose(xs[:n], months)
        np.testing.assert_allclose(ys[:n], lower, atol=1e-9)
        np.testing.assert_allclose(xs[n:2 * n], months[::-1])
        np.testing.assert_allclose(ys[n:2 * n], upper[::-1], atol=1e-9)
        assert items.fill.isVisible()
    window.bands_box.setChecked(False)
    assert not any(plot.outcomes[o].fill.isVisible() or plot.outcomes[o].fill_x.isVisible() for o in OUTCOMES)
    window.bands_box.setChecked(True)
    assert all(plot.outcomes[o].fill.isVisible() for o in OUTCOMES)


GRIM = {"age_years": 74, "primary_site": "pancreas", "ki67_percent": 25, "liver_lesion_count": 30,
        "largest_lesion_mm": 150, "extrahepatic_metastases": True, "cytoreduction": "incomplete_under_90"}


def test_no_label_sits_on_another_when_the_curves_crowd_together(filled):
    """All curves near 0% after 5 years, scenarios for PFS and the cohort reference shown:
    every label finds its own room (they were drawn on top of each other)."""
    window = filled
    window.form.set_values(GRIM)
    window.scenarios_box.setChecked(True)
    window.scenario_outcome.setCurrentIndex(window.scenario_outcome.findData("progression_free_survival"))
    window.reference_box.setChecked(True)
    plot = window.plot
    labels = [items.label for items in plot.outcomes.values()]
    labels += [items.label for items in plot.scenarios.values()]
    labels += [plot._extrapolation_note, plot.reference.label]
    shown = [label for label in labels if label.isVisible() and label.toPlainText()]
    assert len(shown) == 7
    boxes = [plot._box_of(label) for label in shown]
    for i, (l1, r1, b1, t1) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            l2, r2, b2, t2 = boxes[j]
            overlap = l1 < r2 and l2 < r1 and b1 < t2 and b2 < t1
            assert not overlap, (shown[i].toPlainText(), shown[j].toPlainText())


_MEASURE_LINE = r"""
import numpy as np
from PySide6 import QtCore, QtGui
from desktop.qt.app import make_application, SMOKE_CASE
app = make_application()
from desktop.qt.main_window import MainWindow
w = MainWindow(persist=False)
w.form.set_values(SMOKE_CASE)
w.resize(1280, 820)
w.show()
app.processEvents()
image = w.plot.grab().toImage()
ratio = image.devicePixelRatio()
months, percent = w.plot.plotted("overall_survival")
month = 160.0  # 13 y 4 mo: the OS line alone (no marker, no label)
point = w.plot.plot.vb.mapViewToScene(QtCore.QPointF(month, float(np.interp(month, months, percent))))
x, y0 = int(point.x() * ratio), int(point.y() * ratio)
thick = 0
for y in range(max(0, y0 - int(12 * ratio)), min(image.height(), y0 + int(12 * ratio))):
    c = QtGui.QColor(image.pixel(x, y))
    thick += c.blue() > 120 and c.red() < 60 and c.green() < 150  # the line's blue, not its pale band
print(ratio, thick / ratio)
w._saved_values = w.form.values()
w.deleteLater()
QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
"""


@pytest.mark.parametrize("scale", ["2", "1.5"])
def test_lines_keep_their_weight_on_a_hidpi_screen(tmp_path, scale):
    """Cosmetic pens are drawn in device pixels: without scaling, a 3 px line was 1.5 px on a
    200% screen, half as heavy as at 100% next to text that did scale."""
    import subprocess
    import sys

    def measure(factor):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=factor,
                   NETLM_RISK_SETTINGS_DIR=str(tmp_path / factor))
        out = subprocess.run([sys.executable, "-c", _MEASURE_LINE], capture_output=True, text=True, env=env,
                             cwd=str(REPO), timeout=120)
        assert out.returncode == 0, out.stderr
        ratio, width = map(float, out.stdout.split()[-2:])
        return ratio, width

    ratio1, width1 = measure("1")
    ratio2, width2 = measure(scale)
    assert ratio1 == 1.0 and ratio2 == float(scale)
    assert 2.5 <= width1 <= 4.5  # the 3 px line
    assert 0.8 <= width2 / width1 <= 1.35, (width1, width2)


def test_the_era_plot_lines_follow_the_screen_too(qtbot):
    from desktop.qt.evidence_panel import _EraPlot

    era = _EraPlot()
    qtbot.addWidget(era)
    before = {name: getattr(era, name).opts["pen"].widthF() for name in ("main_curve", "scenario_curve")}
    era._pens.apply(2.0)
    for name, width in before.items():
        pen = getattr(era, name).opts["pen"]
        assert pen.widthF() == 2 * width and pen.isCosmetic()
    assert era.scenario_curve.opts["pen"].style() == QtCore.Qt.PenStyle.DashLine  # the dashes stay


def test_scenario_lines_made_after_the_start_follow_the_screen_too(filled):
    """A scenario's lines are made the first time the overlay shows them: on a 200% screen
    they must get the doubled width then, not the 100% one, and keep their dashes."""
    window = filled
    plot = window.plot
    assert all(not items.lines for items in plot.scenarios.values())  # none made before the overlay
    plot._screen_pens.apply(2.0)
    window.scenarios_box.setChecked(True)
    shown = [items for items in plot.scenarios.values() if items.label.isVisible()]
    assert len(shown) == 3
    for items in shown:
        observed = items.lines[0].opts["pen"]
        assert observed.widthF() == 2 * plot.look.scenario_width and observed.isCosmetic()
        assert observed.dashPattern()  # every extent is dashed or dotted
    plot._screen_pens.apply(1.0)
    assert shown[0].lines[0].opts["pen"].widthF() == plot.look.scenario_width


def test_printed_labels_sit_on_a_white_patch_over_the_hatching(qtbot):
    """On paper the 95% ranges are hatched, and the hatching ran through the curve labels; the
    screen's light fill needs no patch (screenshots unchanged)."""
    from PySide6 import QtCore, QtGui

    from desktop.qt.plot_style import PRINT, SCREEN
    from desktop.qt.plots import SurvivalPlot

    for style, backed in ((PRINT, True), (SCREEN, False)):
        plot = SurvivalPlot(style=style)
        qtbot.addWidget(plot)
        for items in plot.outcomes.values():
            fill = items.label.fill
            assert (fill.style() == QtCore.Qt.BrushStyle.SolidPattern) is backed
            if backed:
                assert fill.color().name() == "#ffffff" and fill.color().alpha() >= 200


def _screens_after_changes(qtbot, opaque: bool) -> list:
    """The plot as the (offscreen) screen shows it after each of a few resizes and extent changes,
    in a new window whose plot viewport is opaque or, as Qt has it by default, filled first."""
    from PySide6 import QtCore, QtGui

    from desktop.qt.app import SMOKE_CASE, make_application
    from desktop.qt.main_window import MainWindow

    make_application()
    window = MainWindow(persist=False)
    qtbot.addWidget(window)
    viewport = window.plot.viewport()
    viewport.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent, opaque)
    viewport.setAutoFillBackground(not opaque)
    window.form.set_values(SMOKE_CASE)
    window.resize(1200, 800)
    with qtbot.waitExposed(window):
        window.show()
    shots = []
    for size, extent in (((1280, 820), "complete"), ((1366, 900), None), ((1100, 700), "incomplete_over_90")):
        window.resize(*size)
        window.form.cytoreduction.setCurrentIndex(window.form.cytoreduction.findData(extent))
        window.repaint()
        area = QtCore.QRect(window.plot.mapTo(window, QtCore.QPoint(0, 0)), window.plot.size())
        shots.append(QtGui.QGuiApplication.primaryScreen().grabWindow(window.winId()).copy(area).toImage())
    window.mark_saved()
    return shots


def test_the_plot_paints_every_pixel_itself(qtbot, filled):
    """The plot's viewport is opaque (Qt does not fill it with the palette before each frame),
    which is right only because the view paints an opaque white background under everything it
    updates. After the same resizes and extent changes, the screen shows what it shows with Qt's
    fill, pixel for pixel (both include the few antialiased pixels where an update's clip cut a
    dashed line, which a fresh rendering draws a shade apart)."""
    from PySide6 import QtCore

    assert filled.plot.viewport().testAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent)
    brush = filled.plot.backgroundBrush()
    assert brush.style() == QtCore.Qt.BrushStyle.SolidPattern and brush.color().alpha() == 255
    opaque, filled_first = _screens_after_changes(qtbot, True), _screens_after_changes(qtbot, False)
    assert all(not shot.isNull() and shot.width() > 500 for shot in opaque)
    assert opaque == filled_first


def test_mitred_joins_draw_the_curves_as_round_joins_would(filled):
    """The plot's pens join segments with mitres, which Qt strokes faster than round joins; on
    these polylines of small angles the two must look the same: with the scenario curves,
    bands and milestones shown, under 0.1% of the plot's pixels differ, none by more than a
    quarter of full scale."""
    from PySide6 import QtCore, QtGui

    window = filled
    _set_extent(window, None)  # the scenario overlays: the most lines, dashed and dotted
    plot = window.plot
    lines = [item for o in plot.outcomes.values() for item in (o.line, o.line_extrapolated)]
    lines += [item for scenario in plot.scenarios.values() for item in scenario.lines]
    assert len(lines) == 10 and all(item.opts["pen"].joinStyle() == QtCore.Qt.PenJoinStyle.MiterJoin for item in lines)

    def image():  # grab() renders the plot afresh
        return _pixels(window.plot.grab().toImage())

    mitred = image()
    for item in lines:
        round_pen = QtGui.QPen(item.opts["pen"])
        round_pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
        item.setPen(round_pen)
    rounded = image()
    difference = np.abs(mitred - rounded).max(axis=2)
    assert rounded.shape == mitred.shape
    assert (difference > 0).any(), "the pens changed nothing: the comparison would prove nothing"
    assert (difference > 0).mean() < 0.001
    assert difference.max() <= 64


def _pixels(image) -> np.ndarray:
    from PySide6 import QtGui

    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 4 * image.width()].reshape(image.height(), image.width(), 4)[..., :3].astype(int)
