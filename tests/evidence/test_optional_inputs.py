"""The optional inputs of the evidence panels: validated like every field, never used by the model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop.cli import main
from desktop.model import CaseError, predict, validate_case
from desktop.model.case import EVIDENCE_FIELDS, FIELDS
from tests.conftest import EXAMPLE_CASE

FULL_OPTIONAL = {
    "planned_hepatectomy": "major",
    "hormonal_syndrome": "carcinoid",
    "years_primary_to_liver_mets": 3.5,
    "percent_liver_replaced": 40,
    "bilobar_metastases": True,
    "carcinoid_heart_disease": False,
    "primary_resected": True,
    "stable_disease_6_months": True,
}


def test_every_optional_field_is_optional_and_nullable():
    for name in EVIDENCE_FIELDS:
        assert name in FIELDS
        assert not FIELDS[name].required and FIELDS[name].nullable, name


def test_absent_optional_inputs_are_unknown_and_left_out_of_the_case_output():
    case = validate_case(EXAMPLE_CASE)
    assert all(getattr(case, name) is None for name in EVIDENCE_FIELDS)
    assert case.to_dict() == EXAMPLE_CASE  # the existing case output is unchanged


def test_optional_inputs_round_trip_through_the_case_output():
    data = {**EXAMPLE_CASE, **FULL_OPTIONAL}
    case = validate_case(data)
    assert case.to_dict() == data
    assert validate_case(case.to_dict()) == case


def test_optional_inputs_never_change_a_survival_prediction(params):
    plain = validate_case(EXAMPLE_CASE)
    other = validate_case({**EXAMPLE_CASE, "primary_site": "other"})
    variants = [
        (plain, validate_case({**EXAMPLE_CASE, **FULL_OPTIONAL})),
        (plain, validate_case({**EXAMPLE_CASE, **FULL_OPTIONAL, "planned_hepatectomy": "minor",
                                "hormonal_syndrome": "none", "carcinoid_heart_disease": True})),
        (other, validate_case({**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "lung",
                               "years_primary_to_liver_mets": 12})),
    ]
    for base, enriched in variants:
        a, b = predict(base, params=params), predict(enriched, params=params)
        for outcome in ("overall_survival", "progression_free_survival"):
            ca, cb = a.curve(outcome), b.curve(outcome)
            np.testing.assert_array_equal(ca.survival, cb.survival)
            np.testing.assert_array_equal(ca.lower, cb.lower)
            np.testing.assert_array_equal(ca.upper, cb.upper)
            assert ca.median_months == cb.median_months
        assert a.warnings == b.warnings


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("planned_hepatectomy", "extended", "must be one of minor, major"),
        ("hormonal_syndrome", "vipoma", "must be one of none, carcinoid"),
        ("hormonal_syndrome", True, "must be one of"),
        ("primary_detail", "brain", "must be one of jejunum_ileum, duodenum"),
        ("years_primary_to_liver_mets", -1, "between 0 (synchronous) and 80"),
        ("years_primary_to_liver_mets", "3", "must be a number"),
        ("percent_liver_replaced", 120, "between 0 and 100"),
        ("bilobar_metastases", "yes", "must be true or false"),
        ("carcinoid_heart_disease", 1, "must be true or false"),
        ("primary_resected", "maybe", "must be true or false"),
        ("stable_disease_6_months", [True], "must be true or false"),
    ],
)
def test_bad_optional_input_is_refused_naming_the_field(field, value, words):
    with pytest.raises(CaseError) as info:
        validate_case({**EXAMPLE_CASE, "primary_site": "other", field: value})
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(f"field '{field}' ")
    assert words in info.value.problems[0]


def test_primary_detail_must_fall_in_the_primary_site_group():
    with pytest.raises(CaseError) as info:
        validate_case({**EXAMPLE_CASE, "primary_detail": "lung"})  # small intestine
    assert info.value.problems == [
        "field 'primary_detail' 'lung' contradicts field 'primary_site' 'small_intestine': in the Mayo model lung "
        "belongs to primary_site 'other'"
    ]
    assert validate_case({**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "thymus"}).primary_detail == "thymus"


def test_interval_to_liver_metastases_cannot_exceed_the_age():
    with pytest.raises(CaseError) as info:
        validate_case({**EXAMPLE_CASE, "age_years": 30, "years_primary_to_liver_mets": 31})
    assert info.value.problems[0].startswith("field 'years_primary_to_liver_mets' ")


def test_csv_cells_for_optional_inputs(tmp_path):
    row = {**EXAMPLE_CASE, "label": "", "planned_hepatectomy": "", "carcinoid_heart_disease": "yes",
           "percent_liver_replaced": "35.5"}
    case = validate_case({k: str(v) if not isinstance(v, bool) else str(v).lower() for k, v in row.items()},
                         from_text=True)
    assert case.planned_hepatectomy is None and case.carcinoid_heart_disease is True
    assert case.percent_liver_replaced == 35.5


def test_cli_exit_2_names_the_bad_optional_field(case_file, tmp_path, capsys):
    path = case_file({**EXAMPLE_CASE, "hormonal_syndrome": "carcinoid-ish", "percent_liver_replaced": -5})
    out = tmp_path / "out.json"
    code = main(["predict", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2
    assert "field 'hormonal_syndrome'" in lines[0] and "field 'percent_liver_replaced'" in lines[1]
    assert not out.exists()


def test_cli_predict_accepts_optional_inputs_and_echoes_them(case_file, capsys):
    path = case_file({**EXAMPLE_CASE, **FULL_OPTIONAL})
    assert main(["predict", str(path), "--no-ranges"]) == 0
    payload = json.loads(capsys.readouterr().out)
    for key, value in FULL_OPTIONAL.items():
        assert payload["case"][key] == value
