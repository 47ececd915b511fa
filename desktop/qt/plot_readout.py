"""The survival plot's read-out: a cross-hair, a dot on each curve and both values in words
under the plot, at the month the mouse or the arrow keys point to (screen only)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from desktop.qt import theme
from desktop.qt.plot_items import Markers
from desktop.qt.plot_style import OUTCOME_SYMBOL, colour, pen
from desktop.report.numbers import OUTCOME_SHORT

PROMPT = ("<span style='color:#4d4d4d'>Point at the curves (or focus the plot and use the arrow keys) "
          "to read both outcomes at any month.</span>")


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


def readout_html(prediction, index: int, show_bands: bool) -> str:
    """Both outcomes at grid point ``index`` of ``prediction``, as one line of rich text."""
    parts = [f"<b>{format_months(float(prediction.overall_survival.months[index]))}</b>"]
    for outcome in prediction.outcomes:
        c = prediction.curve(outcome)
        text = f"{100 * c.survival[index]:.0f}%"
        if c.lower is not None and show_bands:
            text += f" (95% range {100 * c.lower[index]:.0f}–{100 * c.upper[index]:.0f}%)"
        if c.extrapolated[index]:
            text += " <i>extrapolated</i>"
        parts.append(f"<span style='color:{theme.OUTCOME_COLOURS[outcome]}'>{OUTCOME_SHORT[outcome]}</span> {text}")
    return "&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts)


class Readout:
    """The cross-hair and dots in ``plot`` and the read-out line in row 1 of ``layout``."""

    def __init__(self, plot: pg.PlotItem, layout: pg.GraphicsLayout):
        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pen(colour("#000000", 160), 1.0))
        self.crosshair.setZValue(30)
        plot.addItem(self.crosshair, ignoreBounds=True)
        self.dots = Markers(13)
        self.dots.setZValue(31)
        plot.addItem(self.dots, ignoreBounds=True)
        self.label = ReadoutLabel(justify="left", color=theme.TEXT_COLOUR)
        layout.addItem(self.label, row=1, col=0)
        self.clear()

    @property
    def text(self) -> str:
        return self.label.text

    def clear(self) -> None:
        self.crosshair.setVisible(False)
        self.dots.set_points([], [])
        self.label.setText(PROMPT)

    def show(self, prediction, index: int, show_bands: bool) -> None:
        month = float(prediction.overall_survival.months[index])
        self.crosshair.setPos(month)
        self.crosshair.setVisible(True)
        self.label.setText(readout_html(prediction, index, show_bands))
        shown = prediction.outcomes
        white = QtGui.QBrush(QtGui.QColor("#ffffff"))
        self.dots.set_points([month] * len(shown), [100 * prediction.curve(o).survival[index] for o in shown],
                             [(OUTCOME_SYMBOL[o], pen(theme.OUTCOME_COLOURS[o], 2.5), white) for o in shown])


class ReadoutLabel(pg.LabelItem):
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
