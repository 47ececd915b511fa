"""Grade as the papers define it (mitotic count and Ki-67, the higher wins) and statuses that
must not over-call (issue 13, points 3 and 4)."""

from __future__ import annotations

import pytest

from desktop.model import validate_case
from desktop.report.evidence import evidence_for, evidence_sections
from tests.conftest import EXAMPLE_CASE


def ev(params, **changes):
    return evidence_for(validate_case({**EXAMPLE_CASE, **changes}), params=params, with_scenario=False)


def by_key(items):
    return {i["key"]: i for i in items}


def test_the_higher_of_mitotic_and_ki67_grade_counts(params):
    out = ev(params, ki67_percent=4.5, mitoses_per_2mm2=25, liver_lesion_count=3)
    assert out["tokyo"]["who_grade"] == "G3"
    assert out["tokyo"]["in_favourable_group"] == "no"
    assert [r["key"] for r in out["tokyo"]["rfs_rows"] if r["selected"]] == ["under_8", "G3"]
    transplant = by_key(out["guideline_criteria"]["transplant"])
    assert transplant["low_grade"]["status"] == "not met"
    assert "G2 by Ki-67 (4.5%), G3 by mitotic count (25 per 2 mm²)" in transplant["low_grade"]["patient"]
    assert by_key(out["guideline_criteria"]["debulking"])["high_grade"]["status"] == "borderline"


@pytest.mark.parametrize("changes, basis", [
    ({"ki67_percent": 4.5}, "WHO G2 by Ki-67 (4.5%); mitotic count not entered"),
    ({"ki67_percent": None, "mitoses_per_2mm2": 1}, "WHO G1 by mitotic count (1 per 2 mm²); Ki-67 not entered"),
])
def test_a_grade_that_the_missing_measure_could_raise_is_never_met(params, changes, basis):
    out = ev(params, liver_lesion_count=3, **changes)
    low = by_key(out["guideline_criteria"]["transplant"])["low_grade"]
    assert low["status"] == "unknown" and low["patient"] == basis
    assert out["tokyo"]["in_favourable_group"] == "unknown"
    assert basis in out["tokyo"]["patient"]


def test_both_measures_low_make_low_grade_met(params):
    out = ev(params, ki67_percent=4.5, mitoses_per_2mm2=1)
    assert by_key(out["guideline_criteria"]["transplant"])["low_grade"]["status"] == "met"
    assert by_key(out["guideline_criteria"]["transplant"])["low_grade"]["patient"] == \
        "WHO G2: G2 by Ki-67 (4.5%), G1 by mitotic count (1 per 2 mm²); the higher grade counts"


@pytest.mark.parametrize("ki67, status", [(20, "met"), (35, "borderline"), (54.9, "borderline"), (55, "not met"),
                                          (80, "not met")])
def test_not_high_grade_can_be_not_met_well_above_20_percent(params, ki67, status):
    item = by_key(ev(params, ki67_percent=ki67)["guideline_criteria"]["debulking"])["high_grade"]
    assert item["status"] == status
    if status == "not met":
        assert "well in excess of 20% by this tool's reading (from 55%)" in item["patient"]


def test_the_well_in_excess_threshold_is_marked_as_the_tools_own_choice(params):
    from desktop.model.evidence import load_evidence

    choice = load_evidence(params=params).data["tool_choices"]["high_grade_ki67_well_in_excess"]
    assert choice["percent"] == 55 and "NORDIC NEC" in choice["outside_source"]


def test_carcinoid_heart_disease_shows_that_mayo_operated_on_such_patients(params):
    item = by_key(ev(params, carcinoid_heart_disease=True)["guideline_criteria"]["debulking"])["carcinoid_heart_disease"]
    assert item["status"] == "not met"
    other = item["disagreement"]
    assert "38 patients" in other["text"] and "27" in other["text"] and other["sources"]
    debulking = next(s for s in evidence_sections(ev(params, carcinoid_heart_disease=True))
                     if s.title.startswith("Published criteria for debulking"))
    row = next(r for r in debulking.table.rows if r[0] == "No carcinoid heart disease")
    assert "Sources differ" in row[1] and "38 patients" in row[1]


def test_many_bilobar_lesions_of_unknown_size_are_never_not_met(params):
    item = by_key(ev(params, liver_lesion_count=80, bilobar_metastases=True)["guideline_criteria"]["debulking"])["bilobar"]
    assert item["status"] == "unknown" and "small is not recorded" in item["patient"]


def test_fewer_than_8_lesions_is_favourable_only_with_the_imaging_caveat(params):
    out = ev(params, ki67_percent=4.5, mitoses_per_2mm2=1, liver_lesion_count=5)["tokyo"]
    assert out["in_favourable_group"] == "yes"
    assert "if the count is from pathology" in out["patient"] and "imaging finds fewer than half" in out["patient"]
    note = next(n for n in out["notes"] if n["label"] == "Counting lesions")
    assert {s["paper"] for s in note["sources"]} == {"tokyo", "review2020"}
    assert "if the count is from pathology" not in ev(params, liver_lesion_count=9)["tokyo"]["patient"]
