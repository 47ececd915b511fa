"""The survival plot: OS and PFS with 95% ranges, milestones, scenarios and a hover read-out.

The plot draws what it is given and never recomputes: every number on it comes from the
Prediction (and optional scenario Predictions) handed to ``show_prediction``. Survival is
drawn in percent against months; the time axis is labelled in years.

Two modes:
* screen: hover cross-hair reading both curves (month read-out under the plot);
* print (``print_mode=True``): white background, black text, thicker lines, hatched
  ranges that survive greyscale printing, no cross-hair. The consult-note writer renders
  this widget's scene into a QPdfWriter.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from desktop.qt import theme
from desktop.report.numbers import milestone, percent

OUTCOMES = ("overall_survival", "progression_free_survival")
OUTCOME_LABELS = {"overall_survival": "Overall survival", "progression_free_survival": "Progression-free survival"}
OUTCOME_SHORT = {"overall_survival": "OS", "progression_free_survival": "PFS"}
MILESTONE_YEARS = (1, 2, 5, 10, 15)
MAX_MONTHS = 180.0
_LABEL_LIFTS = (0.0, 8.0, 16.0, 28.0)  # percentage points a direct label may move off its line

# line style per outcome: the second cue beside colour (greyscale, colour-blind readers)
_OUTCOME_STYLE = {"overall_survival": QtCore.Qt.PenStyle.SolidLine, "progression_free_survival": QtCore.Qt.PenStyle.DashLine}
_OUTCOME_SYMBOL = {"overall_survival": "o", "progression_free_survival": "s"}
# scenario lines: long dash / dash-dot / dot, none solid, so that none passes for the patient's own line
_SCENARIO_DASHES = {"complete": [9, 3], "incomplete_over_90": [6, 3, 1.5, 3], "incomplete_under_90": [1.5, 2.5]}
_PRINT_HATCH = {
    "overall_survival": QtCore.Qt.BrushStyle.BDiagPattern,
    "progression_free_survival": QtCore.Qt.BrushStyle.FDiagPattern,
}


def format_months(month: float) -> str:
    """'4 y 7 mo (55 months)': years for orientation, months for precision."""
    whole = int(round(month))
    years, months = divmod(whole, 12)
    if years == 0:
        head = f"{months} mo"
    elif months == 0:
        head = f"{years} y"
    else:
        head = f"{years} y {months} mo"
    return f"{head} ({whole} month{'s' if whole != 1 else ''})"


def _colour(hex_colour: str, alpha: int = 255) -> QtGui.QColor:
    colour = QtGui.QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


def _pen(colour: QtGui.QColor | str, width: float, style=QtCore.Qt.PenStyle.SolidLine, dashes=None) -> QtGui.QPen:
    pen = QtGui.QPen(QtGui.QColor(colour) if isinstance(colour, str) else colour)
    pen.setWidthF(width)
    pen.setCosmetic(True)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    if dashes is not None and dashes != [1, 0]:
        pen.setDashPattern(dashes)
    else:
        pen.setStyle(style)
    return pen


class _YearsAxis(pg.AxisItem):
    """Bottom axis: ticks every year, labelled in years (the data are months)."""

    def __init__(self, **kwargs):
        super().__init__("bottom", **kwargs)
        self.setTicks([[(12.0 * y, f"{y}") for y in range(0, 16)]])


class _PercentAxis(pg.AxisItem):
    def __init__(self, **kwargs):
        super().__init__("left", **kwargs)
        self.setTicks([[(v, f"{v}%") for v in range(0, 101, 20)]])


class _OutcomeItems:
    """The graphics items of one outcome: line, 95% band and markers, split at the data's end."""

    def __init__(self, plot: pg.PlotItem, outcome: str, print_mode: bool):
        colour = theme.OUTCOME_COLOURS[outcome]
        width = 3.2 if print_mode else 3.0
        style = _OUTCOME_STYLE[outcome]
        self.outcome = outcome
        self.line = pg.PlotCurveItem(pen=_pen(colour, width, style), antialias=True)
        # the extrapolated stretch: same colour, lighter, dotted, thinner
        self.line_extrapolated = pg.PlotCurveItem(
            pen=_pen(_colour(colour, 150), width * 0.75, dashes=[1.2, 2.2]), antialias=True
        )
        # Band edges: on paper a thin edge keeps the hatched range readable; on screen the fill
        # alone shows the range (stroking the edges cost a millisecond a frame), so there the
        # edges are neither given data nor shown.
        self.edges_drawn = print_mode
        edge_pen = _pen(_colour(colour, 110), 1.0, style)
        edge_pen_x = _pen(_colour(colour, 60), 1.0, dashes=[1.2, 2.2])
        self.band_lower = pg.PlotCurveItem(pen=edge_pen, antialias=True)
        self.band_upper = pg.PlotCurveItem(pen=edge_pen, antialias=True)
        self.band_lower_x = pg.PlotCurveItem(pen=edge_pen_x, antialias=True)
        self.band_upper_x = pg.PlotCurveItem(pen=edge_pen_x, antialias=True)
        if print_mode:
            brush = QtGui.QBrush(_colour(colour, 150), _PRINT_HATCH[outcome])
            brush_x = QtGui.QBrush(_colour(colour, 70), _PRINT_HATCH[outcome])
        else:
            brush = QtGui.QBrush(_colour(colour, 55))
            brush_x = QtGui.QBrush(_colour(colour, 25))
        self.fill = _BandFill(brush)
        self.fill_x = _BandFill(brush_x)
        self.markers = pg.ScatterPlotItem(
            symbol=_OUTCOME_SYMBOL[outcome],
            size=10 if print_mode else 9,
            pen=_pen("#ffffff", 1.5),
            brush=QtGui.QBrush(QtGui.QColor(colour)),
        )
        self.label = pg.TextItem(OUTCOME_LABELS[outcome], color=colour, anchor=(0, 1))
        font = QtGui.QFont()
        font.setPointSizeF(11.5 if print_mode else 11)
        font.setBold(True)
        self.label.setFont(font)
        for item in (self.fill, self.fill_x, self.band_lower, self.band_upper, self.band_lower_x, self.band_upper_x):
            item.setZValue(-10 if outcome == "overall_survival" else -9)
            plot.addItem(item)
        self.set_bands_visible(False)
        for item in (self.line_extrapolated, self.line, self.markers):
            item.setZValue(10 if outcome == "overall_survival" else 11)
            plot.addItem(item)
        self.label.setZValue(20)
        plot.addItem(self.label)
        # the 15-year value, in the right margin beside the line's end (hidden while the
        # scenario labels use the margin); italic when that value is extrapolated
        self.end_label = pg.TextItem("", color=colour, anchor=(0, 0.5))
        self.end_font = QtGui.QFont()
        self.end_font.setPointSizeF(10.5 if print_mode else 10)
        self.end_font.setBold(True)
        self.end_label.setFont(self.end_font)
        self.end_label.setZValue(19)
        self.end_label.setVisible(False)
        plot.addItem(self.end_label)

    def set_bands_visible(self, visible: bool) -> None:
        for item in (self.fill, self.fill_x):
            item.setVisible(visible)
        for item in (self.band_lower, self.band_upper, self.band_lower_x, self.band_upper_x):
            item.setVisible(visible and self.edges_drawn)

    def set_band(self, x, lower, upper, x_extrapolated, lower_extrapolated, upper_extrapolated) -> None:
        """The 95% range: its observed part and its extrapolated part."""
        self.fill.set_band(x, lower, upper)
        self.fill_x.set_band(x_extrapolated, lower_extrapolated, upper_extrapolated)
        if self.edges_drawn:
            self.band_lower.setData(x=x, y=lower)
            self.band_upper.setData(x=x, y=upper)
            self.band_lower_x.setData(x=x_extrapolated, y=lower_extrapolated)
            self.band_upper_x.setData(x=x_extrapolated, y=upper_extrapolated)

    def clear(self) -> None:
        empty = np.empty(0)
        for item in (self.line, self.line_extrapolated):
            item.setData(x=empty, y=empty)
        self.set_band(empty, empty, empty, empty, empty, empty)
        self.set_bands_visible(False)
        self.markers.setData(x=[], y=[])
        self.label.setVisible(False)
        self.end_label.setVisible(False)


