"""The Mayo cohort's published subgroup medians (Discussion) and the subgroups the patient is in.

These medians are observed in whole subgroups, not adjusted for anything else: they are shown
beside the model's estimate, never instead of it. The site subgroup is the model's own group
(``primary_site``, set from the anatomical site: the duodenum is 'other'); the Ki-67 subgroup is
the paper's top Ki-67 category, its threshold read from the record of the Mayo categories.
"""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence.load import Evidence
from desktop.model.evidence.status import in_well_differentiated_cohorts

MEDIANS = "mayo2023.json:subgroup_medians.quotes"
KI67_CATEGORIES = "tokyo.grading.categories"  # the Mayo Methods' "< 3%, 3–20%, and > 20%"
SITE_GROUPS = ("small_intestine", "pancreas", "other")
KI67_GROUP = "ki67_over_20"  # the key of the paper's subgroup in mayo2023.json


def assess(case: Case, ev: Evidence) -> dict:
    """The patient's site subgroup and whether the Ki-67 subgroup applies (None: Ki-67 not entered).

    ``in_cohort`` is False for a poorly differentiated tumour: the Mayo cohort excluded such
    patients, so none of its subgroups is the patient's.
    """
    threshold = ev.resolve(KI67_CATEGORIES)["g3_above"]
    ki67 = case.ki67_percent
    return {
        "site_group": case.primary_site,
        "primary_detail": case.primary_detail,
        "ki67_percent": ki67,
        "ki67_threshold": threshold,
        "ki67_above_threshold": None if ki67 is None else ki67 > threshold,
        "in_cohort": in_well_differentiated_cohorts(case),
        "facts": [MEDIANS, KI67_CATEGORIES, "mayo_subgroups.kaplan_meier", "mayo_subgroups.ki67_imputed"],
    }
