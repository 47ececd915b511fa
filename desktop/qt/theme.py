"""Colours and line styles shared by the plot, the icon array and the printed note.

Okabe & Ito (2008) colour-blind-safe palette. Every colour is paired with a second cue
(line style, marker, fill pattern or text) so that nothing depends on colour alone and a
greyscale print stays readable.
"""

from __future__ import annotations

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

OUTCOME_COLOURS = {
    "overall_survival": OKABE_ITO["blue"],
    "progression_free_survival": OKABE_ITO["vermillion"],
}

SCENARIO_COLOURS = {
    "complete": OKABE_ITO["bluish_green"],
    "incomplete_over_90": OKABE_ITO["orange"],
    "incomplete_under_90": OKABE_ITO["reddish_purple"],
}

SCENARIO_SHORT_LABELS = {
    "complete": "Complete",
    "incomplete_over_90": "Incomplete >90%",
    "incomplete_under_90": "Incomplete <90%",
}

TEXT_COLOUR = "#1b1b1b"
MUTED_TEXT_COLOUR = "#4d4d4d"
REFERENCE_COLOUR = "#333333"

# --- type and colour by object name -------------------------------------------------------
# The main window is styled through fonts and palettes, not an application-wide style sheet:
# any app-wide sheet makes Qt polish every widget through QStyleSheetStyle, which costs about
# 45 ms at start-up (benchmarks/startup.py). Style sheets stay local to small subtrees (the
# banner, the counselling view: resources/style.qss).

WINDOW_COLOUR = "#f7f8fa"
PANEL_COLOUR = "#ffffff"
MESSAGE_COLOURS = {"problem": "#8a1c00", "flag": "#5c4300", "info": "#33414f"}
BANNER_STYLE = (
    "QLabel { background: #fff7e0; border: 1px solid #d9b44a; border-radius: 4px; "
    "padding: 8px 10px; color: #1b1b1b; font-size: 11pt; }"
)

# in place of the curves when the case is out of the model's scope: a thick border, not colour alone
NO_ESTIMATE_STYLE = (
    "QLabel { background: #ffffff; border: 3px solid #1b1b1b; border-radius: 6px; padding: 24px; "
    "color: #1b1b1b; font-size: 12pt; }"
)

# object name -> (point size or None, bold or None, colour or None)
TEXT_STYLES = {
    "formHeading": (15.0, True, TEXT_COLOUR),
    "sectionHeading": (12.0, True, TEXT_COLOUR),
    "notesHeading": (11.0, True, TEXT_COLOUR),
    "fieldLabel": (None, True, TEXT_COLOUR),
    "sentences": (11.0, None, TEXT_COLOUR),
    "footnote": (None, None, MUTED_TEXT_COLOUR),
    "statusModel": (None, None, MUTED_TEXT_COLOUR),
}
PANELS = ("formPanel", "patientForm")


def set_text_style(widget, point_size=None, bold=None, colour=None) -> None:
    from PySide6 import QtGui

    if point_size is not None or bold is not None:
        font = QtGui.QFont(widget.font())
        if point_size is not None:
            font.setPointSizeF(point_size)
        if bold is not None:
            font.setBold(bold)
        widget.setFont(font)
    if colour is not None:
        palette = widget.palette()
        palette.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(colour))
        palette.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor(colour))
        widget.setPalette(palette)


def apply_styles(root) -> None:
    """Fonts, colours and panel backgrounds for ``root`` and its children, by object name."""
    from PySide6 import QtGui, QtWidgets

    widgets = [root] + root.findChildren(QtWidgets.QWidget)
    for widget in widgets:
        name = widget.objectName()
        if name in TEXT_STYLES:
            set_text_style(widget, *TEXT_STYLES[name])
        elif name in PANELS:
            widget.setAutoFillBackground(True)
            palette = widget.palette()
            palette.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor(PANEL_COLOUR))
            widget.setPalette(palette)


def application_palette(palette):
    """The app palette: a quiet window grey and the Okabe-Ito blue for selection."""
    from PySide6 import QtGui

    palette.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor(WINDOW_COLOUR))
    palette.setColor(QtGui.QPalette.ColorRole.Highlight, QtGui.QColor(OKABE_ITO["blue"]))
    palette.setColor(QtGui.QPalette.ColorRole.HighlightedText, QtGui.QColor("#ffffff"))
    return palette
