"""Case fields of the clinical-scope work: validated like every field, read and written unchanged."""

from __future__ import annotations

import pytest

from desktop.model import CaseError, validate_case
from tests.conftest import EXAMPLE_CASE


@pytest.mark.parametrize("value", [0, 2, 20.5, 150])
def test_mitotic_count_is_a_non_negative_number(value):
    case = validate_case({**EXAMPLE_CASE, "mitoses_per_2mm2": value})
    assert case.mitoses_per_2mm2 == value
    assert case.to_dict()["mitoses_per_2mm2"] == value
    assert validate_case(case.to_dict()) == case


@pytest.mark.parametrize("value, words", [(-1, "0 or more"), ("3", "must be a number"), (True, "not true/false"),
                                          (float("nan"), "finite")])
def test_bad_mitotic_count_is_refused_naming_the_field(value, words):
    with pytest.raises(CaseError) as info:
        validate_case({**EXAMPLE_CASE, "mitoses_per_2mm2": value})
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith("field 'mitoses_per_2mm2' ") and words in info.value.problems[0]


def test_unknown_mitotic_count_is_left_out_of_the_case_output():
    assert validate_case({**EXAMPLE_CASE, "mitoses_per_2mm2": None}).to_dict() == EXAMPLE_CASE
    assert validate_case({**{k: str(v) for k, v in EXAMPLE_CASE.items()}, "extrahepatic_metastases": "no",
                          "mitoses_per_2mm2": " "}, from_text=True).mitoses_per_2mm2 is None
    assert validate_case({**{k: str(v) for k, v in EXAMPLE_CASE.items()}, "extrahepatic_metastases": "no",
                          "mitoses_per_2mm2": "4.5"}, from_text=True).mitoses_per_2mm2 == 4.5
