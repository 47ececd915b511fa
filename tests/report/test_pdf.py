"""The printed consult note: one page, every input and number, sources, ink inside the margins.

The PDF is read back as a reader would, through the pip-installed PDF libraries of
``tests/pdftools.py`` (text, fonts, rendering); the expected numbers are recomputed from
``predict``, not taken from the renderer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from desktop.model import load_params, predict, validate_case
from desktop.model.case import CYTOREDUCTION_LABELS, PRIMARY_DETAIL_LABELS, PRIMARY_SITE_LABELS
from desktop.model.params import OUTCOMES
from desktop.model.survival import MONTHLY_GRID
from desktop.qt.fonts import printable
from tests.conftest import EXAMPLE_CASE, run_cli_process
from tests.pdftools import pdf_fonts, pdf_image_count, pdf_page_count, pdf_page_size, pdf_text, render_page

GRID = np.arange(0, 181.0)
NON_LATIN = "Zoë Ødegård-Nakamura 中村"
UNKNOWN_HEAVY = dict(age_years=70, primary_site="other", ki67_percent=None, liver_lesion_count=4,
                     largest_lesion_mm=60, extrahepatic_metastases=False, cytoreduction=None,
                     label="Unknowns <b>not bold</b> & co")
EXTREME = dict(age_years=99, primary_site="pancreas", ki67_percent=95, liver_lesion_count=400,
               largest_lesion_mm=400, extrahepatic_metastases=True, cytoreduction="incomplete_under_90",
               label=NON_LATIN)
WORST_TEXT = dict(age_years=19, primary_site="other", ki67_percent=None, liver_lesion_count=250,
                  largest_lesion_mm=390, extrahepatic_metastases=True, cytoreduction=None,
                  label=(NON_LATIN + " " + "Ωmega-Verylongsurname-without-any-break" * 5)[:200],
                  planned_hepatectomy="major", hormonal_syndrome="carcinoid", years_primary_to_liver_mets=12.5,
                  percent_liver_replaced=55, bilobar_metastases=True, carcinoid_heart_disease=True,
                  primary_detail="unknown_primary", primary_resected=False, stable_disease_6_months=True)
CASES = {"example": EXAMPLE_CASE, "unknown_heavy": UNKNOWN_HEAVY, "extreme": EXTREME, "worst_text": WORST_TEXT}
MARGIN_MM = 15.0


def printed(probability: float) -> int:
    return int(round(100 * probability))


@pytest.fixture(scope="module")
def app():
    from desktop.qt.app import headless_application

    return headless_application()


def prediction_for(case):
    """What the application and ``netlm-risk report`` print: the prediction on the monthly grid."""
    return predict(case, MONTHLY_GRID)


def write_note_pdf(path, prediction, paper, appendix=None):
    from desktop.fileio import atomic_write_bytes
    from desktop.qt.pdf import note_pdf_bytes

    atomic_write_bytes(path, note_pdf_bytes(prediction, paper, appendix=appendix))


@pytest.fixture(scope="module")
def rendered(app, tmp_path_factory):
    """Each case rendered once on each paper."""
    folder = tmp_path_factory.mktemp("notes")
    out = {}
    for name, data in CASES.items():
        prediction = prediction_for(validate_case(data))
        for paper in ("a4", "letter"):
            path = folder / f"{name}-{paper}.pdf"
            write_note_pdf(path, prediction, paper)
            out[name, paper] = (path, prediction)
    return out


@pytest.mark.parametrize("paper, points", [("a4", "595 x 842"), ("letter", "612 x 792")])
@pytest.mark.parametrize("name", list(CASES))
def test_note_is_exactly_one_page_of_the_chosen_paper(rendered, name, paper, points):
    path, _ = rendered[name, paper]
    assert pdf_page_count(path) == 1
    assert "%g x %g" % pdf_page_size(path) == points


@pytest.mark.parametrize("name", list(CASES))
def test_pdf_text_holds_every_input_the_numbers_and_the_sources(rendered, name):
    path, prediction = rendered[name, "a4"]
    text, rows = pdf_text(path), pdf_text(path, layout=True)
    case = prediction.case
    params = load_params()
    # every input, as entered, on its row of the inputs table (a row label may wrap onto a
    # second line of its cell, so the value follows the label's first word)
    def on_row(label: str, value: str) -> bool:
        head, *rest = label.split()
        tail = "".join(rf"(?: {re.escape(w)})?" for w in rest)
        return re.search(rf"{re.escape(head)}{tail} {re.escape(value)}(?!\w)", rows) is not None

    assert on_row("Age", f"{case.age_years:g} years")
    site = PRIMARY_SITE_LABELS[case.primary_site] if case.primary_detail is None \
        else PRIMARY_DETAIL_LABELS[case.primary_detail]
    assert on_row("Primary tumour site", site.split()[0])
    assert PRIMARY_SITE_LABELS[case.primary_site] in text
    assert on_row("Ki-67 index", "Unknown" if case.ki67_percent is None else f"{case.ki67_percent:g}%")
    assert on_row("Liver lesions", str(case.liver_lesion_count))
    assert on_row("Largest liver lesion", f"{case.largest_lesion_mm:g} mm")
    assert on_row("Extrahepatic metastases", "Yes" if case.extrahepatic_metastases else "No")
    extent = "Not known yet" if case.cytoreduction is None else CYTOREDUCTION_LABELS[case.cytoreduction]
    assert on_row("Extent of cytoreduction", extent.split()[0])
    assert extent in text
    # the label is whole (a word longer than the line wraps at a hyphen or anywhere, and
    # the text joins such lines without the hyphen: compare without spaces and hyphens)
    def squeeze(words):
        return "".join(words.split()).replace("-", "")

    # (a character no font on this machine draws is printed as a placeholder: tests/report/test_label_fonts.py)
    assert squeeze(printable(case.label)) in squeeze(text)
    # data-quality flags and the handling of unknowns, verbatim
    for warning in prediction.warnings:
        assert " ".join(warning.text.split()) in text
    # the 5-year OS and its 95% range, at the printed precision, straight from predict
    expected = predict(case, GRID)
    point, lower, upper = expected.overall_survival.at(60)
    assert f"5 years {printed(point)}% ({printed(lower)}–{printed(upper)}%)" in rows
    for outcome in OUTCOMES:
        for years in (1, 2, 10, 15):
            p, lo, up = expected.curve(outcome).at(12 * years)
            assert f"{printed(p)}% ({printed(lo)}–{printed(up)}%)" in rows
    # sources and reproducibility
    assert " ".join(params.citation.split()) in text
    assert params.sha256 in text and params.sha256[:12] in text
    from desktop import __version__

    assert f"netlm-risk {__version__}" in text


def test_optional_inputs_are_printed_as_entered(rendered):
    text = pdf_text(rendered["worst_text", "a4"][0])
    for words in ("Major hepatectomy", "Carcinoid syndrome", "12.5 years", "55%", "Unknown primary",
                  "not used by the survival model"):
        assert words in text


def test_non_latin_label_is_real_text_in_the_pdf(rendered):
    """With a CJK font (Debian fonts-noto-cjk) the label is real text in that font; without one, the
    page prints placeholders (never silent boxes) and the document title keeps the label."""
    from pypdf import PdfReader

    from desktop.qt.fonts import uncovered_characters

    path, _ = rendered["extreme", "a4"]
    if uncovered_characters(NON_LATIN):
        assert printable(NON_LATIN) in pdf_text(path) and NON_LATIN not in pdf_text(path)
        assert NON_LATIN in PdfReader(str(path)).metadata.title
    else:
        assert NON_LATIN in pdf_text(path)
        assert any("CJK" in font for font in pdf_fonts(path))


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", list(CASES))
def test_ink_stays_inside_the_margins(rendered, name, paper):
    path, _ = rendered[name, paper]
    dpi = 72
    page = render_page(path, dpi)
    ink = np.argwhere(page < 200)
    assert len(ink) > 10_000, "the page should not be blank"
    margin_px = (MARGIN_MM - 0.5) / 25.4 * dpi
    top, left = ink.min(axis=0)
    bottom, right = ink.max(axis=0)
    height, width = page.shape
    assert top >= margin_px and left >= margin_px
    assert height - 1 - bottom >= margin_px and width - 1 - right >= margin_px
    # and the page is used: content reaches close to every margin (not a shrunken note)
    assert left < margin_px + 6 and width - 1 - right < margin_px + 6


def test_plot_is_vector_and_greyscale_keeps_both_outcomes_apart(rendered):
    """The curves are paths (no embedded image) and the two outcomes stay distinct in grey."""
    path, _ = rendered["example", "a4"]
    assert pdf_image_count(path) == 0  # nothing rasterised
    from desktop.qt.plot_style import OUTCOME_PEN_STYLE

    assert OUTCOME_PEN_STYLE["overall_survival"] != OUTCOME_PEN_STYLE["progression_free_survival"]


def test_appendix_sections_go_on_further_pages_when_asked(app, tmp_path):
    from desktop.report.sections import Section, Table

    prediction = prediction_for(validate_case(EXAMPLE_CASE))
    appendix = [Section("Evidence from other cohorts", paragraphs=["A paragraph of evidence. " * 40],
                        table=Table(["Outcome", "Value"], [["90-day mortality", "1.2%"]] * 5),
                        footnotes=["Source: a study."])]
    path = tmp_path / "appendix.pdf"
    write_note_pdf(path, prediction, "a4", appendix=appendix)
    assert pdf_page_count(path) == 2
    text = pdf_text(path)
    assert "Evidence from other cohorts" in text and "90-day mortality" in text
    assert "page 1 of 2" in text and "page 2 of 2" in text
    many = appendix * 12
    write_note_pdf(path, prediction, "letter", appendix=many)
    pages = pdf_page_count(path)
    assert pages > 2 and f"page {pages} of {pages}" in pdf_text(path)


def test_default_paper_follows_the_locale():
    from PySide6.QtCore import QLocale

    from desktop.qt.pdf import default_paper

    assert default_paper(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == "letter"
    assert default_paper(QLocale(QLocale.Language.French, QLocale.Country.Canada)) == "letter"
    assert default_paper(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "a4"
    assert default_paper(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)) == "a4"
    assert default_paper(QLocale.c()) == "a4"


def test_same_case_same_page(app, tmp_path):
    """Reproducible: the same case, date and paper give the same page, pixel for pixel."""
    from datetime import datetime

    from desktop.fileio import atomic_write_bytes
    from desktop.qt.pdf import note_pdf_bytes
    from desktop.report.content import build_note

    prediction = prediction_for(validate_case(EXAMPLE_CASE))
    when = datetime(2024, 1, 2, 3, 4)
    pages = []
    for name in ("first.pdf", "second.pdf"):
        atomic_write_bytes(tmp_path / name, note_pdf_bytes(prediction, "a4", build_note(prediction, when=when)))
        pages.append(render_page(tmp_path / name, 50))
    assert np.array_equal(pages[0], pages[1])


# ------------------------------------------------------------------ netlm-risk report


def test_report_command_writes_the_note(app, tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(dict(EXAMPLE_CASE, label=NON_LATIN), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "note.pdf"
    result = run_cli_process("report", case, "--out", out, "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert pdf_page_count(out) == 1 and pdf_page_size(out) == (612, 792)
    assert printable(NON_LATIN) in pdf_text(out)
    assert not list(tmp_path.glob(".note.pdf.*"))  # no temporary file left behind


@pytest.mark.parametrize("problem, args, message", [
    ("bad value", {"age_years": 12}, "age_years"),
    ("unknown key", {"ki67": 4}, "ki67"),
    ("missing field", {"primary_site": None}, "primary_site"),
])
def test_report_bad_case_exits_2_and_leaves_an_existing_file_untouched(tmp_path, problem, args, message):
    data = {k: v for k, v in {**EXAMPLE_CASE, **args}.items() if v is not None}
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "note.pdf"
    out.write_bytes(b"an older note")
    result = run_cli_process("report", case, "--out", out)
    assert result.returncode == 2, problem
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert out.read_bytes() == b"an older note"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "note.pdf"]


def test_report_bad_arguments_exit_2_and_write_nothing(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    for args in (["--out", tmp_path / "a.pdf", "--paper", "a3"],  # paper not offered
                 ["--out", tmp_path / "missing-folder" / "a.pdf"],
                 ["--out", case],  # the input itself
                 []):  # --out is required
        result = run_cli_process("report", case, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("netlm-risk: error:") and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]
    missing = run_cli_process("report", tmp_path / "nope.json", "--out", tmp_path / "b.pdf")
    assert missing.returncode == 2 and "not found" in missing.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]


def test_report_in_process_uses_the_same_renderer(app, tmp_path, monkeypatch):
    from desktop.cli import main

    case = tmp_path / "case.json"
    case.write_text(json.dumps(UNKNOWN_HEAVY), encoding="utf-8")
    out = tmp_path / "note.pdf"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert main(["report", str(case), "--out", str(out), "--paper", "a4"]) == 0
    text = pdf_text(out)
    assert "Extent of cytoreduction not known yet; by extent" in text


@pytest.mark.parametrize("locale, points", [("en_US.UTF-8", "612 x 792"), ("de_DE.UTF-8", "595 x 842")])
def test_report_paper_defaults_to_the_locale(tmp_path, locale, points):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    out = tmp_path / "note.pdf"
    result = run_cli_process("report", case, "--out", out, env={"LC_ALL": locale, "LANG": locale})
    assert result.returncode == 0, result.stderr
    assert "%g x %g" % pdf_page_size(out) == points


def test_report_command_appendix_adds_the_evidence_pages(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(dict(EXAMPLE_CASE, planned_hepatectomy="major")), encoding="utf-8")
    plain, extended = tmp_path / "plain.pdf", tmp_path / "appendix.pdf"
    assert run_cli_process("report", case, "--out", plain, "--paper", "a4").returncode == 0
    result = run_cli_process("report", case, "--out", extended, "--paper", "a4", "--appendix")
    assert result.returncode == 0, result.stderr
    assert pdf_page_count(plain) == 1 and pdf_page_count(extended) > 1
    text = pdf_text(extended)
    assert "Tokyo" in text and "MD Anderson" in text
