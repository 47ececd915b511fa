"""The numbers in words and in a table, all from desktop.report (one computation).

The milestone table, the medians and the plain-language sentences are formatted by
``desktop.report.numbers`` (``.follow_up`` at a follow-up visit, ``.scenarios`` for the best,
typical and worst case) from the same Prediction the plot draws, so the curve, the table
and the words cannot disagree.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from desktop.qt import theme
from desktop.report import follow_up, numbers, scenarios
from desktop.report.numbers import OUTCOMES


class MilestoneTable(QtWidgets.QTableWidget):
    """Rows: 1, 2, 5, 10, 15 years; columns: OS and PFS as 'point (95% range)'."""

    def __init__(self, parent=None):
        super().__init__(len(numbers.MILESTONE_YEARS), 2, parent)
        self.setObjectName("milestoneTable")
        self.setAccessibleName("Milestone table")
        self.setAccessibleDescription("Survival at 1, 2, 5, 10 and 15 years after surgery, with 95% ranges")
        self.setHorizontalHeaderLabels([numbers.OUTCOME_LABELS[o] for o in OUTCOMES])
        self.setVerticalHeaderLabels([f"{y} year{'s' if y > 1 else ''}" for y in numbers.MILESTONE_YEARS])
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)

    def show_prediction(self, prediction) -> None:
        since = numbers.since_months(prediction)
        self.setVerticalHeaderLabels([follow_up.milestone_row_label(y, since) for y in numbers.MILESTONE_YEARS])
        for column, outcome in enumerate(OUTCOMES):
            if prediction.curve(outcome) is None:
                for row in range(self.rowCount()):
                    item = QtWidgets.QTableWidgetItem(follow_up.NO_ESTIMATE)
                    item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                    self.setItem(row, column, item)
                continue
            for row, milestone in enumerate(numbers.milestones(prediction, outcome)):
                before_today = numbers.months_for_years(milestone.years) <= since
                item = QtWidgets.QTableWidgetItem("–" if before_today else milestone.text)
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                if milestone.extrapolated:
                    item.setToolTip("† beyond the study's follow-up: extrapolated")
                self.setItem(row, column, item)

    def clear_values(self) -> None:
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                self.setItem(row, column, QtWidgets.QTableWidgetItem("–"))

    def cell_text(self, years: int, outcome: str) -> str:
        item = self.item(numbers.MILESTONE_YEARS.index(years), OUTCOMES.index(outcome))
        return item.text() if item else ""


class ScenarioTable(QtWidgets.QTableWidget):
    """Point estimates at 1, 2, 5, 10 years for each extent of cytoreduction."""

    YEARS = (1, 2, 5, 10)

    def __init__(self, parent=None):
        super().__init__(0, 0, parent)
        self.setAccessibleName("Scenario table")
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizeAdjustPolicy(QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)

    def show_scenarios(self, scenarios: dict) -> None:
        from desktop.model.case import CYTOREDUCTION_LABELS

        keys = list(scenarios)
        columns = [(o, y) for o in OUTCOMES for y in self.YEARS]
        self.setRowCount(len(keys))
        self.setColumnCount(len(columns))
        self.setHorizontalHeaderLabels([f"{numbers.OUTCOME_SHORT[o]}\n{y} year{'s' if y > 1 else ''}" for o, y in columns])
        self.setVerticalHeaderLabels([CYTOREDUCTION_LABELS.get(k, k) for k in keys])
        for row, key in enumerate(keys):
            for column, (outcome, years) in enumerate(columns):
                curve = scenarios[key].curve(outcome)
                text = follow_up.NO_ESTIMATE if curve is None else numbers.milestone(curve, outcome, years).text
                item = QtWidgets.QTableWidgetItem(text)
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, column, item)


class SentencesView(QtWidgets.QLabel):
    """Plain-language sentences: one per outcome at a horizon, and the medians."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
                                     | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setObjectName("sentences")
        theme.set_text_style(self, *theme.TEXT_STYLES["sentences"])
        # opaque (the same colour as behind it): new sentences repaint the label alone, not every
        # parent up to the window beneath it
        self.setAutoFillBackground(True)
        self.sentences: list[str] = []

    def show_prediction(self, prediction, years: int = 5, medians: bool = False) -> None:
        self.sentences = []
        parts = []
        condition = follow_up.condition_sentence(prediction)
        if condition:  # a follow-up visit: said first, wherever these sentences are shown
            self.sentences.append(condition)
            parts.append(f"<p style='margin:2px 0 6px 0'><i>{_escape(condition)}</i></p>")
        # at a visit the horizon counts from today and stays within the model's 15 years
        horizon = numbers.fitting_horizon(prediction, years) if condition else years
        if horizon is None:
            beyond = follow_up.beyond_model_sentence(prediction)
            self.sentences.append(beyond)
            parts.append(f"<p style='margin:2px 0 6px 0'>{_escape(beyond)}</p>")
        for outcome in prediction.outcomes if horizon else ():
            text = follow_up.sentence_from_today(prediction, outcome, horizon) if condition \
                else numbers.sentence(prediction, outcome, years)
            self.sentences.append(text)
            colour = theme.OUTCOME_COLOURS[outcome]
            parts.append(f"<p style='margin:2px 0 6px 0'><b style='color:{colour}'>"
                         f"{numbers.OUTCOME_LABELS[outcome]}:</b> {_escape(text)}</p>")
            if medians:
                median = numbers.median_sentence(prediction, outcome)
                self.sentences.append(median)
                parts.append(f"<p style='margin:0 0 10px 18px'>{_escape(median)}</p>")
        self.setText("".join(parts))
        self.setAccessibleName(" ".join(self.sentences))

    def clear_values(self) -> None:
        self.sentences = []
        self.setText("")


