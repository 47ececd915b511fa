"""The take-home sheet on paper: one page, inside its margins, vector, in every language and case;
``netlm-risk report --patient``: exit codes and atomic writes."""

from __future__ import annotations

import json
import unicodedata
from datetime import date

import numpy as np
import pytest
from PySide6 import QtCore

from desktop.report.words import LANGUAGES
from tests.patient.cases import CASES, case_of
from tests.conftest import run_cli_process
from tests.pdftools import pdf_char_boxes, pdf_image_count, pdf_page_count, pdf_page_size, pdf_text, render_page

MARGIN_MM = 15.0
FOOTER_START = {"en": "Made on", "es": "Hecho el", "de": "Erstellt am"}


@pytest.fixture(scope="module")
def app():
    from desktop.qt.app import headless_application

    return headless_application()


@pytest.fixture(scope="module")
def sheets(app, tmp_path_factory):
    """Every case in every language on A4, the unknown-heavy one on Letter too, label printed."""
    from desktop.model import predict
    from desktop.qt.language import words_for
    from desktop.model.survival import MONTHLY_GRID as GRID_MONTHS
    from desktop.qt.sheet_pdf import _fit, sheet_pdf_bytes
    from desktop.report.patient_sheet import build_sheet
    from desktop.fileio import atomic_write_bytes

    folder = tmp_path_factory.mktemp("sheets")
    out = {}
    for language in LANGUAGES:
        for name in CASES:
            case = case_of(name)
            prediction = None if name == "out_of_scope" else predict(case, GRID_MONTHS)
            sheet = build_sheet(case, prediction, 5, words=words_for(language), include_label=True,
                                today=date(2026, 12, 3))
            for paper in ("a4", "letter") if name == "unknown" else ("a4",):
                path = folder / f"{name}-{language}-{paper}.pdf"
                atomic_write_bytes(path, sheet_pdf_bytes(sheet, paper))
                out[name, language, paper] = (path, sheet)
    return out


def _keys():
    return [(n, lang, p) for lang in LANGUAGES for n in CASES for p in (("a4", "letter") if n == "unknown" else ("a4",))]


@pytest.mark.parametrize("key", _keys(), ids="-".join)
def test_one_page_inside_the_margins(sheets, key):
    path, sheet = sheets[key]
    name, language, paper = key
    assert pdf_page_count(path) == 1
    assert pdf_page_size(path) == {"a4": (595, 842), "letter": (612, 792)}[paper]
    page = render_page(path, 72)
    ink = np.argwhere(page < 200)
    margin = (MARGIN_MM - 0.5) / 25.4 * 72
    top, left = ink.min(axis=0)
    bottom, right = ink.max(axis=0)
    assert top >= margin and left >= margin
    assert page.shape[0] - 1 - bottom >= margin and page.shape[1] - 1 - right >= margin
    # the last thing said (the last question) is printed whole, above the footer
    last = sheet.questions[-1]
    footer = pdf_char_boxes(path, FOOTER_START[language])
    boxes = pdf_char_boxes(path, last)
    assert boxes and footer, (last, FOOTER_START[language])
    assert min(b[1] for b in boxes) > max(b[3] for b in footer)
    text = pdf_text(path)
    for line in [*sheet.questions, *sheet.no_estimate, *sheet.sentences, *(g.text for g in sheet.groups)]:
        assert " ".join(line.split()) in text, line
    # asked for here (NFKC: a CJK font may map 山 to the look-alike Kangxi radical ⼭ when extracted);
    # a character no font on this machine draws is a placeholder, never a silent box
    from desktop.qt.fonts import printable

    assert unicodedata.normalize("NFKC", printable(sheet.label)) in unicodedata.normalize("NFKC", text)
    assert pdf_image_count(path) == 0  # the picture and the words are vectors and text


