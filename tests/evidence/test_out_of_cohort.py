"""A poorly differentiated tumour (issue 13): the tool gives it no survival number, and the published
tables of the Mayo and Tokyo cohorts, which excluded such tumours, must not mark a row as this patient's.
The Evidence tab, the appendix and the JSON say instead that these cohorts did not include such patients."""

from __future__ import annotations

import json

import pytest

from desktop.model import validate_case
from desktop.model.evidence import load_evidence
from desktop.qt.evidence_panel import TOPICS
from desktop.report.evidence import (
    NOT_IN_COHORT,
    NOT_IN_COHORTS,
    THIS_PATIENT,
    THIS_PATIENTS_SUBGROUP,
    appendix_sections,
    evidence_for,
)
from tests.conftest import EXAMPLE_CASE, SEEDS, seed_lines
from tests.evidence.test_evidence_panel import panel, topic_text  # noqa: F401 (fixture)
from tests.pdftools import pdf_text

# inputs that select a row in every marked table: syndrome, extent, site, Ki-67 > 20%, grade, lesion group
SELECTING = {**EXAMPLE_CASE, "hormonal_syndrome": "carcinoid", "cytoreduction": "complete", "ki67_percent": 35,
             "liver_lesion_count": 5, "first_hepatectomy": True}
WELL, POOR = {**SELECTING, "differentiation": "well"}, {**SELECTING, "differentiation": "poor"}
MARKED_SECTIONS = ("Symptom relief", "How long the relief lasts", "Mayo cohort: observed", "Tokyo cohort (Asano",
                   "Tokyo cohort: median overall survival")
EXCLUSIONS = {"Mayo": ("sources.mayo2023.excluded", "Gudmundsdottir et al., Ann Surg Oncol 2023, Discussion"),
              "Tokyo": ("sources.tokyo.excluded", "Methods, 'Patients'")}


def _marked_cells(sections) -> list[str]:
    return [cell for s in sections if s.table for row in s.table.rows for cell in row
            if cell.endswith((THIS_PATIENT, THIS_PATIENTS_SUBGROUP))]


def _selected(node) -> list:
    if isinstance(node, dict):
        return ([node.get("key")] if node.get("selected") is True else []) + [
            k for v in node.values() for k in _selected(v)]
    if isinstance(node, list):
        return [k for v in node for k in _selected(v)]
    return []


def test_the_exclusions_are_quoted_from_the_papers():
    ev = load_evidence()
    for ref, _ in EXCLUSIONS.values():
        fact = ev.resolve(ref)
        paper = ev.paper_of(ref)
        assert fact["quote"] in seed_lines(SEEDS / ev.data["sources"][paper]["seed"])[fact["line"] - 1]
    assert "poorly differentiated" in ev.resolve("sources.mayo2023.excluded")["quote"]
    assert "NEC" in ev.resolve("sources.tokyo.excluded")["quote"]


def test_a_well_differentiated_case_marks_its_rows_and_a_poorly_differentiated_one_none(params):
    well = appendix_sections(validate_case(WELL), params=params)
    assert len(_marked_cells(well)) >= 7  # syndrome, extent, site, Ki-67 > 20%, Tokyo grade and lesion group (x2)
    assert not any(p.startswith((NOT_IN_COHORT, NOT_IN_COHORTS)) for s in well for p in s.paragraphs)
    poor = appendix_sections(validate_case(POOR), params=params)
    assert _marked_cells(poor) == []


@pytest.mark.parametrize("title", MARKED_SECTIONS)
def test_each_marked_table_says_its_cohort_did_not_include_such_patients(params, title):
    section = next(s for s in appendix_sections(validate_case(POOR), params=params) if s.title.startswith(title))
    paragraph = section.paragraphs[0]  # before anything about the patient
    assert paragraph.startswith(NOT_IN_COHORT) and "poorly differentiated" in paragraph
    paper = "Tokyo" if title.startswith("Tokyo") else "Mayo"
    ref, place = EXCLUSIONS[paper]
    marker = int(paragraph.rsplit("[", 1)[1].rstrip("]"))
    assert section.footnotes[marker - 1].endswith(place)
    assert load_evidence().resolve(ref)["quote"] in section.footnote_quotes[marker - 1]


def test_the_appendix_opens_with_the_reason_and_the_json_carries_it(params):
    intro = appendix_sections(validate_case(POOR), params=params)[0]
    assert intro.paragraphs[1].startswith(NOT_IN_COHORTS)
    assert "no survival estimate" in intro.paragraphs[1] and "no row is marked" in intro.paragraphs[1]
    evidence = evidence_for(validate_case(POOR), params=params)
    assert _selected(evidence) == []
    scope = evidence["cohort_scope"]
    quotes = {s["quote"] for s in scope["sources"]}
    assert quotes == {load_evidence().resolve(ref)["quote"] for ref, _ in EXCLUSIONS.values()}
    for key in ("symptom_relief", "mayo_subgroups", "tokyo"):
        assert evidence[key]["not_in_cohort"]["sources"], key
    assert evidence_for(validate_case(WELL), params=params)["cohort_scope"] is None
    # the Mayo subgroup note does not point to an estimate that is not given
    notes = " ".join(n["text"] for n in evidence["mayo_subgroups"]["notes"])
    assert "The estimate for this patient" not in notes


def test_the_consult_note_appendix_marks_no_row_for_a_poorly_differentiated_case(tmp_path):
    from desktop.cli import main

    case, out = tmp_path / "case.json", tmp_path / "note.pdf"
    case.write_text(json.dumps(POOR), encoding="utf-8")
    assert main(["report", str(case), "--appendix", "--paper", "a4", "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "NOT IN THESE COHORTS" in text and text.count("NOT IN THIS COHORT") == len(MARKED_SECTIONS)
    assert "◀" not in text


def test_the_evidence_tab_marks_no_row_and_says_why(panel):  # noqa: F811
    panel.set_case(validate_case(POOR))
    screen = {key: topic_text(panel, key) for key, _, _ in TOPICS}
    assert not any("◀" in text for text in screen.values())
    for key in ("symptoms", "mayo", "tokyo"):
        assert "NOT IN THIS COHORT" in screen[key], key
    assert panel.caution.isVisible() and "Not in the Mayo and Tokyo cohorts" in panel.caution.text()
    html = panel.browsers["tokyo"].toHtml()
    assert html.count("NOT IN THIS COHORT") == 2
    panel.set_case(validate_case(WELL))
    assert "◀ this patient" in topic_text(panel, "tokyo") and not panel.caution.isVisible()
