"""Published criteria for debulking and liver transplantation (Gangi & Howe 2020): a status
per criterion from the case, every threshold read from ``evidence.json``."""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence.grade import is_low_grade, who_grade
from desktop.model.evidence.load import Evidence
from desktop.model.evidence.status import BORDERLINE, MET, NOT_MET, STATUSES, UNKNOWN, item, yes_no

PRECLUDING = "criteria.precluding_factors"
MILAN = "criteria.transplant_milan_enets"
MAZZAFERRO = "criteria.transplant_mazzaferro"
_T = "criteria.debulking_thresholds."


def _debulking(case: Case, ev: Evidence) -> list[dict]:
    pf = ev.resolve(PRECLUDING)
    extent = case.cytoreduction
    if extent is None:
        st70 = st90 = UNKNOWN
    elif extent in ("complete", "incomplete_over_90"):
        st70 = st90 = MET
    else:  # below 90%: may or may not reach 70%
        st70, st90 = UNKNOWN, NOT_MET
    pct = case.percent_liver_replaced
    if pct is None:
        st_liver = UNKNOWN
    elif pct <= pf["liver_low"]:
        st_liver = MET
    elif pct > pf["liver_high"]:
        st_liver = NOT_MET
    else:
        st_liver = BORDERLINE
    count = case.liver_lesion_count
    many = count > pf["lesions"]
    st_bilobar = MET if not many else {None: UNKNOWN, True: NOT_MET, False: MET}[case.bilobar_metastases]
    ki67 = case.ki67_percent
    if ki67 is None:
        st_grade = UNKNOWN
    elif ki67 <= pf["ki67"]:
        st_grade = MET
    else:
        st_grade = BORDERLINE
    return [
        item("cytoreduction_70", st70, [_T + k for k in ("graff_baker_70", "maxwell_70", "scott_70", "conclusion_70_90")],
             cytoreduction=extent),
        item("cytoreduction_90", st90, [_T + k for k in ("historical_90", "sarmiento_90", "mayo_view")], cytoreduction=extent),
        item("liver_replacement", st_liver, [PRECLUDING], percent_liver_replaced=pct),
        item("bilobar", st_bilobar, [PRECLUDING], liver_lesion_count=count, many_lesions=many,
             bilobar_metastases=case.bilobar_metastases),
        item("carcinoid_heart_disease", yes_no(case.carcinoid_heart_disease, False), [PRECLUDING],
             carcinoid_heart_disease=case.carcinoid_heart_disease),
        item("comorbidities", UNKNOWN, [PRECLUDING]),
        item("high_grade", st_grade, [PRECLUDING], ki67_percent=ki67),
    ]


def _portal(case: Case) -> tuple[str, str]:
    """Status of 'primary drained by the portal system' and on what it rests."""
    if case.primary_site in ("small_intestine", "pancreas"):
        return MET, "portal_site"
    if case.primary_detail in ("lung", "thymus"):
        return NOT_MET, "systemic_site"
    return UNKNOWN, "other_site"


def _transplant(case: Case, ev: Evidence) -> list[dict]:
    milan, mazz = ev.resolve(MILAN), ev.resolve(MAZZAFERRO)
    ki67 = case.ki67_percent
    grade = who_grade(ki67)
    low = is_low_grade(grade)
    st_low = UNKNOWN if low is None else (MET if low else NOT_MET)
    st_ki10 = UNKNOWN if ki67 is None else (MET if ki67 < milan["ki67_enets_below"] else NOT_MET)
    pct = case.percent_liver_replaced
    st_50 = UNKNOWN if pct is None else (MET if pct < milan["liver_below"] else NOT_MET)
    st_portal, portal_basis = _portal(case)
    age = case.age_years
    both = [MILAN, MAZZAFERRO]
    return [
        item("low_grade", st_low, both, ki67_percent=ki67, grade=grade),
        item("ki67_under_10", st_ki10, [MILAN], ki67_percent=ki67),
        item("liver_under_50", st_50, both, percent_liver_replaced=pct),
        item("primary_removed", yes_no(case.primary_resected, True), both, primary_resected=case.primary_resected),
        item("no_extrahepatic", yes_no(case.extrahepatic_metastases, False), both,
             extrahepatic_metastases=case.extrahepatic_metastases),
        item("stable_6_months", yes_no(case.stable_disease_6_months, True), both,
             stable_disease_6_months=case.stable_disease_6_months),
        item("age_under_55", MET if age < milan["age_below"] else NOT_MET, [MILAN], age_years=age),
        item("age_under_60", MET if age < mazz["age_below"] else NOT_MET, [MAZZAFERRO], age_years=age),
        item("portal_drainage", st_portal, [MAZZAFERRO], primary_site=case.primary_site,
             primary_detail=case.primary_detail, basis=portal_basis),
    ]


def tally(items: list[dict]) -> dict:
    return {status: sum(1 for i in items if i["status"] == status) for status in STATUSES}


def assess(case: Case, ev: Evidence) -> dict:
    debulking, transplant = _debulking(case, ev), _transplant(case, ev)
    return {"debulking": debulking, "debulking_tally": tally(debulking),
            "transplant": transplant, "transplant_tally": tally(transplant)}
