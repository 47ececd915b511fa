"""Who the estimate is for (seed 000, Methods and Discussion), and the warnings a prediction carries.

A poorly differentiated tumour gets no survival number in any output; a repeat hepatectomy gets
an estimate marked as outside the study population; unknown status gets a quieter note; every
warning names the field it is about.
"""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest

from desktop.cli import main
from desktop.model import predict, predict_batch, validate_case
from desktop.model.case import PRIMARY_DETAIL_GROUP, PRIMARY_DETAILS
from desktop.model.params import OUTCOMES
from desktop.model.survival import baseline_cumulative_hazard, design_matrix
from tests.conftest import ELIGIBLE, EXAMPLE_CASE, seed_lines

POOR = {**EXAMPLE_CASE, "differentiation": "poor", "first_hepatectomy": True}
REPEAT = {**EXAMPLE_CASE, "differentiation": "well", "first_hepatectomy": False}
GRIM = {**EXAMPLE_CASE, **ELIGIBLE, "age_years": 85, "primary_site": "pancreas", "ki67_percent": 40,
        "largest_lesion_mm": 150, "extrahepatic_metastases": True}


# ------------------------------------------------------------------ the source


def test_eligibility_rests_on_the_papers_methods_and_discussion():
    lines = seed_lines()
    methods, discussion = lines[48], lines[202]  # lines 49 and 203
    assert "metastatic well-differentiated gastroenteropancreatic, bronchopulmonary, or genitourinary NETs" in methods
    assert "For patients who underwent more than one hepatic resection, only the first procedure was included" in methods
    assert "prior hepatectomy before 2000 or at an outside facility were similarly excluded" in methods
    assert "Patients with poorly differentiated tumors were excluded from this study" in discussion
    assert "small intestinal NETs (not including duodenum)" in methods


# ------------------------------------------------------------------ poorly differentiated: no number at all


def test_poorly_differentiated_case_has_no_curves_and_says_why():
    prediction = predict(validate_case(POOR))
    assert not prediction.applicable
    assert prediction.overall_survival is None and prediction.progression_free_survival is None
    assert prediction.warnings == []
    (reason,) = prediction.scope
    assert reason.field == "differentiation" and reason.kind == "not_applicable"
    assert "poorly differentiated" in reason.text and "well-differentiated" in reason.text
    assert re.search(r"\d", reason.text.replace("2023", "")) is None  # no number in the reason


