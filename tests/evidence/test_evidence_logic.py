"""What the panels say for a given case: unknown stays unknown, criteria statuses, cautions, CLI output."""

from __future__ import annotations

import json
import math
import shutil

import pytest

from desktop.cli import main
from desktop.model import ParameterError, validate_case
from desktop.model.case import EVIDENCE_FIELDS
from desktop.model.evidence import STATUSES, UNKNOWN, who_grade
from desktop.report.evidence import evidence_for
from tests.conftest import EXAMPLE_CASE


def ev(params, **changes):
    return evidence_for(validate_case({**EXAMPLE_CASE, **changes}), params=params)


def by_key(items):
    return {i["key"]: i for i in items}


# ------------------------------------------------------------------ unknown optional inputs


def test_unknown_optional_inputs_are_reported_as_unknown_never_guessed(params):
    out = ev(params, primary_site="other", ki67_percent=None, cytoreduction=None)
    assert set(out["inputs"]) == set(EVIDENCE_FIELDS)
    assert all(value == UNKNOWN for value in out["inputs"].values()), out["inputs"]
    assert out["perioperative"]["planned_hepatectomy"] == UNKNOWN
    assert out["perioperative"]["shown_columns"] == ["minor", "major"]
    assert out["symptom_relief"]["hormonal_syndrome"] == UNKNOWN and out["symptom_relief"]["applies"] == UNKNOWN
    assert not any(i["selected"] for i in out["symptom_relief"]["by_syndrome"])
    assert not any(i["selected"] for i in out["symptom_relief"]["symptom_free_interval"])
    assert out["tokyo"]["who_grade"] == UNKNOWN and out["tokyo"]["in_favourable_group"] == UNKNOWN
    cautions = by_key(out["md_anderson"]["cautions"])
    assert cautions["lung_thymus"]["status"] == UNKNOWN and cautions["interval"]["status"] == UNKNOWN
    assert "unknown" in cautions["lung_thymus"]["patient"] and "unknown" in cautions["interval"]["patient"]
    debulking = by_key(out["guideline_criteria"]["debulking"])
    transplant = by_key(out["guideline_criteria"]["transplant"])
    for key in ("cytoreduction_70", "cytoreduction_90", "liver_replacement", "carcinoid_heart_disease",
                "comorbidities", "high_grade"):
        assert debulking[key]["status"] == UNKNOWN, key
    for key in ("low_grade", "ki67_under_10", "liver_under_50", "primary_removed", "stable_6_months", "portal_drainage"):
        assert transplant[key]["status"] == UNKNOWN, key


def test_primary_detail_is_not_applicable_outside_other_sites(params):
    out = ev(params)  # small intestine
    assert out["inputs"]["primary_detail"] == "not applicable"
    assert by_key(out["md_anderson"]["cautions"])["lung_thymus"]["status"] == "not applicable"


# ------------------------------------------------------------------ perioperative and symptoms


@pytest.mark.parametrize("planned", ["minor", "major"])
def test_planned_extent_selects_its_table_2_column(params, planned):
    out = ev(params, planned_hepatectomy=planned)["perioperative"]
    assert out["shown_columns"] == [planned]
    rows = by_key(out["rows"])
    expected = {"minor": ("17", "1.0", "4.5"), "major": ("29", "3.4", "12")}[planned]  # Table 2, seed 000 lines 143, 150, 149
    assert rows["major_complication"]["values"][planned]["text"].startswith(expected[0] + "%")
    assert rows["mortality_90_day"]["values"][planned]["text"].startswith(expected[1] + "%")
    assert rows["reoperation"]["values"][planned]["text"].startswith(expected[2] + "%")


def test_symptom_relief_for_the_syndrome_and_interval_for_the_extent(params):
    out = ev(params, hormonal_syndrome="gastrinoma", cytoreduction="incomplete_over_90")["symptom_relief"]
    assert out["applies"] == "yes"
    selected = [i for i in out["by_syndrome"] if i["selected"]]
    assert [i["key"] for i in selected] == ["gastrinoma"] and selected[0]["text"] == "94%"
    assert "94%" in out["patient"]
    sfi = [i for i in out["symptom_free_interval"] if i["selected"]]
    assert [i["key"] for i in sfi] == ["residual"] and sfi[0]["text"].startswith("21 months")
    none = ev(params, hormonal_syndrome="none")["symptom_relief"]
    assert none["applies"] == "not applicable"


# ------------------------------------------------------------------ Tokyo


@pytest.mark.parametrize("ki67, grade", [(0, "G1"), (2.99, "G1"), (3, "G2"), (20, "G2"), (20.01, "G3"), (None, None)])
def test_who_grade_boundaries(ki67, grade):
    assert who_grade(ki67) == grade


@pytest.mark.parametrize("ki67, lesions, favourable", [(4.5, 7, "yes"), (4.5, 8, "no"), (25, 3, "no"),
                                                       (None, 3, UNKNOWN), (None, 12, "no")])
