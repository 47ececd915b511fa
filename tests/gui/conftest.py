"""GUI fixtures: an isolated settings file and a main window (offscreen, see tests/conftest.py)."""

from __future__ import annotations

import pytest
from PySide6 import QtWidgets


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Every GUI test reads and writes its own QSettings file, never the user's."""
    folder = tmp_path / "settings"
    folder.mkdir()
    monkeypatch.setenv("NETLM_RISK_SETTINGS_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot):
    from desktop.qt.app import make_application
    from desktop.qt.main_window import MainWindow

    make_application()
    win = MainWindow(persist=False)
    # A modal prompt would hang an offscreen test: answer "Discard" and record each prompt.
    win.prompts = []

    def answer_discard():
        win.prompts.append("unsaved")
        return QtWidgets.QMessageBox.StandardButton.Discard

    win.ask_unsaved_changes = answer_discard
    win.errors = []
    win.show_error = lambda title, text: win.errors.append((title, text))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def filled(window):
    """The window with the README's example case entered."""
    from desktop.qt.app import SMOKE_CASE

    window.form.set_values(SMOKE_CASE)
    return window
