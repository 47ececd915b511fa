"""The survival plot's graphics items: axes, one outcome's line, band and markers, a
scenario's line and label, the filled band.

Each bundle is built once and only given new data afterwards; how it looks comes from a
``PlotStyle`` (desktop/qt/plot_style.py).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols as SYMBOLS  # unit-sized paths by name
from PySide6 import QtCore, QtGui, QtWidgets

from desktop.qt import theme
from desktop.qt.plot_style import (
    EXTRAPOLATED_DASHES,
    OUTCOME_PEN_STYLE,
    OUTCOME_SYMBOL,
    SCENARIO_DASHES,
    PlotStyle,
    font,
    pen,
)
from desktop.qt.plot_style import colour as plot_colour
from desktop.report.numbers import OUTCOME_LABELS



class YearsAxis(pg.AxisItem):
    """Bottom axis: ticks every year, labelled in years (the data are months)."""

    def __init__(self, **kwargs):
        super().__init__("bottom", **kwargs)
        self.setTicks([[(12.0 * y, f"{y}") for y in range(0, 16)]])


class PercentAxis(pg.AxisItem):
    def __init__(self, **kwargs):
        super().__init__("left", **kwargs)
        self.setTicks([[(v, f"{v}%") for v in range(0, 101, 20)]])


class OutcomeItems:
    """The graphics items of one outcome: line, 95% band and markers, split at the data's end."""

    def __init__(self, plot: pg.PlotItem, outcome: str, look: PlotStyle):
        colour = theme.OUTCOME_COLOURS[outcome]
        width = look.line_width
        style = OUTCOME_PEN_STYLE[outcome]
        self.outcome = outcome
        self.line = pg.PlotCurveItem(pen=pen(colour, width, style), antialias=True)
        # the extrapolated stretch: same colour, lighter, dotted, thinner
        self.line_extrapolated = pg.PlotCurveItem(
            pen=pen(plot_colour(colour, 150), width * 0.75, dashes=EXTRAPOLATED_DASHES), antialias=True
        )
        # Band edges (lower, upper, then the extrapolated stretch's): on paper a thin edge keeps
        # the hatched range readable; on screen the fill alone shows the range (stroking the
        # edges cost a millisecond a frame), so there they do not exist.
        self.edges: list[pg.PlotCurveItem] = []
        if look.hatched_bands:
            edge_pen = pen(plot_colour(colour, 110), 1.0, style)
            edge_pen_x = pen(plot_colour(colour, 60), 1.0, dashes=EXTRAPOLATED_DASHES)
            self.edges = [pg.PlotCurveItem(pen=p, antialias=True) for p in (edge_pen, edge_pen, edge_pen_x, edge_pen_x)]
        brush, brush_x = look.band_brushes(outcome)
        self.fill = BandFill(brush)
        self.fill_x = BandFill(brush_x)
        self.markers = Markers(look.marker_size, OUTCOME_SYMBOL[outcome], pen("#ffffff", 1.5),
                               QtGui.QBrush(QtGui.QColor(colour)))
        self.label = pg.TextItem(OUTCOME_LABELS[outcome], color=colour, anchor=(0, 1), fill=look.label_fill())
        self.label.setFont(font(look.label_points, bold=True))
        for item in (self.fill, self.fill_x, *self.edges):
            item.setZValue(-10 if outcome == "overall_survival" else -9)
            plot.addItem(item)
        self.set_bands_visible(False)
        for item in (self.line_extrapolated, self.line, self.markers):
            item.setZValue(10 if outcome == "overall_survival" else 11)
            plot.addItem(item, ignoreBounds=True)
        self.label.setZValue(20)
        plot.addItem(self.label)
        # the 15-year value, in the right margin beside the line's end (hidden while the
        # scenario labels use the margin); italic when that value is extrapolated
        self.end_label = pg.TextItem("", color=colour, anchor=(0, 0.5))
        self.end_font = font(look.end_label_points, bold=True)
        self.end_label.setFont(self.end_font)
        self.end_label.setZValue(19)
        self.end_label.setVisible(False)
        plot.addItem(self.end_label)

    def set_bands_visible(self, visible: bool) -> None:
        for item in (self.fill, self.fill_x, *self.edges):
            item.setVisible(visible)

    def set_band(self, x, lower, upper, x_extrapolated, lower_extrapolated, upper_extrapolated) -> None:
        """The 95% range: its observed part and its extrapolated part."""
        self.fill.set_band(x, lower, upper)
        self.fill_x.set_band(x_extrapolated, lower_extrapolated, upper_extrapolated)
        edges = ((x, lower), (x, upper), (x_extrapolated, lower_extrapolated), (x_extrapolated, upper_extrapolated))
        for item, (xs, ys) in zip(self.edges, edges):
            item.setData(x=xs, y=ys)

    def clear(self) -> None:
        empty = np.empty(0)
        for item in (self.line, self.line_extrapolated):
            item.setData(x=empty, y=empty)
        self.set_band(empty, empty, empty, empty, empty, empty)
        self.set_bands_visible(False)
        self.markers.set_points([], [])
        self.label.setVisible(False)
        self.end_label.setVisible(False)


