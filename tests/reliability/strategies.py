"""Hypothesis strategies for cases: mostly valid ones, some with one bad field, some chaos.

Values cluster on the contract's boundaries (18/100 years, Ki-67 3/20%, 3/4/9/10 lesions,
0/400 mm) and include every JSON type, so that both acceptance and refusal are exercised.
"""

from __future__ import annotations

import math

from hypothesis import strategies as st

from tests.reliability.oracle import CHOICES, EXTENTS, FIELD_NAMES, REQUIRED, SITES

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)
HUGE_INT = 10**400  # a valid JSON integer that no float can hold


def _numbers(low: float, high: float, integer: bool = False):
    inside = st.integers(int(math.ceil(low)), int(high)) if integer else st.floats(low, high) | st.integers(
        int(math.ceil(low)), int(high))
    return inside


VALID = {
    "age_years": _numbers(18, 100) | st.sampled_from([18, 18.0, 25, 85, 100, 100.0]),
    "primary_site": st.sampled_from(SITES),
    "ki67_percent": st.none() | _numbers(0, 100) | st.sampled_from([0, 2.999, 3, 20, 20.001, 60, 60.5, 100]),
    "liver_lesion_count": st.integers(1, 40) | st.sampled_from([1, 3, 4, 9, 10, 50, 51, 10_000, 4.0]),
    "largest_lesion_mm": st.floats(0, 400, exclude_min=True) | st.sampled_from([0.001, 200, 200.5, 400]),
    "extrahepatic_metastases": st.booleans(),
    "cytoreduction": st.none() | st.sampled_from(EXTENTS),
    "label": st.none() | st.text(max_size=30) | st.text(max_size=220),
    "planned_hepatectomy": st.none() | st.sampled_from(CHOICES["planned_hepatectomy"]),
    "hormonal_syndrome": st.none() | st.sampled_from(CHOICES["hormonal_syndrome"]),
    "primary_detail": st.none() | st.none() | st.none() | st.sampled_from(CHOICES["primary_detail"]),
    "years_primary_to_liver_mets": st.none() | _numbers(0, 20) | st.sampled_from([0, 18, 80]),
    "percent_liver_replaced": st.none() | _numbers(0, 100),
    "bilobar_metastases": st.none() | st.booleans(),
    "carcinoid_heart_disease": st.none() | st.booleans(),
    "primary_resected": st.none() | st.booleans(),
    "stable_disease_6_months": st.none() | st.booleans(),
    "mitoses_per_2mm2": st.none() | _numbers(0, 40) | st.sampled_from([0, 2, 20, 21]),
    "differentiation": st.none() | st.none() | st.sampled_from(CHOICES["differentiation"]),
    "first_hepatectomy": st.none() | st.booleans(),
}

EDGE = {
    "age_years": st.sampled_from([17.999, 17, 100.0001, 101, -0.0, 0, -61, True, "61", HUGE_INT, -HUGE_INT,
                                  float("nan"), float("inf"), None]),
    "primary_site": st.sampled_from(["Pancreas", "small intestine", "colon", "", 1, None, ["pancreas"]]),
    "ki67_percent": st.sampled_from([-0.001, -1, 100.001, 101, "4.5", "4,5", True, HUGE_INT, float("nan"), {}]),
    "liver_lesion_count": st.sampled_from([0, -1, 2.5, 10_001, 1e300, "6", True, False, HUGE_INT, None]),
    "largest_lesion_mm": st.sampled_from([0, 0.0, -0.0, -5, 400.0001, 401, 1e309, "38", False, None]),
    "extrahepatic_metastases": st.sampled_from(["no", "false", 0, 1, None, "", [False]]),
    "cytoreduction": st.sampled_from(["partial", "Complete", "", 0, False, ["complete"]]),
    "label": st.sampled_from([5, False, "x" * 201, "two\nlines", "bell\x07", "\ud800 lone surrogate", "\udfff",
                              ["a"], {"a": 1}]),
    "planned_hepatectomy": st.sampled_from(["Major", "extended", "", 1, True]),
    "hormonal_syndrome": st.sampled_from(["carcinoid syndrome", "yes", "", 0]),
    "primary_detail": st.sampled_from(["lung", "Lung", "liver", ""]),
    "years_primary_to_liver_mets": st.sampled_from([-1, 80.5, 99, "3", True, HUGE_INT]),
    "percent_liver_replaced": st.sampled_from([-0.5, 100.5, "40", False, float("inf")]),
    "bilobar_metastases": st.sampled_from(["yes", 1, 0, "true", ""]),
    "carcinoid_heart_disease": st.sampled_from(["no", 0, [True]]),
    "primary_resected": st.sampled_from(["TRUE", 1.0]),
    "stable_disease_6_months": st.sampled_from(["", "unknown"]),
    "mitoses_per_2mm2": st.sampled_from([-0.001, -1, "3", True, float("inf"), float("nan"), HUGE_INT * -1]),
    "differentiation": st.sampled_from(["Well", "G3", "", 1, True, ["poor"]]),
    "first_hepatectomy": st.sampled_from(["yes", 1, 0, "false", ""]),
}

# --- CSV cells: text only ---------------------------------------------------------


def _number_texts(values):
    return st.builds(
        lambda v, form, pad: pad + (form.format(v) if not isinstance(v, str) else v) + pad,
        values,
        st.sampled_from(["{}", "{!r}", "{:g}", "{:.3f}", "{:e}"]),
        st.sampled_from(["", " ", "  "]),
    )


