"""The counselling view: large type, plain words and a picture of 100 people.

Built to be turned towards the patient or shared on a video call: no hazard ratios, no
patient label on screen, one horizon at a time (1, 2, 5 or 10 years). Every number comes
from desktop.report.numbers (and .follow_up) applied to the Prediction on screen, so it matches the curves
and the table.

What the patient reads is in the patient's language (English, Spanish or German, chosen
here and remembered; desktop.qt.language): ``self.tr`` goes to that language's translator,
not to the application's, so the clinician's screens stay English. The controls the
clinician works (back, language, print, save) stay English too.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from desktop.qt.fields import wrapped_label
from desktop.qt.icon_array import IconArray, IconSwatch
from desktop.qt.language import words_for
from desktop.report import numbers
from desktop.report.follow_up import FollowUpWords
from desktop.report.numbers import HORIZONS
from desktop.report.patient_sheet import PatientSheet, no_picture_reasons
from desktop.report.words import LANGUAGES

LEGEND_KEYS = ("alive_no_progression", "alive_progressed", "alive", "died")


class CounsellingView(QtWidgets.QWidget):
    horizon_changed = QtCore.Signal(int)
    close_requested = QtCore.Signal()
    language_changed = QtCore.Signal(str)
    print_sheet_requested = QtCore.Signal()
    save_sheet_requested = QtCore.Signal()

    def __init__(self, years: int = 5, parent=None, language: str = "en"):
        super().__init__(parent)
        self.language = language if language in LANGUAGES else "en"
        self.words = words_for(self.language)
        self.setObjectName("counselling")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.years = years if years in HORIZONS else 5
        self.with_progression = True
        self._prediction = None

        outer = QtWidgets.QVBoxLayout(self)
        # side margins leave the words column room for the longest language in a wide serif font
        outer.setContentsMargins(28, 24, 28, 20)
        outer.setSpacing(14)

        # the title has the whole width (a long language would wrap it beside a button)
        self.title = wrapped_label("counsellingTitle")
        outer.addWidget(self.title)
        self.back_button = QtWidgets.QPushButton("Back to clinician view (Esc)")
        self.back_button.setAccessibleName("Back to the clinician view")
        self.back_button.clicked.connect(self.close_requested.emit)

        choices = QtWidgets.QHBoxLayout()
        choices.setSpacing(10)
        self.horizon_label = QtWidgets.QLabel()
        self.horizon_label.setObjectName("counsellingSmall")
        choices.addWidget(self.horizon_label)
        self.horizon_group = QtWidgets.QButtonGroup(self)
        self.horizon_buttons = {}
        for years in HORIZONS:
            button = QtWidgets.QPushButton()
            button.setObjectName("horizonButton")
            button.setCheckable(True)
            self.horizon_group.addButton(button, years)
            self.horizon_buttons[years] = button
            choices.addWidget(button)
        # best, typical and worst case instead of the sentences beside the picture (the view fits one screen)
        self.outlook_button = QtWidgets.QPushButton()
        self.outlook_button.setObjectName("outlookButton")
        self.outlook_button.setCheckable(True)
        self.outlook_button.toggled.connect(lambda _on: self._refresh())
        choices.addWidget(self.outlook_button)
        choices.addStretch(1)
        choices.addWidget(self.back_button)
        outer.addLayout(choices)

        body = QtWidgets.QHBoxLayout()
        body.setSpacing(36)
        self.icons = IconArray()
        body.addWidget(self.icons, 4)
        # the words beside the picture scroll rather than being cut off in a small window
        self.words_area = words = QtWidgets.QScrollArea()
        words.setObjectName("counsellingWords")
        words.setWidgetResizable(True)
        words.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        # only in a window too narrow for the column's narrowest layout (never at 1280 or 1366 px wide)
        words.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        words_page = QtWidgets.QWidget()
        words_page.setObjectName("counsellingWordsPage")
        words.setWidget(words_page)
        words.viewport().setAutoFillBackground(False)
        words_page.setAutoFillBackground(False)
        right = QtWidgets.QVBoxLayout(words_page)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(10)
        # beside the legend it changes (in the row of time buttons it made the view ~1,100 px wide)
        self.progression_box = QtWidgets.QCheckBox()
        self.progression_box.setObjectName("counsellingCheck")
        self.progression_box.setChecked(True)
        # side by side where the column is wide enough, else one under the other (a long label,
        # e.g. in German, would otherwise make the column wider than its window and cut it off)
        self._checks = checks = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        checks.setSpacing(18)
        checks.addWidget(self.progression_box)
        self.range_box = QtWidgets.QCheckBox()
        self.range_box.setObjectName("counsellingCheck")
        self.range_box.setChecked(True)
        checks.addWidget(self.range_box)
        checks.addStretch(1)
        right.addLayout(checks)
        self.legend_rows = {key: _swatch_row(IconSwatch(key)) for key in LEGEND_KEYS}
        for row, _ in self.legend_rows.values():
            right.addWidget(row)
        # the 95% range in the picture, with a toggle for a patient who finds it confusing
        self.range_row, self.range_text = _swatch_row(IconSwatch("alive", in_range=True))
        right.addWidget(self.range_row)
        self.outlook = wrapped_label("counsellingText")
        right.addWidget(self.outlook)
        self.sentences = wrapped_label("counsellingSmall")
        right.addWidget(self.sentences)
        right.addStretch(1)
        words.viewport().installEventFilter(self)
        body.addWidget(words, 5)
        outer.addLayout(body, 1)

        self.footer = wrapped_label("counsellingSmall")
        outer.addWidget(self.footer)
        outer.addLayout(self._sheet_row())

        self.horizon_buttons[self.years].setChecked(True)
        self.horizon_group.idClicked.connect(self.set_years)
        self.progression_box.toggled.connect(self._on_progression_toggled)
        self.range_box.toggled.connect(lambda _on: self._refresh())
        self.setTabOrder(self.back_button, self.horizon_buttons[HORIZONS[0]])
        self._retranslate()

    def _sheet_row(self) -> QtWidgets.QHBoxLayout:
        """The clinician's controls for the take-home sheet, with the translation's review status."""
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(10)
        language_label = QtWidgets.QLabel("Language:")
        language_label.setObjectName("counsellingControl")
        self.language_box = QtWidgets.QComboBox()
        self.language_box.setObjectName("counsellingLanguage")
        self.language_box.setAccessibleName("Language of the counselling view and the take-home sheet")
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(self.language))
        self.language_box.currentIndexChanged.connect(lambda _: self.set_language(self.language_box.currentData()))
        language_label.setBuddy(self.language_box)
        row.addWidget(language_label)
        row.addWidget(self.language_box)
        self.review_note = wrapped_label("counsellingReview")
        row.addWidget(self.review_note, 1)
        # privacy: the sheet goes home, so the name or record number is printed only on request
        self.label_box = QtWidgets.QCheckBox("Print the patient label")
        self.label_box.setObjectName("counsellingControl")
        self.label_box.setToolTip("Put the case label (name or record number) on the take-home sheet")
        row.addWidget(self.label_box)
        self.print_button = QtWidgets.QPushButton("Print for the patient…")
        self.print_button.setObjectName("sheetPrintButton")
        self.print_button.setToolTip("Preview and print the one-page take-home sheet, in the language shown")
        self.print_button.clicked.connect(self.print_sheet_requested.emit)
        self.save_button = QtWidgets.QPushButton("Save patient sheet as PDF…")
        self.save_button.setObjectName("sheetSaveButton")
        self.save_button.setToolTip("Save the one-page take-home sheet as a PDF file, in the language shown")
        self.save_button.clicked.connect(self.save_sheet_requested.emit)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        return row

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:  # noqa: D102
        # the patient's language, not the application's (see the module notes)
        return self.words.translate("CounsellingView", text, disambiguation or "", n)

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES or language == self.language:
            return
        self.language = language
        self.words = words_for(language)
        self.language_box.setCurrentIndex(self.language_box.findData(language))
        self._retranslate()
        self.language_changed.emit(language)

    def _retranslate(self) -> None:
        self.horizon_label.setText(self.tr("Time after surgery:"))
        for years, button in self.horizon_buttons.items():
            button.setText(self.tr("%n years", "", years))
            button.setAccessibleName(self.tr("Show %n years after surgery", "", years))
        self.progression_box.setText(self.tr("Show if the cancer has grown or come back"))
        self.range_box.setText(FollowUpWords(self.words).show_range())
        self.outlook_button.setText(FollowUpWords(self.words).outlook_button())
        self.review_note.setText(self.words.unreviewed_note)
        self.review_note.setVisible(bool(self.words.unreviewed_note))
        self._refresh()
        self._arrange_checks(self.words_area.viewport().width())

    # ------------------------------------------------------------------ state

    def set_years(self, years: int) -> None:
        if years not in HORIZONS or not self.horizon_buttons[years].isEnabled():
            return
        self.years = years
        self.horizon_buttons[years].setChecked(True)
        self._refresh()
        self.horizon_changed.emit(years)

    def _on_progression_toggled(self, on: bool) -> None:
        self.with_progression = on
        self._refresh()

    def show_prediction(self, prediction) -> None:
        previous = self._prediction
        if previous is not None and (prediction is None or prediction.case.label != previous.case.label):
            self.label_box.setChecked(False)  # ticked for one patient, never carried over to the next
        self._prediction = prediction
        self._refresh()

    def _refresh(self) -> None:
        prediction = self._prediction
        plain = numbers.PlainWords(self.words)
        for button in (self.print_button, self.save_button):
            button.setEnabled(prediction is not None)
        # outside the study (e.g. a poorly differentiated tumour): no picture, only why (the sheet's words)
        reasons = [] if prediction is None else no_picture_reasons(prediction.case, prediction, self.years)
        if prediction is None or reasons or not prediction.applicable:
            first, *rest = PatientSheet(self.words).no_estimate(reasons, prediction) if prediction is not None else ("",)
            self.title.setText(first or self.tr("Enter the patient's details first"))
            # no picture: no time to choose either
            for widget in (self.icons, self.progression_box, self.range_row, self.range_box, self.outlook,
                           *(row for row, _ in self.legend_rows.values()), *self._time_choices()):
                widget.setVisible(False)
            self.sentences.setText("<br><br>".join(html.escape(line, quote=False) for line in rest))
            self.footer.setText("")
            return
        for widget in (self.icons, *self._time_choices()):
            widget.setVisible(True)
        follow_up = FollowUpWords(self.words)
        visit = prediction.case.conditional
        self._fit_horizons(prediction)
        self.horizon_label.setText(self.tr("Time from today:") if visit else self.tr("Time after surgery:"))
        self.progression_box.setVisible(prediction.progression_free_survival is not None)
        self.title.setText(follow_up.picture_title(prediction, self.years) if visit else plain.picture_title(self.years))
        groups = numbers.icon_groups(prediction, self.years, self.with_progression)
        shown = {key for key, _ in groups}
        description = "; ".join(plain.legend(key, n) for key, n in groups)
        self.icons.set_groups(groups, description)
        self.icons.setAccessibleName(self.tr("Picture of 100 people"))
        for key, (row, text) in self.legend_rows.items():
            row.setVisible(key in shown)
        for key, n in groups:
            # the count in bold: it is the first number in the phrase in every language
            legend = html.escape(plain.legend(key, n), quote=False)
            count = self.words.number(n)
            self.legend_rows[key][1].setText(legend.replace(count, f"<b>{count}</b>", 1))
        band = numbers.icon_range(prediction, self.years) if self.range_box.isChecked() else None
        self.icons.set_range(band)
        self.range_row.setVisible(band is not None and band[0] < band[1])
        if band is not None:
            self.range_text.setText(html.escape(follow_up.range_words(*band), quote=False))
        self.range_box.setVisible(numbers.icon_range(prediction, self.years) is not None)
        outlook = self.outlook_button.isChecked()
        if outlook:  # the times need the draws: computed only when asked for
            self.outlook.setText("<br><br>".join(html.escape(line, quote=False) for line in follow_up.outlook(prediction)))
        self.outlook.setVisible(outlook)
        self.sentences.setVisible(not outlook)
        outcomes = [o for o in ("overall_survival", "progression_free_survival")
                    if prediction.curve(o) is not None and (o == "overall_survival" or self.with_progression)]
        said = [follow_up.sentence(prediction, o, self.years) if visit else plain.sentence(prediction, o, self.years)
                for o in outcomes]
        if visit and prediction.progression_free_survival is None:
            said.append(follow_up.no_progression_estimate())
        self.sentences.setText("<br><br>".join(html.escape(t, quote=False) for t in said if t)
                               + "<br><br>" + html.escape(plain.range_explained(), quote=False))
        cohort = prediction.params.table1["all"]["n"]
        self.footer.setText(" ".join(plain.limits(cohort, prediction.case.cytoreduction is None)))

    def _time_choices(self) -> list[QtWidgets.QWidget]:
        return [self.horizon_label, *self.horizon_buttons.values(), self.outlook_button]

    def _fit_horizons(self, prediction) -> None:
        """At a follow-up visit the horizons count from today: only those within the modelled 15 years."""
        within = numbers.horizons_within(prediction)
        for years, button in self.horizon_buttons.items():
            button.setEnabled(years in within)
        fitted = numbers.fitting_horizon(prediction, self.years, within)
        if fitted != self.years:
            self.years = fitted
            self.horizon_buttons[fitted].setChecked(True)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.words_area.viewport() and event.type() == QtCore.QEvent.Type.Resize:
            self._arrange_checks(event.size().width())
        return super().eventFilter(watched, event)

    def _arrange_checks(self, width: int) -> None:
        boxes = (self.progression_box, self.range_box)
        side_by_side = sum(b.sizeHint().width() for b in boxes) + 18 <= width
        direction = (QtWidgets.QBoxLayout.Direction.LeftToRight if side_by_side
                     else QtWidgets.QBoxLayout.Direction.TopToBottom)
        if self._checks.direction() != direction:
            self._checks.setDirection(direction)
            self._checks.setSpacing(18 if side_by_side else 4)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        keys = {QtCore.Qt.Key.Key_1: 1, QtCore.Qt.Key.Key_2: 2, QtCore.Qt.Key.Key_5: 5, QtCore.Qt.Key.Key_0: 10}
        if event.key() in keys and not event.modifiers():
            self.set_years(keys[event.key()])
            return
        super().keyPressEvent(event)


def _swatch_row(swatch: QtWidgets.QWidget) -> tuple[QtWidgets.QWidget, QtWidgets.QLabel]:
    """A picture's key: the icon, then its words (wrapped beside it); returns (row, words)."""
    row = QtWidgets.QWidget()
    layout = QtWidgets.QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(12)
    layout.addWidget(swatch, 0, QtCore.Qt.AlignmentFlag.AlignTop)
    text = wrapped_label("counsellingText")
    layout.addWidget(text, 1)
    return row, text
