"""Help > About: netlm-risk's own licence and the third-party notices, reachable by keyboard."""

from __future__ import annotations

import sys

from PySide6 import QtCore, QtWidgets

from desktop import notices
from tests.conftest import REPO


def _about(window, params, qtbot):
    from desktop.qt.help import AboutDialog

    dialog = AboutDialog(params, window)
    qtbot.addWidget(dialog)
    return dialog


def test_about_names_the_licence_and_offers_the_third_party_notices(window, params, qtbot):
    dialog = _about(window, params, qtbot)
    text = dialog.text.text()
    assert "MIT licence" in text and "LGPL" in text
    assert dialog.licences_button.text() == "&Third-party licences…"
    assert dialog.licences_button.accessibleName() == "Third-party licences"


def test_the_notices_open_from_the_keyboard(window, params, qtbot):
    """Tab reaches the button (it takes focus by keyboard) and Space opens the notices."""
    dialog = _about(window, params, qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    button = dialog.licences_button
    assert button.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus
    chain, widget = [], dialog.focusWidget()
    for _ in range(10):  # the tab chain from the focused OK button reaches the licences button
        widget = widget.nextInFocusChain()
        chain.append(widget)
    assert button in chain
    button.setFocus()
    qtbot.keyClick(button, QtCore.Qt.Key.Key_Space)
    viewers = [w for w in dialog.findChildren(QtWidgets.QDialog) if w.objectName() == "noticesViewer"]
    assert len(viewers) == 1
    shown = viewers[0].text.toPlainText()
    assert shown.startswith("netlm-risk licence\n\nMIT License")
    for name in ("PySide6", "shiboken6", "numpy", "pyqtgraph"):
        assert name in shown, name
    assert "LGPL" in shown
    viewers[0].close()


def test_the_own_licence_text_is_the_repositorys(monkeypatch):
    monkeypatch.setattr(notices, "licences_dir", lambda: None)
    assert notices.own_licence_text() == (REPO / "LICENSE").read_text(encoding="utf-8")


def test_installed_notices_list_each_runtime_dependency_with_version_and_licence(monkeypatch):
    import importlib.metadata

    monkeypatch.setattr(notices, "licences_dir", lambda: None)
    text, folder = notices.third_party_notices()
    assert folder is None
    for name in notices.RUNTIME_DISTRIBUTIONS:
        dist = importlib.metadata.distribution(name)
        assert f"== {dist.metadata['Name']} {dist.version}" in text
    assert "LGPL-3.0-only" in text  # PySide6's declared licence


def test_the_bundled_notices_are_shown_when_frozen(tmp_path, monkeypatch):
    """In the executable (sys._MEIPASS), the notices and full texts come from its licenses/ folder."""
    licences = tmp_path / "licenses"
    (licences / "netlm-risk").mkdir(parents=True)
    (licences / "THIRD-PARTY-NOTICES.txt").write_text("== Qt 6.11.3\nLicence: LGPL-3.0-only\n")
    (licences / "netlm-risk" / "LICENSE").write_text("MIT License\nbundled copy\n")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert notices.licences_dir() == licences
    assert notices.third_party_notices() == ("== Qt 6.11.3\nLicence: LGPL-3.0-only\n", licences)
    assert notices.own_licence_text() == "MIT License\nbundled copy\n"
