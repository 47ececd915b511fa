"""The take-home sheet's actions of the counselling view: Print for the patient…, Save patient sheet as PDF….

The sheet shows what the counselling view shows: the same case and prediction, the horizon
and the "cancer has grown" choice of the view, in the view's language. The patient label is
printed only when the clinician ticks it in the view (the sheet goes home). Saving is
atomic (desktop/fileio.py): the PDF is made in memory and replaces the file in one step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

PDF_FILTERS = {"a4": "PDF on A4 paper (*.pdf)", "letter": "PDF on US Letter paper (*.pdf)"}


class SheetActions(QtCore.QObject):
    """Print/save the sheet for ``window`` (``current_case()``, ``current_prediction()``) from ``view``."""

    def __init__(self, window: QtWidgets.QWidget, view):
        super().__init__(window)
        self.window = window
        self.view = view
        self.last_export: Path | None = None
        view.print_sheet_requested.connect(lambda: self.print_sheet())
        view.save_sheet_requested.connect(lambda: self.save_pdf())

    def sheet(self):
        from desktop.qt.sheet_pdf import sheet_for

        case = self.window.current_case()
        if case is None:
            self._error("The case is not complete", "Complete the form before printing or saving the patient's sheet.")
            return None
        shown = getattr(self.window, "current_prediction", lambda: None)()
        return sheet_for(case, self.view.years, self.view.with_progression, self.view.language,
                         self.view.label_box.isChecked(), shown)

    def _error(self, title: str, text: str) -> None:
        show = getattr(self.window, "show_error", None)
        if show is not None:
            show(title, text)
        else:
            QtWidgets.QMessageBox.warning(self.window, title, text)

    def _status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if bar is not None:
            bar().showMessage(text, 5000)

    def save_pdf(self, path: str | Path | None = None, paper: str | None = None) -> Path | None:
        """Ask for a file (the filter chooses the paper) unless ``path`` is given; write atomically."""
        from desktop.qt import pdf, sheet_pdf

        sheet = self.sheet()
        if sheet is None:
            return None
        if path is None:
            state = getattr(self.window, "window_state", None)
            folder = Path(state.last_folder) if state is not None and getattr(state, "last_folder", "") else Path.home()
            paper = paper or pdf.default_paper()
            chosen, selected = QtWidgets.QFileDialog.getSaveFileName(
                self.window, "Save patient sheet as PDF", str(folder / sheet_pdf.suggested_file_name()),
                ";;".join(PDF_FILTERS.values()), PDF_FILTERS[paper])
            if not chosen:
                return None
            paper = next((k for k, v in PDF_FILTERS.items() if v == selected), paper)
            path = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        path = Path(path)
        try:
            sheet_pdf.write_sheet_pdf(path, sheet, paper or pdf.default_paper())
        except OSError as exc:
            self._error("The patient sheet was not saved", f"{path} could not be written: {exc.strerror or exc}.\n"
                        "Nothing was changed on disk.")
            return None
        self.last_export = path
        self._status(f"Patient sheet saved to {path}")
        return path

    def print_sheet(self, printer=None, exec_dialog: bool = True):
        """Open the print preview of the sheet; returns the dialog."""
        from PySide6 import QtPrintSupport

        from desktop.qt import pdf, sheet_pdf

        sheet = self.sheet()
        if sheet is None:
            return None
        printer = printer or QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
        pdf.prepare_printer(printer)
        printer.setDocName("Patient sheet")
        dialog = QtPrintSupport.QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle("Print for the patient")

        def paint(target):
            target.setResolution(pdf.RESOLUTION_DPI)
            sheet_pdf.render_sheet(target, sheet)

        dialog.paintRequested.connect(paint)
        dialog.printer_keepalive = printer  # see ReportActions.print_note: the dialog holds only a C++ pointer
        self._paint = paint
        if exec_dialog:
            dialog.exec()
        return dialog