def test_tokyo_groups(params, ki67, lesions, favourable):
    out = ev(params, ki67_percent=ki67, liver_lesion_count=lesions, mitoses_per_2mm2=1)["tokyo"]
    assert out["in_favourable_group"] == favourable
    selected = {i["key"] for i in out["rfs_rows"] if i["selected"]}
    assert ("under_8" if lesions < 8 else "8_plus") in selected
    if ki67 is not None:
        assert who_grade(ki67) in selected
    time_zero = next(n for n in out["notes"] if n["label"] == "Time zero")
    assert "diagnosis of liver metastases, not from surgery" in time_zero["text"]


def test_tokyo_applicability_note_for_incomplete_cytoreduction(params):
    notes = ev(params, cytoreduction="incomplete_under_90")["tokyo"]["notes"]
    assert notes[0]["label"] == "Applicability"
    assert all(n["label"] != "Applicability" for n in ev(params)["tokyo"]["notes"])


# ------------------------------------------------------------------ MD Anderson


def test_lung_or_thymus_primary_raises_the_caution(params):
    for detail in ("lung", "thymus"):
        out = ev(params, primary_site="other", primary_detail=detail)["md_anderson"]
        caution = by_key(out["cautions"])["lung_thymus"]
        assert caution["status"] == "caution" and out["any_caution"]
        assert "15.63" in caution["text"] and "optimistic" in caution["patient"]
    out = ev(params, primary_site="other", primary_detail="appendix")["md_anderson"]
    assert by_key(out["cautions"])["lung_thymus"]["status"] == "no caution"


@pytest.mark.parametrize("years, status", [(0, "no caution"), (1, "note"), (3, "note"), (4, "caution"), (10, "caution")])
def test_interval_caution_uses_the_multivariable_hr_per_year(params, years, status):
    caution = by_key(ev(params, years_primary_to_liver_mets=years)["md_anderson"]["cautions"])["interval"]
    assert caution["status"] == status
    if years:
        # Table 5 multivariable: 1.11 (1.02-1.20) per year (seed 003 line 458)
        assert caution["derived"]["implied_hr"] == round(1.11 ** years, 2)
        assert caution["derived"]["implied_hr_lower"] == round(1.02 ** years, 2)
        assert caution["derived"]["implied_hr_upper"] == round(1.20 ** years, 2)
        assert f"{1.11 ** years:.2f}" in caution["patient"]
    else:
        assert caution["derived"] is None


def test_rectal_primary_shows_the_univariable_finding_as_a_note(params):
    cautions = by_key(ev(params, primary_site="other", primary_detail="rectum")["md_anderson"]["cautions"])
    assert cautions["rectum"]["status"] == "note" and "4.76" in cautions["rectum"]["text"]


# ------------------------------------------------------------------ criteria


def test_criteria_statuses(params):
    out = ev(params, percent_liver_replaced=40, carcinoid_heart_disease=False, primary_resected=True,
             stable_disease_6_months=True, age_years=50, ki67_percent=4.5, mitoses_per_2mm2=1,
             cytoreduction="complete")["guideline_criteria"]
    for group in ("debulking", "transplant"):
        assert all(i["status"] in STATUSES for i in out[group])
        assert sum(out[f"{group}_tally"].values()) == len(out[group])
    d, t = by_key(out["debulking"]), by_key(out["transplant"])
    assert [d[k]["status"] for k in ("cytoreduction_70", "cytoreduction_90", "liver_replacement", "bilobar",
                                      "carcinoid_heart_disease", "comorbidities", "high_grade")] == \
        ["met", "met", "met", "met", "met", "unknown", "met"]
    assert [t[k]["status"] for k in ("low_grade", "ki67_under_10", "liver_under_50", "primary_removed",
                                      "no_extrahepatic", "stable_6_months", "age_under_55", "age_under_60",
                                      "portal_drainage")] == ["met"] * 9


@pytest.mark.parametrize("percent, status", [(50, "met"), (50.5, "borderline"), (70, "borderline"), (70.5, "not met"), (None, "unknown")])
def test_liver_replacement_range_50_to_70_is_left_open(params, percent, status):
    d = by_key(ev(params, percent_liver_replaced=percent)["guideline_criteria"]["debulking"])
    assert d["liver_replacement"]["status"] == status


