"""The words and the table say exactly what the curve says."""

from __future__ import annotations

import numpy as np

from desktop.model import predict, validate_case
from desktop.report.numbers import (
    MILESTONE_YEARS,
    median_sentence,
    milestones,
    per_hundred,
    required_months,
    sentence,
)
from tests.conftest import EXAMPLE_CASE

GRID = np.arange(0, 181.0)


def test_milestones_come_from_the_curve_at_the_right_month():
    p = predict(validate_case(EXAMPLE_CASE), GRID)
    rows = milestones(p, "overall_survival")
    assert [r.years for r in rows] == list(MILESTONE_YEARS)
    for r in rows:
        i = int(np.flatnonzero(GRID == 12 * r.years)[0])
        assert r.survival == p.overall_survival.survival[i]
        assert r.lower == p.overall_survival.lower[i] and r.upper == p.overall_survival.upper[i]
    pfs = milestones(p, "progression_free_survival")
    assert [r.extrapolated for r in pfs] == [False, False, False, True, True]
    assert pfs[-1].text.endswith("†")


def test_sentence_uses_the_same_rounded_numbers_as_the_table():
    p = predict(validate_case(EXAMPLE_CASE), required_months())
    m = milestones(p, "overall_survival")[2]
    text = sentence(p, "overall_survival", 5)
    assert text == (f"Of 100 people like this, about {per_hundred(m.survival)} are alive 5 years after surgery; "
                    f"the range is {per_hundred(m.lower)} to {per_hundred(m.upper)}.")
    assert m.text == f"{per_hundred(m.survival)}% ({per_hundred(m.lower)}–{per_hundred(m.upper)}%)"


def test_pfs_sentence_is_plain_and_flags_extrapolation():
    p = predict(validate_case(EXAMPLE_CASE), required_months())
    text = sentence(p, "progression_free_survival", 10)
    assert "without the cancer growing or coming back" in text and "extrapolation" in text


def test_median_sentences():
    p = predict(validate_case(EXAMPLE_CASE), [12])
    assert median_sentence(p, "progression_free_survival") == (
        f"About half of people like this are still alive without the cancer growing or coming back "
        f"{p.progression_free_survival.median_months:.0f} months after surgery.")
    young = validate_case(dict(EXAMPLE_CASE, age_years=30, ki67_percent=1, liver_lesion_count=1, largest_lesion_mm=10))
    assert median_sentence(predict(young, [12]), "overall_survival") == (
        "More than half of people like this are still alive 15 years after surgery.")


def _grim(**changes):
    case = {"age_years": 85, "primary_site": "pancreas", "ki67_percent": 60, "liver_lesion_count": 40,
            "largest_lesion_mm": 300, "extrahepatic_metastases": True, "cytoreduction": "incomplete_under_90"}
    return predict(validate_case({**case, **changes}), required_months())


def test_sentence_never_says_about_zero():
    p = _grim()
    assert per_hundred(p.progression_free_survival.at(120)[0]) == 0
    text = sentence(p, "progression_free_survival", 10)
    assert text.startswith("Of 100 people like this, fewer than 1 is alive without") and "about 0" not in text


def test_sentence_says_about_1_is():
    """'about 1 are alive' read wrongly on screen for a grim case (pancreas, Ki-67 25%, 30 lesions)."""
    p = _grim(age_years=74, ki67_percent=25, liver_lesion_count=30, largest_lesion_mm=150)
    assert per_hundred(p.overall_survival.at(60)[0]) == 1
    assert sentence(p, "overall_survival", 5).startswith("Of 100 people like this, about 1 is alive 5 years")
    assert " are alive" in sentence(predict(validate_case(EXAMPLE_CASE), required_months()), "overall_survival", 5)
