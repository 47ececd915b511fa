"""An independent restatement of the case contract (design/interface.md), for the fuzz tests.

It does not import desktop.model.case: it says, from the interface table alone, which fields
of a case (a parsed JSON object, or a CSV row of text cells) must be refused. The fuzz tests
check that the application refuses exactly those, naming each, and accepts everything else.

Choices of the implementation that the interface leaves open, written down here once:
* surrounding whitespace of a choice (primary site, cytoreduction) is ignored;
* a case holds at most 10,000 liver lesions (more is refused as implausible);
* a label is at most 200 characters on one line (tab allowed) of valid Unicode;
* in a CSV a number is written with ASCII digits and '.' ("1e2" is fine; "4,5", "1_0" and
  non-ASCII digits are not), a boolean is true/false, yes/no or 1/0 in any case, and an
  empty or blank cell is null.
"""

from __future__ import annotations

import math
import re

FIELD_NAMES = (
    "age_years",
    "primary_site",
    "ki67_percent",
    "liver_lesion_count",
    "largest_lesion_mm",
    "extrahepatic_metastases",
    "cytoreduction",
    "label",
    # optional inputs of the evidence panels (never used by the survival model)
    "planned_hepatectomy",
    "hormonal_syndrome",
    "primary_detail",
    "years_primary_to_liver_mets",
    "percent_liver_replaced",
    "bilobar_metastases",
    "carcinoid_heart_disease",
    "primary_resected",
    "stable_disease_6_months",
    "mitoses_per_2mm2",
    "differentiation",
    "first_hepatectomy",
)
REQUIRED = ("age_years", "primary_site", "liver_lesion_count", "largest_lesion_mm", "extrahepatic_metastases")
SITES = ("small_intestine", "pancreas", "other")
EXTENTS = ("complete", "incomplete_over_90", "incomplete_under_90")
CHOICES = {
    "primary_site": SITES,
    "cytoreduction": EXTENTS,
    "planned_hepatectomy": ("minor", "major"),
    "hormonal_syndrome": ("none", "carcinoid", "gastrinoma", "insulinoma", "other_functional"),
    "primary_detail": ("jejunum_ileum", "duodenum", "stomach", "appendix", "colon", "rectum", "pancreas", "lung",
                       "thymus", "genitourinary", "unknown_primary", "other"),
    "differentiation": ("well", "poor"),
}
# The Mayo model's site groups: small intestine excludes the duodenum; every other site is "other".
DETAIL_SITE = {"jejunum_ileum": "small_intestine", "pancreas": "pancreas"}
BOOLEANS = ("extrahepatic_metastases", "bilobar_metastases", "carcinoid_heart_disease", "primary_resected",
            "stable_disease_6_months", "first_hepatectomy")
RANGES = {  # inclusive unless noted
    "age_years": (18, 100),
    "ki67_percent": (0, 100),
    "largest_lesion_mm": (0, 400),  # lower bound exclusive
    "years_primary_to_liver_mets": (0, 80),
    "percent_liver_replaced": (0, 100),
    "mitoses_per_2mm2": (0, math.inf),
}
TEXT_TRUE = ("true", "yes", "1")
TEXT_FALSE = ("false", "no", "0")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def as_number(value, from_text: bool) -> float | None:
    """The finite number a value stands for, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if abs(value) > 10**308:
            return None
        number = float(value)
    elif isinstance(value, float):
        number = value
    elif from_text and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        return None
    return number if math.isfinite(number) else None


def _valid(name: str, value, from_text: bool) -> bool:
    if name in CHOICES:
        return isinstance(value, str) and value.strip() in CHOICES[name]
    if name in BOOLEANS:
        if isinstance(value, bool):
            return True
        return from_text and isinstance(value, str) and value.strip().lower() in TEXT_TRUE + TEXT_FALSE
    if name == "label":
        return (
            isinstance(value, str)
            and len(value) <= 200
            and all(ch == "\t" or ord(ch) >= 32 for ch in value)
            and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)
        )
    number = as_number(value, from_text)
    if number is None:
        return False
    if name == "liver_lesion_count":
        return number == int(number) and 1 <= number <= 10_000
    low, high = RANGES[name]
    if name == "largest_lesion_mm":
        return low < number <= high
    return low <= number <= high


def is_null(value, from_text: bool) -> bool:
    return value is None or (from_text and isinstance(value, str) and value.strip() == "")


def expected_problems(data, from_text: bool = False) -> tuple[set[str], set[str]]:
    """(fields that must be refused, unknown keys) for a mapping; raises TypeError for a non-object."""
    if not isinstance(data, dict):
        raise TypeError("not an object")
    unknown = {key for key in data if key not in FIELD_NAMES}
    bad = set()
    for name in FIELD_NAMES:
        value = data.get(name)
        if is_null(value, from_text):
            if name in REQUIRED:
                bad.add(name)
        elif not _valid(name, value, from_text):
            bad.add(name)
    # cross-field rules of the optional inputs, checked only between values that are themselves valid
    def clean(name):
        value = data.get(name)
        if is_null(value, from_text) or name in bad:
            return None
        return value.strip() if isinstance(value, str) and name in CHOICES else value

    detail, site = clean("primary_detail"), clean("primary_site")
    if detail is not None and site is not None and DETAIL_SITE.get(detail, "other") != site:
        bad.add("primary_detail")
    years, age = clean("years_primary_to_liver_mets"), clean("age_years")
    if years is not None and age is not None and as_number(years, from_text) > as_number(age, from_text):
        bad.add("years_primary_to_liver_mets")
    return bad, unknown


_FIELD_LINE = re.compile(r"field '([a-z0-9_]+)' ")


def fields_named(problems: list[str]) -> tuple[set[str], list[str]]:
    """(fields named by "field 'x' ..." lines, the "unknown field ..." lines) of a problem list."""
    named, unknown_lines = set(), []
    for line in problems:
        if line.startswith("unknown field "):
            unknown_lines.append(line)
            continue
        match = _FIELD_LINE.match(line)
        assert match, f"a problem that names no field: {line!r}"
        named.add(match.group(1))
    return named, unknown_lines
