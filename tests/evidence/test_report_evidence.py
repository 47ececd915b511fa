"""The evidence appendix as report sections: every number on paper is one footnote from its seed line."""

from __future__ import annotations

import re

import pytest

from desktop.model import validate_case
from desktop.model.evidence import load_evidence, quote_numbers
from desktop.report.evidence import (
    APPENDIX_TITLE,
    PATIENT_PREFIX,
    THIS_PATIENT,
    appendix_sections,
    evidence_for,
    evidence_sections,
)
from desktop.report.sections import Section
from tests.conftest import EXAMPLE_CASE
from tests.evidence.test_evidence_sources import CASES, display_numbers

_MARKER = re.compile(r"\[(\d+(?:, \d+)*)\]")


def _footnote_numbers(section: Section) -> dict[int, set[float]]:
    """Footnote number -> the numbers printed in the words it quotes."""
    out = {}
    assert len(section.footnote_quotes) == len(section.footnotes), section.title
    for note, quotes in zip(section.footnotes, section.footnote_quotes):
        assert not re.search(r"\.txt|\bline\b|\bseed\b", note), note  # a reader's citation, no file of ours
        n = int(note[1:note.index("]")])
        assert quotes, note
        out[n] = {v for q in quotes for v in quote_numbers(q)}
    assert sorted(out) == list(range(1, len(out) + 1)), section.title
    return out


def _cited(text: str, notes: dict[int, set[float]]) -> tuple[set[float], str]:
    numbers: set[float] = set()
    for group in _MARKER.findall(text):
        for n in group.split(", "):
            numbers |= notes[int(n)]
    return numbers, _MARKER.sub(" ", text)


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_every_number_in_the_appendix_is_quoted_by_its_footnote(data, params):
    sections = appendix_sections(validate_case(data), params=params)
    checked = 0
    for section in sections:
        notes = _footnote_numbers(section)
        for paragraph in section.paragraphs:
            if paragraph.startswith(PATIENT_PREFIX) or section.title.startswith("Sources"):
                continue
            cited, body = _cited(paragraph, notes)
            for number in display_numbers(body):
                assert number in cited, (section.title, number, paragraph)
                checked += 1
        if section.table is None:
            continue
        columns = section.table.columns
        for i, header in enumerate(columns):
            cited, body = _cited(header, notes)
            for number in display_numbers(body):
                assert number in cited, (section.title, number, header)
        patient_column = columns.index("This patient") if "This patient" in columns else None
        for row in section.table.rows:
            row_cited, _ = _cited(row[-1], notes) if columns[-1] == "Source" else (set(), "")
            for j, cell in enumerate(row):
                if j == patient_column or (columns[-1] == "Source" and j == len(row) - 1) or columns[j] == "Trial or series":
                    continue
                cited, body = _cited(cell, notes)
                for number in display_numbers(body.replace(THIS_PATIENT, "")):
                    assert number in cited | row_cited, (section.title, number, row)
                    checked += 1
    assert checked > 300, checked


def test_appendix_order_and_titles(params):
    sections = appendix_sections(validate_case(EXAMPLE_CASE), params=params)
    titles = [s.title for s in sections]
    assert titles[0] == APPENDIX_TITLE and titles[-1] == "Sources of the appendix"
    for words in ("Perioperative risk", "Symptom relief", "Tokyo", "MD Anderson", "debulking", "transplantation",
                  "trials", "Era"):
        assert any(words in t for t in titles), words
    assert all(isinstance(s, Section) for s in sections)


def test_unknown_inputs_read_unknown_on_paper(params):
    sections = evidence_sections(evidence_for(validate_case({**EXAMPLE_CASE, "ki67_percent": None}), params=params))
    intro = sections[0].paragraphs[1]
    assert "Planned hepatectomy: unknown" in intro and "Hormonal syndrome: unknown" in intro
    assert "Primary site detail: not applicable" in intro
    periop = sections[1]
    assert len(periop.table.columns) == 5  # outcome, minor, major, p, source: both columns when not decided
    debulking = next(s for s in sections if "debulking" in s.title)
    status = {row[0]: row[2] for row in debulking.table.rows}
    assert status["No carcinoid heart disease"] == "Unknown" and status["Not high grade"] == "Unknown"


def test_planned_minor_hepatectomy_prints_one_column_and_marks_the_patient(params):
    sections = appendix_sections(validate_case({**EXAMPLE_CASE, "planned_hepatectomy": "minor",
                                                "hormonal_syndrome": "carcinoid"}), params=params)
    periop = sections[1]
    assert periop.table.columns[1].startswith("Minor hepatectomy (n = 400)") and len(periop.table.columns) == 4
    relief = next(s for s in sections if s.title.startswith("Symptom relief"))
    marked = [row for row in relief.table.rows if row[0].endswith(THIS_PATIENT)]
    assert [row[0] for row in marked] == ["Carcinoid syndrome" + THIS_PATIENT] and marked[0][1] == "96%"


def test_scenario_is_labelled_on_paper(params):
    era = next(s for s in appendix_sections(validate_case(EXAMPLE_CASE), params=params) if s.title.startswith("Era"))
    assert any(p.startswith("Scenario, not the main estimate") for p in era.paragraphs)


def test_report_layer_is_qt_free():
    import ast
    from pathlib import Path

    folder = Path(__import__("desktop.report.evidence", fromlist=["x"]).__file__).parent
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not names & {"PySide6", "pyqtgraph", "shiboken6"}, (path.name, names)
