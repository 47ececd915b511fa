"""Whether the fonts on this computer can draw a text (a patient label in any script).

Qt falls back through every installed font for a character the chosen font lacks; when none has
it, the note would print a filled box for a patient's name, and the PDF would lose the character.
``uncovered_characters`` asks the font the note and the form use, with its whole fallback chain
(QFontMetrics.inFontUcs4), and reports the characters that no font draws.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PySide6 import QtGui

from desktop.report.font_hint import missing_font_notice, missing_font_warning, with_placeholders

# Formatting characters (bidi marks, joiners) and controls draw nothing by design.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


@lru_cache(maxsize=4096)
def _covered(char: str, family: str) -> bool:
    if unicodedata.category(char) in _INVISIBLE:
        return True
    font = QtGui.QFont(QtGui.QGuiApplication.font())
    if family:
        font.setFamily(family)
    # the metrics of a QFont ask its whole fallback chain, as drawing does
    return QtGui.QFontMetrics(font).inFontUcs4(ord(char))


def uncovered_characters(text: str | None, family: str = "") -> str:
    """The characters of ``text`` (each once, in order) that no installed font draws.

    Needs a QGuiApplication. ``family`` defaults to the application font, which the note uses.
    """
    return "".join(c for c in dict.fromkeys(text or "") if not _covered(c, family))


def label_font_warning(label: str | None, what: str = "the note") -> str | None:
    """The warning for a label some of whose characters no font draws, else None."""
    return missing_font_warning(uncovered_characters(label), what, label)


def label_font_notice(label: str | None) -> str | None:
    """The short warning shown beside the label field, else None."""
    return missing_font_notice(uncovered_characters(label))


def printable(text: str | None) -> str:
    """``text`` with each character no font draws replaced by the placeholder (never a silent box)."""
    return with_placeholders(text or "", uncovered_characters(text))
