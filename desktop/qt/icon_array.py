"""An icon array of 100 people: the counselling view's picture of a probability.

Each kind of person differs in fill *and* outline, not colour alone, so the picture reads the
same to colour-blind viewers and on a greyscale print: solid dark figures, lighter figures
with a dark outline and diagonal hatching, and hollow grey outlines.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets

from desktop.qt import theme


@dataclass(frozen=True)
class IconKind:
    fill: str | None  # None: hollow
    outline: str
    hatch: bool = False


KINDS = {
    "alive_no_progression": IconKind(theme.OKABE_ITO["blue"], theme.OKABE_ITO["blue"]),
    "alive_progressed": IconKind(theme.OKABE_ITO["orange"], "#5c3d00", hatch=True),
    "alive": IconKind(theme.OKABE_ITO["blue"], theme.OKABE_ITO["blue"]),
    "died": IconKind(None, "#7a7a7a"),
}


def person_path(rect: QtCore.QRectF) -> QtGui.QPainterPath:
    """A simple head-and-shoulders figure filling ``rect``."""
    w, h = rect.width(), rect.height()
    x, y = rect.x(), rect.y()
    path = QtGui.QPainterPath()
    head_r = 0.16 * min(w, h)
    path.addEllipse(QtCore.QPointF(x + 0.5 * w, y + 0.22 * h), head_r, head_r)
    body = QtCore.QRectF(x + 0.2 * w, y + 0.43 * h, 0.6 * w, 0.55 * h)
    path.addRoundedRect(body, 0.22 * w, 0.22 * w)
    return path


def paler(colour: str, amount: float = 0.6) -> QtGui.QColor:
    """``colour`` mixed with white: lighter in colour and in greyscale alike."""
    c = QtGui.QColor(colour)
    return QtGui.QColor(*(int(round(v + (255 - v) * amount)) for v in (c.red(), c.green(), c.blue())))


def paint_person(painter: QtGui.QPainter, rect: QtCore.QRectF, kind: IconKind, in_range: bool = False) -> None:
    """One person; ``in_range``: inside the 95% range, drawn paler with a dashed outline (a
    difference of lightness and line, so it survives greyscale and colour blindness)."""
    path = person_path(rect)
    pen = QtGui.QPen(QtGui.QColor(kind.outline))
    pen.setWidthF(max(1.2, rect.width() * 0.055))
    if in_range:
        pen.setColor(QtGui.QColor("#333333"))
        pen.setStyle(QtCore.Qt.PenStyle.DashLine)
    painter.setPen(pen)
    if kind.fill is None:
        painter.setBrush(QtGui.QColor("#e6e6e6") if in_range else QtCore.Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        return
    painter.setBrush(paler(kind.fill) if in_range else QtGui.QColor(kind.fill))
    painter.drawPath(path)
    if kind.hatch:
        painter.save()
        painter.setClipPath(path)
        hatch = QtGui.QPen(QtGui.QColor(kind.outline))
        hatch.setWidthF(max(1.0, rect.width() * 0.035))
        painter.setPen(hatch)
        step = max(3.0, rect.width() * 0.2)
        x = rect.left() - rect.height()
        while x < rect.right():
            painter.drawLine(QtCore.QPointF(x, rect.bottom()), QtCore.QPointF(x + rect.height(), rect.top()))
            x += step
        painter.restore()
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        painter.setPen(pen)
        painter.drawPath(path)


def paint_people(painter: QtGui.QPainter, square: QtCore.QRectF, kinds: list[str],
                 alive_range: tuple[int, int] | None = None) -> None:
    """10 x 10 people of ``kinds`` in ``square``, row by row; those from ``low`` to ``high`` of
    ``alive_range`` (the 95% range of the number alive) drawn as inside it."""
    cell = square.width() / 10.0
    pad = cell * 0.08
    low, high = alive_range or (0, 0)
    painter.save()
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    for index, key in enumerate(kinds):
        row, column = divmod(index, 10)
        person = QtCore.QRectF(square.left() + column * cell + pad, square.top() + row * cell + pad,
                               cell - 2 * pad, cell - 2 * pad)
        paint_person(painter, person, KINDS[key], low <= index < high)
    painter.restore()


class IconArray(QtWidgets.QWidget):
    """10 x 10 people, filled row by row in the order of ``groups``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[tuple[str, int]] = []
        self.range: tuple[int, int] | None = None  # people [low, high) in reading order lie in the 95% range
        self.setMinimumSize(220, 220)
        sp = QtWidgets.QSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.setAccessibleName("Picture of 100 people")

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return width

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802
        return QtCore.QSize(420, 420)

    def set_groups(self, groups: list[tuple[str, int]], description: str = "") -> None:
        if sum(n for _, n in groups) != 100 or any(n < 0 for _, n in groups):
            raise ValueError(f"an icon array needs 100 people in non-negative groups (got {groups})")
        self.groups = list(groups)
        self.setAccessibleDescription(description)
        self.update()

    def set_range(self, low_high: tuple[int, int] | None) -> None:
        """Mark the people from ``low`` to ``high`` (of 100, the 95% range of the number alive),
        or none."""
        self.range = None if low_high is None or low_high[0] >= low_high[1] else \
            (max(0, low_high[0]), min(100, low_high[1]))
        self.update()

    def in_range(self) -> list[bool]:
        """For each of the 100 people, in reading order: inside the marked range."""
        low, high = self.range or (0, 0)
        return [low <= i < high for i in range(100)]

    def kinds(self) -> list[str]:
        """The kind of each of the 100 people, in reading order."""
        return [key for key, n in self.groups for _ in range(n)]

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QtGui.QPainter(self)
        side = min(self.width(), self.height())
        paint_people(painter, QtCore.QRectF((self.width() - side) / 2.0, (self.height() - side) / 2.0, side, side),
                     self.kinds(), self.range)
        painter.end()


class IconSwatch(QtWidgets.QWidget):
    """One person icon, for the legend."""

    def __init__(self, kind: str, parent=None, in_range: bool = False):
        super().__init__(parent)
        self.kind = kind
        self.in_range = in_range
        self.setFixedSize(34, 34)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        paint_person(painter, QtCore.QRectF(2, 2, self.width() - 4, self.height() - 4), KINDS[self.kind],
                     self.in_range)
        painter.end()
