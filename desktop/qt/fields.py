"""Input widgets of the patient form: a locale-aware number field, a choice that can stay
unknown, the message beside a field, and a row of widgets sharing one cell; and the
word-wrapping label the windows' texts are made of.

A ``NumberField`` parses and shows numbers in the user's locale (``4,5`` in German, ``4.5``
in English) while files stay locale-independent. Impossible values cannot be typed: a
keystroke that would make the value impossible is refused and the refusal is explained by
the message line beside the field. An empty field means "not entered".
"""

from __future__ import annotations

import re

from PySide6 import QtCore, QtGui, QtWidgets

State = QtGui.QValidator.State
# keys that step a number field, and by how many steps
STEP_KEYS = {QtCore.Qt.Key.Key_Up: 1, QtCore.Qt.Key.Key_Down: -1, QtCore.Qt.Key.Key_PageUp: 10,
             QtCore.Qt.Key.Key_PageDown: -10}


class RangeValidator(QtGui.QValidator):
    """Numbers in [minimum, maximum] (or (minimum, maximum] when ``minimum_exclusive``)."""

    def __init__(self, minimum: float, maximum: float, decimals: int, minimum_exclusive: bool = False, parent=None):
        super().__init__(parent)
        self.minimum = minimum
        self.maximum = maximum
        self.decimals = decimals
        self.minimum_exclusive = minimum_exclusive

    def number_locale(self) -> QtCore.QLocale:
        """The validator's locale, refusing group separators ('1,000' is not a number here)."""
        current = self.locale()
        if getattr(self, "_cached_for", None) != current.name():
            locale = QtCore.QLocale(current)
            locale.setNumberOptions(QtCore.QLocale.NumberOption.RejectGroupSeparator)
            self._cached_locale, self._cached_for = locale, current.name()
        return self._cached_locale

    def parse(self, text: str) -> float | None:
        """The number ``text`` stands for in this locale, or None."""
        text = text.strip()
        if not text:
            return None
        value, ok = self.number_locale().toDouble(text)
        return value if ok else None

    def in_range(self, value: float) -> bool:
        low_ok = value > self.minimum if self.minimum_exclusive else value >= self.minimum
        return low_ok and value <= self.maximum

    def validate(self, text: str, pos: int):  # noqa: D401 (Qt API)
        body = text.strip()
        if body == "":
            return State.Intermediate
        point = self.number_locale().decimalPoint()
        pattern = r"\d*" if self.decimals == 0 else rf"\d*({re.escape(point)}\d{{0,{self.decimals}}})?"
        if not re.fullmatch(pattern, body):
            return State.Invalid
        value = self.parse(body)
        if value is None:  # e.g. a lone decimal point: still typing
            return State.Intermediate
        if value > self.maximum:
            return State.Invalid  # more digits only make it larger
        return State.Acceptable if self.in_range(value) else State.Intermediate


