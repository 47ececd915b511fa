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
GRID_COLOUR = "#d9d9d9"
REFERENCE_COLOUR = "#333333"
