"""The counselling view in the patient's language: switching, remembering, fitting, and the sheet's actions."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets

from desktop.report import numbers
from tests.conftest import EXAMPLE_CASE, print_to_pdf
from tests.pdftools import pdf_page_count, pdf_text

CASE = {k: v for k, v in EXAMPLE_CASE.items() if k != "label"}


@pytest.fixture
def counselling(window):
    window.form.set_values({**CASE, "label": "Jane Example"})
    window.set_counselling(True)
    return window.counselling_view()


def test_switching_language_translates_the_patients_words_only(window, counselling):
    view = counselling
    prediction = window.current_prediction()
    english_title = view.title.text()
    view.language_box.setCurrentIndex(view.language_box.findData("de"))
    assert view.language == "de" and window.preferences.patient_language == "de"
    assert view.title.text() != english_title and "Von 100 Menschen wie Ihnen" in view.title.text()
    assert view.horizon_buttons[1].text() == "1 Jahr" and view.horizon_buttons[10].text() == "10 Jahre"
    from desktop.qt.language import words_for

    assert numbers.sentence(prediction, "overall_survival", 5, words_for("de")) in view.sentences.text()
    assert "ärztlich geprüft" in view.review_note.text() and view.review_note.isVisibleTo(view)
    # the clinician's controls and screens stay English
    assert view.back_button.text() == "Back to clinician view (Esc)"
    assert window.counselling_action.text() == "&Counselling view"
    view.set_language("en")
    assert view.title.text() == english_title and not view.review_note.isVisibleTo(view)


def test_the_language_is_remembered(window, isolated_settings):
    from desktop.qt.settings import Preferences

    window.counselling_view().set_language("es")
    window.preferences.save()
    assert Preferences.load().patient_language == "es"
    settings = QtCore.QSettings(str(isolated_settings / "netlm-risk.ini"), QtCore.QSettings.Format.IniFormat)
    settings.setValue("setting/patient_language", "fr")  # not offered: back to English
    assert Preferences.load(settings).patient_language == "en"


@pytest.mark.parametrize("size", [(1366, 768), (1280, 820)])  # a laptop screen; the window's default size
@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize("cytoreduction", ["complete", None])
def test_the_view_fits_without_cut_off_text(window, counselling, language, cytoreduction, size):
    """Every label and button shows its whole text, and the words beside the picture need no scrolling."""
    window.form.set_values({**CASE, "cytoreduction": cytoreduction})
    window.resize(*size)
    view = counselling
    view.set_language(language)
    QtWidgets.QApplication.processEvents()
    assert window.size() == QtCore.QSize(*size)
    for widget in view.findChildren(QtWidgets.QLabel) + view.findChildren(QtWidgets.QAbstractButton):
        if not widget.isVisibleTo(view) or not widget.text():
            continue
        if isinstance(widget, QtWidgets.QLabel) and widget.wordWrap():
            assert widget.heightForWidth(widget.width()) <= widget.height() + 1, widget.text()
        else:
            assert widget.sizeHint().width() <= widget.width() + 1, widget.text()
    area = view.words_area
    page = area.widget()
    assert page.layout().heightForWidth(area.viewport().width()) <= area.viewport().height()
    assert not area.verticalScrollBar().isVisible() and not area.horizontalScrollBar().isVisible()
    # nothing beside the picture is wider than the column it sits in (the column would be clipped)
    assert page.minimumSizeHint().width() <= area.viewport().width()
    assert page.width() <= area.viewport().width()


def test_save_patient_sheet_writes_the_view_in_its_language(window, counselling, tmp_path):
    view = counselling
    view.set_language("es")
    view.set_years(2)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "sheet.pdf"
    out.write_bytes(b"an older sheet")
    assert window.sheet_actions.save_pdf(out, "a4") == out
    text = pdf_text(out)
    assert pdf_page_count(out) == 1
    assert "De cada 100 personas como usted, 2 años después de la operación" in text
    assert "Jane Example" not in text  # not ticked
    view.label_box.setChecked(True)
    window.sheet_actions.save_pdf(out, "a4")
    assert "Jane Example" in pdf_text(out)
    window.form.set_values({**CASE, "label": "Next Patient"})  # another patient: the tick does not carry over
    assert not view.label_box.isChecked()
    assert sorted(p.name for p in folder.iterdir()) == ["sheet.pdf"]  # no temporary file left


def test_a_failed_save_keeps_the_old_file(window, counselling, tmp_path):
    missing = tmp_path / "no-such-folder" / "sheet.pdf"
    assert window.sheet_actions.save_pdf(missing, "a4") is None
    assert window.errors and "not saved" in window.errors[-1][0]
    assert not missing.parent.exists()


def test_print_for_the_patient_paints_the_sheet(window, counselling, tmp_path):
    out = tmp_path / "printed.pdf"
    printed = print_to_pdf(out)
    window.sheet_actions.print_sheet()
    assert len(printed) == 1
    assert pdf_page_count(out) == 1 and "Questions to ask at your next visit" in pdf_text(out)


def test_sheet_actions_wait_for_a_complete_case(window):
    view = window.counselling_view()
    assert not view.print_button.isEnabled() and not view.save_button.isEnabled()
    window.form.set_values(CASE)
    assert view.print_button.isEnabled() and view.save_button.isEnabled()


@pytest.mark.parametrize("language", ["en", "de"])
def test_out_of_scope_case_shows_why_there_is_no_estimate(qtbot, language):
    from desktop.model import predict
    from desktop.qt.counselling import CounsellingView
    from desktop.qt.language import words_for
    from desktop.report.patient_sheet import PatientSheet
    from tests.patient.cases import case_of

    view = CounsellingView(5, language=language)
    qtbot.addWidget(view)
    case = case_of("out_of_scope")
    view.show_prediction(predict(case, [12, 60]))
    first, *rest = PatientSheet(words_for(language)).no_estimate(["differentiation"])
    assert view.title.text() == first and not view.icons.isVisibleTo(view)
    assert rest[0] in view.sentences.text().replace("&amp;", "&")
    assert not any(row.isVisibleTo(view) for row, _ in view.legend_rows.values())
    assert view.save_button.isEnabled()  # the sheet that says why can still go home
