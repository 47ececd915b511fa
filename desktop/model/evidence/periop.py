"""Perioperative risk (Mayo Table 2) and symptom relief (Mayo Results): which published column
or group applies to the patient."""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence.status import NOT_APPLICABLE, UNKNOWN, in_well_differentiated_cohorts

SYNDROMES = ("carcinoid", "gastrinoma", "insulinoma", "other_functional")


def perioperative(case: Case) -> dict:
    planned = case.planned_hepatectomy
    return {"planned_hepatectomy": planned or UNKNOWN, "shown_columns": [planned] if planned else ["minor", "major"]}


def symptom_relief(case: Case) -> dict:
    syndrome = case.hormonal_syndrome
    if syndrome is None:
        applies = UNKNOWN
    elif syndrome == "none":
        applies = NOT_APPLICABLE
    else:
        applies = "yes"
    extent = case.cytoreduction
    group = None if extent is None else ("complete" if extent == "complete" else "residual")
    return {"hormonal_syndrome": syndrome or UNKNOWN, "applies": applies,
            "selected_syndrome": syndrome if syndrome in SYNDROMES else None,
            "cytoreduction": extent, "interval_group": group, "in_cohort": in_well_differentiated_cohorts(case)}
