"""A patient case: the contract of design/interface.md, validated field by field.

Every problem is collected (not only the first) so that a user fixes a file in one go.
An unknown key is an error, so that a misspelt ``ki67`` can never silently become
"Ki-67 unknown".
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import asdict, dataclass, fields
from typing import Any, Callable, Mapping

PRIMARY_SITES = ("small_intestine", "pancreas", "other")
CYTOREDUCTION_EXTENTS = ("complete", "incomplete_over_90", "incomplete_under_90")

PRIMARY_SITE_LABELS = {"small_intestine": "Small intestine", "pancreas": "Pancreas", "other": "Other / unknown primary"}
CYTOREDUCTION_LABELS = {
    "complete": "Complete",
    "incomplete_over_90": "Incomplete, >90% debulked",
    "incomplete_under_90": "Incomplete, <90% debulked",
}

# Optional inputs used only by the evidence panels (desktop/model/evidence/). They never
# change a survival prediction; absent or null means "unknown", shown as such, never guessed.
PLANNED_HEPATECTOMIES = ("minor", "major")
HORMONAL_SYNDROMES = ("none", "carcinoid", "gastrinoma", "insulinoma", "other_functional")
# The anatomical site as clinicians record it, and the Mayo model group it falls into (seed 000,
# Methods: "small intestinal NETs (not including duodenum), pancreatic NETs, and NETs of all other
# primary sites").
PRIMARY_DETAILS = (
    "jejunum_ileum", "duodenum", "stomach", "appendix", "colon", "rectum", "pancreas", "lung", "thymus",
    "genitourinary", "unknown_primary", "other",
)
PRIMARY_DETAIL_GROUP = {detail: "other" for detail in PRIMARY_DETAILS} | {
    "jejunum_ileum": "small_intestine", "pancreas": "pancreas",
}
# Eligibility (seed 000, Methods and Discussion): well-differentiated NETs only, first hepatectomy only.
DIFFERENTIATIONS = ("well", "poor")
DIFFERENTIATION_LABELS = {"well": "Well differentiated (NET)", "poor": "Poorly differentiated (NEC)"}
PLANNED_HEPATECTOMY_LABELS = {"minor": "Minor hepatectomy", "major": "Major hepatectomy"}
HORMONAL_SYNDROME_LABELS = {
    "none": "None (non-functional)",
    "carcinoid": "Carcinoid syndrome",
    "gastrinoma": "Gastrinoma",
    "insulinoma": "Insulinoma",
    "other_functional": "Other functional syndrome",
}
PRIMARY_DETAIL_LABELS = {
    "jejunum_ileum": "Jejunum / ileum",
    "pancreas": "Pancreas",
    "lung": "Lung",
    "thymus": "Thymus",
    "stomach": "Stomach",
    "duodenum": "Duodenum",
    "appendix": "Appendix",
    "colon": "Colon",
    "rectum": "Rectum",
    "genitourinary": "Genitourinary",
    "unknown_primary": "Unknown primary",
    "other": "Other site",
}
EVIDENCE_FIELDS = (
    "planned_hepatectomy",
    "hormonal_syndrome",
    "primary_detail",
    "years_primary_to_liver_mets",
    "percent_liver_replaced",
    "bilobar_metastases",
    "carcinoid_heart_disease",
    "primary_resected",
    "stable_disease_6_months",
)
EVIDENCE_FIELD_LABELS = {
    "planned_hepatectomy": "Planned hepatectomy",
    "hormonal_syndrome": "Hormonal syndrome",
    "primary_detail": "Primary site detail",
    "years_primary_to_liver_mets": "Years from primary to liver metastases",
    "percent_liver_replaced": "Liver replaced by tumour",
    "bilobar_metastases": "Bilobar metastases",
    "carcinoid_heart_disease": "Carcinoid heart disease",
    "primary_resected": "Primary tumour resected",
    "stable_disease_6_months": "Stable disease for 6 months or more",
    "mitoses_per_2mm2": "Mitotic count",
}
YEARS_TO_LIVER_METS_MAX = 80
# Follow-up visits: survival conditional on being alive (and, for PFS, free of progression)
# this long after surgery. 0 or absent means counselling at the time of surgery.
FOLLOW_UP_FIELDS = ("months_since_surgery", "progression_so_far")
MONTHS_SINCE_SURGERY_MAX = 180
PROGRESSION_SO_FAR = ("none", "progressed")

AGE_RANGE = (18, 100)
LARGEST_LESION_MAX_MM = 400
LABEL_MAX_CHARS = 200

_DECIMAL_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


class CaseError(ValueError):
    """One or more problems with a case; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Case:
    age_years: float
    primary_site: str
    ki67_percent: float | None
    liver_lesion_count: int
    largest_lesion_mm: float
    extrahepatic_metastases: bool
    cytoreduction: str | None = None
    label: str | None = None
    # optional inputs of the evidence panels only (never used by the survival model)
    planned_hepatectomy: str | None = None
    hormonal_syndrome: str | None = None
    primary_detail: str | None = None
    years_primary_to_liver_mets: float | None = None
    percent_liver_replaced: float | None = None
    bilobar_metastases: bool | None = None
    carcinoid_heart_disease: bool | None = None
    primary_resected: bool | None = None
    stable_disease_6_months: bool | None = None
    # mitotic count per 2 mm² (WHO grade with Ki-67, the higher grade wins); evidence panels only
    mitoses_per_2mm2: float | None = None
    # follow-up visit: months after surgery at which the patient is seen alive (None: at surgery)
    months_since_surgery: float | None = None
    progression_so_far: str | None = None
    # who the model is for: "poor" gives no estimate; first_hepatectomy false is outside the study population
    differentiation: str | None = None
    first_hepatectomy: bool | None = None

    def to_dict(self) -> dict:
        """The case as a JSON-ready dict in the interface's field order.

        Ki-67 and cytoreduction stay as null when unknown (the contract's original fields); every
        other optional field is left out when unknown (absent means unknown, as on input), so files
        written before a field existed read and write unchanged.
        """
        out = asdict(self)
        for name, value in out.items():
            if isinstance(value, float) and value.is_integer():
                out[name] = int(value)
        for name in [n for n, spec in FIELDS.items() if not spec.required and n not in _KEPT_AS_NULL]:
            if out[name] is None:
                del out[name]
        return out

    def replace(self, **changes) -> "Case":
        """The case with ``changes`` (unvalidated, like the constructor). Every field is an
        immutable number, string, bool or None, so a shallow copy is a full one."""
        return dataclasses.replace(self, **changes)

    @property
    def conditional(self) -> bool:
        """True at a follow-up visit: the survival shown is given alive at months_since_surgery."""
        return self.months_since_surgery is not None

    @property
    def ki67_known(self) -> bool:
        return self.ki67_percent is not None

    @property
    def cytoreduction_known(self) -> bool:
        return self.cytoreduction is not None