VALID_TEXT = {
    "age_years": _number_texts(_numbers(18, 100)) | st.sampled_from(["18", "100", "+61", "61.", "6.1e1", "1e2"]),
    "primary_site": st.sampled_from(SITES) | st.sampled_from([" pancreas", "other "]),
    "ki67_percent": st.sampled_from(["", " ", "0", "3", "20", ".5", "100"]) | _number_texts(_numbers(0, 100)),
    "liver_lesion_count": _number_texts(st.integers(1, 40)) | st.sampled_from(["4.0", "1e1", "10000"]),
    "largest_lesion_mm": _number_texts(st.floats(0.01, 400)) | st.sampled_from(["400", "0.5", "4e2"]),
    "extrahepatic_metastases": st.sampled_from(["true", "false", "TRUE", "False", "yes", "No", "1", "0", " yes "]),
    "cytoreduction": st.sampled_from(["", *EXTENTS]),
    "label": st.text(alphabet=st.characters(blacklist_characters="\r\n\x00", blacklist_categories=("Cs",)),
                     max_size=30),
    "planned_hepatectomy": st.sampled_from(["", "minor", "major", " major "]),
    "hormonal_syndrome": st.sampled_from(["", *CHOICES["hormonal_syndrome"]]),
    "primary_detail": st.sampled_from(["", "", "", "", "lung", "unknown_primary"]),
    "years_primary_to_liver_mets": st.sampled_from(["", "0", "2.5", "18"]),
    "percent_liver_replaced": st.sampled_from(["", "0", "40", "100"]),
    "bilobar_metastases": st.sampled_from(["", "yes", "no", "TRUE", "0"]),
    "carcinoid_heart_disease": st.sampled_from(["", "false", "1"]),
    "primary_resected": st.sampled_from(["", "true", "No"]),
    "stable_disease_6_months": st.sampled_from(["", "yes"]),
    "mitoses_per_2mm2": st.sampled_from(["", "0", "2", "20.5"]),
    "differentiation": st.sampled_from(["", "", "well", "poor", " well "]),
    "first_hepatectomy": st.sampled_from(["", "true", "no", "1"]),
}

EDGE_TEXT = {
    "age_years": st.sampled_from(["17.9", "101", "sixty", "61,5", "6_1", "\u0666\u0661", "nan", "inf", "-inf",
                                  "1e400", "0x3d", "", " ", "61 years", "true"]),
    "primary_site": st.sampled_from(["Pancreas", "small intestine", "", "1", "none"]),
    "ki67_percent": st.sampled_from(["4,5", "-1", "101", "4.5%", "nan", "1_0", "\uff15", "unknown"]),
    "liver_lesion_count": st.sampled_from(["0", "2.5", "-3", "10001", "many", "1e400", "\u0663", "", "3,0"]),
    "largest_lesion_mm": st.sampled_from(["0", "-1", "401", "38mm", "3,8", "", "inf", "1_00"]),
    "extrahepatic_metastases": st.sampled_from(["", "maybe", "y", "n", "2", "1.0", "t", "\u0661"]),
    "cytoreduction": st.sampled_from(["partial", "Complete", "incomplete", "1"]),
    "label": st.sampled_from(["x" * 201, "bell\x07", "tab\tok", "esc\x1b[0m"]),
    "planned_hepatectomy": st.sampled_from(["Major", "extended", "1"]),
    "hormonal_syndrome": st.sampled_from(["carcinoid syndrome", "yes"]),
    "primary_detail": st.sampled_from(["Lung", "liver"]),
    "years_primary_to_liver_mets": st.sampled_from(["-1", "80.5", "3,5", "99"]),
    "percent_liver_replaced": st.sampled_from(["-0.5", "100.5", "40%"]),
    "bilobar_metastases": st.sampled_from(["maybe", "2"]),
    "carcinoid_heart_disease": st.sampled_from(["y", "n"]),
    "primary_resected": st.sampled_from(["resected"]),
    "stable_disease_6_months": st.sampled_from(["unknown"]),
    "mitoses_per_2mm2": st.sampled_from(["-1", "3,5", "many", "nan"]),
    "differentiation": st.sampled_from(["Poor", "NEC", "g3"]),
    "first_hepatectomy": st.sampled_from(["repeat", "2", "y"]),
}


# Any one-line cell (a CSV cell can hold anything, but a line break would shift the line numbers).
ANY_CELL = st.text(alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=12)


@st.composite
def case_dicts(draw, from_text: bool = False, modes=("valid", "valid", "valid", "one_bad", "chaos")):
    """A case mapping: by default 60% valid values, 20% with one bad field, 20% chaos (any value,
    missing or unknown keys). "Valid" values may still break a cross-field rule of the optional inputs."""
    valid, edge = (VALID_TEXT, EDGE_TEXT) if from_text else (VALID, EDGE)
    anything = ANY_CELL if from_text else ANY_JSON
    mode = draw(st.sampled_from(modes))
    bad_field = draw(st.sampled_from(FIELD_NAMES))
    data = {}
    for name in FIELD_NAMES:
        if mode == "chaos":
            if draw(st.integers(0, 9)) == 0:
                continue  # missing
            value = draw(st.one_of(valid[name], edge[name], anything))
        elif mode == "one_bad" and name == bad_field:
            value = draw(st.one_of(edge[name], anything))
        else:
            if name not in REQUIRED and not from_text and draw(st.integers(0, 3)) == 0:
                continue  # an optional field may be absent
            value = draw(valid[name])
        data[name] = value
    if mode == "chaos" and not from_text and draw(st.integers(0, 3)) == 0:
        key = draw(st.sampled_from(["ki67", "Age_years", "age_years ", "lesions", "", "label2"]) | st.text(max_size=8))
        data[key] = draw(ANY_JSON)
    return data
