"""Published criteria for debulking and liver transplantation (Gangi & Howe 2020): a status
per criterion from the case, every threshold read from ``evidence.json``."""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence.grade import RULE, combined_grade, is_low_grade
from desktop.model.evidence.load import Evidence
from desktop.model.evidence.status import BORDERLINE, MET, NOT_MET, STATUSES, UNKNOWN, item, yes_no

PRECLUDING = "criteria.precluding_factors"
MILAN = "criteria.transplant_milan_enets"
MAZZAFERRO = "criteria.transplant_mazzaferro"
_T = "criteria.debulking_thresholds."
WELL_IN_EXCESS = "tool_choices.high_grade_ki67_well_in_excess"
CARCINOID_HEART = "criteria.carcinoid_heart_disagreement"


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
    # bilobar and many: still not 'not met', since the tool does not record whether they are small
    st_bilobar = MET if not many else {None: UNKNOWN, True: UNKNOWN, False: MET}[case.bilobar_metastases]
    grade = combined_grade(case, ev)
    st_grade = _not_high_grade(grade, pf["ki67"], ev.resolve(WELL_IN_EXCESS)["percent"])
    return [
        item("cytoreduction_70", st70, [_T + k for k in ("graff_baker_70", "maxwell_70", "scott_70", "conclusion_70_90")],
             cytoreduction=extent),
        item("cytoreduction_90", st90, [_T + k for k in ("historical_90", "sarmiento_90", "mayo_view")], cytoreduction=extent),
        item("liver_replacement", st_liver, [PRECLUDING], percent_liver_replaced=pct),
        item("bilobar", st_bilobar, [PRECLUDING], liver_lesion_count=count, many_lesions=many,
             bilobar_metastases=case.bilobar_metastases),
        item("carcinoid_heart_disease", yes_no(case.carcinoid_heart_disease, False), [PRECLUDING],
             carcinoid_heart_disease=case.carcinoid_heart_disease, disagreement=CARCINOID_HEART),
        item("comorbidities", UNKNOWN, [PRECLUDING]),
        item("high_grade", st_grade, [PRECLUDING], ki67_percent=case.ki67_percent, grade=grade),
    ]


def _not_high_grade(grade: dict, ki67_limit: float, well_in_excess: float) -> str:
    """'Not high grade': poorly differentiated, or well differentiated with Ki-67 well in excess of
    the limit, precludes debulking. A Ki-67 at or below the limit rules out both."""
    ki67 = grade["ki67_percent"]
    if grade["differentiation"] == "poor" or (ki67 is not None and ki67 >= well_in_excess):
        return NOT_MET
    if ki67 is not None and ki67 > ki67_limit:
        return BORDERLINE
    if grade["by_mitoses"] == "G3":
        return BORDERLINE  # G3 by mitotic count: the review defines 'high grade' by Ki-67
    return MET if ki67 is not None else UNKNOWN


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
    grade = combined_grade(case, ev)
    low = is_low_grade(grade)
    st_low = UNKNOWN if low is None else (MET if low else NOT_MET)
    st_ki10 = UNKNOWN if ki67 is None else (MET if ki67 < milan["ki67_enets_below"] else NOT_MET)
    pct = case.percent_liver_replaced
    st_50 = UNKNOWN if pct is None else (MET if pct < milan["liver_below"] else NOT_MET)
    st_portal, portal_basis = _portal(case)
    age = case.age_years
    both = [MILAN, MAZZAFERRO]
    return [
        item("low_grade", st_low, both + [RULE], ki67_percent=ki67, grade=grade),
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