# --- value parsers: each returns the clean value or raises ValueError with a message ---

def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _number(value: Any, from_text: bool) -> float:
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # a JSON integer beyond any float, e.g. 400 digits
            raise ValueError(f"must be a finite number (got {_show(value)})") from None
    elif from_text and _is_text(value):
        text = value.strip()
        if "," in text:
            raise ValueError(f"must use '.' as the decimal point (got {_show(value)})")
        # ASCII digits only: float() would also take '6_1' as 61 and Arabic-Indic digits
        if not _DECIMAL_TEXT.fullmatch(text):
            raise ValueError(f"must be a number (got {_show(value)})")
        number = float(text)
    else:
        raise ValueError(f"must be a number (got {_show(value)})")
    if not math.isfinite(number):
        raise ValueError(f"must be a finite number (got {_show(value)})")
    return number


def _show(value: Any) -> str:
    # repr() escapes line breaks and control characters, so one problem stays one line
    text = f"'{value}'" if isinstance(value, str) and value.isprintable() else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _age(value, from_text):
    age = _number(value, from_text)
    if not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
        raise ValueError(f"must be between {AGE_RANGE[0]} and {AGE_RANGE[1]} years (got {age:g})")
    return age


def _choice(options: tuple[str, ...]):
    def parse(value, from_text):
        if not _is_text(value) or value.strip() not in options:
            raise ValueError(f"must be one of {', '.join(options)} (got {_show(value)})")
        return value.strip()

    return parse