def test_predict_json_for_a_poorly_differentiated_case(case_file, capsys):
    assert main(["predict", str(case_file(POOR))]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert captured.err == ""
    assert out["applicable"] is False and out["scope"] and "poorly differentiated" in out["scope"][0]
    assert "overall_survival" not in out and "progression_free_survival" not in out and "scenarios" not in out
    assert out["case"]["differentiation"] == "poor"
    assert out["warnings"] == [] and out["warning_details"] == []
    # nor a scenario curve hidden in the evidence
    assert out["evidence"]["era"]["scenario"] is None
    assert not re.search(r"\d\s*%", json.dumps({k: v for k, v in out.items() if k != "evidence"}))


def test_predict_json_for_an_eligible_case_says_so(case_file, capsys):
    assert main(["predict", str(case_file({**EXAMPLE_CASE, **ELIGIBLE})), "--no-ranges"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["applicable"] is True and out["scope"] == []
    assert set(OUTCOMES) <= set(out)


def test_cohort_csv_leaves_the_out_of_scope_row_empty_and_predicts_the_others(tmp_path):
    header = ["age_years", "primary_site", "ki67_percent", "liver_lesion_count", "largest_lesion_mm",
              "extrahepatic_metastases", "cytoreduction", "differentiation"]
    rows = [["61", "small_intestine", "4.5", "6", "38", "false", "complete", "well"],
            ["61", "small_intestine", "4.5", "6", "38", "false", "complete", "poor"],
            ["61", "small_intestine", "4.5", "6", "38", "false", "complete", ""]]
    source = tmp_path / "cohort.csv"
    source.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    assert main(["predict", str(source), "--months", "12,60", "--out", str(target)]) == 0
    written = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    estimates = [c for c in written[0] if c.startswith(("os_", "pfs_"))]
    assert len(estimates) == 2 * 2 * 3 + 2
    well, poor, unknown = written
    assert all(poor[c] == "" for c in estimates) and poor["warnings"] == ""
    assert "poorly differentiated" in poor["scope"]
    expected = predict(validate_case({**EXAMPLE_CASE, "differentiation": "well"}), [12, 60])
    for row in (well, unknown):
        assert row["scope"] == ""
        assert float(row["os_60"]) == pytest.approx(expected.overall_survival.survival[1], abs=1e-6)
    assert "Differentiation not entered" in unknown["warnings"] and "Differentiation" not in well["warnings"]


def test_batch_rows_out_of_scope_are_nan_whatever_their_neighbours():
    cases = [validate_case(c) for c in (EXAMPLE_CASE, POOR, GRIM)]
    batch = predict_batch(cases, [12, 60])
    for outcome in OUTCOMES:
        for table in (batch.survival, batch.lower, batch.upper):
            assert np.isnan(table[outcome][1]).all() and not np.isnan(table[outcome][[0, 2]]).any()
        assert np.isnan(batch.median_months[outcome][1])
    assert [bool(s) for s in batch.scope] == [False, True, False]


# ------------------------------------------------------------------ first hepatectomy, unknown status


def test_repeat_hepatectomy_gets_an_estimate_with_a_prominent_warning():
    prediction = predict(validate_case(REPEAT))
    assert prediction.applicable and prediction.overall_survival is not None
    first = prediction.warnings[0]
    assert (first.field, first.kind, first.severity) == ("first_hepatectomy", "outside_study_population", "prominent")
    assert first.text.startswith("Outside the study population")
    plain = predict(validate_case({**REPEAT, "first_hepatectomy": True}))
    np.testing.assert_array_equal(prediction.overall_survival.survival, plain.overall_survival.survival)


def test_unknown_status_gets_a_quieter_note_of_what_the_model_assumes():
    warnings = predict(validate_case(EXAMPLE_CASE), [12]).warnings
    assumed = [w for w in warnings if w.kind == "assumption"]
    assert [w.field for w in assumed] == ["differentiation", "first_hepatectomy"]
    assert all(w.severity == "info" for w in assumed)
    assert "assumes a well-differentiated NET" in assumed[0].text and "first liver resection" in assumed[1].text
    assert predict(validate_case({**EXAMPLE_CASE, **ELIGIBLE}), [12]).warnings == []


@pytest.mark.parametrize("field, value", [("differentiation", "G3"), ("differentiation", True),
                                          ("first_hepatectomy", "no"), ("first_hepatectomy", 0)])
def test_bad_eligibility_values_are_refused_naming_the_field(case_file, capsys, field, value):
    assert main(["predict", str(case_file({**EXAMPLE_CASE, field: value}))]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and f"field '{field}'" in captured.err


def test_old_case_files_read_and_write_unchanged():
    assert validate_case(EXAMPLE_CASE).to_dict() == EXAMPLE_CASE
    old_other = {**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "lung"}
    assert validate_case(old_other).to_dict() == old_other


# ------------------------------------------------------------------ primary site as clinicians record it


def test_every_detail_falls_in_exactly_one_model_group():
    assert set(PRIMARY_DETAIL_GROUP) == set(PRIMARY_DETAILS)
    assert PRIMARY_DETAIL_GROUP["duodenum"] == "other"  # "small intestinal NETs (not including duodenum)"
    assert PRIMARY_DETAIL_GROUP["jejunum_ileum"] == "small_intestine"
    assert PRIMARY_DETAIL_GROUP["pancreas"] == "pancreas"
    assert {d for d, g in PRIMARY_DETAIL_GROUP.items() if g == "other"} == {
        "duodenum", "stomach", "appendix", "colon", "rectum", "lung", "thymus", "genitourinary", "unknown_primary",
        "other"}


@pytest.mark.parametrize("detail", PRIMARY_DETAILS)
def test_primary_detail_is_valid_with_its_own_group_only(detail):
    group = PRIMARY_DETAIL_GROUP[detail]
    assert validate_case({**EXAMPLE_CASE, "primary_site": group, "primary_detail": detail}).primary_detail == detail
    for site in {"small_intestine", "pancreas", "other"} - {group}:
        with pytest.raises(Exception) as info:
            validate_case({**EXAMPLE_CASE, "primary_site": site, "primary_detail": detail})
        (problem,) = info.value.problems
        assert problem.startswith("field 'primary_detail' ") and "field 'primary_site'" in problem


def test_duodenal_primary_is_refused_as_small_intestine_on_the_command_line(case_file, capsys):
    assert main(["predict", str(case_file({**EXAMPLE_CASE, "primary_detail": "duodenum"}))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert "field 'primary_detail' 'duodenum'" in line and "field 'primary_site' 'small_intestine'" in line
    assert "other" in line


def test_duodenal_primary_is_modelled_as_other_primary(params):
    duodenum = predict(validate_case({**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "duodenum"}), [60])
    other = predict(validate_case({**EXAMPLE_CASE, "primary_site": "other"}), [60])
    small = predict(validate_case(EXAMPLE_CASE), [60])
    assert duodenum.overall_survival.survival[0] == other.overall_survival.survival[0]
    assert duodenum.overall_survival.survival[0] < small.overall_survival.survival[0]
    hr = params.hazard_ratio("overall_survival", "primary_other")["hr"]
    assert hr == 1.35  # seed 000 Table 3: other primary vs small intestine
    ratio = np.log(duodenum.overall_survival.survival[0]) / np.log(small.overall_survival.survival[0])
    assert ratio == pytest.approx(hr, rel=1e-9)


# ------------------------------------------------------------------ what the model does that a reader must be told


def _raw_point(case_dict, params, months):
    """S(t) = exp(-H0(t) exp(beta . x)) for a case with every input known (one covariate row)."""
    case = validate_case(case_dict)
    x = design_matrix(case.age_years, ["small_intestine", "pancreas", "other"].index(case.primary_site),
                      0 if case.ki67_percent < 3 else (1 if case.ki67_percent <= 20 else 2),
                      0 if case.liver_lesion_count <= 3 else (1 if case.liver_lesion_count <= 9 else 2),
                      case.largest_lesion_mm, case.extrahepatic_metastases,
                      ["complete", "incomplete_over_90", "incomplete_under_90"].index(case.cytoreduction),
                      params.centring)[0]
    return {o: np.exp(-baseline_cumulative_hazard(params.baseline[o], months) * np.exp(x @ params.log_hr[o]))
            for o in OUTCOMES}


def test_pfs_capped_at_os_is_said_with_the_month_it_starts(params):
    months = np.arange(1.0, 181.0)
    raw = _raw_point(GRIM, params, months)
    binds = raw["progression_free_survival"] > raw["overall_survival"]
    assert binds.any()
    first = months[np.argmax(binds)]
    prediction = predict(validate_case(GRIM), [12, 60])
    (capped,) = [w for w in prediction.warnings if w.kind == "pfs_capped"]
    assert capped.field is None
    assert f"from about {first:g} months" in capped.text
    # the rule is said whatever months were asked for
    assert capped in predict(validate_case(GRIM), [6]).warnings


def test_pfs_cap_is_not_mentioned_when_it_never_binds(params):
    raw = _raw_point({**EXAMPLE_CASE, **ELIGIBLE}, params, np.arange(1.0, 181.0))
    assert (raw["progression_free_survival"] < raw["overall_survival"]).all()
    assert not [w for w in predict(validate_case(EXAMPLE_CASE), [12]).warnings if w.kind == "pfs_capped"]


def test_ten_lesions_explain_why_the_estimate_improves_from_nine(params):
    nine = predict(validate_case({**EXAMPLE_CASE, **ELIGIBLE, "liver_lesion_count": 9}), [60])
    ten = predict(validate_case({**EXAMPLE_CASE, **ELIGIBLE, "liver_lesion_count": 10}), [60])
    assert ten.overall_survival.survival[0] > nine.overall_survival.survival[0]  # the paradox, faithful to the paper
    assert nine.warnings == []
    (note,) = ten.warnings
    assert (note.field, note.kind) == ("liver_lesion_count", "model_behaviour")
    for outcome in OUTCOMES:
        low, high = (params.hazard_ratio(outcome, c)["hr"] for c in ("lesions_4_9", "lesions_10_plus"))
        assert high < low and f"{high:.2f}" in note.text and f"{low:.2f}" in note.text
    assert params.hazard_ratio("overall_survival", "lesions_10_plus")["hr"] == 1.32
    assert params.hazard_ratio("overall_survival", "lesions_4_9")["hr"] == 1.58


# ------------------------------------------------------------------ structured warnings


def test_json_warnings_stay_strings_and_their_structure_travels_beside_them(case_file, capsys):
    data = {**GRIM, "ki67_percent": None, "liver_lesion_count": 12, "first_hepatectomy": False}
    assert main(["predict", str(case_file(data)), "--no-ranges"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert all(isinstance(w, str) for w in out["warnings"])
    assert [d["text"] for d in out["warning_details"]] == out["warnings"]
    kinds = {(d["field"], d["kind"]) for d in out["warning_details"]}
    assert {("first_hepatectomy", "outside_study_population"), ("ki67_percent", "unknown_input"),
            ("liver_lesion_count", "model_behaviour"), (None, "pfs_capped")} <= kinds
