"""The take-home sheet's actions of the counselling view: Print for the patient…, Save patient sheet as PDF….

The sheet shows what the counselling view shows: the same case and prediction, the horizon
and the "cancer has grown" choice of the view, in the view's language. The patient label is
printed only when the clinician ticks it in the view (the sheet goes home). Saving is
atomic (desktop/fileio.py): the PDF is made in memory and replaces the file in one step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from desktop.qt.report_actions import WindowActions


class SheetActions(WindowActions):
    """Print/save the sheet for ``window`` (``current_case()``, ``current_prediction()``) from ``view``."""

    def __init__(self, window: QtWidgets.QWidget, view):
        super().__init__(window)
        self.view = view
        view.print_sheet_requested.connect(lambda: self.print_sheet())
        view.save_sheet_requested.connect(lambda: self.save_pdf())

    def sheet(self):
        from desktop.qt.sheet_pdf import sheet_for

        case = self.window.current_case()
        if case is None:
            self._error("The case is not complete", "Complete the form before printing or saving the patient's sheet.")
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
                              "patient sheet", lambda path, paper: sheet_pdf.write_sheet_pdf(path, sheet, paper))

    def print_sheet(self):
        """Open the print preview of the sheet; returns the dialog."""
        from desktop.qt import sheet_pdf

        sheet = self.sheet()
        if sheet is None:
            return None
        return self._preview("Patient sheet", "Print for the patient",
                             lambda target: sheet_pdf.render_sheet(target, sheet))
