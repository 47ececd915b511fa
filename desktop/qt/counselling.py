"""The counselling view: large type, plain words and a picture of 100 people.

Built to be turned towards the patient or shared on a video call: no hazard ratios, no
patient label on screen, one horizon at a time (1, 2, 5 or 10 years). Every number comes
from desktop.report.numbers applied to the Prediction on screen, so it matches the curves
and the table.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from desktop.qt.icon_array import IconArray, IconSwatch
from desktop.report import numbers
from desktop.report.numbers import HORIZONS

LEGEND_TEXT = {
    "alive_no_progression": "alive, with no sign of the cancer growing or coming back",
    "alive_progressed": "alive, but the cancer has grown or come back",
    "alive": "alive",
    "died": "have died",
}


def icon_groups(prediction, years: int, with_progression: bool) -> list[tuple[str, int]]:
    """How many of 100 people fall in each group at ``years`` (numbers.per_hundred rounding)."""
    month = numbers.months_for_years(years)
    alive = numbers.per_hundred(prediction.overall_survival.at(month)[0])
    if not with_progression:
        return [("alive", alive), ("died", 100 - alive)]
    without_progression = min(numbers.per_hundred(prediction.progression_free_survival.at(month)[0]), alive)
    return [("alive_no_progression", without_progression), ("alive_progressed", alive - without_progression),
            ("died", 100 - alive)]


class CounsellingView(QtWidgets.QWidget):
    horizon_changed = QtCore.Signal(int)
    close_requested = QtCore.Signal()

    def __init__(self, years: int = 5, parent=None):
        super().__init__(parent)
        self.setObjectName("counselling")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.years = years if years in HORIZONS else 5
        self.with_progression = True
        self._prediction = None

        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(36, 24, 36, 20)
        outer.setSpacing(14)

        top = QtWidgets.QHBoxLayout()
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("counsellingTitle")
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.back_button = QtWidgets.QPushButton("Back to clinician view (Esc)")
        self.back_button.setAccessibleName("Back to the clinician view")
        self.back_button.clicked.connect(self.close_requested.emit)
        top.addWidget(self.back_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)

        choices = QtWidgets.QHBoxLayout()
        choices.setSpacing(10)
        label = QtWidgets.QLabel("Time after surgery:")
        label.setObjectName("counsellingSmall")
        choices.addWidget(label)
        self.horizon_group = QtWidgets.QButtonGroup(self)
        self.horizon_buttons = {}
        for years in HORIZONS:
            button = QtWidgets.QPushButton(f"{years} year{'s' if years > 1 else ''}")
            button.setObjectName("horizonButton")
            button.setCheckable(True)
            button.setAccessibleName(f"Show {years} year{'s' if years > 1 else ''} after surgery")
            self.horizon_group.addButton(button, years)
            self.horizon_buttons[years] = button
            choices.addWidget(button)
        choices.addStretch(1)
        outer.addLayout(choices)

        body = QtWidgets.QHBoxLayout()
        body.setSpacing(36)
        self.icons = IconArray()
        body.addWidget(self.icons, 5)
        # the words beside the picture scroll rather than being cut off in a small window
        words = QtWidgets.QScrollArea()
        words.setObjectName("counsellingWords")
        words.setWidgetResizable(True)
        words.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        words.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        words_page = QtWidgets.QWidget()
        words_page.setObjectName("counsellingWordsPage")
        words.setWidget(words_page)
        words.viewport().setAutoFillBackground(False)
        words_page.setAutoFillBackground(False)
        right = QtWidgets.QVBoxLayout(words_page)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(14)
        # beside the legend it changes (in the row of time buttons it made the view ~1,100 px wide)
        self.progression_box = QtWidgets.QCheckBox("Show if the cancer has grown or come back")
        self.progression_box.setObjectName("counsellingCheck")
        self.progression_box.setChecked(True)
        right.addWidget(self.progression_box)
        self.legend_rows = {}
        for key in LEGEND_TEXT:
            row = QtWidgets.QWidget()
            lay = QtWidgets.QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(12)
            lay.addWidget(IconSwatch(key), 0, QtCore.Qt.AlignmentFlag.AlignTop)
            text = QtWidgets.QLabel()
            text.setObjectName("counsellingText")
            text.setWordWrap(True)
            lay.addWidget(text, 1)
            self.legend_rows[key] = (row, text)
            right.addWidget(row)
        right.addSpacing(10)
        self.sentences = QtWidgets.QLabel()
        self.sentences.setObjectName("counsellingSmall")
        self.sentences.setWordWrap(True)
        right.addWidget(self.sentences)
        right.addStretch(1)
        body.addWidget(words, 4)
        outer.addLayout(body, 1)

        self.footer = QtWidgets.QLabel()
        self.footer.setObjectName("counsellingSmall")
        self.footer.setWordWrap(True)
        outer.addWidget(self.footer)

        self.horizon_buttons[self.years].setChecked(True)
        self.horizon_group.idClicked.connect(self.set_years)
        self.progression_box.toggled.connect(self._on_progression_toggled)
        self.setTabOrder(self.back_button, self.horizon_buttons[HORIZONS[0]])

    # ------------------------------------------------------------------ state

    def set_years(self, years: int) -> None:
        if years not in HORIZONS:
            return
        self.years = years
        self.horizon_buttons[years].setChecked(True)
        self._refresh()
        self.horizon_changed.emit(years)

    def _on_progression_toggled(self, on: bool) -> None:
        self.with_progression = on
        self._refresh()

    def show_prediction(self, prediction) -> None:
        self._prediction = prediction
        self._refresh()

    def groups(self) -> list[tuple[str, int]]:
        return list(self.icons.groups)

    def _refresh(self) -> None:
        prediction = self._prediction
        unit = "year" if self.years == 1 else "years"
        if prediction is None:
            self.title.setText("Enter the patient's details first")
            self.icons.setVisible(False)
            for row, _ in self.legend_rows.values():
                row.setVisible(False)
            self.sentences.setText("")
            self.footer.setText("")
            return
        self.icons.setVisible(True)
        self.title.setText(f"Out of 100 people like you, {self.years} {unit} after this operation:")
        groups = icon_groups(prediction, self.years, self.with_progression)
        shown = {key for key, _ in groups}
        description = "; ".join(f"{n} {LEGEND_TEXT[key]}" for key, n in groups)
        self.icons.set_groups(groups, description)
        for key, (row, text) in self.legend_rows.items():
            row.setVisible(key in shown)
        for key, n in groups:
            self.legend_rows[key][1].setText(f"<b>{n}</b> {LEGEND_TEXT[key]}")
        outcomes = ["overall_survival"] + (["progression_free_survival"] if self.with_progression else [])
        self.sentences.setText("<br><br>".join(numbers.sentence(prediction, o, self.years) for o in outcomes)
                               + "<br><br>The range shows how sure the estimate is: the true number is likely "
                                 "to lie between these values.")
        cohort = prediction.params.table1["all"]["n"]
        notes = [f"These numbers come from {cohort} people who had this operation at one hospital (Mayo Clinic). "
                 "They describe groups of people, not what will happen to any one person; "
                 "treatment today may do better."]
        if prediction.case.cytoreduction is None:
            notes.append("How much of the cancer the operation removes is not known yet; "
                         "the numbers average over the possible results.")
        self.footer.setText(" ".join(notes))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        keys = {QtCore.Qt.Key.Key_1: 1, QtCore.Qt.Key.Key_2: 2, QtCore.Qt.Key.Key_5: 5, QtCore.Qt.Key.Key_0: 10}
        if event.key() in keys and not event.modifiers():
            self.set_years(keys[event.key()])
            return
        super().keyPressEvent(event)
