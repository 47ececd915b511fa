"""Wording of the published-criteria panel; every threshold is printed from its fact."""

from __future__ import annotations

from desktop.model.case import CYTOREDUCTION_LABELS, PRIMARY_DETAIL_LABELS
from desktop.model.evidence import BORDERLINE, UNKNOWN
from desktop.model.evidence.criteria import MAZZAFERRO, MILAN, PRECLUDING
from desktop.report.evidence.common import Sources, grade_text, item, printed


def _yes_no_text(value: bool | None) -> str:
    return UNKNOWN + " (not entered)" if value is None else ("yes" if value else "no")


def _ki67_text(ki67) -> str:
    return "Ki-67 " + (f"{ki67:g}%" if ki67 is not None else "unknown")


def _pct_text(pct) -> str:
    return "Liver replaced: " + (f"{pct:g}%" if pct is not None else "unknown (not entered)")


def _debulking_words(i: dict, ev) -> tuple[str, str, str]:
    """(label, text, patient) of one debulking criterion."""
    th, pf = ev.data["criteria"]["debulking_thresholds"], ev.resolve(PRECLUDING)
    low, high = printed(th["conclusion_70_90"], "low"), printed(th["conclusion_70_90"], "high")
    inputs, key = i["inputs"], i["key"]
    extent = inputs.get("cytoreduction")
    extent_text = "Extent of cytoreduction: " + (CYTOREDUCTION_LABELS[extent].lower() if extent else "not known yet")
    liver_low, liver_high = printed(pf, "liver_low"), printed(pf, "liver_high")
    if key == "cytoreduction_70":
        return (f"≥ {low}% cytoreduction achievable",
                f"Later series: debulking threshold > {printed(th['graff_baker_70'], 'percent')}% (Graff-Baker, Maxwell, "
                f"Scott); the review's conclusion: cytoreduce to {low}–{high}%",
                extent_text + (f"; the Mayo category 'below {high}%' does not say whether {low}% is reached"
                               if extent == "incomplete_under_90" else ""))
    if key == "cytoreduction_90":
        return (f"≥ {high}% cytoreduction achievable",
                f"Historical threshold: at least {printed(th['historical_90'], 'percent')}% (McEntee; Sarmiento; Mayo practice)",
                extent_text)
    if key == "liver_replacement":
        return (f"No liver replacement above {liver_low}–{liver_high}%",
                f"Generally precludes debulking: liver replacement > {liver_low}–{liver_high}%",
                _pct_text(inputs["percent_liver_replaced"])
                + (f"; between {liver_low}% and {liver_high}% the review's range leaves it open" if i["status"] == BORDERLINE else ""))
    if key == "bilobar":
        lesions = printed(pf, "lesions")
        patient = (f"{inputs['liver_lesion_count']} liver lesions"
                   + (f"; bilobar: {_yes_no_text(inputs['bilobar_metastases'])}" if inputs["many_lesions"] else "")
                   + " (whether they are small is not recorded"
                   + (", so the criterion stays open)" if inputs["bilobar_metastases"] and inputs["many_lesions"] else ")"))
        return (f"Not many (> {lesions}) small bilobar metastases",
                f"Generally precludes debulking: many (> {lesions}) small bilobar metastases", patient)
    if key == "carcinoid_heart_disease":
        return ("No carcinoid heart disease", "Generally precludes debulking: carcinoid heart disease",
                "Carcinoid heart disease: " + _yes_no_text(inputs["carcinoid_heart_disease"]))
    if key == "comorbidities":
        return ("No multiple co-morbidities", "Generally precludes debulking: multiple patient co-morbidities",
                "Co-morbidities are not recorded in this tool")
    if key == "high_grade":
        ki67 = printed(pf, "ki67")
        grade, value = inputs["grade"], inputs["ki67_percent"]
        choice = ev.data["tool_choices"]["high_grade_ki67_well_in_excess"]["percent"]
        if grade["differentiation"] == "poor":
            patient = "Poorly differentiated"
        elif value is not None and value >= choice:
            patient = f"{_ki67_text(value)}: well in excess of {ki67}% by this tool's reading (from {choice:g}%)"
        elif value is not None and value > pf["ki67"]:
            patient = (f"{_ki67_text(value)}: above {ki67}%; the review does not say how far above is 'well in excess' "
                       f"(this tool reads it as {choice:g}% or more)")
        elif grade["by_mitoses"] == "G3":
            patient = grade_text(grade) + f"; the review defines high grade by Ki-67 well above {ki67}%"
        else:
            patient = _ki67_text(value) + (f" (not above {ki67}%)" if value is not None else "")
        return ("Not high grade", "Generally precludes debulking: high-grade tumour (poorly differentiated, or well "
                f"differentiated with Ki-67 well in excess of {ki67}%)", patient)
    raise KeyError(key)