class NumberField(QtWidgets.QLineEdit):
    """A line edit for one number; Up/Down step it; empty means not entered."""

    value_changed = QtCore.Signal(object)  # float | None
    input_rejected = QtCore.Signal(str)  # the refused text

    def __init__(self, minimum: float, maximum: float, decimals: int = 1, step: float = 1.0,
                 minimum_exclusive: bool = False, parent=None):
        super().__init__(parent)
        self.range_validator = RangeValidator(minimum, maximum, decimals, minimum_exclusive, self)
        self.setValidator(self.range_validator)
        self.step = step
        self._last_value: float | None = None
        self._parsed: tuple[str | None, float | None] = (None, None)  # (text, its value)
        self.textChanged.connect(self._on_text_changed)
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)

    # locale changes must reach the validator (it parses with the widget's locale)
    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.LocaleChange:
            self.range_validator.setLocale(self.locale())
            self._parsed = (None, None)
        super().changeEvent(event)

    def setLocale(self, locale: QtCore.QLocale) -> None:  # noqa: N802
        value = self.value()
        super().setLocale(locale)
        self.range_validator.setLocale(locale)
        self._parsed = (None, None)
        self.setValue(value)

    def value(self) -> float | None:
        """The number entered, or None when the text is empty or not (yet) allowed.

        Parsed once per text: the form reads every field several times per keystroke."""
        text = self.text()
        if text != self._parsed[0]:
            self._parsed = (text, self.range_validator.parse(text) if self.hasAcceptableInput() else None)
        return self._parsed[1]

    def setValue(self, value: float | None) -> None:  # noqa: N802
        self.setText("" if value is None else self.format(value))

    def format(self, value: float) -> str:
        locale = self.range_validator.number_locale()
        text = locale.toString(float(value), "f", self.range_validator.decimals)
        point = locale.decimalPoint()
        if self.range_validator.decimals and point in text:
            text = text.rstrip("0").rstrip(point)
        return text

    def is_incomplete(self) -> bool:
        """Something is typed but it is not (yet) an allowed value."""
        return bool(self.text().strip()) and self.value() is None  # an allowed text always parses

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802
        if event.key() in STEP_KEYS:
            self.step_by(STEP_KEYS[event.key()])
            return
        before = self.text()
        super().keyPressEvent(event)
        typed = event.text()
        if typed and typed.isprintable() and self.text() == before:
            self.input_rejected.emit(before + typed)

    def step_by(self, steps: int) -> None:
        v = self.range_validator
        current = self.value()
        if current is None:
            target = v.minimum if steps > 0 else v.maximum
            if v.minimum_exclusive and target == v.minimum:
                target = v.minimum + self.step
        else:
            target = current + steps * self.step
        low = v.minimum + (self.step if v.minimum_exclusive else 0)
        self.setValue(min(max(target, low), v.maximum))

    def _on_text_changed(self, _text: str) -> None:
        value = self.value()
        if value != self._last_value:
            self._last_value = value
            self.value_changed.emit(value)


class ChoiceBox(QtWidgets.QComboBox):
    """A choice whose first entry means "not entered" (value None)."""

    def __init__(self, unknown_text: str, labels: dict, parent=None):
        super().__init__(parent)
        self.addItem(unknown_text, None)
        for key, text in labels.items():
            self.addItem(text, key)

    def value(self):
        return self.currentData()

    def set_value(self, value) -> None:
        # compared with the type too: True must not find an item whose data is 1
        index = next((i for i in range(1, self.count())
                      if type(self.itemData(i)) is type(value) and self.itemData(i) == value), 0)
        self.setCurrentIndex(index)


def row_of(*parts) -> QtWidgets.QWidget:
    """``parts`` side by side in one form cell, flush with its edges: a text field takes the
    room there is, a ``str`` is a plain label (a unit), an ``int`` a gap in pixels and ``None``
    pushes what follows to the right."""
    box = QtWidgets.QWidget()
    layout = QtWidgets.QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if part is None:
            layout.addStretch(1)
        elif isinstance(part, int):
            layout.addSpacing(part)
        elif isinstance(part, str):
            layout.addWidget(QtWidgets.QLabel(part))
        else:
            layout.addWidget(part, 1 if isinstance(part, QtWidgets.QLineEdit) else 0)
    return box


def wrapped_label(object_name: str, text: str = "") -> QtWidgets.QLabel:
    """A word-wrapping label, named for its style (desktop/qt/theme.py, resources/style.qss)."""
    label = QtWidgets.QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    return label