class HeightBarrier(QtWidgets.QWidget):
    """Holds a word-wrapped label and passes its size changes on only when its height changes.

    A QLabel asks its parents to re-lay out on every new text, and a QTabWidget answers a layout
    request from a page by repainting all of itself: the sentences under the plot changed on every
    keystroke, so the whole tab (plot, controls, tab bar) was repainted each time. Here the label
    is placed by hand at the container's size and the container keeps a fixed height, which
    changes (and re-lays out the page) only when the text needs more or fewer lines.
    """

    def __init__(self, child: QtWidgets.QWidget, minimum_height: int, parent=None):
        super().__init__(parent)
        self.child = child
        self.minimum_height = minimum_height
        child.setParent(self)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Fixed)
        self._fit()

    def _fit(self) -> None:
        width = self.width()
        needed = self.child.heightForWidth(width) if self.child.hasHeightForWidth() else -1
        height = max(self.minimum_height, needed if needed > 0 else self.child.sizeHint().height())
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802
        return QtCore.QSize(self.child.minimumSizeHint().width(), self.minimumHeight())

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802
        return QtCore.QSize(self.child.sizeHint().width(), self.minimumHeight())

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.child.setGeometry(self.rect())
        self._fit()
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QtCore.QEvent.Type.LayoutRequest:  # the label's text changed
            self._fit()
            return True
        return super().event(event)