class _ScenarioItems:
    def __init__(self, plot: pg.PlotItem, key: str, print_mode: bool):
        colour = theme.SCENARIO_COLOURS.get(key, theme.OKABE_ITO["black"])
        dashes = _SCENARIO_DASHES.get(key, [4, 2])
        width = 2.4 if print_mode else 2.2
        self.line = pg.PlotCurveItem(pen=_pen(colour, width, dashes=dashes), antialias=True)
        self.line_extrapolated = pg.PlotCurveItem(pen=_pen(_colour(colour, 130), width * 0.7, dashes=[1.2, 2.2]), antialias=True)
        self.label = pg.TextItem(theme.SCENARIO_SHORT_LABELS.get(key, key), color=colour, anchor=(0, 0.5))
        font = QtGui.QFont()
        font.setPointSizeF(10)
        font.setBold(True)
        self.label.setFont(font)
        for item in (self.line, self.line_extrapolated):
            item.setZValue(5)
            plot.addItem(item)
        self.label.setZValue(19)
        plot.addItem(self.label)

    def set_visible(self, visible: bool) -> None:
        for item in (self.line, self.line_extrapolated, self.label):
            item.setVisible(visible)


def _split(months: np.ndarray, values: np.ndarray, extrapolated: np.ndarray):
    """Observed part and extrapolated part (sharing the boundary point so the line is unbroken)."""
    if not extrapolated.any():
        return (months, values), (np.empty(0), np.empty(0))
    first = int(np.argmax(extrapolated))
    start = max(first - 1, 0)
    return (months[: first], values[: first]), (months[start:], values[start:])


