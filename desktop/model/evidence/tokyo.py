"""The Tokyo cohort (Asano et al.): the patient's WHO grade and lesion group, and whether
the patient is in the authors' favourable group (fewer lesions than the cut-off and G1/G2).

Tokyo counted lesions on pathology; imaging finds fewer than half of them (the review), so a
count below the cut-off is favourable only with that caveat. Tokyo graded by the higher Ki-67 of
primary and metastases; here the grade is the combined one of ``grade.combined_grade``.
"""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence.grade import combined_grade, is_low_grade
from desktop.model.evidence.load import Evidence
from desktop.model.evidence.status import UNKNOWN, in_well_differentiated_cohorts

CUTOFF = "tokyo.lesion_cutoff"
COUNTED_ON_PATHOLOGY = "tokyo.lesion_count_pathology"
IMAGING_DETECTION = "criteria.imaging_detection"
UNDER, AT_OR_ABOVE = "under_8", "8_plus"  # keys of the rows; the number itself is read from CUTOFF


def assess(case: Case, ev: Evidence) -> dict:
    cutoff = ev.resolve(CUTOFF)["cutoff"]
    grade = combined_grade(case, ev)
    low = is_low_grade(grade)
    lesion_group = UNDER if case.liver_lesion_count < cutoff else AT_OR_ABOVE
    if lesion_group == AT_OR_ABOVE or low is False:
        favourable = "no"
    elif low is None:
        favourable = UNKNOWN
    else:
        favourable = "yes"
    return {
        "who_grade": grade["grade"] or UNKNOWN,
        "grade": grade,
        "lesion_count": case.liver_lesion_count,
        "lesion_cutoff": cutoff,
        "lesion_group": lesion_group,
        "in_favourable_group": favourable,
        # a count below the cut-off may be an imaging count of a pathologically larger number
        "count_caveat": lesion_group == UNDER,
        "incomplete_cytoreduction": case.cytoreduction in ("incomplete_over_90", "incomplete_under_90"),
        "in_cohort": in_well_differentiated_cohorts(case),  # Tokyo excluded neuroendocrine carcinomas
        "facts": [CUTOFF, "tokyo.grading.g3", "tokyo.authors_conclusion", COUNTED_ON_PATHOLOGY, IMAGING_DETECTION],
    }
