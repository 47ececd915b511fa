"""The one place that finds the data folders in every layout.

Three layouts exist:
* source tree: ``<repo>/desktop/paths.py`` with ``<repo>/model_params`` beside the package;
* installed wheel: hatchling force-includes the folders as ``desktop/_data/model_params``;
* frozen executable (PyInstaller): the folders sit under ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    found = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        found.append(Path(meipass) / name)
    found.append(_PACKAGE_DIR / "_data" / name)  # installed wheel
    found.append(_PACKAGE_DIR.parent / name)  # source tree
    return found


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``model_params``, ``resources`` or ``docs``)."""
    for path in _candidates(name):
        if path.is_dir():
            return path
    tried = ", ".join(str(p) for p in _candidates(name))
    raise FileNotFoundError(f"the folder '{name}' is missing (looked in: {tried})")


def model_params_dir() -> Path:
    return data_dir("model_params")


def resources_dir() -> Path:
    return data_dir("resources")


def docs_dir() -> Path:
    return data_dir("docs")
