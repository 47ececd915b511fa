"""The consult note for patients at the edge of the model's scope, and warnings linked by field."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest

from desktop.model import predict, validate_case
from desktop.model.scope import CaseWarning
from desktop.report.content import NO_ESTIMATE_TITLE, OUTSIDE_TITLE, build_note, summary_text
from tests.conftest import ELIGIBLE, EXAMPLE_CASE
from tests.pdftools import pdf_page_count, pdf_text

GRID = np.arange(0, 181.0)
WHEN = datetime(2024, 3, 5, 14, 30)
POOR = {**EXAMPLE_CASE, "differentiation": "poor", "first_hepatectomy": True, "primary_site": "other",
        "primary_detail": "duodenum", "ki67_percent": 45}
REPEAT = {**EXAMPLE_CASE, "differentiation": "well", "first_hepatectomy": False}


def printed_estimates(data) -> list[str]:
    """Every milestone string the note would print for the same patient were it in scope."""
    well = predict(validate_case({**data, "differentiation": "well"}), GRID)
    out = []
    for outcome in ("overall_survival", "progression_free_survival"):
        for years in (1, 2, 5, 10, 15):
            p, lo, up = well.curve(outcome).at(12 * years)
            out.append(f"{round(100 * p)}% ({round(100 * lo)}–{round(100 * up)}%)")
    return out


def test_note_for_a_poorly_differentiated_patient_records_inputs_and_gives_no_number():
    prediction = predict(validate_case(POOR), GRID)
    note = build_note(prediction, when=WHEN)
    assert not note.applicable and note.survival is None and note.patient is None and note.clinical is None
    assert note.sections[0].title == NO_ESTIMATE_TITLE
    assert "poorly differentiated" in note.no_estimate.paragraphs[0]
    table = {row[0]: row[1:] for row in note.inputs.table.rows}
    assert table["Differentiation"][0] == "Poorly differentiated (NEC)"
    assert table["Primary tumour site"] == ["Duodenum", "model group: Other / unknown primary"]
    text = summary_text(note)
    assert "no survival estimate" in text.lower()
    for estimate in printed_estimates(POOR):
        assert estimate not in text
    assert not re.search(r"\d+% \(\d+–\d+%\)", text)
    assert "Median" not in text and "Estimated survival" not in text


@pytest.fixture(scope="module")
def app():
    from desktop.qt.app import headless_application

    return headless_application()


def test_report_cli_writes_a_note_without_any_estimate(app, tmp_path, case_file):
    from desktop.cli import main

    out = tmp_path / "note.pdf"
    assert main(["report", str(case_file(POOR)), "--out", str(out)]) == 0
    assert pdf_page_count(out) == 1
    text = " ".join(pdf_text(out).split())
    assert NO_ESTIMATE_TITLE in text and "poorly differentiated" in text
    assert "Duodenum" in text and "Poorly differentiated (NEC)" in text and "61 years" in text
    for estimate in printed_estimates(POOR):
        assert estimate not in text
    assert not re.search(r"\d+% \(\d+–\d+%\)", text)
    assert "Median" not in text and "In plain words" not in text


def test_note_for_a_repeat_hepatectomy_leads_with_the_warning(app, tmp_path, case_file):
    from desktop.cli import main

    prediction = predict(validate_case(REPEAT), GRID)
    note = build_note(prediction, when=WHEN)
    assert note.applicable and note.sections[0].title == OUTSIDE_TITLE
    assert note.alerts.paragraphs[0].startswith("This is not the patient's first hepatectomy")
    out = tmp_path / "note.pdf"
    assert main(["report", str(case_file(REPEAT)), "--out", str(out)]) == 0
    text = " ".join(pdf_text(out).split())
    assert text.index(OUTSIDE_TITLE) < text.index("Inputs as entered") < text.index("Estimated survival")


def test_a_warning_is_linked_to_its_input_by_field_not_by_its_words():
    prediction = predict(validate_case({**EXAMPLE_CASE, **ELIGIBLE}), GRID)
    worded = replace(prediction, warnings=[CaseWarning("largest_lesion_mm", "data_quality", "Please recheck"),
                                           CaseWarning(None, "pfs_capped", "About liver lesions as a whole")])
    note = build_note(worded, when=WHEN)
    table = {row[0]: row[1:] for row in note.inputs.table.rows}
    assert table["Largest liver lesion"][1] == "see note 1"
    assert "note" not in table["Liver lesions"][1]
    assert note.inputs.footnotes == ["1. Please recheck.", "2. About liver lesions as a whole."]


def test_pfs_cap_and_lesion_paradox_are_on_the_note():
    grim = {**EXAMPLE_CASE, **ELIGIBLE, "age_years": 85, "primary_site": "pancreas", "ki67_percent": 40,
            "largest_lesion_mm": 150, "extrahepatic_metastases": True, "liver_lesion_count": 12}
    text = summary_text(build_note(predict(validate_case(grim), GRID), when=WHEN))
    assert "Progression-free survival capped at overall survival from about" in text
    assert "10 or more liver lesions: the published hazard ratios" in text