class MessageLine(QtWidgets.QWidget):
    """An icon and a sentence beside a field: a problem, a data-quality flag, or nothing.

    The kind is said in words as well as by the icon ("Not possible:", "Check:"), never by
    colour alone.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(6)
        # the icon and the text are made with the first message: most lines never show one,
        # and the form holds two dozen of them (quicker start)
        self.icon: QtWidgets.QLabel | None = None
        self.text: QtWidgets.QLabel | None = None
        self.kind: str | None = None
        self._styled_as: str | None = None  # the kind the icon and text style are set for
        self.setVisible(False)

    def _make_labels(self) -> None:
        self.icon = QtWidgets.QLabel()
        self.icon.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.text = QtWidgets.QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.layout().addWidget(self.icon, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.layout().addWidget(self.text, 1)

    def show_message(self, kind: str | None, text: str = "", tooltip: str | None = None) -> None:
        """``tooltip``: shown on hover instead of the text itself (e.g. the source of a note)."""
        kind = kind if kind and text else None
        if kind == self.kind and (kind is None or text == self.text.text()):
            return  # unchanged: touching the labels would re-lay out (and repaint) the whole panel
        if kind is None:
            self.kind = None
            self.text.setText("")
            self.setVisible(False)
            return
        if self.text is None:
            self._make_labels()
        self.kind = kind
        if kind != self._styled_as:  # a line hidden and shown again keeps its icon and style
            self._styled_as = kind
            pixmap_kind = {
                "problem": QtWidgets.QStyle.StandardPixmap.SP_MessageBoxCritical,
                "flag": QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning,
                "info": QtWidgets.QStyle.StandardPixmap.SP_MessageBoxInformation,
            }[kind]
            size = max(14, self.fontMetrics().height())
            self.icon.setPixmap(self.style().standardIcon(pixmap_kind).pixmap(size, size))
            from desktop.qt import theme

            theme.set_text_style(self.text, bold=(kind == "problem"), colour=theme.MESSAGE_COLOURS[kind])
        self.text.setText(text)
        self.setToolTip(tooltip or text)
        self.setVisible(True)

    def message(self) -> str:
        return self.text.text() if self.kind else ""


class MessageLineList(QtWidgets.QWidget):
    """A short list of messages (the model's notes on an estimate), reusing its rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(2, 0, 2, 0)
        self._layout.setSpacing(2)
        self.lines: list[MessageLine] = []
        self.setAccessibleName("Notes on this estimate")

    def set_messages(self, messages: list[tuple[str, str]]) -> None:
        while len(self.lines) < len(messages):
            line = MessageLine()
            self._layout.addWidget(line)
            self.lines.append(line)
        for i, line in enumerate(self.lines):
            if i < len(messages):
                line.show_message(*messages[i])
            else:
                line.show_message(None)
        self.setVisible(bool(messages))

    def messages(self) -> list[str]:
        return [line.message() for line in self.lines if line.kind]


class RememberedScrollBar(QtWidgets.QScrollBar):
    """A scroll bar that repaints from the last pictures the style drew of it.

    The form's scroll bar is repainted whenever a message under a field comes or goes (the
    form's height, so the handle's length, changes: about 40% of form changes), and the
    style's scroll bar (Fusion's gradients) costs about 0.6 ms to draw. Such changes go back
    and forth between a few heights (20 in the latency benchmark's 600 changes), so each
    picture is kept, keyed by everything the style draws it from, up to BUDGET bytes (16
    pictures of a 740-pixel bar at 2x are 2.7 MB). A picture is drawn on the bar's background
    colour, as the style draws on the widget, so it is opaque and pixel for pixel what the style
    draws. While the pointer is over the bar or the handle is held, the style draws it as usual
    (those states live in Qt's private data, not in the style option).
    """

    BUDGET = 4 << 20

    def __init__(self, orientation=QtCore.Qt.Orientation.Vertical, parent=None):
        super().__init__(orientation, parent)
        self._pictures: dict[tuple, QtGui.QPixmap] = {}
        self.setAutoFillBackground(True)  # the background the pictures are drawn on

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.underMouse() or self.isSliderDown():
            super().paintEvent(event)
            return
        option = QtWidgets.QStyleOptionSlider()
        self.initStyleOption(option)
        option.subControls = QtWidgets.QStyle.SubControl.SC_All
        ratio = self.devicePixelRatio()
        key = (option.rect.width(), option.rect.height(), ratio, option.state.value, option.minimum,
               option.maximum, option.sliderPosition, option.sliderValue, option.pageStep,
               option.orientation.value, option.upsideDown, option.direction.value,
               option.palette.cacheKey(), id(self.style()))
        picture = self._pictures.pop(key, None)
        if picture is None:
            picture = QtGui.QPixmap(option.rect.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(option.palette.color(self.backgroundRole()))
            painter = QtGui.QPainter(picture)
            self.style().drawComplexControl(QtWidgets.QStyle.ComplexControl.CC_ScrollBar, option, painter, self)
            painter.end()
        self._pictures[key] = picture  # the newest last
        while len(self._pictures) > 1 and self._bytes() > self.BUDGET:
            del self._pictures[next(iter(self._pictures))]  # the oldest
        painter = QtGui.QPainter(self)
        painter.drawPixmap(0, 0, picture)
        painter.end()

    def _bytes(self) -> int:
        return sum(4 * p.width() * p.height() for p in self._pictures.values())
