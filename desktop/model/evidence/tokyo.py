"""The Tokyo cohort (Asano et al.): the patient's WHO grade and lesion group, and whether
the patient is in the authors' favourable group (fewer lesions than the cut-off and G1/G2)."""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence.grade import who_grade
from desktop.model.evidence.load import Evidence
from desktop.model.evidence.status import UNKNOWN

CUTOFF = "tokyo.lesion_cutoff"
UNDER, AT_OR_ABOVE = "under_8", "8_plus"  # keys of the rows; the number itself is read from CUTOFF


def assess(case: Case, ev: Evidence) -> dict:
    cutoff = ev.resolve(CUTOFF)["cutoff"]
    grade = who_grade(case.ki67_percent)
    lesion_group = UNDER if case.liver_lesion_count < cutoff else AT_OR_ABOVE
    if lesion_group == AT_OR_ABOVE or grade == "G3":
        favourable = "no"
    elif grade is None:
        favourable = UNKNOWN
    else:
        favourable = "yes"
    return {
        "who_grade": grade or UNKNOWN,
        "grade": grade,
        "ki67_percent": case.ki67_percent,
        "lesion_count": case.liver_lesion_count,
        "lesion_cutoff": cutoff,
        "lesion_group": lesion_group,
        "in_favourable_group": favourable,
        "incomplete_cytoreduction": case.cytoreduction in ("incomplete_over_90", "incomplete_under_90"),
        "facts": [CUTOFF, "tokyo.grading.g3", "tokyo.authors_conclusion"],
    }