class ScenarioItems:
    """One extent of cytoreduction's curve and its name in the right margin.

    The name exists from the start (the right margin is as wide as the widest name); the
    lines are made the first time the overlay shows this extent, and handed to
    ``new_lines`` (the plot's HiDPI pens) then.
    """

    def __init__(self, plot: pg.PlotItem, key: str, look: PlotStyle, new_lines=None):
        self.plot, self.key, self.look, self.new_lines = plot, key, look, new_lines
        self.colour = theme.SCENARIO_COLOURS.get(key, theme.OKABE_ITO["black"])
        self.lines: list[pg.PlotCurveItem] = []  # observed, extrapolated
        self.label = pg.TextItem(theme.SCENARIO_SHORT_LABELS.get(key, key), color=self.colour, anchor=(0, 0.5))
        self.label.setFont(font(10, bold=True))
        self.label.setZValue(19)
        plot.addItem(self.label)

    def set_data(self, observed, extrapolated) -> None:
        """The curve as (months, percent): its observed part and its extrapolated part."""
        if not self.lines:
            width = self.look.scenario_width
            self.lines = [
                pg.PlotCurveItem(pen=pen(self.colour, width, dashes=SCENARIO_DASHES.get(self.key, [4, 2])),
                                 antialias=True),
                pg.PlotCurveItem(pen=pen(plot_colour(self.colour, 130), width * 0.7, dashes=EXTRAPOLATED_DASHES),
                                 antialias=True),
            ]
            for item in self.lines:
                item.setZValue(5)
                self.plot.addItem(item)
            if self.new_lines is not None:
                self.new_lines(self.lines)
        for item, (xs, ys) in zip(self.lines, (observed, extrapolated)):
            item.setData(x=xs, y=ys)
        self.set_visible(True)

    def set_visible(self, visible: bool) -> None:
        for item in (*self.lines, self.label):
            item.setVisible(visible)

    def plotted(self) -> tuple[np.ndarray, np.ndarray]:
        return joined(*self.lines)


