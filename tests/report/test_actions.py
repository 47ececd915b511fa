"""Export PDF…, Print… (preview) and Copy summary, installed into a window's File menu.

A small stand-in window exposes what desktop/qt/main_window.py exposes (file_menu,
report_actions_anchor, current_case(), current_prediction(), viewmodel.updated,
show_error), so these tests need neither a file dialog nor a printer.
"""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from desktop.model import predict, validate_case
from desktop.model.survival import MONTHLY_GRID
from desktop.report.content import summary_text
from tests.conftest import EXAMPLE_CASE, print_to_pdf, when_modal
from tests.pdftools import pdf_page_count, pdf_page_size, pdf_text, render_page


class _ViewModel(QtCore.QObject):
    updated = QtCore.Signal()


class StandInWindow(QtWidgets.QMainWindow):
    def __init__(self):
        super().__init__()
        self.viewmodel = _ViewModel(self)
        self.case = None
        self.prediction = None
        self.errors: list[tuple[str, str]] = []
        self.file_menu = self.menuBar().addMenu("&File")
        self.file_menu.addAction("&Open…")
        self.report_actions_anchor = self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("&Quit")

    def current_case(self):
        return self.case

    def current_prediction(self):
        return self.prediction

    def set_case(self, data):
        self.case = None if data is None else validate_case(data)
        self.prediction = None if data is None else predict(self.case, MONTHLY_GRID)
        self.viewmodel.updated.emit()

    def show_error(self, title, text):
        self.errors.append((title, text))


@pytest.fixture
def window(qtbot):
    from desktop.qt.report_actions import install_report_actions

    win = StandInWindow()
    qtbot.addWidget(win)
    win.actions_for_report = install_report_actions(win)
    return win


def test_actions_sit_in_the_file_menu_before_the_anchor_and_follow_the_case(window):
    texts = [a.text() for a in window.file_menu.actions()]
    report = window.actions_for_report
    names = [a.text() for a in report.actions]
    assert texts.index(names[0]) > texts.index("&Open…")
    assert texts.index(names[-1]) < texts.index("&Quit")
    assert window.file_menu.actions().index(report.actions[-1]) + 1 == \
        window.file_menu.actions().index(window.report_actions_anchor)
    assert not any(a.isEnabled() for a in report.actions)  # no complete case yet
    window.set_case(EXAMPLE_CASE)
    assert all(a.isEnabled() for a in report.actions)
    window.set_case(None)
    assert not any(a.isEnabled() for a in report.actions)


def test_copy_summary_puts_the_plain_text_note_on_the_clipboard(window):
    window.set_case(EXAMPLE_CASE)
    text = window.actions_for_report.copy_summary()
    assert QtGui.QGuiApplication.clipboard().text() == text
    from desktop.report.content import build_note

    expected = summary_text(build_note(window.current_prediction()))
    # identical apart from the minute the note was made
    strip = lambda t: [line for line in t.splitlines() if not line.startswith("Date:")]  # noqa: E731
    assert strip(text) == strip(expected)


def test_export_writes_the_note_atomically_and_reports_failure_without_touching_files(window, tmp_path):
    window.set_case(dict(EXAMPLE_CASE, label="Zoë Ødegård-Nakamura 中村"))
    path = window.actions_for_report.export_pdf(tmp_path / "note.pdf", paper="letter")
    assert path == tmp_path / "note.pdf"
    assert pdf_page_count(path) == 1 and pdf_page_size(path) == (612, 792)
    from desktop.qt.fonts import printable

    assert printable("Zoë Ødegård-Nakamura 中村") in pdf_text(path)  # placeholders where no font draws it
    # a folder that does not exist: an error message, no file, no exception
    missing = tmp_path / "missing" / "note.pdf"
    assert window.actions_for_report.export_pdf(missing, paper="a4") is None
    assert window.errors and "not saved" in window.errors[-1][0]
    assert not missing.parent.exists()


