"""The form's scroll bar repaints from pictures the style drew before, and looks the same."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from desktop.qt.fields import RememberedScrollBar


class CountingStyle(QtWidgets.QProxyStyle):
    """The application's style (a new instance: a proxy owns its base), counting the scroll bars it draws."""

    def __init__(self):
        super().__init__(QtWidgets.QApplication.style().name())
        self.drawn = 0

    def drawComplexControl(self, control, option, painter, widget=None):  # noqa: N802 (Qt naming)
        if control == QtWidgets.QStyle.ComplexControl.CC_ScrollBar:
            self.drawn += 1
        super().drawComplexControl(control, option, painter, widget)


def _bar(cls, maximum: int, value: int, enabled: bool = True):
    bar = cls(QtCore.Qt.Orientation.Vertical)
    bar.resize(14, 300)
    bar.setRange(0, maximum)
    bar.setPageStep(300)
    bar.setValue(value)
    bar.setEnabled(enabled)
    return bar


@pytest.mark.parametrize("maximum, value, enabled", [(200, 0, True), (200, 120, True), (900, 900, True),
                                                     (40, 10, False), (0, 0, True)])
def test_pixel_for_pixel_the_styles_scroll_bar(qtbot, maximum, value, enabled):
    remembered = _bar(RememberedScrollBar, maximum, value, enabled)
    plain = _bar(QtWidgets.QScrollBar, maximum, value, enabled)
    for bar in (remembered, plain):
        qtbot.addWidget(bar)
    first = remembered.grab().toImage()
    again = remembered.grab().toImage()  # from the remembered picture
    expected = plain.grab().toImage()
    assert first == expected and again == expected


def test_the_style_draws_each_state_once(qtbot):
    """Back and forth between two heights of the form (a message under a field coming and going),
    the style draws each state once; a new state is drawn anew."""
    style = CountingStyle()
    bar = _bar(RememberedScrollBar, 200, 0)
    qtbot.addWidget(bar)
    bar.setStyle(style)
    for maximum in (200, 260, 200, 260, 200):
        bar.setMaximum(maximum)
        bar.grab()
    assert style.drawn == 2
    bar.setValue(50)
    bar.grab()
    assert style.drawn == 3


def test_the_form_scrolls_with_it(filled):
    bar = filled.findChild(QtWidgets.QScrollArea, "formScroll").verticalScrollBar()
    assert isinstance(bar, RememberedScrollBar)
    filled.resize(1000, 500)
    filled.grab()
    assert bar.isVisible() and bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert filled.findChild(QtWidgets.QScrollArea, "formScroll").widget().y() == -bar.maximum()


def test_in_the_window_pixel_for_pixel_the_styles_scroll_bar(filled):
    """Where it sits, over the window's background, after a message made the form longer."""
    filled.resize(1000, 600)
    filled.form.ki67_unknown.setChecked(True)
    bar = filled.findChild(QtWidgets.QScrollArea, "formScroll").verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    area = QtCore.QRect(bar.mapTo(filled, QtCore.QPoint(0, 0)), bar.size())
    remembered = filled.grab(area).toImage()
    bar.paintEvent = lambda event: QtWidgets.QScrollBar.paintEvent(bar, event)  # the style's own drawing
    bar.update()
    assert filled.grab(area).toImage() == remembered


def test_the_oldest_pictures_go_past_the_budget(qtbot, monkeypatch):
    style = CountingStyle()
    bar = _bar(RememberedScrollBar, 200, 0)
    qtbot.addWidget(bar)
    bar.setStyle(style)
    monkeypatch.setattr(RememberedScrollBar, "BUDGET", 2 * 14 * 300 * 4)  # two pictures of this bar
    for maximum in (200, 260, 320, 260, 200):
        bar.setMaximum(maximum)
        bar.grab()
    # 200, 260, 320 drawn; 260 kept; 200 had gone when 320 came
    assert style.drawn == 4 and len(bar._pictures) == 2