def test_criteria_not_met(params):
    out = ev(params, percent_liver_replaced=75, carcinoid_heart_disease=True, primary_resected=False,
             stable_disease_6_months=False, age_years=58, ki67_percent=12, mitoses_per_2mm2=1, extrahepatic_metastases=True,
             cytoreduction="incomplete_under_90", liver_lesion_count=80, bilobar_metastases=True)["guideline_criteria"]
    d, t = by_key(out["debulking"]), by_key(out["transplant"])
    assert d["cytoreduction_70"]["status"] == "unknown"  # "< 90%" does not say whether 70% is reached
    assert d["cytoreduction_90"]["status"] == "not met"
    assert d["liver_replacement"]["status"] == d["carcinoid_heart_disease"]["status"] == "not met"
    assert d["bilobar"]["status"] == "unknown"  # 80 bilobar lesions, but whether they are small is not recorded
    assert t["ki67_under_10"]["status"] == "not met" and t["low_grade"]["status"] == "met"
    assert t["age_under_55"]["status"] == "not met" and t["age_under_60"]["status"] == "met"  # the sources disagree
    assert t["no_extrahepatic"]["status"] == t["primary_removed"]["status"] == t["stable_6_months"]["status"] == "not met"
    high = by_key(ev(params, ki67_percent=35)["guideline_criteria"]["debulking"])["high_grade"]
    assert high["status"] == "borderline" and "well in excess" in high["patient"]


def test_many_lesions_without_distribution_is_unknown(params):
    d = by_key(ev(params, liver_lesion_count=60)["guideline_criteria"]["debulking"])
    assert d["bilobar"]["status"] == "unknown"
    d = by_key(ev(params, liver_lesion_count=60, bilobar_metastases=False)["guideline_criteria"]["debulking"])
    assert d["bilobar"]["status"] == "met"


def test_evidence_is_information_not_a_recommendation(params):
    text = json.dumps(ev(params)).lower()
    assert "not a recommendation" in text
    for word in ("you should", "we recommend", "is recommended for this patient", "eligible for"):
        assert word not in text, word


# ------------------------------------------------------------------ CLI and integrity


def test_predict_json_contains_the_evidence(case_file, capsys):
    path = case_file({**EXAMPLE_CASE, "planned_hepatectomy": "major", "hormonal_syndrome": "carcinoid"})
    assert main(["predict", str(path), "--no-ranges"]) == 0
    payload = json.loads(capsys.readouterr().out)
    evidence = payload["evidence"]
    assert evidence["inputs"]["planned_hepatectomy"] == "major"
    assert evidence["perioperative"]["shown_columns"] == ["major"]
    assert evidence["era"]["scenario"]["is_scenario"] is True
    assert set(evidence) >= {"perioperative", "symptom_relief", "tokyo", "md_anderson", "guideline_criteria",
                             "therapy_trials", "era", "sources", "notice"}
    # the evidence never changes the prediction itself
    assert main(["predict", str(case_file(EXAMPLE_CASE, "plain.json")), "--no-ranges"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["overall_survival"] == payload["overall_survival"]


@pytest.fixture
def params_copy(tmp_path, monkeypatch):
    """A private copy of model_params/ that the app is pointed at."""
    from desktop import paths
    from desktop.model import era, evidence, params

    folder = tmp_path / "model_params"
    shutil.copytree(paths.model_params_dir(), folder)
    monkeypatch.setattr(paths, "model_params_dir", lambda: folder)
    for module in (params, evidence, era):
        module.clear_cache()
    yield folder
    for module in (params, evidence, era):
        module.clear_cache()


def test_an_altered_evidence_file_is_refused(params_copy, case_file, capsys):
    path = params_copy / "evidence.json"
    original = path.read_text(encoding="utf-8")
    altered = original.replace('"percent": 29,', '"percent": 9,', 1)
    assert altered != original
    path.write_text(altered, encoding="utf-8")
    with pytest.raises(ParameterError, match="evidence.json"):
        evidence_for(validate_case(EXAMPLE_CASE))
    assert main(["predict", str(case_file(EXAMPLE_CASE))]) == 3
    captured = capsys.readouterr()
    assert captured.out == "" and "evidence.json" in captured.err


def test_a_missing_era_file_is_refused(params_copy, case_file, capsys):
    (params_copy / "era_scenario.json").unlink()
    with pytest.raises(ParameterError, match="era_scenario.json"):
        evidence_for(validate_case(EXAMPLE_CASE))
    assert main(["predict", str(case_file(EXAMPLE_CASE))]) == 3
    captured = capsys.readouterr()
    assert captured.out == "" and "era_scenario.json" in captured.err


def test_a_fact_whose_number_is_not_in_its_quote_is_refused(params_copy, monkeypatch):
    from desktop.model import checksums
    from desktop.model.params import file_sha256

    path = params_copy / "evidence.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["perioperative"]["rows"][2]["major"]["percent"] = 92  # "42 (29)" does not print 92
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setitem(checksums.EXPECTED_SHA256, "evidence.json", file_sha256(path))
    with pytest.raises(ParameterError, match="not in the quote"):
        evidence_for(validate_case(EXAMPLE_CASE))


def test_no_number_in_the_output_is_nan_or_infinite(params):
    def walk(node):
        if isinstance(node, float):
            assert math.isfinite(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(ev(params, ki67_percent=None, cytoreduction=None))
    json.dumps(ev(params), allow_nan=False)
