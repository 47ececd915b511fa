"""The MD Anderson cohort (Glazer et al. 2010): cautions where it found a risk that the Mayo
model does not carry (lung or thymus primary; a long interval from the primary to the liver
metastases)."""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence.load import Evidence
from desktop.model.evidence.status import CAUTION, NO_CAUTION, NOT_APPLICABLE, NOTE, UNKNOWN

LUNG_THYMUS = "mdanderson.lung_thymus.hr_multivariable"
INTERVAL = "mdanderson.interval.hr_multivariable"
RECTUM = "mdanderson.rectum_univariable"
CAUTION_HR = "tool_choices.mdanderson_interval_caution_hr"


def _lung_thymus(case: Case) -> dict:
    detail = case.primary_detail
    if case.primary_site != "other":
        status = NOT_APPLICABLE
    elif detail is None:
        status = UNKNOWN
    elif detail in ("lung", "thymus"):
        status = CAUTION
    else:
        status = NO_CAUTION
    return {"key": "lung_thymus", "status": status, "primary_detail": detail,
            "facts": [LUNG_THYMUS, "mdanderson.lung_thymus.n", "mayo2023.json:hazard_ratios.overall_survival.primary_other"]}


def _interval(case: Case, ev: Evidence) -> dict:
    hr = ev.resolve(INTERVAL)
    years = case.years_primary_to_liver_mets
    derived = None
    if years is None:
        status = UNKNOWN
    elif years == 0:
        status = NO_CAUTION
    else:
        implied = hr["hr"] ** years
        derived = {"formula": f"{hr['hr']}^{years:g}", "implied_hr": round(implied, 2),
                   "implied_hr_lower": round(hr["lower"] ** years, 2),
                   "implied_hr_upper": round(hr["upper"] ** years, 2)}
        status = CAUTION if implied >= ev.resolve(CAUTION_HR) else NOTE
    return {"key": "interval", "status": status, "years": years, "derived": derived,
            "facts": [INTERVAL, "mdanderson.interval.definition"]}


def assess(case: Case, ev: Evidence) -> dict:
    cautions = [_lung_thymus(case), _interval(case, ev)]
    if case.primary_site == "other" and case.primary_detail == "rectum":
        cautions.append({"key": "rectum", "status": NOTE, "facts": [RECTUM]})
    return {"cautions": cautions, "any_caution": any(c["status"] == CAUTION for c in cautions)}
