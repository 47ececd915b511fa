"""How the survival plot looks on screen and on paper: one style object, no mode branches.

``SCREEN`` is interactive (cross-hair, hover and keyboard read-out), scales its line widths
with the screen's pixel ratio and caches its static items as pixmaps. ``PRINT`` is drawn once
into the consult note: black text, slightly heavier lines and larger type, hatched 95% ranges
with thin edges that survive greyscale printing, nothing cached (a cached item would reach
the PDF as a bitmap), and a right margin that fits only the labels shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtGui

from desktop.qt import theme

# line style per outcome: the second cue beside colour (greyscale, colour-blind readers)
OUTCOME_PEN_STYLE = {"overall_survival": QtCore.Qt.PenStyle.SolidLine,
                     "progression_free_survival": QtCore.Qt.PenStyle.DashLine}
OUTCOME_SYMBOL = {"overall_survival": "o", "progression_free_survival": "s"}
# scenario lines: long dash / dash-dot / dot, none solid, so that none passes for the patient's own line
SCENARIO_DASHES = {"complete": [9, 3], "incomplete_over_90": [6, 3, 1.5, 3], "incomplete_under_90": [1.5, 2.5]}
EXTRAPOLATED_DASHES = [1.2, 2.2]
_HATCH = {
    "overall_survival": QtCore.Qt.BrushStyle.BDiagPattern,
    "progression_free_survival": QtCore.Qt.BrushStyle.FDiagPattern,
}


def colour(hex_colour: str, alpha: int = 255) -> QtGui.QColor:
    out = QtGui.QColor(hex_colour)
    out.setAlpha(alpha)
    return out


def pen(colour_: QtGui.QColor | str, width: float, style=QtCore.Qt.PenStyle.SolidLine, dashes=None) -> QtGui.QPen:
    """A cosmetic pen with flat caps and mitred joins. The curves are polylines of 181 points
    at small angles, where a round join looks the same as a mitre (61 of 414,018 plot pixels a
    shade apart) but makes Qt stroke an arc at each point: mitres draw the plot 0.6 ms faster
    a frame with the scenario curves shown (benchmarks/gui_latency.py)."""
    out = QtGui.QPen(QtGui.QColor(colour_) if isinstance(colour_, str) else colour_)
    out.setWidthF(width)
    out.setCosmetic(True)
    out.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
    out.setJoinStyle(QtCore.Qt.PenJoinStyle.MiterJoin)
    if dashes is not None and dashes != [1, 0]:
        out.setDashPattern(dashes)
    else:
        out.setStyle(style)
    return out


def font(points: float, bold: bool = False, italic: bool = False) -> QtGui.QFont:
    out = QtGui.QFont()
    out.setPointSizeF(points)
    out.setBold(bold)
    out.setItalic(italic)
    return out


@dataclass(frozen=True)
class PlotStyle:
    interactive: bool  # screen: read-out, HiDPI pens, cached static items, margin for the widest label
    text_colour: str
    axis_width: float
    tick_points: float
    axis_label_points: float
    line_width: float
    scenario_width: float
    marker_size: float
    label_points: float
    end_label_points: float
    note_points: float
    hatched_bands: bool  # hatched fill with drawn edges; else a light fill alone
    # opacity (0-255) of a white patch behind the labels inside the plot: on paper the hatching
    # of the ranges would run through the text (the light screen fill does not need it)
    label_backing: int
    # the in-plot note naming the extrapolated stretch; the printed note's caption says it
    # instead, as on the small printed plot the note would only crowd the curves
    extrapolation_note: bool

    def label_fill(self) -> QtGui.QBrush:
        """The brush behind a label inside the plot (none on screen)."""
        if not self.label_backing:
            return QtGui.QBrush(QtCore.Qt.BrushStyle.NoBrush)
        return QtGui.QBrush(colour("#ffffff", self.label_backing))

    def band_brushes(self, outcome: str) -> tuple[QtGui.QBrush, QtGui.QBrush]:
        """Brushes of the observed and the extrapolated part of an outcome's 95% range."""
        hex_colour = theme.OUTCOME_COLOURS[outcome]
        if self.hatched_bands:
            return (QtGui.QBrush(colour(hex_colour, 150), _HATCH[outcome]),
                    QtGui.QBrush(colour(hex_colour, 70), _HATCH[outcome]))
        return QtGui.QBrush(colour(hex_colour, 55)), QtGui.QBrush(colour(hex_colour, 25))


SCREEN = PlotStyle(interactive=True, text_colour=theme.TEXT_COLOUR, axis_width=1.0, tick_points=10,
                   axis_label_points=11, line_width=3.0, scenario_width=2.2, marker_size=9, label_points=11,
                   end_label_points=10, note_points=9.5, hatched_bands=False, label_backing=0,
                   extrapolation_note=True)
PRINT = PlotStyle(interactive=False, text_colour="#000000", axis_width=1.2, tick_points=11,
                  axis_label_points=12, line_width=3.2, scenario_width=2.4, marker_size=8, label_points=11.5,
                  end_label_points=10.5, note_points=10, hatched_bands=True, label_backing=235,
                  extrapolation_note=False)
