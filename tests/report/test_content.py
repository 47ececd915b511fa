"""The consult note's content (Qt-free): every input, every number, every source, in words.

Expected numbers are recomputed here from ``predict`` and from the parameter file, never
copied from the code under test.
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from datetime import datetime

import numpy as np
import pytest

from desktop.model import load_params, predict, validate_case
from desktop.model.case import CYTOREDUCTION_LABELS, EVIDENCE_FIELDS, PRIMARY_SITE_LABELS
from desktop.model.params import OUTCOMES
from desktop.report.content import (
    build_note,
    limitation_items,
    patient_factors,
    summary_text,
)
from tests.conftest import ELIGIBLE, EXAMPLE_CASE, REPO

GRID = np.arange(0, 181.0)
WHEN = datetime(2024, 3, 5, 14, 30)

REFERENCE_CASE = dict(age_years=59, primary_site="small_intestine", ki67_percent=1, liver_lesion_count=2,
                      largest_lesion_mm=42, extrahepatic_metastases=False, cytoreduction="complete")
UNKNOWN_HEAVY = dict(age_years=70, primary_site="other", ki67_percent=None, liver_lesion_count=4,
                     largest_lesion_mm=60, extrahepatic_metastases=False, cytoreduction=None)
EXTREME = dict(age_years=92, primary_site="pancreas", ki67_percent=85, liver_lesion_count=140,
               largest_lesion_mm=320, extrahepatic_metastases=True, cytoreduction="incomplete_under_90",
               label="Zoë Ødegård-Nakamura 中村")


def note_for(data, **kwargs):
    prediction = predict(validate_case(data), GRID)
    return prediction, build_note(prediction, when=WHEN, **kwargs)


def printed(probability: float) -> int:
    """Whole percent, as printed (independent of desktop.report)."""
    return int(round(100 * probability))


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ header and inputs


def test_header_names_patient_date_version_model_and_parameter_hash():
    prediction, note = note_for(EXAMPLE_CASE)
    params = load_params()
    h = note.header
    assert h.patient_text == EXAMPLE_CASE["label"]
    assert h.date_text == "2024-03-05 14:30"
    from desktop import __version__

    assert h.app_version == __version__
    assert h.model_name == params.name and h.model_version == params.version
    assert h.params_sha256 == params.sha256 and h.params_sha256_short == params.sha256[:12]


def test_missing_label_is_said_not_left_blank():
    _, note = note_for({k: v for k, v in EXAMPLE_CASE.items() if k != "label"})
    assert note.header.patient_text == "(no label entered)"


def test_inputs_table_shows_every_input_as_entered():
    _, note = note_for(EXAMPLE_CASE)
    table = {row[0]: row[1:] for row in note.inputs.table.rows}
    assert table["Age"][0] == "61 years"
    assert table["Primary tumour site"][0] == PRIMARY_SITE_LABELS["small_intestine"]
    assert table["Ki-67 index"] == ["4.5%", "class 3–20%"]
    assert table["Liver lesions"] == ["6", "class 4–9"]
    assert table["Largest liver lesion"][0] == "38 mm"
    assert table["Extrahepatic metastases"][0] == "No"
    assert table["Extent of cytoreduction"][0] == CYTOREDUCTION_LABELS["complete"]
    assert table["Differentiation"][0] == "Not entered" and table["First hepatectomy"][0] == "Not entered"
    assert note_for({**EXAMPLE_CASE, **ELIGIBLE})[1].inputs.footnotes == []  # no warnings for this case


def test_unknowns_and_data_quality_flags_are_printed_and_tied_to_their_input():
    prediction, note = note_for(dict(UNKNOWN_HEAVY, age_years=88, largest_lesion_mm=260, **ELIGIBLE))
    assert [w.field for w in prediction.warnings if w.field] == [
        "ki67_percent", "cytoreduction", "age_years", "largest_lesion_mm"]
    table = {row[0]: row[1:] for row in note.inputs.table.rows}
    assert table["Ki-67 index"][0] == "Unknown"
    assert table["Extent of cytoreduction"][0] == "Not known yet"
    # every warning is printed verbatim, numbered, and referenced from its input's row
    for number, warning in enumerate(prediction.warnings, start=1):
        assert note.inputs.footnotes[number - 1].startswith(f"{number}. {warning}")
        field = warning.field
        if field is None:  # about the estimate as a whole (here: PFS capped at OS)
            assert warning.kind == "pfs_capped"
            continue
        row = {"ki67_percent": "Ki-67 index", "cytoreduction": "Extent of cytoreduction", "age_years": "Age",
               "largest_lesion_mm": "Largest liver lesion"}[field]
        assert f"note {number}" in table[row][1]


def test_every_data_quality_warning_maps_to_its_input():
    prediction, _ = note_for(dict(EXTREME, ki67_percent=80))
    fields = [w.field for w in prediction.warnings if w.kind == "data_quality"]
    assert fields == ["age_years", "largest_lesion_mm", "ki67_percent", "liver_lesion_count"]


def test_optional_evidence_inputs_are_listed_as_entered_and_marked_unused():
    extra = {"planned_hepatectomy": "major", "hormonal_syndrome": "carcinoid", "percent_liver_replaced": 40,
             "years_primary_to_liver_mets": 2.5, "bilobar_metastases": True, "primary_resected": False}
    prediction, note = note_for(dict(EXAMPLE_CASE, **extra))
    (line,) = note.inputs.paragraphs
    assert "not used by the survival model" in line
    for text in ("Major hepatectomy", "Carcinoid syndrome", "40%", "2.5 years", "Bilobar metastases: Yes",
                 "Primary tumour resected: No"):
        assert text in line
    assert len([n for n in EVIDENCE_FIELDS if n in extra]) == line.count(": ") - 1
    assert note_for(EXAMPLE_CASE)[1].inputs.paragraphs == []


# ------------------------------------------------------------------ numbers


def test_survival_table_holds_predict_numbers_at_printed_precision():
    prediction, note = note_for(EXAMPLE_CASE)
    rows = {row[0]: row[1:] for row in note.survival.table.rows}
    assert list(rows) == ["1 year", "2 years", "5 years", "10 years", "15 years", "Median"]
    for years in (1, 2, 5, 10, 15):
        for column, outcome in enumerate(OUTCOMES):
            point, lower, upper = prediction.curve(outcome).at(12 * years)
            cell = rows[f"{years} year" + ("s" if years > 1 else "")][column]
            assert cell.startswith(f"{printed(point)}% ({printed(lower)}–{printed(upper)}%)")
            extrapolated = 12 * years > load_params().last_knot_months(outcome)
            assert cell.endswith("†") == extrapolated
    os_median = prediction.overall_survival.median_months
    assert rows["Median"][0].startswith(f"{os_median:.0f} months")


def test_median_not_reached_is_said_in_words():
    prediction, note = note_for(dict(REFERENCE_CASE, age_years=35, largest_lesion_mm=10))
    assert prediction.overall_survival.median_months is None
    assert note.survival.table.rows[-1][1] == "not reached by 15 years"


def test_patient_paragraph_uses_the_same_numbers():
    prediction, note = note_for(EXAMPLE_CASE)
    text = " ".join(note.patient.paragraphs)
    point, lower, upper = prediction.overall_survival.at(60)
    assert f"about {printed(point)} are alive 5 years after surgery; the range is {printed(lower)} to " \
           f"{printed(upper)}" in text
    point, lower, upper = prediction.progression_free_survival.at(24)
    assert f"about {printed(point)} are alive without the cancer growing or coming back 2 years" in text


# ------------------------------------------------------------------ clinical paragraph


def hr(outcome, covariate):
    return load_params().hazard_ratio(outcome, covariate)


def test_reference_patient_has_no_factor_raising_or_lowering_risk():
    factors, reference, unknown = patient_factors(validate_case(REFERENCE_CASE), load_params())
    assert factors == [] and unknown == []
    assert len(reference) == 7


def test_clinical_paragraph_cites_the_published_hazard_ratios_of_this_patients_factors():
    data = dict(REFERENCE_CASE, primary_site="pancreas", ki67_percent=25, extrahepatic_metastases=True)
    _, note = note_for(data)
    text = " ".join(note.clinical.paragraphs)
    for covariate in ("primary_pancreas", "ki67_over_20", "extrahepatic"):
        for outcome in OUTCOMES:
            entry = hr(outcome, covariate)
            assert f"{entry['hr']:.2f} ({entry['lower']:.2f}–{entry['upper']:.2f})" in text, covariate
    # factors the patient does not have are not cited
    for covariate in ("primary_other", "ki67_3_20", "lesions_4_9", "cytoreduction_incomplete_over_90"):
        entry = hr("overall_survival", covariate)
        assert f"death {entry['hr']:.2f} ({entry['lower']:.2f}" not in text
    raises = next(p for p in note.clinical.paragraphs if p.startswith("Raise the risk"))
    assert "pancreatic primary" in raises and "Ki-67 25%" in raises and "extrahepatic" in raises


def test_age_and_size_act_per_unit_around_the_cohort_medians():
    params = load_params()
    age, size_mm = 69, 62
    factors, _, _ = patient_factors(validate_case(dict(REFERENCE_CASE, age_years=age, largest_lesion_mm=size_mm)),
                                    params)
    by = {f.covariate: f for f in factors}
    age_delta = age - params.centring["age_years"]
    size_delta = size_mm / 10 - params.centring["largest_lesion_cm"]
    for outcome in OUTCOMES:
        assert math.isclose(by["age_per_year"].multiplier[outcome], hr(outcome, "age_per_year")["hr"] ** age_delta)
        assert math.isclose(by["size_per_cm"].multiplier[outcome], hr(outcome, "size_per_cm")["hr"] ** size_delta)
    # direction follows the published HRs: above 1 for both outcomes raises, a split is "mixed"
    expected = {}
    for covariate, delta in (("age_per_year", age_delta), ("size_per_cm", size_delta)):
        signs = {round(hr(o, covariate)["hr"] ** delta, 2) > 1 for o in OUTCOMES}
        expected[covariate] = "raises" if signs == {True} else ("lowers" if signs == {False} else "mixed")
    assert {c: by[c].direction for c in expected} == expected


def test_unknown_inputs_are_named_in_the_clinical_paragraph():
    _, note = note_for(UNKNOWN_HEAVY)
    assert "Ki-67 and extent of cytoreduction unknown" in " ".join(note.clinical.paragraphs)


# ------------------------------------------------------------------ limitations, citation


def test_limitations_come_from_the_resource_file_in_plain_words():
    source = (REPO / "resources" / "limitations.md").read_text(encoding="utf-8")
    items = limitation_items(source)
    assert len(items) == sum(1 for line in source.splitlines() if line.startswith("- "))
    assert all("**" not in item for item in items)
    _, note = note_for(EXAMPLE_CASE)
    assert note.limitations.paragraphs == items


def test_limitation_parser_joins_continuation_lines_and_strips_emphasis():
    assert limitation_items("# T\n\n- one **bold**\n  more\n- two\n") == ["one bold more", "two"]


def test_note_carries_the_full_citation_and_what_the_model_is_not():
    params = load_params()
    _, note = note_for(EXAMPLE_CASE)
    assert note.citation.paragraphs[0] == params.citation
    text = " ".join(note.model_is_not.paragraphs)
    assert "does not estimate the benefit of surgery versus no surgery" in text
    assert "treatment after surgery" in text


# ------------------------------------------------------------------ plain text


def test_copied_summary_holds_the_same_numbers_inputs_warnings_and_sources():
    for data in (EXAMPLE_CASE, UNKNOWN_HEAVY, EXTREME):
        prediction, note = note_for(data)
        text = summary_text(note)
        for outcome in OUTCOMES:
            for years in (1, 2, 5, 10, 15):
                point, lower, upper = prediction.curve(outcome).at(12 * years)
                assert f"{printed(point)}% ({printed(lower)}–{printed(upper)}%)" in text
        for warning in prediction.warnings:
            assert warning.text in text
        for row in note.inputs.table.rows:
            assert row[0] in text and row[1] in text
        params = load_params()
        assert params.citation in text and params.sha256 in text
        assert note.header.patient_text in text
        assert "\t" not in text and all(len(line) < 1000 for line in text.splitlines())


def test_extra_sections_follow_the_note_in_the_summary():
    from desktop.report.sections import Section, Table

    extra = Section("Perioperative risk", paragraphs=["From another cohort."],
                    table=Table(["Outcome", "Rate"], [["90-day mortality", "1.2%"]]))
    _, note = note_for(EXAMPLE_CASE, extra=[extra])
    text = summary_text(note)
    assert text.index("Perioperative risk") > text.index("Limitations")
    assert "90-day mortality" in text


# ------------------------------------------------------------------ layering


def test_report_layer_is_qt_free():
    for path in sorted((REPO / "desktop" / "report").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for name in names:
                assert not name.startswith(("PySide6", "pyqtgraph", "desktop.qt")), f"{path.name} imports {name}"
    code = ("import sys, numpy as np; from desktop.model import predict, validate_case; "
            "from desktop.report.content import build_note, summary_text; "
            "summary_text(build_note(predict(validate_case({'age_years': 60, 'primary_site': 'pancreas', "
            "'liver_lesion_count': 2, 'largest_lesion_mm': 20, 'extrahepatic_metastases': False}), "
            "np.arange(0, 181.0)))); "
            "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]", result.stdout


@pytest.mark.parametrize("data", [EXAMPLE_CASE, UNKNOWN_HEAVY, EXTREME])
def test_every_section_has_a_title_and_content(data):
    _, note = note_for(data)
    for section in note.sections:
        assert section.title
        assert section.paragraphs or section.table is not None


def test_unknown_extent_lists_each_extent_with_its_own_prediction():
    prediction, note = note_for(UNKNOWN_HEAVY)
    (line,) = [f for f in note.survival.footnotes if "by extent" in f]
    for extent, label in CYTOREDUCTION_LABELS.items():
        scenario = predict(prediction.case.replace(cytoreduction=extent), GRID, with_bands=False)
        os5 = printed(scenario.overall_survival.at(60)[0])
        pfs2 = printed(scenario.progression_free_survival.at(24)[0])
        assert f"{label.lower()} {os5}% / {pfs2}%" in line
    _, known = note_for(EXAMPLE_CASE)
    assert not any("by extent" in f for f in known.survival.footnotes)