def test_the_type_is_large(sheets, app):
    """Body text at 11 pt or more on every English sheet, 10.5 pt or more in Spanish and German on
    US Letter, the tightest case (the layout shrinks the type only as far as the page needs)."""
    from PySide6 import QtGui

    from desktop.qt import pdf
    from desktop.qt.sheet_pdf import BODY_PT, _fit

    for (name, language, paper), (_, sheet) in sheets.items():
        writer = QtGui.QPdfWriter(QtCore.QBuffer())
        writer.setResolution(pdf.RESOLUTION_DPI)
        writer.setPageLayout(pdf.page_layout(paper))
        layout = _fit(sheet, writer)
        assert layout.fits, (name, language, paper)
        assert BODY_PT * layout.scale >= (11.0 if language == "en" else 10.5), (name, language, paper, layout.scale)


def test_the_unreviewed_translation_says_so_in_small_print(sheets):
    for language in LANGUAGES:
        text = pdf_text(sheets["best", language, "a4"][0])
        assert ("Translation not yet reviewed by a clinician" in text) == (language != "en")


def test_picture_greyscale_keeps_the_groups_apart(sheets):
    """Blue, hatched orange, hollow and the grey range squares stay distinct without colour."""
    path, sheet = sheets["unknown", "en", "a4"]
    page = render_page(path, 100)
    levels = np.unique(page // 32)
    assert len(levels) >= 4


# ------------------------------------------------------------------ netlm-risk report --patient


@pytest.fixture
def case_json(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASES["unknown"], ensure_ascii=False), encoding="utf-8")
    return path


def test_report_patient_writes_the_sheet_in_the_language(tmp_path, case_json):
    out = tmp_path / "sheet.pdf"
    result = run_cli_process("report", case_json, "--patient", "--language", "de", "--out", out, "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert pdf_page_count(out) == 1 and pdf_page_size(out) == (612, 792)
    text = pdf_text(out)
    assert "Fragen für Ihren nächsten Termin" in text and "41,5 mm" in text
    assert CASES["unknown"]["label"] not in text  # the command line never prints the label
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "sheet.pdf"]  # no temporary file left


def test_report_patient_bad_input_exits_2_and_writes_nothing(tmp_path, case_json):
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"an older sheet")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**CASES["best"], "age_years": 12}), encoding="utf-8")
    for args in ([bad, "--patient", "--out", out],
                 [case_json, "--patient", "--language", "fr", "--out", out],
                 [case_json, "--language", "es", "--out", out],  # a language only for the patient's sheet
                 [case_json, "--patient", "--appendix", "--out", out],
                 [case_json, "--patient", "--out", tmp_path / "missing" / "sheet.pdf"],
                 [case_json, "--patient", "--out", case_json]):
        result = run_cli_process("report", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("netlm-risk: error:") and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert out.read_bytes() == b"an older sheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "case.json", "sheet.pdf"]


def test_report_patient_replaces_a_file_atomically(app, tmp_path, monkeypatch):
    """A failure while replacing keeps the old file; success replaces it in one step."""
    import os

    from desktop.qt.sheet_pdf import write_sheet_cli
    from desktop.fileio import InputError

    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"an older sheet")

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match="No space left"):
        write_sheet_cli(case_of("best"), out, "a4", "es")
    assert out.read_bytes() == b"an older sheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.pdf"]
    monkeypatch.undo()
    assert write_sheet_cli(case_of("best"), out, "a4", "es") == 0
    assert pdf_page_count(out) == 1 and "Preguntas para su próxima cita" in pdf_text(out)


def test_the_sheets_language_does_not_follow_the_workstation(app, tmp_path):
    """A German workstation still writes an English sheet with decimal points, and a Spanish one
    in Spanish: the language is the one asked for, never the locale."""
    from PySide6 import QtCore

    from desktop.qt.sheet_pdf import write_sheet_cli

    previous = QtCore.QLocale()
    QtCore.QLocale.setDefault(QtCore.QLocale("de_DE"))
    try:
        write_sheet_cli(case_of("unknown"), tmp_path / "en.pdf", "a4", "en")
        write_sheet_cli(case_of("unknown"), tmp_path / "es.pdf", "a4", "es")
    finally:
        QtCore.QLocale.setDefault(previous)
    english, spanish = pdf_text(tmp_path / "en.pdf"), pdf_text(tmp_path / "es.pdf")
    assert "41.5 mm across" in english and "Questions to ask at your next visit" in english
    assert "41,5 mm de ancho" in spanish and "Preguntas para su próxima cita" in spanish