class TodayItems:
    """At a follow-up visit: the time before the visit greyed, a dashed line and "today" at it
    (made at the first visit shown)."""

    def __init__(self, plot: pg.PlotItem, look: PlotStyle):
        self.before = pg.LinearRegionItem(values=(0.0, 0.0), movable=False,
                                          brush=QtGui.QBrush(plot_colour("#000000", 26)), pen=pg.mkPen(None))
        self.before.setZValue(-25)
        self.line = pg.InfiniteLine(angle=90, movable=False, pen=pen(plot_colour("#333333"), 1.6, dashes=[5, 3]))
        self.line.setZValue(-15)
        self.label = pg.TextItem("", color=look.text_colour, anchor=(0, 1), fill=look.label_fill())
        self.label.setFont(font(look.note_points, bold=True))
        self.text_rects: dict[str, QtCore.QRectF] = {}  # label text -> its box in pixels, measured once
        for item in (self.before, self.line, self.label):
            plot.addItem(item, ignoreBounds=True)

    def show(self, since: float, text: str) -> None:
        """The visit at ``since`` months; ``text`` is the label's on one line (the plot words and
        places the label, ``text_rect``)."""
        self.since, self.text = since, text
        self.before.setRegion((0.0, since))
        self.line.setPos(since)
        self.set_visible(True)

    def text_rect(self, text: str) -> QtCore.QRectF:
        """The label's box in pixels with ``text`` (a new text is laid out once; a keystroke at a
        visit tries up to three wordings)."""
        rect = self.text_rects.get(text)
        if rect is None:
            shown = self.label.toPlainText()
            self.label.setText(text)
            rect = self.text_rects[text] = QtCore.QRectF(self.label.boundingRect())
            self.label.setText(shown)
        return rect

    def set_visible(self, visible: bool) -> None:
        for item in (self.before, self.line, self.label):
            item.setVisible(visible)


class ReferenceItems:
    """The whole cohort's published milestones: open diamonds with their 95% bars, and their
    name in the top right corner (made the first time they are shown)."""

    def __init__(self, plot: pg.PlotItem, note_font: QtGui.QFont, x_right: float):
        self.markers = Markers(11, "d", pen(theme.REFERENCE_COLOUR, 1.6), QtGui.QBrush(QtGui.QColor("#ffffff")))
        self.markers.setZValue(13)
        self.bars = pg.ErrorBarItem(pen=pen(theme.REFERENCE_COLOUR, 1.2), beam=3)
        self.bars.setZValue(12)
        self.label = pg.TextItem("", color=theme.REFERENCE_COLOUR, anchor=(1, 0))
        self.label.setFont(note_font)
        self.label.setPos(x_right, 99.0)
        for item in (self.bars, self.markers, self.label):
            plot.addItem(item, ignoreBounds=True)

    def show(self, points: list[tuple[float, float, float, float]], n: int) -> None:
        """``points``: (months, survival, lower, upper) each, as fractions."""
        xs = np.array([months for months, _, _, _ in points], dtype=float)
        survival, lower, upper = (100.0 * np.array([p[i] for p in points], dtype=float) for i in (1, 2, 3))
        self.markers.set_points(xs, survival)
        self.bars.setData(x=xs, y=survival, top=upper - survival, bottom=survival - lower)
        self.bars.setVisible(True)
        self.label.setText(f"◇ whole Mayo cohort (n = {n}), published")
        self.label.setVisible(True)

    def hide(self) -> None:
        self.markers.set_points([], [])
        self.bars.setVisible(False)
        self.label.setVisible(False)


def split(months: np.ndarray, values: np.ndarray, extrapolated: np.ndarray):
    """Observed part and extrapolated part (sharing the boundary point so the line is unbroken)."""
    if not extrapolated.any():
        return (months, values), (np.empty(0), np.empty(0))
    first = int(np.argmax(extrapolated))
    start = max(first - 1, 0)
    return (months[: first], values[: first]), (months[start:], values[start:])


def segments(segments: list[tuple[float, float, float, float]], pen: QtGui.QPen, z: float,
              cached: bool) -> pg.PlotCurveItem:
    """Many straight lines as one path (one draw call per frame instead of one per line)."""
    xs = np.array([[x0, x1] for x0, _, x1, _ in segments], dtype=float).ravel()
    ys = np.array([[y0, y1] for _, y0, _, y1 in segments], dtype=float).ravel()
    item = pg.PlotCurveItem(x=xs, y=ys, pen=pen, connect="pairs", antialias=False)
    item.setZValue(z)
    if cached:
        # static on screen: paint once into a pixmap, not on every frame (dashed strokes are
        # slow). Never when printing: a cached item would reach the PDF as a bitmap.
        item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return item


