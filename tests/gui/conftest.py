"""GUI fixtures (offscreen; the ``window`` fixture and ``isolated_settings`` live in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(isolated_settings):
    """Every GUI test reads and writes its own QSettings file, never the user's."""
    return isolated_settings


@pytest.fixture
def filled(window):
    """The window with the README's example case entered."""
    from desktop.qt.app import SMOKE_CASE

    window.form.set_values(SMOKE_CASE)
    return window
