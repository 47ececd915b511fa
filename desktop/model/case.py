"""A patient case: the contract of design/interface.md, validated field by field.

Every problem is collected (not only the first) so that a user fixes a file in one go.
An unknown key is an error, so that a misspelt ``ki67`` can never silently become
"Ki-67 unknown".
"""

from __future__ import annotations

import math
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

AGE_RANGE = (18, 100)
LARGEST_LESION_MAX_MM = 400
LABEL_MAX_CHARS = 200

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

    def to_dict(self) -> dict:
        """The case as a JSON-ready dict in the interface's field order (None kept)."""
        out = asdict(self)
        for name in ("age_years", "ki67_percent", "largest_lesion_mm"):
            if isinstance(out[name], float) and out[name].is_integer():
                out[name] = int(out[name])
        if out["label"] is None:
            del out["label"]
        return out

    def replace(self, **changes) -> "Case":
        data = asdict(self)
        data.update(changes)
        return Case(**data)

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
        number = float(value)
    elif from_text and _is_text(value):
        text = value.strip()
        if "," in text:
            raise ValueError(f"must use '.' as the decimal point (got '{value}')")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"must be a number (got '{value}')") from None
    else:
        raise ValueError(f"must be a number (got {_show(value)})")
    if not math.isfinite(number):
        raise ValueError(f"must be a finite number (got {_show(value)})")
    return number


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
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


def _ki67(value, from_text):
    ki67 = _number(value, from_text)
    if not 0 <= ki67 <= 100:
        raise ValueError(f"must be between 0 and 100 percent, or null if unknown (got {ki67:g})")
    return ki67


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
    return value


@dataclass(frozen=True)
class FieldSpec:
    parse: Callable[[Any, bool], Any]
    required: bool
    nullable: bool  # null / empty cell means "unknown"


FIELDS: dict[str, FieldSpec] = {
    "age_years": FieldSpec(_age, True, False),
    "primary_site": FieldSpec(_choice(PRIMARY_SITES), True, False),
    "ki67_percent": FieldSpec(_ki67, False, True),
    "liver_lesion_count": FieldSpec(_lesion_count, True, False),
    "largest_lesion_mm": FieldSpec(_lesion_size, True, False),
    "extrahepatic_metastases": FieldSpec(_boolean, True, False),
    "cytoreduction": FieldSpec(_choice(CYTOREDUCTION_EXTENTS), False, True),
    "label": FieldSpec(_label, False, True),
}

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
            problems.append(f"unknown field '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""))
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
    if problems:
        raise CaseError(problems)
    return Case(**clean)


def _suggest(key: str) -> str | None:
    lowered = key.lower().replace("-", "_").replace(" ", "_")
    for name in FIELDS:
        if lowered == name or lowered in name or name.startswith(lowered[:4]):
            return name
    return None