def _transplant_words(i: dict, ev) -> tuple[str, str, str]:
    milan, mazz = ev.resolve(MILAN), ev.resolve(MAZZAFERRO)
    inputs, key = i["inputs"], i["key"]
    g = f"G{printed(milan, 'g_low')}/G{printed(milan, 'g_high')}"
    stable = printed(milan, "stable_months")
    if key == "low_grade":
        return (f"Low grade ({g})", f"Milan/ENETS and Mazzaferro: low grade {g}", grade_text(inputs["grade"]))
    if key == "ki67_under_10":
        below = printed(milan, "ki67_enets_below")
        return (f"Ki-67 below {below}% (ENETS)", f"ENETS: Ki-67 < {below}%", _ki67_text(inputs["ki67_percent"]))
    if key == "liver_under_50":
        below = printed(milan, "liver_below")
        return (f"Liver involvement below {below}%", f"Milan/ENETS and Mazzaferro: < {below}% tumour involvement of the liver",
                _pct_text(inputs["percent_liver_replaced"]))
    if key == "primary_removed":
        return ("Primary tumour removed", "Milan/ENETS and Mazzaferro: the primary tumour has been removed",
                "Primary resected: " + _yes_no_text(inputs["primary_resected"]))
    if key == "no_extrahepatic":
        return ("No extrahepatic disease", "Milan/ENETS: no extrahepatic disease (Mazzaferro: or all of it resected "
                "curatively)", "Extrahepatic metastases: " + ("yes" if inputs["extrahepatic_metastases"] else "no"))
    if key == "stable_6_months":
        return (f"Stable disease for at least {stable} months", f"Milan/ENETS: stable disease for at least {stable} months "
                "(Mazzaferro: or response to treatment)",
                f"Stable for {stable} months or more: " + _yes_no_text(inputs["stable_disease_6_months"]))
    if key in ("age_under_55", "age_under_60"):
        fact, who = (milan, "Milan/ENETS") if key == "age_under_55" else (mazz, "Mazzaferro 2016")
        below = printed(fact, "age_below")
        summary = "Milan/ENETS as summarised by the review" if key == "age_under_55" else who
        return (f"Age below {below} ({who})", f"{summary}: age < {below}", f"Age {inputs['age_years']:g} years")
    if key == "portal_drainage":
        basis = inputs["basis"]
        if basis == "portal_site":
            patient = "Primary: small intestine or pancreas (portal venous drainage; anatomy, not from the source)"
        elif basis == "systemic_site":
            patient = f"Primary: {PRIMARY_DETAIL_LABELS[inputs['primary_detail']].lower()}"
        else:
            patient = "Primary site 'other': drainage not determined by this tool"
        return ("Primary drained by the portal system (Mazzaferro 2016)",
                "Mazzaferro 2016: primary tumour drained by the portal system", patient)
    raise KeyError(key)


def criteria(status: dict, ev, src: Sources) -> dict:
    sec = ev.data["criteria"]
    paper = sec["source"]

    def worded(items, words):
        out = []
        for i in items:
            label, text, patient = words(i, ev)
            sources = [r for ref in i["facts"] for r in src.ref(ref, paper)]
            extra = {}
            if i.get("disagreement"):
                record = ev.resolve(i["disagreement"])
                extra["disagreement"] = item("Sources differ", record["text"], src.refs(record, paper))
            out.append(item(label, text, sources, key=i["key"], status=i["status"], patient=patient, **extra))
        return out

    outcomes = []
    for entry in sec["transplant_outcomes"]:
        if entry["key"] == "mazzaferro":
            text = (f"5-year OS {printed(entry, 'five_year_transplant')}% vs {printed(entry, 'five_year_no')}%; "
                    f"10-year OS {printed(entry, 'ten_year_transplant')}% vs {printed(entry, 'ten_year_no')}%")
        else:
            text = (f"{printed(entry, 'n')} patients; 5-year OS {printed(entry, 'os_percent')}%; "
                    f"5-year disease-free survival {printed(entry, 'dfs_percent')}%")
        outcomes.append(item(entry["label"], text, [src.fact(entry, paper)], key=entry["key"]))
    rec = sec["recurrence"]
    return {
        "title": "Published criteria: debulking and liver transplantation",
        "notice": sec["notice"],
        "debulking": worded(status["debulking"], _debulking_words),
        "debulking_tally": status["debulking_tally"],
        "transplant": worded(status["transplant"], _transplant_words),
        "transplant_tally": status["transplant_tally"],
        "transplant_outcomes": outcomes,
        "recurrence": item("Recurrence after debulking", f"{printed(rec, 'percent_low')}–{printed(rec, 'percent_high')}% "
                           f"within 5 years and {printed(rec, 'percent_by_10_years')}% by 10 years", [src.fact(rec, paper)]),
        "disagreements": [item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]],
    }