def _percent(value, from_text):
    """A percentage (Ki-67 index, % of liver replaced): 0 to 100, null when unknown."""
    percent = _number(value, from_text)
    if not 0 <= percent <= 100:
        raise ValueError(f"must be between 0 and 100 percent, or null if unknown (got {percent:g})")
    return percent


def _lesion_count(value, from_text):
    count = _number(value, from_text)
    if not count.is_integer():
        raise ValueError(f"must be a whole number (got {count:g})")
    if count < 1:
        raise ValueError(f"must be at least 1 (got {count:g})")
    if count > 10_000:
        raise ValueError(f"is implausibly large (got {count:g})")
    return int(count)


def _lesion_size(value, from_text):
    size = _number(value, from_text)
    if not 0 < size <= LARGEST_LESION_MAX_MM:
        raise ValueError(f"must be more than 0 and at most {LARGEST_LESION_MAX_MM} mm (got {size:g})")
    return size


def _boolean(value, from_text):
    if isinstance(value, bool):
        return value
    if from_text and _is_text(value) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"must be true or false (got {_show(value)})")


def _label(value, from_text):
    if not _is_text(value):
        raise ValueError(f"must be text (got {_show(value)})")
    if len(value) > LABEL_MAX_CHARS:
        raise ValueError(f"must be at most {LABEL_MAX_CHARS} characters (got {len(value)})")
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise ValueError("must be a single line of text")
    if any("\ud800" <= ch <= "\udfff" for ch in value):  # a lone surrogate cannot be written as UTF-8
        raise ValueError("must be valid Unicode text (it holds a lone surrogate escape such as \\ud800)")
    return value


def _mitoses(value, from_text):
    count = _number(value, from_text)
    if count < 0:
        raise ValueError(f"must be 0 or more mitoses per 2 mm², or null if unknown (got {count:g})")
    return count


def _years_to_liver_mets(value, from_text):
    years = _number(value, from_text)
    if not 0 <= years <= YEARS_TO_LIVER_METS_MAX:
        raise ValueError(
            f"must be between 0 (synchronous) and {YEARS_TO_LIVER_METS_MAX} years, or null if unknown (got {years:g})"
        )
    return years


def _months_since_surgery(value, from_text):
    months = _number(value, from_text)
    if not 0 <= months <= MONTHS_SINCE_SURGERY_MAX:
        raise ValueError(
            f"must be between 0 and {MONTHS_SINCE_SURGERY_MAX} months after surgery, or null at the time of "
            f"surgery (got {months:g})"
        )
    return months


@dataclass(frozen=True)
class FieldSpec:
    parse: Callable[[Any, bool], Any]
    required: bool
    nullable: bool  # null / empty cell means "unknown"


