"""The main window: patient form on the left, results on the right.

Results live in a tab widget (``self.results_tabs``): "Survival" (plot, controls, the
sentences and notes), "Numbers" (table, medians, scenarios) and room for "Evidence"
(see ``_add_evidence_tab``). The File menu (``self.file_menu``) leaves a marked place for
the consult-note actions (``self.report_actions_anchor``); ``current_prediction()`` and
``current_case()`` give them what is on screen.

Longer than most modules because it is where the parts meet: building the window, the
results' update after each change, files (new, open, save, drop), the counselling and full
screen views, and closing; each part is short and calls into its own module.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from desktop.qt import theme
from desktop.qt.form import FIELD_TITLES, PatientForm
from desktop.qt.fields import MessageLineList, RememberedScrollBar, wrapped_label
from desktop.qt.numbers_view import HeightBarrier, NumbersPanel, SentencesView, no_estimate_html
from desktop.qt.report_actions import SheetActions, install_report_actions
from desktop.qt.plots import SurvivalPlot
from desktop.qt.settings import Preferences, WindowState
from desktop.qt.viewmodel import CaseViewModel
from desktop.report.numbers import OUTCOME_LABELS, OUTCOME_SHORT, OUTCOMES

APP_TITLE = "netlm-risk"
CASE_FILTER = "Case files (*.json);;All files (*)"


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, persist: bool = True, parent=None):
        super().__init__(parent)
        self.persist = persist
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.preferences = Preferences.load() if persist else Preferences()
        self.window_state = WindowState() if persist else None
        self.viewmodel = CaseViewModel(self)
        self.current_path: Path | None = None
        self._saved_values: dict = {}
        self._counselling = None
        self._full_screen_from_counselling = False

        self.form = PatientForm(self.viewmodel.params.derivation_range)
        self._add_field_notes()
        self.notes = MessageLineList()
        self.notes.setObjectName("notes")
        self.notes.layout().setContentsMargins(12, 0, 12, 0)
        left = QtWidgets.QWidget()
        left.setObjectName("formPanel")
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 12)
        left_layout.setSpacing(4)
        left_layout.addWidget(self.form)
        self.notes_heading = QtWidgets.QLabel("Notes on this estimate")
        self.notes_heading.setObjectName("notesHeading")
        self.notes_heading.setContentsMargins(12, 10, 12, 2)
        left_layout.addWidget(self.notes_heading)
        left_layout.addWidget(self.notes)
        left_layout.addStretch(1)
        form_scroll = QtWidgets.QScrollArea()
        form_scroll.setObjectName("formScroll")
        form_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        form_scroll.setWidgetResizable(True)
        form_scroll.setVerticalScrollBar(RememberedScrollBar())
        form_scroll.setWidget(left)
        form_scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setMinimumWidth(self.form.minimumSizeHint().width() + 24)

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(form_scroll)
        self.splitter.addWidget(self._build_results())
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)

        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.report_actions = install_report_actions(self, self._evidence_appendix)

        self.form.values_changed.connect(self._on_form_changed)
        self.viewmodel.updated.connect(self._refresh_results)
        self.viewmodel.compare_scenarios = self.preferences.compare_scenarios

        theme.apply_styles(self)
        self.resize(self._default_size())
        if self.window_state is not None:
            self.window_state.restore_window(self)
        self.new_case(ask=False)

    # ------------------------------------------------------------------ building

    def _default_size(self) -> QtCore.QSize:
        screen = QtGui.QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else QtCore.QRect(0, 0, 1366, 768)
        return QtCore.QSize(min(1280, int(available.width() * 0.9)), min(820, int(available.height() * 0.9)))

    def _build_results(self) -> QtWidgets.QWidget:
        results = QtWidgets.QWidget()
        results.setObjectName("results")
        layout = QtWidgets.QVBoxLayout(results)
        layout.setContentsMargins(6, 8, 8, 4)
        layout.setSpacing(6)

        self.banner = wrapped_label("banner")
        self.banner.setStyleSheet(theme.BANNER_STYLE)
        self.banner.setAccessibleName("Form status")
        layout.addWidget(self.banner)

        self.results_tabs = QtWidgets.QTabWidget()
        self.results_tabs.setObjectName("resultsTabs")
        self.results_tabs.setAccessibleName("Results")
        self.results_tabs.setDocumentMode(True)
        layout.addWidget(self.results_tabs, 1)

        survival = QtWidgets.QWidget()
        s_layout = QtWidgets.QVBoxLayout(survival)
        s_layout.setContentsMargins(4, 6, 4, 4)
        s_layout.setSpacing(4)
        controls = QtWidgets.QHBoxLayout()
        controls.setSpacing(12)
        self.bands_box = QtWidgets.QCheckBox("95% &ranges")
        self.bands_box.setAccessibleName("Show 95% ranges")
        self.bands_box.setChecked(self.preferences.show_bands)
        self.scenarios_box = QtWidgets.QCheckBox("Compare c&ytoreduction")
        self.scenarios_box.setAccessibleName("Compare extents of cytoreduction")
        self.scenarios_box.setChecked(self.preferences.compare_scenarios)
        self.scenario_outcome = QtWidgets.QComboBox()
        self.scenario_outcome.setAccessibleName("Outcome for the cytoreduction comparison")
        for index, outcome in enumerate(OUTCOMES):
            self.scenario_outcome.addItem(f"for {OUTCOME_SHORT[outcome]}", outcome)
            self.scenario_outcome.setItemData(index, OUTCOME_LABELS[outcome], QtCore.Qt.ItemDataRole.ToolTipRole)
        self.scenario_outcome.setToolTip("Which outcome the cytoreduction curves show")
        self.scenario_outcome.setCurrentIndex(max(0, self.scenario_outcome.findData(self.preferences.scenario_outcome)))
        self.reference_box = QtWidgets.QCheckBox("Study &cohort")
        self.reference_box.setAccessibleName("Show the whole Mayo cohort's published survival")
        cohort = self.viewmodel.params.table1["all"]["n"]
        self.reference_box.setToolTip(f"Published Kaplan–Meier survival of all {cohort} patients in the Mayo cohort, "
                                      "with 95% confidence intervals")
        self.reference_box.setChecked(self.preferences.show_reference)
        controls.addWidget(self.bands_box)
        controls.addWidget(self.scenarios_box)
        controls.addWidget(self.scenario_outcome)
        controls.addWidget(self.reference_box)
        controls.addStretch(1)
        s_layout.addLayout(controls)

        self.plot = SurvivalPlot()
        self.plot.setMinimumSize(420, 250)  # fits 1366 x 768 at 125% scaling (about 1093 x 580 px free)
        self.plot.set_scenario_outcome(self.preferences.scenario_outcome)
        self.plot.set_reference(self.viewmodel.cohort_reference(), cohort)
        self.plot.set_reference_visible(self.preferences.show_reference)
        # out of the model's scope the curves give way to why there is no estimate
        self.no_estimate = wrapped_label("noEstimate")
        self.no_estimate.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.no_estimate.setStyleSheet(theme.NO_ESTIMATE_STYLE)
        self.no_estimate.setAccessibleName("No survival estimate")
        self.plot_stack = QtWidgets.QStackedWidget()
        self.plot_stack.addWidget(self.plot)
        self.plot_stack.addWidget(self.no_estimate)
        s_layout.addWidget(self.plot_stack, 1)

        self.summary = SentencesView()
        self.summary.setAccessibleDescription("The estimate in words, at 5 years")
        # room for both sentences at their longest, so that a sentence wrapping onto one more
        # line never resizes (and re-lays out) the plot while the user types
        self.summary.ensurePolished()
        self.summary.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        s_layout.addWidget(HeightBarrier(self.summary, int(5.2 * self.summary.fontMetrics().lineSpacing()) + 8))
        self.results_tabs.addTab(survival, "&Survival")

        self.numbers = NumbersPanel()
        self.results_tabs.addTab(self.numbers, "&Numbers")

        self._add_evidence_tab()

        self.bands_box.toggled.connect(self._on_bands_toggled)
        self.scenarios_box.toggled.connect(self._on_scenarios_toggled)
        self.scenario_outcome.currentIndexChanged.connect(self._on_scenario_outcome)
        self.reference_box.toggled.connect(self._on_reference_toggled)
        return results

    def _add_field_notes(self) -> None:
        """Notes from the literature beside form fields (e.g. imaging undercounts liver lesions)."""
        from desktop.model import ParameterError
        from desktop.report.field_notes import field_notes, source_tip

        try:
            notes = field_notes()
        except ParameterError:
            return  # the Evidence tab says what is wrong with the evidence file
        for name, note in notes.items():
            self.form.set_field_note(name, note["text"], source_tip(note["sources"]))

    def _add_evidence_tab(self) -> None:
        """The Evidence tab: what other series say about the case in the form. Its panel is built
        when the tab is first shown (or the panel first asked for): it holds a second plot and
        many text views, a sixth of the start-up time, which a user who never opens the tab
        need not wait for."""
        self._evidence_panel = None
        # scrolls rather than setting the window's minimum size: the panel needs about
        # 640 x 490 px, more than the survival tab, which kept the window from fitting a
        # 1366 x 768 screen at 125% scaling
        self.evidence_tab = QtWidgets.QScrollArea()
        self.evidence_tab.setObjectName("evidenceScroll")
        self.evidence_tab.setWidgetResizable(True)
        self.evidence_tab.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.results_tabs.addTab(self.evidence_tab, "&Evidence")
        self.results_tabs.currentChanged.connect(self._build_evidence_panel_when_shown)
        self.viewmodel.updated.connect(self._update_evidence_panel)

    @property
    def evidence_panel(self):
        """The Evidence tab's panel, built on first use."""
        if self._evidence_panel is None:
            from desktop.qt.evidence_panel import EvidencePanel

            self._evidence_panel = EvidencePanel(self.viewmodel.evidence)
            self._evidence_panel.set_case(self.viewmodel.case)
            theme.apply_styles(self._evidence_panel)
            self.evidence_tab.setWidget(self._evidence_panel)
        return self._evidence_panel

    def _build_evidence_panel_when_shown(self, _index: int) -> None:
        if self.results_tabs.currentWidget() is self.evidence_tab:
            self.evidence_panel  # noqa: B018 (the property builds the panel)

    def _update_evidence_panel(self) -> None:
        if self._evidence_panel is not None:
            self._evidence_panel.set_case(self.viewmodel.case)

    def _evidence_appendix(self, case):
        """The appendix the consult note prints: none until the panel exists (its box starts unticked)."""
        return None if self._evidence_panel is None else self._evidence_panel.appendix_for(case)

    def _build_actions(self) -> None:
        style = self.style()
        sp = QtWidgets.QStyle.StandardPixmap

        def action(text, slot, shortcut=None, icon=None, checkable=False, tip=None):
            act = QtGui.QAction(text, self)
            if icon is not None:
                act.setIcon(style.standardIcon(icon))
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.setCheckable(checkable)
            if tip:
                act.setStatusTip(tip)
                act.setToolTip(tip)
            act.triggered.connect(slot)
            return act

        K = QtGui.QKeySequence.StandardKey
        self.new_action = action("&New case", lambda: self.new_case(), K.New, sp.SP_FileIcon, tip="Start an empty case")
        self.open_action = action("&Open case…", lambda: self.open_case(), K.Open, sp.SP_DialogOpenButton,
                                  tip="Open a case file (JSON)")
        self.save_action = action("&Save case", lambda: self.save_case(), K.Save, sp.SP_DialogSaveButton,
                                  tip="Save the case (JSON)")
        self.save_as_action = action("Save case &as…", lambda: self.save_case_as(), K.SaveAs)
        self.quit_action = action("&Quit", self.close, K.Quit)
        self.counselling_action = action("&Counselling view", self.set_counselling, QtGui.QKeySequence("Ctrl+K"),
                                         checkable=True, tip="Large, plain-language view to share with the patient")
        self.full_screen_action = action("&Full screen", self.set_full_screen, QtGui.QKeySequence("F11"),
                                         checkable=True)
        # shortcuts that must work with the menu bar and toolbar hidden (full screen)
        self.addActions([self.counselling_action, self.full_screen_action])
        self.bands_action = action("95% &ranges", self.bands_box.setChecked, checkable=True)
        self.bands_action.setChecked(self.bands_box.isChecked())
        self.bands_box.toggled.connect(self.bands_action.setChecked)
        self.limitations_action = action("What the estimate &cannot tell", lambda: self.show_document("limitations"))
        self.model_card_action = action("&Model card", lambda: self.show_document("model_card"))
        self.about_action = action("&About netlm-risk", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addActions([self.new_action, self.open_action, self.save_action, self.save_as_action])
        self.file_menu.addSeparator()
        self.report_actions_anchor = self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions([self.counselling_action, self.full_screen_action])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.bands_action)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addActions([self.limitations_action, self.model_card_action])
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = self.addToolBar("Main")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.new_action, self.open_action, self.save_action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.counselling_action)
        self.toolbar.addAction(self.full_screen_action)

    def _build_status_bar(self) -> None:
        params = self.viewmodel.params
        short = params.published["model"].get("short_name", params.name)
        model_label = QtWidgets.QLabel(f"{short} model {params.version} · parameters {params.sha256[:12]}")
        model_label.setObjectName("statusModel")
        model_label.setToolTip(f"{params.name}\nparameter files sha256 {params.sha256}")
        self.statusBar().addPermanentWidget(model_label)

    # ------------------------------------------------------------------ state for other modules

    def current_prediction(self):
        """The Prediction on screen (None while the form is incomplete)."""
        return self.viewmodel.prediction

    def current_case(self):
        return self.viewmodel.case

    # ------------------------------------------------------------------ updates

    def _on_form_changed(self, values: dict) -> None:
        self.viewmodel.set_values(values, self.form.missing_fields(values))
        self._update_title(values)

    def _refresh_results(self) -> None:
        vm = self.viewmodel
        prediction = vm.prediction
        if prediction is None:
            missing = [FIELD_TITLES[n] if n == "ki67_percent" else FIELD_TITLES[n].lower() for n in vm.missing]
            if missing:
                what = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
                text = f"To see the estimate, enter the {what}."
                if "ki67_percent" in vm.missing:
                    text += " For Ki-67, tick Unknown if it has not been measured."
            else:
                text = "The estimate is paused: " + "; ".join(vm.problems)
            self._set_banner(text)
            self.plot.clear_prediction()
            self.summary.clear_values()
            self.notes.set_messages([])
            self.notes_heading.setVisible(False)
            self.numbers.clear_values()
        elif not prediction.applicable:
            self._set_banner("")
            self.plot.clear_prediction()
            self.no_estimate.setText(no_estimate_html(prediction))
            self.plot_stack.setCurrentWidget(self.no_estimate)
            self.summary.clear_values()
            self.notes.set_messages([("problem", w.text) for w in prediction.scope])
            self.notes_heading.setVisible(True)
            self.numbers.show_prediction(prediction)
            self.form.set_model_notes({})
        else:
            prominent = [w.text for w in prediction.warnings if w.severity == "prominent"]
            self._set_banner("⚠ " + " ".join(t if t.endswith(".") else t + "." for t in prominent) if prominent else "")
            self.plot_stack.setCurrentWidget(self.plot)
            self.form.set_model_notes({w.field: w.text for w in prediction.warnings if w.kind == "model_behaviour"})
            scenarios = vm.scenarios if vm.scenarios_shown else {}
            self.plot.show_prediction(prediction, scenarios, show_bands=self.bands_box.isChecked())
            self.summary.show_prediction(prediction, 5)
            self.notes.set_messages(
                [("flag" if w.severity in ("flag", "prominent") else "info", w.text) for w in prediction.warnings]
            )
            self.notes_heading.setVisible(bool(prediction.warnings))
            self.numbers.show_prediction(prediction, scenarios)
        forced = vm.case is not None and vm.case.cytoreduction is None
        estimate = prediction is not None and prediction.applicable
        for control in (self.bands_box, self.reference_box):
            control.setEnabled(estimate)
        self.scenario_outcome.setEnabled(vm.scenarios_shown)
        # while the extent is not known the comparison is always on: show it checked and fixed
        self.scenarios_box.blockSignals(True)
        self.scenarios_box.setChecked(forced or vm.compare_scenarios)
        self.scenarios_box.setEnabled(not forced and estimate)
        self.scenarios_box.blockSignals(False)
        self.scenarios_box.setToolTip(
            "Shown because the extent of cytoreduction is not known yet" if forced
            else "Overlay the curves for complete, >90% and <90% cytoreduction"
        )
        if self._counselling is not None:
            self._counselling.show_prediction(prediction)

    def _set_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _on_bands_toggled(self, on: bool) -> None:
        self.preferences.show_bands = on
        self._refresh_results()

    def _on_scenarios_toggled(self, on: bool) -> None:
        self.preferences.compare_scenarios = on
        self.viewmodel.set_compare_scenarios(on)

    def _on_scenario_outcome(self, _index: int) -> None:
        outcome = self.scenario_outcome.currentData()
        self.preferences.scenario_outcome = outcome
        self.plot.set_scenario_outcome(outcome)

    def _on_reference_toggled(self, on: bool) -> None:
        self.preferences.show_reference = on
        self.plot.set_reference_visible(on)

    # ------------------------------------------------------------------ files

    def mark_saved(self) -> None:
        """The form, as now, counts as saved."""
        self._saved_values = self.form.values()
        self._update_title()

    def is_modified(self, values: dict | None = None) -> bool:
        """The form differs from the file last opened or saved (``values``: the form's, when at hand)."""
        return (self.form.values() if values is None else values) != self._saved_values

    def _update_title(self, values: dict | None = None) -> None:
        name = self.current_path.name if self.current_path else "Untitled case"
        title = f"{name}[*] — {APP_TITLE}"
        if self.windowTitle() != title:
            self.setWindowTitle(title)
        self.setWindowModified(self.is_modified(values))

    def new_case(self, ask: bool = True) -> bool:
        if ask and not self.maybe_keep_changes():
            return False
        self.current_path = None
        self.form.set_values({})
        self.mark_saved()
        self.form.label_edit.setFocus()
        return True

    def open_case(self, path: str | Path | None = None) -> bool:
        if not self.maybe_keep_changes():
            return False
        if path is None:
            path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "Open case", self.last_folder(), CASE_FILTER)
            if not path:
                return False
        return self.load_case_file(path)

    def load_case_file(self, path: str | Path) -> bool:
        """Read a case file into the form; a bad file is explained and changes nothing."""
        from desktop.fileio import InputError, read_case_file

        path = Path(path)
        try:
            case = read_case_file(path)
        except InputError as exc:
            self.show_error("This case file cannot be opened",
                            f"{path.name} was not opened because:\n\n" + "\n".join(f"• {p}" for p in exc.problems))
            return False
        self.current_path = path
        self.form.set_case(case)
        self._took_file("Opened")
        return True

    def save_case(self) -> bool:
        if self.current_path is None:
            return self.save_case_as()
        return self.write_case_file(self.current_path)

    def save_case_as(self) -> bool:
        from desktop.fileio import safe_stem

        if self.viewmodel.case is None:
            self.show_error("The case is not complete", self.banner.text() or "Complete the form before saving.")
            return False
        suggested = Path(self.last_folder()) / ((safe_stem(self.viewmodel.case.label) or "case") + ".json")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save case", str(suggested), CASE_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self.write_case_file(Path(path))

    def write_case_file(self, path: Path) -> bool:
        """Atomic save of the current case; the form must be complete."""
        from desktop.fileio import atomic_write_text, case_to_json

        case = self.viewmodel.case
        if case is None:
            self.show_error("The case is not complete", self.banner.text() or "Complete the form before saving.")
            return False
        try:
            atomic_write_text(path, case_to_json(case))
        except OSError as exc:
            self.show_error("The case was not saved", f"{path} could not be written: {exc.strerror or exc}.\n"
                            "Nothing was changed on disk.")
            return False
        self.current_path = Path(path)
        self._took_file("Saved")
        return True

    def _took_file(self, done: str) -> None:
        """The form now is what ``current_path`` holds (just opened or saved); its folder is the next dialogs'."""
        self.mark_saved()
        if self.window_state is not None:
            self.window_state.last_folder = str(self.current_path.parent)
        self.statusBar().showMessage(f"{done} {self.current_path}", 5000)

    def last_folder(self) -> str:
        """Where the file dialogs open: the folder of the last case file, else the home folder."""
        return self.window_state.last_folder if self.window_state else str(Path.home())

    def maybe_keep_changes(self) -> bool:
        """True when it is fine to replace the form (saved, discarded or unchanged)."""
        if not self.is_modified():
            return True
        answer = self.ask_unsaved_changes()
        if answer == QtWidgets.QMessageBox.StandardButton.Save:
            return self.save_case()
        return answer == QtWidgets.QMessageBox.StandardButton.Discard

    def ask_unsaved_changes(self) -> QtWidgets.QMessageBox.StandardButton:
        buttons = (QtWidgets.QMessageBox.StandardButton.Save | QtWidgets.QMessageBox.StandardButton.Discard
                   | QtWidgets.QMessageBox.StandardButton.Cancel)
        return QtWidgets.QMessageBox.question(
            self, "Unsaved changes", "The case has changes that are not saved. Save them?",
            buttons, QtWidgets.QMessageBox.StandardButton.Save)

    def show_error(self, title: str, text: str) -> None:
        """A window-modal message that does not block the caller (open(), not exec())."""
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, title, text,
                                    QtWidgets.QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorBox")
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # drag and drop of a case file
    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # noqa: N802
        if _dropped_case_path(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802
        path = _dropped_case_path(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # open after the drop returns, so a dialog never runs inside the drag-and-drop loop
        QtCore.QTimer.singleShot(0, lambda: self.open_case(path))

    # ------------------------------------------------------------------ views

    def counselling_view(self):
        if self._counselling is None:
            from desktop.qt.app import load_stylesheet
            from desktop.qt.counselling import CounsellingView

            self._counselling = CounsellingView(self.preferences.counselling_years,
                                                language=self.preferences.patient_language)
            self._counselling.setStyleSheet(load_stylesheet())  # local to the counselling view
            self._counselling.horizon_changed.connect(self._on_counselling_horizon)
            self._counselling.language_changed.connect(self._on_patient_language)
            self.sheet_actions = SheetActions(self, self._counselling)  # Print for the patient…, Save sheet…
            self._counselling.close_requested.connect(lambda: self.set_counselling(False))
            self.stack.addWidget(self._counselling)
            self._counselling.show_prediction(self.viewmodel.prediction)
        return self._counselling

    def set_counselling(self, on: bool) -> None:
        """Switch between the clinician view and the counselling view (leaving full screen too)."""
        on = bool(on)
        if on:
            view = self.counselling_view()
            self.stack.setCurrentWidget(view)
            view.setFocus()
        else:
            self.stack.setCurrentWidget(self.splitter)
            if self.isFullScreen():
                self._leave_full_screen()
        self.counselling_action.setChecked(on)
        self.toolbar.setVisible(not on)

    def is_counselling(self) -> bool:
        return self._counselling is not None and self.stack.currentWidget() is self._counselling

    def set_full_screen(self, on: bool) -> None:
        """F11: the counselling view on the whole screen; F11 again returns to where it was."""
        if bool(on):
            self._full_screen_from_counselling = self.is_counselling()
            self.set_counselling(True)
            self.menuBar().setVisible(False)
            self.showFullScreen()
            self.full_screen_action.setChecked(True)
        else:
            was_counselling = self._full_screen_from_counselling
            self._leave_full_screen()
            if not was_counselling:
                self.set_counselling(False)

    def _leave_full_screen(self) -> None:
        self.menuBar().setVisible(True)
        self.showNormal()
        self.full_screen_action.setChecked(False)

    def _on_counselling_horizon(self, years: int) -> None:
        self.preferences.counselling_years = years

    def _on_patient_language(self, language: str) -> None:
        self.preferences.patient_language = language

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802
        if event.key() == QtCore.Qt.Key.Key_Escape and (self.isFullScreen() or self.is_counselling()):
            self.set_counselling(False)
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ help

    def show_about(self) -> None:
        from desktop.qt.help import AboutDialog

        AboutDialog(self.viewmodel.params, self).exec()

    def show_document(self, name: str) -> None:
        from desktop.qt.help import show_document

        show_document(self, name)

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_keep_changes():
            event.ignore()
            return
        if self.persist:
            if self.isFullScreen():
                self.showNormal()
            self.preferences.save()
            self.window_state.save_window(self)
        event.accept()


def _dropped_case_path(mime: QtCore.QMimeData) -> str | None:
    if not mime.hasUrls():
        return None
    urls = [u for u in mime.urls() if u.isLocalFile()]
    if len(urls) != 1:
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith(".json") else None
