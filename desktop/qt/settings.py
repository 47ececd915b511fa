"""Preferences and window state in QSettings, kept apart (as Picard's config does).

* ``Preferences`` (group ``setting``): choices the user makes on purpose, e.g. whether the
  95% ranges are shown or the counselling horizon; a reset of the window layout keeps them.
* ``WindowState`` (group ``persist``): geometry, splitter positions, last folder: what the
  app remembers on its own.

Nothing about a patient is ever stored here. ``NETLM_RISK_SETTINGS_DIR`` redirects the file
(tests, portable use).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6 import QtCore

from desktop.report.numbers import HORIZONS, OUTCOMES
from desktop.report.words import LANGUAGES as PATIENT_LANGUAGES

ORGANISATION = "netlm-risk"
APPLICATION = "netlm-risk"


def qsettings() -> QtCore.QSettings:
    folder = os.environ.get("NETLM_RISK_SETTINGS_DIR")
    if folder:
        return QtCore.QSettings(os.path.join(folder, "netlm-risk.ini"), QtCore.QSettings.Format.IniFormat)
    return QtCore.QSettings(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope,
                            ORGANISATION, APPLICATION)


def _bool(value, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes")


def _int(value, default: int, allowed=None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if allowed is None or number in allowed else default


def _choice(value, default: str, allowed) -> str:
    return value if isinstance(value, str) and value in allowed else default


@dataclass
class Preferences:
    show_bands: bool = True
    compare_scenarios: bool = False
    scenario_outcome: str = "overall_survival"
    show_reference: bool = False
    counselling_years: int = 5
    patient_language: str = "en"  # the counselling view's and the take-home sheet's

    GROUP = "setting"

    @classmethod
    def load(cls, settings: QtCore.QSettings | None = None) -> "Preferences":
        s = settings or qsettings()
        s.beginGroup(cls.GROUP)
        try:
            outcome = s.value("scenario_outcome", "overall_survival")
            return cls(
                show_bands=_bool(s.value("show_bands"), True),
                compare_scenarios=_bool(s.value("compare_scenarios"), False),
                scenario_outcome=outcome if outcome in OUTCOMES else "overall_survival",
                show_reference=_bool(s.value("show_reference"), False),
                counselling_years=_int(s.value("counselling_years"), 5, HORIZONS),
                patient_language=_choice(s.value("patient_language"), "en", PATIENT_LANGUAGES),
            )
        finally:
            s.endGroup()

    def save(self, settings: QtCore.QSettings | None = None) -> None:
        s = settings or qsettings()
        s.beginGroup(self.GROUP)
        for name in ("show_bands", "compare_scenarios", "scenario_outcome", "show_reference", "counselling_years",
                     "patient_language"):
            s.setValue(name, getattr(self, name))
        s.endGroup()
        s.sync()


class WindowState:
    """Geometry and layout of the main window (group ``persist``)."""

    GROUP = "persist"

    def __init__(self, settings: QtCore.QSettings | None = None):
        self.settings = settings or qsettings()

    def value(self, key: str, default=None):
        return self.settings.value(f"{self.GROUP}/{key}", default)

    def set_value(self, key: str, value) -> None:
        self.settings.setValue(f"{self.GROUP}/{key}", value)

    def save_window(self, window) -> None:
        self.set_value("geometry", window.saveGeometry())
        self.set_value("window_state", window.saveState())
        splitter = getattr(window, "splitter", None)
        if splitter is not None:
            self.set_value("splitter", splitter.saveState())
        self.settings.sync()

    def restore_window(self, window) -> bool:
        geometry = self.value("geometry")
        restored = False
        if isinstance(geometry, (QtCore.QByteArray, bytes)) and window.restoreGeometry(geometry):
            restored = True
        state = self.value("window_state")
        if isinstance(state, (QtCore.QByteArray, bytes)):
            window.restoreState(state)
        splitter = getattr(window, "splitter", None)
        split = self.value("splitter")
        if splitter is not None and isinstance(split, (QtCore.QByteArray, bytes)):
            splitter.restoreState(split)
        return restored

    @property
    def last_folder(self) -> str:
        folder = self.value("last_folder", "")
        return folder if isinstance(folder, str) and os.path.isdir(folder) else os.path.expanduser("~")

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self.set_value("last_folder", folder)
