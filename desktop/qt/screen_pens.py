"""Line widths that follow the screen's device pixel ratio (HiDPI)."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets


class ScreenPens(QtCore.QObject):
    """Line widths of ``widget``'s items that follow the screen's device pixel ratio.

    Line pens are cosmetic (their width does not grow with the data's scale), and Qt draws a
    cosmetic width in device pixels: on a 200% screen a 3 px line came out 1.5 logical px, half
    as heavy next to text that did scale. Watches the widget (an event filter, owned by it) and
    applies the ratio when it is shown and on QEvent.DevicePixelRatioChange.
    """

    _EVENTS = (QtCore.QEvent.Type.Show, QtCore.QEvent.Type.DevicePixelRatioChange)

    def __init__(self, widget: QtWidgets.QWidget, items_and_pens):
        super().__init__(widget)
        self.items = [(item, QtGui.QPen(pen)) for item, pen in items_and_pens]
        self.ratio = 1.0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in self._EVENTS:
            self.apply(float(watched.devicePixelRatioF()))
        return False

    def add(self, items_and_pens) -> None:
        """Items made later: their pens follow the ratio from now on, starting with the current one."""
        added = [(item, QtGui.QPen(pen)) for item, pen in items_and_pens]
        self.items += added
        if self.ratio != 1.0:
            self._set(added)

    def apply(self, ratio: float) -> None:
        if abs(ratio - self.ratio) < 1e-6:
            return
        self.ratio = ratio
        self._set(self.items)

    def _set(self, items) -> None:
        ratio = self.ratio
        for item, base in items:
            pen = QtGui.QPen(base)
            pen.setWidthF(max(base.widthF(), 1.0) * ratio)  # dashes are in units of the width: they scale too
            item.setPen(pen)
