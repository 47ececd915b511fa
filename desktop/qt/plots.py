"""The survival plot widget: OS and PFS with 95% ranges, milestones, scenarios and a read-out.

The plot draws what it is given and never recomputes: every number on it comes from the
Prediction (and optional scenario Predictions) handed to ``show_prediction``, and the
published cohort milestones from ``set_reference``. Survival is drawn in percent against
months; the time axis is labelled in years. How it looks on screen and on paper is a
``PlotStyle`` (desktop/qt/plot_style.py); the items are in plot_items.py and where the labels
go is decided, without Qt, in plot_labels.py. What is left here is the widget's own work:
drawing each change, measuring labels and the right margin at the current size, and the
mouse and keyboard read-out, which share the widget's state. That shared state (the prediction
on screen, the hover month, the margin, the label boxes) is why these ~460 lines stay one
module: split further, each part would have to be handed the others' state on every change.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from desktop.qt import plot_labels, theme
from desktop.qt.plot_items import (
    OutcomeItems,
    PercentAxis,
    ReferenceItems,
    ScenarioItems,
    TodayItems,
    YearsAxis,
    joined,
    segments,
    split,
)
from desktop.qt.plot_readout import Readout, format_months
from desktop.qt.plot_style import SCREEN, PlotStyle, colour, font, pen
from desktop.qt.screen_pens import ScreenPens
from desktop.report.numbers import MONTHLY_GRID, MILESTONE_YEARS, OUTCOME_SHORT, OUTCOMES, milestone, percent

MAX_MONTHS = float(MONTHLY_GRID[-1])


class SurvivalPlot(pg.GraphicsLayoutWidget):
    """OS and PFS curves of one Prediction, optional cytoreduction scenarios and a reference."""

    def __init__(self, parent=None, style: PlotStyle = SCREEN):
        super().__init__(parent)
        self.look = style
        self.setBackground("w")
        # the view paints every pixel it updates (the white background first), so Qt need not
        # fill the viewport with the palette's colour before each frame as well
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.ci.setContentsMargins(4, 6, 10, 4)
        self.setAccessibleName("Survival curves")
        self.setAccessibleDescription(
            "Overall and progression-free survival over 15 years after surgery, with 95% ranges. "
            "The same numbers are listed in the Numbers tab."
        )
        text_colour = style.text_colour
        self.plot = self.addPlot(row=0, col=0, axisItems={"bottom": YearsAxis(), "left": PercentAxis()})
        for axis in self.plot.axes.values():
            # years and percent never take an SI prefix (k, M); checking for one re-renders the
            # axis title's HTML on every range change, 62 times while the window is built
            axis["item"].enableAutoSIPrefix(False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.vb.setDefaultPadding(0)
        self.plot.setXRange(-1.5, MAX_MONTHS + 2.5, padding=0.0)
        self.plot.setYRange(-1.5, 102.5, padding=0.0)  # room for the 0% and 100% tick labels
        # grid as plain lines (the axes' own grid would clip the 0 / 15 y and 0% / 100% labels)
        grid_pen = pen(colour("#000000", 48), 1.0)
        grid = [(0.0, float(p), MAX_MONTHS, float(p)) for p in range(0, 101, 20)]
        grid += [(12.0 * y, 0.0, 12.0 * y, 100.0) for y in range(1, 16) if y not in MILESTONE_YEARS]
        self._grid = segments(grid, grid_pen, -30, cached=style.interactive)
        self.plot.addItem(self._grid, ignoreBounds=True)
        tick_font = font(style.tick_points)
        label_style = {"color": text_colour, "font-size": f"{style.axis_label_points:g}pt"}
        for name, text in (("bottom", "Years after surgery"), ("left", "Probability (%)")):
            axis = self.plot.getAxis(name)
            axis.setTextPen(pg.mkPen(text_colour))
            axis.setPen(pg.mkPen(text_colour, width=style.axis_width))
            # the first and last labels (0 and 15 years, 0% and 100%) may reach past the axis ends
            axis.setStyle(tickFont=tick_font, tickTextOffset=6, hideOverlappingLabels=False)
            axis.setLabel(text, **label_style)
            if style.interactive:
                # the axes never change between predictions: paint them from a
                # cached pixmap instead of replaying their text on every frame
                axis.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        milestones = [(12.0 * y, 0.0, 12.0 * y, 100.0) for y in MILESTONE_YEARS]
        self._milestone_lines = segments(milestones, pen(colour("#8c8c8c", 140), 1.0, dashes=[2, 3]), -20,
                                         cached=style.interactive)
        self.plot.addItem(self._milestone_lines, ignoreBounds=True)
        self.outcomes = {o: OutcomeItems(self.plot, o, style) for o in OUTCOMES}
        # every scenario's name exists from the start (hidden), so that the right margin for the
        # names is known before any is shown; its lines are made when first shown
        self.scenarios: dict[str, ScenarioItems] = {
            key: ScenarioItems(self.plot, key, style, self._new_lines) for key in theme.SCENARIO_SHORT_LABELS
        }
        for items in self.scenarios.values():
            items.set_visible(False)
        self.scenario_outcome = "overall_survival"
        self._extrapolation_note = pg.TextItem("", color=theme.MUTED_TEXT_COLOUR, anchor=(0, 1))
        self._note_font = font(style.note_points, italic=True)
        self._extrapolation_note.setFont(self._note_font)
        self.plot.addItem(self._extrapolation_note)
        self.reference: ReferenceItems | None = None  # the cohort's milestones, made when first shown
        self.today: TodayItems | None = None  # a follow-up visit's marks, made at the first visit
        self._reference_visible = False
        self._reference_points: list = []
        self._reference_n = 0
        self._prediction = None
        self._scenario_predictions: dict = {}
        self._show_bands = True
        self._hover_month: float | None = None
        self.readout = None
        if style.interactive:
            self.readout = Readout(self.plot, self.ci)
            self.scene().sigMouseMoved.connect(self._on_mouse_moved)
            self.setMouseTracking(True)
            self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)  # arrow keys move the read-out
        self.plot.vb.sigResized.connect(self._on_resized)
        self._screen_pens = ScreenPens(self, self._lines_with_pens()) if style.interactive else None  # paper is never scaled
        self._update_margin()
        self._set_reference_items()

    # ------------------------------------------------------------------ public API

    def show_prediction(self, prediction, scenarios: dict | None = None, show_bands: bool = True) -> None:
        """Draw ``prediction`` (and scenario overlays keyed by cytoreduction extent)."""
        self._prediction = prediction
        self._scenario_predictions = dict(scenarios or {})
        self._show_bands = show_bands
        since = float(prediction.case.months_since_surgery or 0.0)
        for outcome, items in self.outcomes.items():
            curve = prediction.curve(outcome)
            if curve is None:  # no estimate (PFS after progression at a follow-up visit)
                items.clear()
            else:
                self._draw_outcome(items, curve, show_bands, since)
        self._draw_today(since)
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
        self._draw_today(0.0)
        self._extrapolation_note.setText("")
        if self.readout is not None:
            self.readout.clear()

    def set_scenario_outcome(self, outcome: str) -> None:
        self.scenario_outcome = outcome
        if self._prediction is not None:
            self.show_prediction(self._prediction, self._scenario_predictions, self._show_bands)

    def set_reference(self, points: list[tuple[float, float, float, float]], n: int) -> None:
        """The published Kaplan-Meier milestones of the whole Mayo cohort of ``n`` patients:
        (months, survival, lower, upper) each, drawn as open diamonds when shown."""
        self._reference_points = list(points)
        self._reference_n = n
        self._set_reference_items()

    def set_reference_visible(self, visible: bool) -> None:
        self._reference_visible = visible
        self._set_reference_items()

    def plotted(self, outcome: str) -> tuple[np.ndarray, np.ndarray]:
        """Months and survival (percent) as drawn for ``outcome``, observed and extrapolated joined."""
        items = self.outcomes[outcome]
        return joined(items.line, items.line_extrapolated)

    def plotted_scenarios(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Scenario key -> months and survival (percent) as drawn, for the visible overlays."""
        return {k: s.plotted() for k, s in self.scenarios.items() if s.label.isVisible()}

    def hover_at_month(self, month: float | None) -> None:
        """Put the cross-hair at ``month`` and read both curves there (None hides it)."""
        if self.readout is None:
            return
        if month is None or self._prediction is None:
            self._hover_month = None
            self.readout.clear()
            return
        curve = self._prediction.overall_survival
        index = int(np.abs(curve.months - month).argmin())
        self._hover_month = float(curve.months[index])
        self.readout.show(self._prediction, index, self._show_bands)

    # ------------------------------------------------------------------ drawing

    def _draw_today(self, since: float) -> None:
        """At a follow-up visit: grey before the visit, a dashed line and 'today' at it."""
        if since > 0:
            if self.today is None:
                self.today = TodayItems(self.plot, self.look)
            self.today.show(since, f"today, {format_months(since).split(' (')[0]} after surgery")
        elif self.today is not None:
            self.today.set_visible(False)

    def _draw_outcome(self, items: OutcomeItems, curve, show_bands: bool, since: float = 0.0) -> None:
        months = np.asarray(curve.months, dtype=float)
        keep = months >= since - 1e-9  # a conditional curve starts at the visit (1 before it)
        months = months[keep]
        survival = 100.0 * np.asarray(curve.survival)[keep]
        extrapolated = np.asarray(curve.extrapolated, dtype=bool)[keep]
        (x_obs, y_obs), (x_ext, y_ext) = split(months, survival, extrapolated)
        items.line.setData(x=x_obs, y=y_obs)
        items.line_extrapolated.setData(x=x_ext, y=y_ext)
        has_bands = show_bands and curve.lower is not None
        if has_bands:
            lower, upper = 100.0 * np.asarray(curve.lower)[keep], 100.0 * np.asarray(curve.upper)[keep]
            (xl, yl), (xlx, ylx) = split(months, lower, extrapolated)
            (_, yu), (_, yux) = split(months, upper, extrapolated)
            items.set_band(xl, yl, yu, xlx, ylx, yux)
        items.set_bands_visible(has_bands)
        wanted = 12.0 * np.asarray(MILESTONE_YEARS, dtype=float)
        index = np.minimum(np.searchsorted(months, wanted), len(months) - 1)
        on_grid = np.abs(months[index] - wanted) < 1e-9
        items.markers.set_points(wanted[on_grid], survival[index[on_grid]])
        items.label.setVisible(True)

    def _draw_scenarios(self) -> None:
        for key, prediction in list(self._scenario_predictions.items()):
            items = self.scenarios[key]
            curve = prediction.curve(self.scenario_outcome)
            if curve is None:  # no PFS estimate at this follow-up visit
                del self._scenario_predictions[key]
                continue
            keep = np.asarray(curve.months, dtype=float) >= float(prediction.case.months_since_surgery or 0.0) - 1e-9
            months = np.asarray(curve.months, dtype=float)[keep]
            items.set_data(*split(months, 100.0 * np.asarray(curve.survival)[keep], np.asarray(curve.extrapolated)[keep]))
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
        # at a follow-up visit the labels stay right of the "today" line, off the greyed past
        x_limits = (float(prediction.case.months_since_surgery or 0.0), MAX_MONTHS)
        obstacles = [self.plotted(o) for o in OUTCOMES]
        drawn = self.plotted_scenarios()
        obstacles += [drawn[k] for k in keys]
        placed: list[tuple[float, float, float, float]] = []
        if self._reference_visible:
            obstacles.append(self.reference.markers.getData())
            placed.append(self._box_of(self.reference.label))
        if self.today is not None and self.today.label.isVisible():
            self._place_today(obstacles)
            placed.append(self._box_of(self.today.label))

        self._place(self.outcomes["overall_survival"].label, obstacles[0], plot_labels.OS_SPOTS, obstacles, placed,
                    x_limits)
        if prediction.progression_free_survival is not None:
            self._place(self.outcomes["progression_free_survival"].label, obstacles[1], plot_labels.PFS_SPOTS,
                        obstacles, placed, x_limits)

        # the extrapolated stretch, named next to its first dotted part
        notes = [o for o in prediction.outcomes if np.asarray(prediction.curve(o).extrapolated).any()]
        if notes and self.look.extrapolation_note:
            outcome = notes[0]
            end_of_data = prediction.params.last_knot_months(outcome)
            self._extrapolation_note.setText(f"{OUTCOME_SHORT[outcome]} after {end_of_data / 12:g} years: extrapolated")
            line = self.plotted(outcome)
            self._place(self._extrapolation_note, line, plot_labels.extrapolation_note_spots(end_of_data), obstacles,
                        placed, x_limits, gap=1.0)
        else:
            self._extrapolation_note.setText("")

        if margin_labels:
            end = float(prediction.overall_survival.months[-1])
            _, height = self._label_size(margin_labels[0])
            # a little more than one label height apart: touching boxes would share an edge
            ys = plot_labels.spread_labels(margin_ys, max(1.1 * height, 4.0), 0.55 * height + 1, 99.0 - 0.55 * height)
            for label, y in zip(margin_labels, ys):
                label.setPos(end + 1.5, y)

    def _place_today(self, obstacles) -> None:
        """The visit's "today" label, low beside its dashed line and clear of the curves and their
        markers: right of the line, else left of it (in the greyed past); on one line, else on
        two, else "today" alone (the time since surgery is in the title and the sentences), which
        stays right of the line when nothing is clear."""
        label, since = self.today.label, self.today.since
        points = obstacles + [items.markers.getData() for items in self.outcomes.values() if items.markers.points]
        texts = (self.today.text, self.today.text.replace(", ", ",\n", 1), self.today.text.split(",")[0])
        for text in texts:
            size = self._label_size(label, self.today.text_rect(text))
            for x, anchor in ((since + 1.0, (0, 1)), (since - 1.0, (1, 1))):
                box = plot_labels.box_at(x, 4.0, anchor, size)
                if plot_labels.overlap(box, points, [], (0.0, MAX_MONTHS), pad=2.0) == 0:
                    break
            else:
                continue
            break
        else:
            x, anchor = since + 1.0, (0, 1)
        if label.toPlainText() != text:
            label.setText(text)
        label.setAnchor(anchor)
        label.setPos(x, 4.0)

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
            for outcome in prediction.outcomes:
                m = milestone(prediction.curve(outcome), outcome, int(round(end / 12)))
                if abs(12 * m.years - end) > 1e-9:  # the grid does not end on a whole year
                    continue
                label = self.outcomes[outcome].end_label
                font = QtGui.QFont(self.outcomes[outcome].end_font)
                font.setItalic(m.extrapolated)
                text = f"{OUTCOME_SHORT[outcome]} {percent(m.survival)}"
                if label.textItem.font() != font:  # each sets off a text layout
                    label.setFont(font)
                if label.toPlainText() != text:
                    label.setText(text)
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
        laid out and painted anew on every change. It changes only with the plot's width. On paper, where the plot is small and drawn once, the margin fits the
        labels actually shown (``shown``).
        """
        if not self.look.interactive and shown is not None:
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

    def _label_size(self, label: pg.TextItem, rect: QtCore.QRectF | None = None) -> tuple[float, float]:
        """Width in months and height in percent of a text label at the current plot size
        (``rect``: its box in pixels, when known)."""
        rect = label.boundingRect() if rect is None else rect
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        width_px = self.plot.vb.width() if self.plot.vb.width() > 100 else 800.0
        height_px = self.plot.vb.height() if self.plot.vb.height() > 100 else 450.0
        return rect.width() / width_px * (x1 - x0), rect.height() / height_px * (y1 - y0)

    def _box_of(self, label: pg.TextItem) -> tuple[float, float, float, float]:
        pos = label.pos()
        return plot_labels.box_at(pos.x(), pos.y(), (label.anchor.x(), label.anchor.y()), self._label_size(label))

    def _place(self, label, line, spots, obstacles, placed, x_limits, gap: float = 1.5) -> None:
        """Put ``label`` where plot_labels.place says, or hide it when nowhere fits."""
        box = plot_labels.place(self._label_size(label), line, spots, obstacles, placed, x_limits, gap)
        if box is None:
            label.setVisible(False)
            return
        label.setVisible(True)
        if (label.anchor.x(), label.anchor.y()) != (0, 0):
            label.setAnchor((0, 0))
        label.setPos(box[0], box[3])
        placed.append(box)

    def _set_reference_items(self) -> None:
        if not self._reference_visible:
            if self.reference is not None:
                self.reference.hide()
            return
        if self.reference is None:
            self.reference = ReferenceItems(self.plot, self._note_font, MAX_MONTHS)
        self.reference.show(self._reference_points, self._reference_n)

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
            items += [o.line, o.line_extrapolated, *o.edges]
        out = [(item, QtGui.QPen(item.opts["pen"])) for item in items]
        if self.readout is not None:
            out.append((self.readout.crosshair, QtGui.QPen(self.readout.crosshair.pen)))
        return out

    def _new_lines(self, items) -> None:
        """Lines made after the start (a scenario's) follow the screen's pixel ratio too."""
        if self._screen_pens is not None:
            self._screen_pens.add([(item, QtGui.QPen(item.opts["pen"])) for item in items])

    # ------------------------------------------------------------------ hover

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
        if not self.look.interactive or self._prediction is None:
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
        if self.look.interactive and self._prediction is not None and self._hover_month is None:
            self.hover_at_month(60.0)  # start the keyboard read-out at 5 years
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.hover_at_month(None)
        super().focusOutEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.hover_at_month(None)
        super().leaveEvent(event)
