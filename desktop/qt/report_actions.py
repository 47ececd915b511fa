"""The printing actions of a window: the consult note's Export PDF…, Print… (with a preview)
and Copy summary; the counselling view's Print for the patient… and Save patient sheet as PDF….

Kept apart from ``desktop.qt.pdf`` (the note's layout) and ``desktop.qt.sheet_pdf`` so that
the main window can put the actions in its menu at start-up without importing the layouts and
the note's content (about 15 ms of a cold start): they are imported the first time an action runs.

The sheet shows what the counselling view shows: the same case and prediction, the horizon
and the "cancer has grown" choice of the view, in the view's language. The patient label is
printed only when the clinician ticks it in the view (the sheet goes home). Saving is
atomic (desktop/fileio.py): the PDF is made in memory and replaces the file in one step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

PDF_FILTERS = {"a4": "PDF on A4 paper (*.pdf)", "letter": "PDF on US Letter paper (*.pdf)"}


class WindowActions(QtCore.QObject):
    """What a window's PDF and print actions share: error messages, the status bar, saving a PDF."""

    def __init__(self, window: QtWidgets.QWidget):
        super().__init__(window)
        self.window = window

    def _ask_pdf_path(self, title: str, file_name: str, paper: str | None) -> tuple[Path, str] | None:
        """The save dialog in the last folder used; the chosen filter sets the paper. None: cancelled."""
        from desktop.qt import pdf

        paper = paper or pdf.default_paper()
        chosen, selected = QtWidgets.QFileDialog.getSaveFileName(
            self.window, title, str(Path(self.window.last_folder()) / file_name), ";;".join(PDF_FILTERS.values()),
            PDF_FILTERS[paper])
        if not chosen:
            return None
        paper = next((k for k, v in PDF_FILTERS.items() if v == selected), paper)
        return Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"), paper

    def _save_pdf(self, path: str | Path | None, paper: str | None, title: str, file_name: str, what: str,
                  pdf_bytes) -> Path | None:
        """Ask for a file (the filter chooses the paper) unless ``path`` is given, then write
        ``pdf_bytes(paper)`` to it atomically (desktop/fileio.py: the PDF is made in memory and
        replaces the file in one step); the status bar says what was saved, a message why not."""
        from desktop.fileio import atomic_write_bytes
        from desktop.qt import pdf

        if path is None:
            chosen = self._ask_pdf_path(title, file_name, paper)
            if chosen is None:
                return None
            path, paper = chosen
        path = Path(path)
        try:
            atomic_write_bytes(path, pdf_bytes(paper or pdf.default_paper()))
        except OSError as exc:
            self.window.show_error(f"The {what} was not saved",
                                   f"{path} could not be written: {exc.strerror or exc}.\nNothing was changed on disk.")
            return None
        self.window.statusBar().showMessage(f"{what.capitalize()} saved to {path}", 5000)
        return path

    def _complete_case(self, before: str):
        """The window's case, or None after telling the user to complete the form ``before`` …"""
        case = self.window.current_case()
        if case is None:
            self.window.show_error("The case is not complete", f"Complete the form before {before}.")
        return case

    def _preview(self, doc_name: str, title: str, paint):
        """The print preview of what ``paint(device)`` draws, at the layout's 96 dpi (modal); returns the dialog."""
        from PySide6 import QtPrintSupport

        from desktop.qt import pdf

        printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
        pdf.prepare_printer(printer)
        printer.setDocName(doc_name)
        dialog = QtPrintSupport.QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(title)

        def on_paint(target):
            target.setResolution(pdf.RESOLUTION_DPI)
            paint(target)

        dialog.paintRequested.connect(on_paint)
        # the dialog keeps only a C++ pointer to the printer: hold the Python object as long
        # as the dialog lives (a collected QPrinter crashed the preview when shown)
        dialog.printer_keepalive = printer
        dialog.exec()
        return dialog