class Markers(QtWidgets.QGraphicsItem):
    """Symbols of a fixed size in pixels at a few data points: the milestones on a line, the
    cohort's published values, the read-out's dots.

    pyqtgraph's ScatterPlotItem is built for thousands of points: for the handful here its
    per-frame Python (culling to the view, an atlas of pre-rendered symbols) cost about 0.4 ms
    a frame each, and it put bitmaps into the PDF. This item draws each symbol as a vector
    path, as ScatterPlotItem's own non-atlas path does: at the point's position on the device,
    ``size`` device-independent pixels wide, whatever the data's scale.
    """

    # the plot's whole data area (the item is never used to size the view)
    _BOUNDS = QtCore.QRectF(-50.0, -50.0, 400.0, 200.0)

    def __init__(self, size: float, symbol: str = "o", pen: QtGui.QPen | None = None,
                 brush: QtGui.QBrush | None = None):
        super().__init__()
        self.size = size
        self.style = (symbol, pen or QtGui.QPen(), brush or QtGui.QBrush())
        self.points: list[tuple[float, float, tuple]] = []
        self.setVisible(False)

    def set_points(self, xs, ys, styles=None) -> None:
        """Symbols at (xs[i], ys[i]), each in ``styles[i]`` = (symbol, pen, brush) or the
        item's own style."""
        styles = styles or [self.style] * len(xs)
        self.points = [(float(x), float(y), style) for x, y, style in zip(xs, ys, styles)]
        self.setVisible(bool(self.points))
        self.update()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 (pyqtgraph's name)
        return np.array([p[0] for p in self.points]), np.array([p[1] for p in self.points])

    def boundingRect(self) -> QtCore.QRectF:  # noqa: N802 (Qt naming)
        return self._BOUNDS

    def paint(self, painter: QtGui.QPainter, option, widget=None) -> None:
        transform = painter.transform()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        for x, y, (symbol, symbol_pen, brush) in self.points:
            painter.resetTransform()
            painter.translate(transform.map(QtCore.QPointF(x, y)))
            painter.scale(self.size, self.size)
            painter.setPen(symbol_pen)
            painter.setBrush(brush)
            painter.drawPath(SYMBOLS[symbol])
        painter.setTransform(transform)


class BandFill(QtWidgets.QGraphicsPathItem):
    """The filled 95% range between two edges, built straight from the arrays.

    pyqtgraph's FillBetweenItem rebuilds its polygon from the edges' painter paths through
    QPolygonF concatenation, about 0.2 ms a band on every change; one closed path from numpy
    arrays costs a tenth of that. Edges are drawn (or not) by their own PlotCurveItems.
    """

    def __init__(self, brush: QtGui.QBrush):
        super().__init__()
        self.setBrush(brush)
        self.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))

    def set_band(self, x, y_lower, y_upper) -> None:
        x = np.asarray(x, dtype=float)
        if len(x) < 2:
            self.setPath(QtGui.QPainterPath())
            return
        xs = np.concatenate([x, x[::-1]])
        ys = np.concatenate([np.asarray(y_lower, dtype=float), np.asarray(y_upper, dtype=float)[::-1]])
        path = pg.arrayToQPath(xs, ys, connect="all")
        path.closeSubpath()
        self.setPath(path)

    def polygon(self) -> tuple[np.ndarray, np.ndarray]:
        """The outline as drawn (x, y): lower edge forwards, then upper edge backwards."""
        poly = self.path().toFillPolygon()
        return np.array([p.x() for p in poly]), np.array([p.y() for p in poly])


def joined(observed: pg.PlotCurveItem, extrapolated: pg.PlotCurveItem) -> tuple[np.ndarray, np.ndarray]:
    x1, y1 = observed.getData()
    x2, y2 = extrapolated.getData()
    x1 = np.empty(0) if x1 is None else np.asarray(x1)
    y1 = np.empty(0) if y1 is None else np.asarray(y1)
    if x2 is not None and len(x2):
        x1 = np.concatenate([x1, np.asarray(x2)[1:]])
        y1 = np.concatenate([y1, np.asarray(y2)[1:]])
    return x1, y1