FIELDS: dict[str, FieldSpec] = {
    "age_years": FieldSpec(_age, True, False),
    "primary_site": FieldSpec(_choice(PRIMARY_SITES), True, False),
    "ki67_percent": FieldSpec(_percent, False, True),
    "liver_lesion_count": FieldSpec(_lesion_count, True, False),
    "largest_lesion_mm": FieldSpec(_lesion_size, True, False),
    "extrahepatic_metastases": FieldSpec(_boolean, True, False),
    "cytoreduction": FieldSpec(_choice(CYTOREDUCTION_EXTENTS), False, True),
    "label": FieldSpec(_label, False, True),
    "planned_hepatectomy": FieldSpec(_choice(PLANNED_HEPATECTOMIES), False, True),
    "hormonal_syndrome": FieldSpec(_choice(HORMONAL_SYNDROMES), False, True),
    "primary_detail": FieldSpec(_choice(PRIMARY_DETAILS), False, True),
    "years_primary_to_liver_mets": FieldSpec(_years_to_liver_mets, False, True),
    "percent_liver_replaced": FieldSpec(_percent, False, True),
    "bilobar_metastases": FieldSpec(_boolean, False, True),
    "carcinoid_heart_disease": FieldSpec(_boolean, False, True),
    "primary_resected": FieldSpec(_boolean, False, True),
    "stable_disease_6_months": FieldSpec(_boolean, False, True),
    "mitoses_per_2mm2": FieldSpec(_mitoses, False, True),
    "months_since_surgery": FieldSpec(_months_since_surgery, False, True),
    "progression_so_far": FieldSpec(_choice(PROGRESSION_SO_FAR), False, True),
    "differentiation": FieldSpec(_choice(DIFFERENTIATIONS), False, True),
    "first_hepatectomy": FieldSpec(_boolean, False, True),
}
_KEPT_AS_NULL = ("ki67_percent", "cytoreduction")

assert set(FIELDS) == {f.name for f in fields(Case)}, "FIELDS and Case must list the same fields"


def validate_case(data: Mapping[str, Any], from_text: bool = False) -> Case:
    """Turn a mapping (parsed JSON, or a CSV row with ``from_text=True``) into a Case.

    Raises CaseError listing every problem, each naming its field.
    In text mode (CSV) an empty cell is null; numbers must use '.'; booleans accept
    true/false, yes/no, 1/0.
    """
    if not isinstance(data, Mapping):
        raise CaseError([f"the case must be a JSON object with named fields (got {type(data).__name__})"])
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for key in data:
        if key not in FIELDS:
            hint = _suggest(str(key))
            problems.append(f"unknown field {_show(str(key))}" + (f" (did you mean '{hint}'?)" if hint else ""))
    for name, spec in FIELDS.items():
        value = data.get(name)
        if from_text and _is_text(value) and value.strip() == "":
            value = None
        if value is None:
            if spec.required:
                problems.append(f"field '{name}' is required" + (" (the cell is empty)" if name in data else ""))
            clean[name] = None
            continue
        try:
            clean[name] = spec.parse(value, from_text)
        except ValueError as exc:
            problems.append(f"field '{name}' {exc}")
    problems.extend(_cross_field_problems(clean))
    if problems:
        raise CaseError(problems)
    if clean["months_since_surgery"] == 0:
        clean["months_since_surgery"] = None  # seen at the time of surgery: the unconditional estimate
    return Case(**clean)


def _cross_field_problems(clean: dict) -> list[str]:
    """Optional inputs that contradict the rest of the case (each names its field)."""
    problems = []
    site, detail = clean.get("primary_site"), clean.get("primary_detail")
    if detail is not None and site is not None and PRIMARY_DETAIL_GROUP[detail] != site:
        group = PRIMARY_DETAIL_GROUP[detail]
        problems.append(
            f"field 'primary_detail' '{detail}' contradicts field 'primary_site' '{site}': in the Mayo model "
            f"{PRIMARY_DETAIL_LABELS[detail].lower()} belongs to primary_site '{group}'"
            + (" (its small-intestine group excludes the duodenum)" if detail == "duodenum" else "")
        )
    age, years = clean.get("age_years"), clean.get("years_primary_to_liver_mets")
    if age is not None and years is not None and years > age:
        problems.append(f"field 'years_primary_to_liver_mets' ({years:g}) is more than the age ({age:g} years)")
    since, progression = clean.get("months_since_surgery"), clean.get("progression_so_far")
    if progression is not None and not since:
        problems.append(
            f"fields 'progression_so_far' ('{progression}') and 'months_since_surgery' contradict each other: "
            "progression so far applies only to a visit after surgery; give months_since_surgery above 0 "
            "or leave progression_so_far out"
        )
    return problems


def _suggest(key: str) -> str | None:
    lowered = key.lower().replace("-", "_").replace(" ", "_")
    for name in FIELDS:
        if lowered == name or lowered in name or name.startswith(lowered[:4]):
            return name
    return None