class ReportActions(WindowActions):
    """Export PDF…, Print… (with a preview) and Copy summary for a window that shows a case.

    The window provides ``current_case()`` (None while the form is incomplete) and
    ``current_prediction()``, its prediction on the monthly grid, which holds every month the
    note prints; ``appendix_provider`` (case -> list of Sections) adds pages.
    """

    def __init__(self, window: QtWidgets.QWidget, appendix_provider=None):
        super().__init__(window)
        self.appendix_provider = appendix_provider
        self.export_action = QtGui.QAction("Export consult note as &PDF…", window)
        self.export_action.setShortcut(QtGui.QKeySequence("Ctrl+E"))
        self.export_action.setToolTip("Save the one-page consult note as a PDF file")
        self.export_action.triggered.connect(lambda: self.export_pdf())
        self.print_action = QtGui.QAction("&Print consult note…", window)
        self.print_action.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Print))
        self.print_action.setToolTip("Preview and print the one-page consult note")
        self.print_action.triggered.connect(lambda: self.print_note())
        self.copy_action = QtGui.QAction("Copy &summary (plain text)", window)
        self.copy_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setToolTip("Copy the consult note as plain text, for pasting into an electronic record")
        self.copy_action.triggered.connect(lambda: self.copy_summary())
        for action in self.actions:
            action.setObjectName({self.export_action: "exportPdfAction", self.print_action: "printAction",
                                  self.copy_action: "copySummaryAction"}[action])
        self.update_enabled()

    @property
    def actions(self) -> list[QtGui.QAction]:
        return [self.export_action, self.print_action, self.copy_action]

    def update_enabled(self) -> None:
        ready = self.window.current_case() is not None
        for action in self.actions:
            action.setEnabled(ready)

    def _note_inputs(self):
        from desktop.report.content import build_note

        case = self._complete_case("printing or exporting the note")
        if case is None:
            return None
        prediction = self.window.current_prediction()
        appendix = self.appendix_provider(case) if self.appendix_provider else None
        return prediction, build_note(prediction, extra=appendix), appendix

    def export_pdf(self, path: str | Path | None = None, paper: str | None = None) -> Path | None:
        """Ask for a file (the filter chooses the paper) unless ``path`` is given; write atomically."""
        from desktop.qt import pdf

        inputs = self._note_inputs()
        if inputs is None:
            return None
        prediction, note, appendix = inputs
        path = self._save_pdf(path, paper, "Export consult note as PDF", suggested_file_name(prediction.case),
                              "consult note", lambda paper: pdf.note_pdf_bytes(prediction, paper, note, appendix))
        if path is None:
            return None
        from desktop.qt.fonts import label_font_notice

        notice = label_font_notice(prediction.case.label)
        if notice:
            self.window.show_error("Part of the patient label is not printed", notice)
        return path

    def print_note(self):
        """Open the print preview (QPrintPreviewDialog); returns the dialog."""
        from desktop.qt import pdf

        inputs = self._note_inputs()
        if inputs is None:
            return None
        prediction, note, appendix = inputs
        return self._preview(f"Consult note — {note.header.patient_text}", "Print consult note",
                             lambda target: pdf.render_note(target, prediction, note, appendix))

    def copy_summary(self) -> str | None:
        inputs = self._note_inputs()
        if inputs is None:
            return None
        from desktop.report.content import summary_text

        _, note, _ = inputs
        text = summary_text(note)
        QtGui.QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage("Summary copied: paste it into the record", 5000)
        return text


class SheetActions(WindowActions):
    """Print/save the sheet for ``window`` (``current_case()``, ``current_prediction()``) from ``view``."""

    def __init__(self, window: QtWidgets.QWidget, view):
        super().__init__(window)
        self.view = view
        view.print_sheet_requested.connect(lambda: self.print_sheet())
        view.save_sheet_requested.connect(lambda: self.save_pdf())

    def sheet(self):
        from desktop.qt.sheet_pdf import sheet_for

        case = self._complete_case("printing or saving the patient's sheet")
        if case is None:
            return None
        return sheet_for(case, self.view.years, self.view.with_progression, self.view.language,
                         self.view.label_box.isChecked(), self.window.current_prediction())

    def save_pdf(self, path: str | Path | None = None, paper: str | None = None) -> Path | None:
        """Ask for a file (the filter chooses the paper) unless ``path`` is given; write atomically."""
        from desktop.qt import sheet_pdf

        sheet = self.sheet()
        if sheet is None:
            return None
        return self._save_pdf(path, paper, "Save patient sheet as PDF", sheet_pdf.suggested_file_name(),
                              "patient sheet", lambda paper: sheet_pdf.sheet_pdf_bytes(sheet, paper))

    def print_sheet(self):
        """Open the print preview of the sheet; returns the dialog."""
        from desktop.qt import sheet_pdf

        sheet = self.sheet()
        if sheet is None:
            return None
        return self._preview("Patient sheet", "Print for the patient",
                             lambda target: sheet_pdf.render_sheet(target, sheet))


def suggested_file_name(case, when=None) -> str:
    """consult-note_<label>_<date>.pdf, safe on every file system."""
    from datetime import datetime

    from desktop.fileio import safe_stem

    stem = safe_stem(case.label)
    stamp = (when or datetime.now()).strftime("%Y-%m-%d")
    return f"consult-note_{stem + '_' if stem else ''}{stamp}.pdf"


def install_report_actions(window, appendix_provider=None) -> ReportActions:
    """Put Export PDF…, Print… and Copy summary into the window's File menu, before
    ``window.report_actions_anchor``; ``window.viewmodel.updated`` enables them only for a complete case.
    """
    actions = ReportActions(window, appendix_provider)
    window.file_menu.insertActions(window.report_actions_anchor, actions.actions)
    window.viewmodel.updated.connect(actions.update_enabled)
    return actions
