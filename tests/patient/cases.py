"""The cases the patient's sheet is checked on: best, worst, unknown-heavy and out of scope."""

from __future__ import annotations

from desktop.model import validate_case
from desktop.model.case import Case

BEST = {"age_years": 35, "primary_site": "small_intestine", "ki67_percent": 1, "liver_lesion_count": 1,
        "largest_lesion_mm": 12, "extrahepatic_metastases": False, "cytoreduction": "complete",
        "label": "Patient A. Best 7731"}
WORST = {"age_years": 88, "primary_site": "pancreas", "ki67_percent": 60, "liver_lesion_count": 40,
         "largest_lesion_mm": 180, "extrahepatic_metastases": True, "cytoreduction": "incomplete_under_90",
         "label": "Patient B. Worst 7732"}
# every optional input unknown, and a long label with non-Latin script (printed only when asked)
UNKNOWN = {"age_years": 64.5, "primary_site": "other", "ki67_percent": None, "liver_lesion_count": 7,
           "largest_lesion_mm": 41.5, "extrahepatic_metastases": False, "cytoreduction": None,
           "label": "Ünal-Müller, María José · 山田 · MRN 0012345678"}
CASES = {"best": BEST, "worst": WORST, "unknown": UNKNOWN, "out_of_scope": {**BEST, "label": "Patient C. Scope 7733"}}


def case_of(name: str) -> Case:
    """The case ``name``; 'out_of_scope' is poorly differentiated (the study excluded such tumours)."""
    if name != "out_of_scope":
        return validate_case(CASES[name])
    if "differentiation" in Case.__dataclass_fields__:
        return validate_case({**CASES[name], "differentiation": "poor"})
    case = validate_case(CASES[name])
    object.__setattr__(case, "differentiation", "poor")  # until the case carries the field
    return case
