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
from dataclasses import dataclass, fields

from PySide6 import QtCore

from desktop.report.numbers import HORIZONS, OUTCOMES
from desktop.report.words import LANGUAGES as PATIENT_LANGUAGES

ORGANISATION = "netlm-risk"
APPLICATION = "netlm-risk"
# the values a stored choice may take; any other (an old or hand-edited file) reads as the default
ALLOWED = {"scenario_outcome": OUTCOMES, "counselling_years": HORIZONS, "patient_language": PATIENT_LANGUAGES}


def qsettings() -> QtCore.QSettings:
    folder = os.environ.get("NETLM_RISK_SETTINGS_DIR")
    if folder:
        return QtCore.QSettings(os.path.join(folder, "netlm-risk.ini"), QtCore.QSettings.Format.IniFormat)
    return QtCore.QSettings(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope,
                            ORGANISATION, APPLICATION)


def _stored(value, default, allowed=None):
    """A value as QSettings reads it back (text, from an INI file), of the type of ``default``;
    ``default`` when it is missing, unreadable or not ``allowed``."""
    if value is None:
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1", "yes")
    if isinstance(default, str) and not isinstance(value, str):
        return default
    try:
        value = type(default)(value)
    except (TypeError, ValueError):
        return default
    return value if allowed is None or value in allowed else default


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
            return cls(**{f.name: _stored(s.value(f.name), f.default, ALLOWED.get(f.name)) for f in fields(cls)})
        finally:
            s.endGroup()

    def save(self, settings: QtCore.QSettings | None = None) -> None:
        s = settings or qsettings()
        s.beginGroup(self.GROUP)
        for field in fields(self):
            s.setValue(field.name, getattr(self, field.name))
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
        self.set_value("splitter", window.splitter.saveState())
        self.settings.sync()

    def restore_window(self, window) -> None:
        for key, restore in (("geometry", window.restoreGeometry), ("window_state", window.restoreState),
                             ("splitter", window.splitter.restoreState)):
            saved = self.value(key)
            if isinstance(saved, (QtCore.QByteArray, bytes)):
                restore(saved)

    @property
    def last_folder(self) -> str:
        folder = self.value("last_folder", "")
        return folder if isinstance(folder, str) and os.path.isdir(folder) else os.path.expanduser("~")

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self.set_value("last_folder", folder)