class NumbersPanel(QtWidgets.QScrollArea):
    """The 'Numbers' tab: milestone table, medians, sentences and the scenario table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        body = QtWidgets.QWidget()
        body.setObjectName("numbersBody")
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        self.title = QtWidgets.QLabel("Survival after surgery: estimate and 95% range")
        self.title.setObjectName("sectionHeading")
        layout.addWidget(self.title)
        self.table = MilestoneTable()
        layout.addWidget(self.table)
        self.footnote = QtWidgets.QLabel()
        self.footnote.setWordWrap(True)
        self.footnote.setObjectName("footnote")
        layout.addWidget(self.footnote)
        self.medians = QtWidgets.QLabel()
        self.medians.setWordWrap(True)
        self.medians.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.medians)
        self.words_heading = QtWidgets.QLabel("In words")
        self.words_heading.setObjectName("sectionHeading")
        layout.addWidget(self.words_heading)
        self.sentences = SentencesView()
        layout.addWidget(self.sentences)
        self.outlook_heading = QtWidgets.QLabel("Best, typical and worst case (overall survival)")
        self.outlook_heading.setObjectName("sectionHeading")
        layout.addWidget(self.outlook_heading)
        self.outlook = QtWidgets.QLabel()
        self.outlook.setObjectName("outlook")
        self.outlook.setWordWrap(True)
        self.outlook.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.outlook.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.outlook)
        self.scenario_heading = QtWidgets.QLabel("By extent of cytoreduction (point estimates)")
        self.scenario_heading.setObjectName("sectionHeading")
        layout.addWidget(self.scenario_heading)
        self.scenario_table = ScenarioTable()
        layout.addWidget(self.scenario_table)
        layout.addStretch(1)
        self.setWidget(body)
        self._pending = None
        self._clear_now()

    def show_prediction(self, prediction, scenarios: dict | None = None) -> None:
        """Show these numbers; while the tab is hidden they are only noted, and drawn when it is
        shown (keeps typing fast: the hidden tab costs nothing per keystroke)."""
        self._pending = (prediction, scenarios)
        if self.isVisible():
            self._render()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._pending is not None:
            self._render()

    def _render(self) -> None:
        prediction, scenarios = self._pending
        self._pending = None
        if prediction is None:
            self._clear_now()
            return
        in_scope = prediction.applicable
        for widget in (self.title, self.table, self.words_heading, self.outlook_heading):
            widget.setVisible(in_scope)
        if not in_scope:  # out of the model's scope: no number, and why
            self._clear_now()
            self.medians.setText(no_estimate_html(prediction))
            return
        self.table.show_prediction(prediction)
        data_years = {o: prediction.params.last_knot_months(o) / 12 for o in OUTCOMES}
        lines = []
        for outcome in prediction.outcomes:
            curve = prediction.curve(outcome)
            lines.append(f"<b>Median {numbers.OUTCOME_LABELS[outcome].lower()}:</b> "
                         f"{numbers.median_text(curve, outcome, data_years[outcome])}")
        self.medians.setText("<br>".join(lines))
        self.footnote.setText(
            "Percent of people like this who are alive (overall survival) or alive without progression "
            "(progression-free survival). † beyond the study's follow-up "
            f"({data_years['progression_free_survival']:g} years for progression-free survival, "
            f"{data_years['overall_survival']:g} years for overall survival): extrapolated."
        )
        self.sentences.show_prediction(prediction, 5, medians=True)
        self.outlook.setText(outlook_html(prediction))
        has_scenarios = bool(scenarios)
        self.scenario_heading.setVisible(has_scenarios)
        self.scenario_table.setVisible(has_scenarios)
        if has_scenarios:
            self.scenario_table.show_scenarios(scenarios)

    def clear_values(self) -> None:
        self._pending = (None, None)
        if self.isVisible():
            self._render()

    def _clear_now(self) -> None:
        self.table.clear_values()
        self.medians.setText("")
        self.footnote.setText("")
        self.sentences.clear_values()
        self.outlook.setText("")
        self.scenario_heading.setVisible(False)
        self.scenario_table.setVisible(False)


def outlook_html(prediction) -> str:
    """Best, typical and worst case with their 95% ranges (scenarios.scenario_lines)."""
    rows = "".join(f"<p style='margin:2px 0 6px 0'><b>{scenarios.SCENARIO_NAMES[key]}:</b> {_escape(text)}</p>"
                   for key, text in scenarios.scenario_lines(prediction))
    return rows + ("<p style='margin:0'><small>From the overall survival curve: the times by which 1 in 10 have "
                   "died (worst), the middle half (typical) and the time 1 in 10 outlive (best); ranges are "
                   "95%.</small></p>")


def no_estimate_html(prediction) -> str:
    """Why there is no survival estimate for this case, in place of the numbers."""
    from desktop.report.content import NO_ESTIMATE_TITLE

    reasons = "".join(f"<p>{_escape(w.text)}.</p>" for w in prediction.scope)
    return f'<p style="font-size:14pt"><b>{_escape(NO_ESTIMATE_TITLE)}</b></p>{reasons}'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