def _segments(segments: list[tuple[float, float, float, float]], pen: QtGui.QPen, z: float,
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


class _BandFill(QtWidgets.QGraphicsPathItem):
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


def _joined(observed: pg.PlotCurveItem, extrapolated: pg.PlotCurveItem) -> tuple[np.ndarray, np.ndarray]:
    x1, y1 = observed.getData()
    x2, y2 = extrapolated.getData()
    x1 = np.empty(0) if x1 is None else np.asarray(x1)
    y1 = np.empty(0) if y1 is None else np.asarray(y1)
    if x2 is not None and len(x2):
        x1 = np.concatenate([x1, np.asarray(x2)[1:]])
        y1 = np.concatenate([y1, np.asarray(y2)[1:]])
    return x1, y1


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


class ScreenPens(QtCore.QObject):
    """Line widths of ``widget``'s items that follow the screen's device pixel ratio.

    Line pens are cosmetic (their width does not grow with the data's scale), and Qt draws a
    cosmetic width in device pixels: on a 200% screen a 3 px line came out 1.5 logical px, half
    as heavy next to text that did scale. Watches the widget (an event filter, owned by it) and
    applies the ratio when it is shown and on QEvent.DevicePixelRatioChange.
    """

    _EVENTS = (QtCore.QEvent.Type.Show, QtCore.QEvent.Type.DevicePixelRatioChange)

    def __init__(self, widget: QtWidgets.QWidget, items_and_pens):
        super().__init__(widget)
        self.items = [(item, QtGui.QPen(pen)) for item, pen in items_and_pens]
        self.ratio = 1.0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in self._EVENTS:
            self.apply(float(watched.devicePixelRatioF()))
        return False

    def apply(self, ratio: float) -> None:
        if abs(ratio - self.ratio) < 1e-6:
            return
        self.ratio = ratio
        for item, base in self.items:
            pen = QtGui.QPen(base)
            pen.setWidthF(max(base.widthF(), 1.0) * ratio)  # dashes are in units of the width: they scale too
            item.setPen(pen)


class _ReadoutLabel(pg.LabelItem):
    """The hover read-out under the plot: wraps to the plot's width, two lines tall, always.

    pyqtgraph's LabelItem makes its text's width its minimum width, so a long read-out
    widened the layout beyond the view in a narrow window and the plot's right edge was cut
    off; and each new text re-laid out the whole plot. Here the width follows the layout and
    the height is fixed at two lines, so the text never moves anything else.
    """

    _height = 44.0  # until measured below (the base class asks for a size hint while it starts)

    def __init__(self, point_size: float = 10.5, **kwargs):
        super().__init__("", size=f"{point_size}pt", **kwargs)
        font = QtGui.QFont(self.item.font())
        font.setPointSizeF(point_size)
        self._height = 2 * QtGui.QFontMetricsF(font).lineSpacing() + 6  # two lines of text
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.setMinimumSize(0, self._height)
        self.setMaximumHeight(self._height)

    def updateMin(self) -> None:  # noqa: N802 (pyqtgraph naming)
        pass  # the size never follows the text (see the class note)

    def sizeHint(self, hint, constraint):  # noqa: N802
        if hint == QtCore.Qt.SizeHint.MaximumSize:
            return QtCore.QSizeF(1e6, self._height)
        return QtCore.QSizeF(0, self._height)

    def resizeEvent(self, ev) -> None:  # noqa: N802
        self.item.setTextWidth(max(self.rect().width() - 4, 40.0))
        self.item.setPos(2, 0)


class SurvivalPlot(pg.GraphicsLayoutWidget):
    """OS and PFS curves of one Prediction, optional cytoreduction scenarios and a reference."""

    hovered = QtCore.Signal(float)  # month under the cursor (screen mode)

    def __init__(self, parent=None, print_mode: bool = False):
        super().__init__(parent)
        self.print_mode = print_mode
        self.setBackground("w")
        self.ci.setContentsMargins(4, 6, 10, 4)
        self.setAccessibleName("Survival curves")
        self.setAccessibleDescription(
            "Overall and progression-free survival over 15 years after surgery, with 95% ranges. "
            "The same numbers are listed in the Numbers tab."
        )
        text_colour = "#000000" if print_mode else theme.TEXT_COLOUR
        self.plot = self.addPlot(row=0, col=0, axisItems={"bottom": _YearsAxis(), "left": _PercentAxis()})
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.vb.setDefaultPadding(0)
        self.plot.setXRange(-1.5, MAX_MONTHS + 2.5, padding=0.0)
        self.plot.setYRange(-1.5, 102.5, padding=0.0)  # room for the 0% and 100% tick labels
        # grid as plain lines (the axes' own grid would clip the 0 / 15 y and 0% / 100% labels)
        grid_pen = _pen(_colour("#000000", 48), 1.0)
        grid = [(0.0, float(p), MAX_MONTHS, float(p)) for p in range(0, 101, 20)]
        grid += [(12.0 * y, 0.0, 12.0 * y, 100.0) for y in range(1, 16) if y not in MILESTONE_YEARS]
        self._grid = _segments(grid, grid_pen, -30, cached=not print_mode)
        self.plot.addItem(self._grid, ignoreBounds=True)
        tick_font = QtGui.QFont()
        tick_font.setPointSizeF(11 if print_mode else 10)
        label_style = {"color": text_colour, "font-size": "12pt" if print_mode else "11pt"}
        for name, text in (("bottom", "Years after surgery"), ("left", "Probability (%)")):
            axis = self.plot.getAxis(name)
            axis.setTextPen(pg.mkPen(text_colour))
            axis.setPen(pg.mkPen(text_colour, width=1.2 if print_mode else 1))
            # the first and last labels (0 and 15 years, 0% and 100%) may reach past the axis ends
            axis.setStyle(tickFont=tick_font, tickTextOffset=6, hideOverlappingLabels=False)
            axis.setLabel(text, **label_style)
            if not print_mode:
                # the axes never change between predictions: paint them from a
                # cached pixmap instead of replaying their text on every frame
                axis.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        milestones = [(12.0 * y, 0.0, 12.0 * y, 100.0) for y in MILESTONE_YEARS]
        self._milestone_lines = _segments(milestones, _pen(_colour("#8c8c8c", 140), 1.0, dashes=[2, 3]), -20,
                                          cached=not print_mode)
        self.plot.addItem(self._milestone_lines, ignoreBounds=True)
        self.outcomes = {o: _OutcomeItems(self.plot, o, print_mode) for o in OUTCOMES}
        # every scenario's items exist from the start (hidden), so that the right margin for their
        # labels is known before any is shown
        self.scenarios: dict[str, _ScenarioItems] = {
            key: _ScenarioItems(self.plot, key, print_mode) for key in theme.SCENARIO_SHORT_LABELS
        }
        for items in self.scenarios.values():
            items.set_visible(False)
        self.scenario_outcome = "overall_survival"
        self._extrapolation_note = pg.TextItem("", color=theme.MUTED_TEXT_COLOUR, anchor=(0, 1))
        note_font = QtGui.QFont()
        note_font.setPointSizeF(9.5 if not print_mode else 10)
        note_font.setItalic(True)
        self._extrapolation_note.setFont(note_font)
        self.plot.addItem(self._extrapolation_note)
        self._reference = pg.ScatterPlotItem(
            symbol="d", size=11, pen=_pen(theme.REFERENCE_COLOUR, 1.6), brush=QtGui.QBrush(QtGui.QColor("#ffffff"))
        )
        self._reference_bars = pg.ErrorBarItem(pen=_pen(theme.REFERENCE_COLOUR, 1.2), beam=3)
        self._reference_bars.setZValue(12)
        self._reference.setZValue(13)
        self.plot.addItem(self._reference_bars)
        self.plot.addItem(self._reference)
        self._reference_visible = False
        self._reference_label = pg.TextItem("", color=theme.REFERENCE_COLOUR, anchor=(1, 0))
        self._reference_label.setFont(note_font)
        self.plot.addItem(self._reference_label)
        self._prediction = None
        self._scenario_predictions: dict = {}
        self._show_bands = True
        self._hover_month: float | None = None
        self.readout = None
        self.crosshair = None
        if not print_mode:
            self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=_pen(_colour("#000000", 160), 1.0))
            self.crosshair.setZValue(30)
            self.crosshair.setVisible(False)
            self.plot.addItem(self.crosshair, ignoreBounds=True)
            self._hover_dots = pg.ScatterPlotItem(size=13)
            self._hover_dots.setZValue(31)
            self.plot.addItem(self._hover_dots)
            self.readout = _ReadoutLabel(justify="left", color=theme.TEXT_COLOUR)
            self.ci.addItem(self.readout, row=1, col=0)
            self.scene().sigMouseMoved.connect(self._on_mouse_moved)
            self.setMouseTracking(True)
            self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)  # arrow keys move the read-out
        self.plot.vb.sigResized.connect(self._on_resized)
        if not print_mode:  # paper is never scaled
            self._screen_pens = ScreenPens(self, self._lines_with_pens())
        self._update_margin()
        self._set_reference_items()
        self._clear_readout()

    # ------------------------------------------------------------------ public API

    def show_prediction(self, prediction, scenarios: dict | None = None, show_bands: bool = True) -> None:
        """Draw ``prediction`` (and scenario overlays keyed by cytoreduction extent)."""
        self._prediction = prediction
        self._scenario_predictions = dict(scenarios or {})
        self._show_bands = show_bands
        for outcome, items in self.outcomes.items():
            self._draw_outcome(items, prediction.curve(outcome), show_bands)
        self._draw_scenarios()
        self._place_labels()
        if self._hover_month is not None:
            self.hover_at_month(self._hover_month)

    def clear_prediction(self) -> None:
        """Show an empty plot (e.g. while the form holds an unfinished entry)."""
        self._prediction = None
        for items in self.outcomes.values():
            items.clear()
        for items in self.scenarios.values():
            items.set_visible(False)
        self._extrapolation_note.setText("")
        if not self.print_mode:
            self.crosshair.setVisible(False)
            self._hover_dots.setData(x=[], y=[])
        self._clear_readout()

    def set_scenario_outcome(self, outcome: str) -> None:
        self.scenario_outcome = outcome
        if self._prediction is not None:
            self.show_prediction(self._prediction, self._scenario_predictions, self._show_bands)

    def set_reference_visible(self, visible: bool) -> None:
        """The published Kaplan-Meier milestones of the whole Mayo cohort, as open diamonds."""
        self._reference_visible = visible
        self._set_reference_items()

    def prediction(self):
        return self._prediction

    def plotted(self, outcome: str) -> tuple[np.ndarray, np.ndarray]:
        """Months and survival (percent) as drawn for ``outcome``, observed and extrapolated joined."""
        items = self.outcomes[outcome]
        return _joined(items.line, items.line_extrapolated)

    def plotted_scenarios(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Scenario key -> months and survival (percent) as drawn, for the visible overlays."""
        return {k: _joined(s.line, s.line_extrapolated) for k, s in self.scenarios.items() if s.line.isVisible()}

    def readout_text(self) -> str:
        return "" if self.readout is None else self.readout.text

    def hover_at_month(self, month: float | None) -> None:
        """Put the cross-hair at ``month`` and read both curves there (None hides it)."""
        if self.print_mode:
            return
        if month is None or self._prediction is None:
            self._hover_month = None
            self.crosshair.setVisible(False)
            self._hover_dots.setData(x=[], y=[])
            self._clear_readout()
            return
        curve = self._prediction.overall_survival
        index = int(np.abs(curve.months - month).argmin())
        month = float(curve.months[index])
        self._hover_month = month
        self.crosshair.setPos(month)
        self.crosshair.setVisible(True)
        parts = [f"<b>{format_months(month)}</b>"]
        for outcome in OUTCOMES:
            c = self._prediction.curve(outcome)
            text = f"{100 * c.survival[index]:.0f}%"
            if c.lower is not None and self._show_bands:
                text += f" (95% range {100 * c.lower[index]:.0f}–{100 * c.upper[index]:.0f}%)"
            if c.extrapolated[index]:
                text += " <i>extrapolated</i>"
            colour = theme.OUTCOME_COLOURS[outcome]
            parts.append(f"<span style='color:{colour}'>{OUTCOME_SHORT[outcome]}</span> {text}")
        self.readout.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts))
        self._hover_dots.setData(
            x=[month, month],
            y=[100 * self._prediction.curve(o).survival[index] for o in OUTCOMES],
            symbol=[_OUTCOME_SYMBOL[o] for o in OUTCOMES],
            pen=[_pen(theme.OUTCOME_COLOURS[o], 2.5) for o in OUTCOMES],
            brush=[QtGui.QBrush(QtGui.QColor("#ffffff"))] * 2,
        )
        self.hovered.emit(month)

    # ------------------------------------------------------------------ drawing

    def _draw_outcome(self, items: _OutcomeItems, curve, show_bands: bool) -> None:
        months = np.asarray(curve.months, dtype=float)
        survival = 100.0 * np.asarray(curve.survival)
        extrapolated = np.asarray(curve.extrapolated, dtype=bool)
        (x_obs, y_obs), (x_ext, y_ext) = _split(months, survival, extrapolated)
        items.line.setData(x=x_obs, y=y_obs)
        items.line_extrapolated.setData(x=x_ext, y=y_ext)
        has_bands = show_bands and curve.lower is not None
        if has_bands:
            lower, upper = 100.0 * np.asarray(curve.lower), 100.0 * np.asarray(curve.upper)
            (xl, yl), (xlx, ylx) = _split(months, lower, extrapolated)
            (_, yu), (_, yux) = _split(months, upper, extrapolated)
            items.set_band(xl, yl, yu, xlx, ylx, yux)
        items.set_bands_visible(has_bands)
        wanted = 12.0 * np.asarray(MILESTONE_YEARS, dtype=float)
        index = np.minimum(np.searchsorted(months, wanted), len(months) - 1)
        on_grid = np.abs(months[index] - wanted) < 1e-9
        items.markers.setData(x=wanted[on_grid], y=survival[index[on_grid]])
        items.label.setVisible(True)

    def _draw_scenarios(self) -> None:
        for key, prediction in self._scenario_predictions.items():
            items = self.scenarios[key]
            curve = prediction.curve(self.scenario_outcome)
            months = np.asarray(curve.months, dtype=float)
            (x_obs, y_obs), (x_ext, y_ext) = _split(months, 100.0 * np.asarray(curve.survival), np.asarray(curve.extrapolated))
            items.line.setData(x=x_obs, y=y_obs)
            items.line_extrapolated.setData(x=x_ext, y=y_ext)
            items.set_visible(True)
        for key, items in self.scenarios.items():
            if key not in self._scenario_predictions:
                items.set_visible(False)

    def _place_labels(self) -> None:
        """Direct labels beside their lines, never across a line or another label.

        Each label tries a list of spots (a month, above or below its own line) in order of
        preference and takes the first whose box is inside the plot and clear of every line
        (its own included) and of the labels already placed. Bands may be overlapped: their
        fill is light. Sizes are measured in data units at the current plot size.
        """
        prediction = self._prediction
        keys = list(self._scenario_predictions)
        margin_labels, margin_ys = self._margin_labels()
        self._update_margin(margin_labels)
        x_limits = (0.0, MAX_MONTHS)
        obstacles = [self.plotted(o) for o in OUTCOMES]
        drawn = self.plotted_scenarios()
        obstacles += [drawn[k] for k in keys]
        placed: list[tuple[float, float, float, float]] = []
        if self._reference_visible:
            xs, ys = self._reference.getData()
            obstacles.append((np.asarray(xs), np.asarray(ys)))
            placed.append(self._box_of(self._reference_label))

        os_line = obstacles[0]
        pfs_line = obstacles[1]
        os_spots = [(m, "above") for m in (66, 54, 78, 42, 90, 30, 102, 18, 114)] + \
                   [(m, "below") for m in (66, 90, 42, 114, 18, 130)]
        pfs_spots = [(m, "below") for m in (10, 14, 18, 24, 6, 30)] + \
                    [(m, "above") for m in (30, 40, 20, 50, 12, 60, 72, 84, 96)]
        self._place(self.outcomes["overall_survival"].label, os_line, os_spots, obstacles, placed, x_limits)
        self._place(self.outcomes["progression_free_survival"].label, pfs_line, pfs_spots, obstacles, placed, x_limits)

        # the extrapolated stretch, named next to its first dotted part
        notes = [o for o in OUTCOMES if np.asarray(prediction.curve(o).extrapolated).any()]
        if notes:
            outcome = notes[0]
            end_of_data = prediction.params.last_knot_months(outcome)
            self._extrapolation_note.setText(f"{OUTCOME_SHORT[outcome]} after {end_of_data / 12:g} years: extrapolated")
            line = self.plotted(outcome)
            spots = [(end_of_data + d, side) for side in ("above", "below") for d in (4, 12, 24, 36, 48, 60)]
            self._place(self._extrapolation_note, line, spots, obstacles, placed, x_limits, gap=1.0)
        else:
            self._extrapolation_note.setText("")

        if margin_labels:
            end = float(prediction.overall_survival.months[-1])
            _, height = self._label_size(margin_labels[0])
            ys = spread_labels(margin_ys, max(height, 4.0), height / 2 + 1, 99.0 - height / 2)
            for label, y in zip(margin_labels, ys):
                label.setPos(end + 1.5, y)

    def _margin_labels(self) -> tuple[list, list[float]]:
        """The labels right of the lines' ends and the heights (percent) they belong at:
        the scenario names when the overlay is shown, else each outcome's 15-year value."""
        prediction = self._prediction
        end = float(prediction.overall_survival.months[-1])
        labels, heights = [], []
        if self._scenario_predictions:
            drawn = self.plotted_scenarios()
            for key in self._scenario_predictions:
                labels.append(self.scenarios[key].label)
                heights.append(float(np.interp(end, *drawn[key])))
        else:
            for outcome in OUTCOMES:
                m = milestone(prediction.curve(outcome), outcome, int(round(end / 12)))
                if abs(12 * m.years - end) > 1e-9:  # the grid does not end on a whole year
                    continue
                label = self.outcomes[outcome].end_label
                font = QtGui.QFont(self.outcomes[outcome].end_font)
                font.setItalic(m.extrapolated)
                label.setFont(font)
                label.setText(f"{OUTCOME_SHORT[outcome]} {percent(m.survival)}")
                labels.append(label)
                heights.append(100.0 * m.survival)
        for items in self.outcomes.values():
            items.end_label.setVisible(items.end_label in labels)
        return labels, heights

    def _update_margin(self, shown: list | None = None) -> None:
        """The right margin (beyond 15 years) for the labels at the lines' ends.

        On screen the margin is as wide as the widest label that could ever sit there (a
        scenario name), whether or not it is shown, so the time axis never moves when the
        overlay comes and goes: the curves stay where the eye left them, and the axes are not
        laid out and painted anew (that cost about 5 ms a change). It changes only with the
        plot's width. On paper, where the plot is small and drawn once, the margin fits the
        labels actually shown (``shown``).
        """
        if self.print_mode and shown is not None:
            candidates = shown
        else:
            candidates = [items.label for items in self.scenarios.values()]
            candidates += [items.end_label for items in self.outcomes.values()]
        widest_px = max((label.boundingRect().width() for label in candidates), default=0.0)
        view_px = self.plot.vb.width() if self.plot.vb.width() > 100 else 800.0
        margin = MAX_MONTHS * (widest_px + 14) / max(view_px - widest_px - 14, 100.0) if widest_px else 0.0
        right = MAX_MONTHS + margin + 2.5
        if abs(self.plot.vb.viewRange()[0][1] - right) > 1e-6:  # setXRange re-lays out even when unchanged
            self.plot.setXRange(-1.5, right, padding=0.0)

    def _label_size(self, label: pg.TextItem) -> tuple[float, float]:
        """Width in months and height in percent of a text label at the current plot size."""
        rect = label.boundingRect()
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        width_px = self.plot.vb.width() if self.plot.vb.width() > 100 else 800.0
        height_px = self.plot.vb.height() if self.plot.vb.height() > 100 else 450.0
        return rect.width() / width_px * (x1 - x0), rect.height() / height_px * (y1 - y0)

    def _box_of(self, label: pg.TextItem) -> tuple[float, float, float, float]:
        width, height = self._label_size(label)
        pos = label.pos()
        ax, ay = label.anchor.x(), label.anchor.y()
        left = pos.x() - ax * width
        top = pos.y() + ay * height  # y grows upwards; anchor y 0 is the text's top
        return left, left + width, top - height, top

    def _place(self, label, line, spots, obstacles, placed, x_limits, gap: float = 1.5) -> None:
        """Put ``label`` at the first spot clear of every line and label.

        The spots hug the label's own line first; then the same spots lifted away from it
        (where the curves crowd together, e.g. all near 0% late on, the free room is higher
        up). With no clear spot at all, the spot covering the least is taken, so a label
        never sits on another label when any alternative exists.
        """
        width, height = self._label_size(label)
        xs, ys = line
        best = None
        for lift in _LABEL_LIFTS:
            for month, side in spots:
                inside = (xs >= month - 1.0) & (xs <= month + width + 1.0)  # the window _overlap checks
                if not inside.any():
                    continue
                if side == "above":
                    bottom = float(ys[inside].max()) + gap + lift
                    box = (month, month + width, bottom, bottom + height)
                else:
                    top = float(ys[inside].min()) - gap - lift
                    box = (month, month + width, top - height, top)
                cost = self._overlap(box, obstacles, placed, x_limits)
                if best is None or cost < best[0]:
                    best = (cost, box)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is None or best[0] == float("inf"):
            label.setVisible(False)
            return
        choice = best[1]
        label.setVisible(True)
        label.setAnchor((0, 0))
        label.setPos(choice[0], choice[3])
        placed.append(choice)

    @staticmethod
    def _overlap(box, obstacles, placed, x_limits, pad: float = 0.6) -> float:
        """How much ``box`` covers: infinite outside the plot; each line point inside counts 1,
        each label overlapped counts 100; 0 means free."""
        left, right, bottom, top = box
        if left < x_limits[0] or right > x_limits[1] or bottom < 0.5 or top > 99.5:
            return float("inf")
        cost = 0.0
        for xs, ys in obstacles:
            inside = (xs >= left - 1.0) & (xs <= right + 1.0)
            if inside.any():
                cost += float(((ys[inside] >= bottom - pad) & (ys[inside] <= top + pad)).sum())
        for l2, r2, b2, t2 in placed:
            if left < r2 and l2 < right and bottom < t2 and b2 < top:
                cost += 100.0
        return cost

    def _set_reference_items(self) -> None:
        if not self._reference_visible:
            self._reference.setData(x=[], y=[])
            self._reference_bars.setVisible(False)
            self._reference_label.setText("")
            return
        from desktop.model import load_params

        published = load_params().published["milestones"]
        xs, ys, lo, hi = [], [], [], []
        for outcome in OUTCOMES:
            for m in published[outcome]:
                if "lower" not in m:
                    continue
                xs.append(float(m["months"]))
                ys.append(100.0 * m["survival"])
                lo.append(100.0 * (m["survival"] - m["lower"]))
                hi.append(100.0 * (m["upper"] - m["survival"]))
        self._reference.setData(x=xs, y=ys)
        self._reference_bars.setData(x=np.array(xs), y=np.array(ys), top=np.array(hi), bottom=np.array(lo))
        self._reference_bars.setVisible(True)
        n = load_params().table1["all"]["n"]
        self._reference_label.setText(f"◇ whole Mayo cohort (n = {n}), published")
        self._reference_label.setPos(MAX_MONTHS, 99.0)

    def _on_resized(self, *_args) -> None:
        # label sizes in data units change with the plot's size (_place_labels sets the margin too)
        if self._prediction is not None:
            self._place_labels()
        else:
            self._update_margin()

    # ------------------------------------------------------------------ HiDPI

    def _lines_with_pens(self) -> list[tuple[object, QtGui.QPen]]:
        """Every line item and the pen it was made with (widths in logical pixels)."""
        items = [self._grid, self._milestone_lines]
        for o in self.outcomes.values():
            items += [o.line, o.line_extrapolated, o.band_lower, o.band_upper, o.band_lower_x, o.band_upper_x]
        for s in self.scenarios.values():
            items += [s.line, s.line_extrapolated]
        out = [(item, QtGui.QPen(item.opts["pen"])) for item in items]
        if self.crosshair is not None:
            out.append((self.crosshair, QtGui.QPen(self.crosshair.pen)))
        return out

    # ------------------------------------------------------------------ hover

    def _clear_readout(self) -> None:
        if self.readout is not None:
            self.readout.setText(
                "<span style='color:#4d4d4d'>Point at the curves (or focus the plot and use the arrow keys) "
                "to read both outcomes at any month.</span>"
            )

    def _on_mouse_moved(self, scene_pos) -> None:
        if self._prediction is None:
            return
        if not self.plot.vb.sceneBoundingRect().contains(scene_pos):
            self.hover_at_month(None)
            return
        month = self.plot.vb.mapSceneToView(scene_pos).x()
        self.hover_at_month(min(max(month, 0.0), float(self._prediction.overall_survival.months[-1])))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        """Keyboard read-out: Left/Right move the cross-hair a month (with Shift a year), Home/End."""
        if self.print_mode or self._prediction is None:
            super().keyPressEvent(event)
            return
        key = event.key()
        step = 12.0 if event.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier else 1.0
        last = float(self._prediction.overall_survival.months[-1])
        current = self._hover_month if self._hover_month is not None else 12.0 * 5 - step
        moves = {QtCore.Qt.Key.Key_Right: current + step, QtCore.Qt.Key.Key_Left: current - step,
                 QtCore.Qt.Key.Key_Home: 0.0, QtCore.Qt.Key.Key_End: last}
        if key in moves:
            self.hover_at_month(min(max(moves[key], 0.0), last))
            return
        if key == QtCore.Qt.Key.Key_Escape and self._hover_month is not None:
            self.hover_at_month(None)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802
        if not self.print_mode and self._prediction is not None and self._hover_month is None:
            self.hover_at_month(60.0)  # start the keyboard read-out at 5 years
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.hover_at_month(None)
        super().focusOutEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.hover_at_month(None)
        super().leaveEvent(event)