def test_export_without_a_complete_case_explains_instead_of_writing(window, tmp_path):
    assert window.actions_for_report.export_pdf(tmp_path / "note.pdf") is None
    assert window.errors and "not complete" in window.errors[-1][0]
    assert list(tmp_path.iterdir()) == []


def test_print_preview_renders_the_same_one_page_note_at_96_dpi(window, tmp_path):
    from PySide6 import QtPrintSupport

    window.set_case(EXAMPLE_CASE)
    out = tmp_path / "printed.pdf"
    printed = print_to_pdf(out)
    dialog = window.actions_for_report.print_note()
    assert isinstance(dialog, QtPrintSupport.QPrintPreviewDialog)
    (printer,) = printed
    assert printer.resolution() == 96
    assert pdf_page_count(out) == 1
    text = pdf_text(out)
    assert "Estimated survival" in text and "Limitations" in text
    page = render_page(out, 50)
    assert (page < 200).sum() > 5000


def test_printer_keeps_its_paper_when_it_is_a4_or_letter(qtbot):
    from PySide6 import QtPrintSupport

    from desktop.qt.pdf import prepare_printer

    printer = QtPrintSupport.QPrinter()
    printer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.Letter))
    prepare_printer(printer)
    assert printer.pageLayout().pageSize().id() == QtGui.QPageSize.PageSizeId.Letter
    assert printer.resolution() == 96
    margins = printer.pageLayout().margins(QtGui.QPageLayout.Unit.Millimeter)
    assert min(margins.left(), margins.top(), margins.right(), margins.bottom()) >= 14.9
    prepare_printer(printer, "a4")
    assert printer.pageLayout().pageSize().id() == QtGui.QPageSize.PageSizeId.A4


def test_suggested_file_name_is_safe():
    from desktop.qt.report_actions import suggested_file_name

    name = suggested_file_name(validate_case(dict(EXAMPLE_CASE, label="../Zoë / 中村")))
    assert "/" not in name and name.endswith(".pdf") and name.startswith("consult-note_")


def test_the_application_window_has_the_report_actions_in_its_file_menu(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NETLM_RISK_SETTINGS_DIR", str(tmp_path))
    from desktop.qt.app import make_application
    from desktop.qt.main_window import MainWindow

    make_application()
    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    report = win.report_actions
    assert all(a in win.file_menu.actions() for a in report.actions)
    assert not any(a.isEnabled() for a in report.actions)  # an empty form
    win.form.set_values(EXAMPLE_CASE)
    assert all(a.isEnabled() for a in report.actions)
    path = report.export_pdf(tmp_path / "note.pdf", paper="a4")
    assert pdf_page_count(path) == 1
    assert "Estimated survival" in pdf_text(path)
    win._saved_values = win.form.values()  # no unsaved-changes prompt on teardown


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_print_preview_dialog_shows_one_page_and_outlives_its_caller(window, qtbot):
    """The dialog made by Print… (with its own printer) shows one page, and its printer stays alive
    with it after print_note returns."""
    import gc

    from PySide6 import QtPrintSupport

    window.set_case(EXAMPLE_CASE)
    pages = []

    def look(dialog):
        gc.collect()  # the printer must stay alive with the dialog
        preview = dialog.findChild(QtPrintSupport.QPrintPreviewWidget)
        qtbot.waitUntil(lambda: preview.pageCount() == 1)
        pages.append(preview.pageCount())

    when_modal(look, QtPrintSupport.QPrintPreviewDialog)
    dialog = window.actions_for_report.print_note()
    gc.collect()
    assert pages == [1]
    assert dialog.printer_keepalive.resolution() == 96
    dialog.close()


def test_the_main_window_starts_without_the_note_layout():
    """The note's layout and content load on first use, not at start-up (about 15 ms of a cold
    start); the actions still work then (the tests above run them)."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, desktop.qt.main_window; "
            "print(sorted(m for m in ('desktop.qt.pdf', 'desktop.report.content') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(Path(__file__).resolve().parents[2]))
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
