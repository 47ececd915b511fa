"""Wording of the Tokyo and MD Anderson panels: the cohorts beside Mayo, and the cautions."""

from __future__ import annotations

from desktop.model.case import PRIMARY_DETAIL_LABELS
from desktop.model.evidence import CAUTION, NO_CAUTION, NOT_APPLICABLE, UNKNOWN
from desktop.model.evidence.tokyo import AT_OR_ABOVE, UNDER
from desktop.report.evidence.common import (
    Sources,
    grade_text,
    hr_text,
    item,
    not_in_cohort,
    p_text,
    printed,
    span,
    unique,
)


def tokyo(status: dict, ev, src: Sources) -> dict:
    sec = ev.data["tokyo"]
    paper = sec["source"]
    in_cohort = status["in_cohort"]
    # out of the cohort no row is the patient's: the grade and group select nothing
    grade, group = (status["grade"]["grade"], status["lesion_group"]) if in_cohort else (None, None)
    rfs, os_ = sec["rfs"], sec["os"]
    g, lesions = rfs["by_grade"], rfs["by_lesions"]
    s = lambda f: src.fact(f, paper)  # noqa: E731
    rfs_rows = [
        item(f"All R0/1 resections (n = {printed(rfs['overall'], 'n')})",
             f"{printed(rfs['overall'], 'months')} months (95% CI {span(rfs['overall'])})", [s(rfs["overall"])],
             key="all", hr="", selected=False),
        item(f"< {printed(lesions, 'cutoff')} liver metastases", f"{printed(lesions, 'months_under_8')} months",
             [s(lesions)], key=UNDER, hr="reference", selected=(group == UNDER)),
        item(f"≥ {printed(lesions, 'cutoff')} liver metastases", f"{printed(lesions, 'months_8_plus')} months",
             [s(lesions), s(rfs["hr_8_plus"])], key=AT_OR_ABOVE, hr=hr_text(rfs["hr_8_plus"]),
             selected=(group == AT_OR_ABOVE)),
        item("G1", f"{printed(g, 'months_g1')} months", [s(g)], key="G1", hr="reference (G1/G2)", selected=(grade == "G1")),
        item("G2", f"{printed(g, 'months_g2')} months", [s(g)], key="G2", hr="reference (G1/G2)", selected=(grade == "G2")),
        item("G3", f"{printed(g, 'months_g3')} months", [s(g), s(rfs["hr_g3"])], key="G3", hr=hr_text(rfs["hr_g3"]),
             selected=(grade == "G3")),
    ]
    og, treat, ol = os_["by_grade"], os_["by_treatment"], os_["by_lesions"]
    cohort = ev.data["sources"]["tokyo"]["cohort"]
    os_rows = [
        item(f"All {printed(cohort, 'n')} patients", f"{printed(os_['overall'], 'years')} years (95% CI {span(os_['overall'])}); "
             f"5-year OS {printed(os_['overall'], 'five_year_percent')}%", [s(os_["overall"]), s(cohort)], key="all", hr=""),
        item("G1", f"{printed(og, 'years_g1')} years", [s(og)], key="G1", hr="reference (G1/G2)", selected=(grade == "G1")),
        item("G2", f"{printed(og, 'years_g2')} years", [s(og)], key="G2", hr="reference (G1/G2)", selected=(grade == "G2")),
        item("G3", f"{printed(og, 'years_g3')} years", [s(og), s(os_["hr_g3"])], key="G3", hr=hr_text(os_["hr_g3"]),
             selected=(grade == "G3")),
        item("R0/1 resection", f"{printed(treat, 'years_r0_1')} years", [s(treat), s(os_["hr_r0_1"])], key="r0_1",
             hr=hr_text(os_["hr_r0_1"])),
        item("R2 resection", f"not reported; better than medication only ({p_text(os_['r2_vs_medication'])})",
             [s(os_["r2_vs_medication"]), s(os_["hr_r2"])], key="r2", hr=hr_text(os_["hr_r2"])),
        item("Medication only", f"{printed(treat, 'years_medication')} years", [s(treat)], key="medication", hr="reference"),
        item(f"< {printed(ol, 'cutoff')} liver metastases", f"{printed(ol, 'years_under_8')} years", [s(ol)],
             key="os_under_8", hr="", selected=(group == UNDER)),
        item(f"≥ {printed(ol, 'cutoff')} liver metastases", f"{printed(ol, 'years_8_plus')} years ({p_text(ol)})",
             [s(ol)], key="os_8_plus", hr="", selected=(group == AT_OR_ABOVE)),
    ]
    cutoff = printed(sec["lesion_cutoff"], "cutoff")
    group_text = f"fewer than {cutoff}" if status["lesion_group"] == UNDER else f"{cutoff} or more"
    favourable = status["in_favourable_group"]
    caveat = ""
    if status["count_caveat"]:
        caveat = (f" Tokyo counted lesions on pathology; imaging finds fewer than half of them, so "
                  f"{status['lesion_count']} on imaging may be {cutoff} or more.")
        if favourable == "yes":
            favourable += ", if the count is from pathology, as Tokyo's was"
    patient = (f"{grade_text(status['grade'])}; {status['lesion_count']} liver lesions: {group_text}. "
               f"In the Tokyo authors' favourable group (fewer than {cutoff} and G1/G2): {favourable}.{caveat}")
    if not in_cohort:
        patient = f"{grade_text(status['grade'])}; {status['lesion_count']} liver lesions; no group is marked."
    notes = [
        item("Time zero", "RFS: from the first hepatectomy (R0/1 resections only). OS: from the first diagnosis of "
             "liver metastases, not from surgery, and includes patients treated with medication only.",
             [src.fact(ev.data["sources"]["tokyo"]["time_zero"], paper)]),
        item("Grading", sec["grading"]["text"], [s(sec["grading"]["g3"]), src.fact(sec["grading"]["categories"], paper),
                                                s(sec["grading"]["higher_value"])]),
        item("Counting lesions", sec["lesion_count_method"]["text"] + " "
             + ev.data["criteria"]["imaging_detection"]["text"] + " (Gangi & Howe 2020)",
             [s(sec["lesion_count_pathology"]), s(sec["lesion_count_method"]),
              src.fact(ev.data["criteria"]["imaging_detection"], "review2020")]),
        item("Lesion cut-off", sec["lesion_cutoff"]["text"], [s(sec["lesion_cutoff"])]),
        item("Hazard ratios, RFS", rfs["hr_note"] + f" G3: {hr_text(rfs['hr_g3'])}, {p_text(rfs['hr_g3'])}; "
             f"{printed(rfs['hr_8_plus'], 'cutoff')} or more metastases: {hr_text(rfs['hr_8_plus'])}, {p_text(rfs['hr_8_plus'])}.",
             [s(rfs["hr_g3"]), s(rfs["hr_8_plus"]), s(sec["r0_1"])]),
        item("Hazard ratios, RFS (count as a number)", rfs["hr_note_count_model"]
             + f" G3: {hr_text(rfs['hr_g3_count_model'])}, {p_text(rfs['hr_g3_count_model'])}; per additional "
             f"metastasis: {hr_text(rfs['hr_per_lesion'])}, {p_text(rfs['hr_per_lesion'])}.",
             [s(rfs["hr_g3_count_model"]), s(rfs["hr_per_lesion"]), s(sec["r0_1"])]),
        item("Hazard ratios, OS", os_["hr_note"], [s(os_["hr_r0_1"]), s(cohort)]),
        item("Authors' conclusion", sec["authors_conclusion"]["text"], [s(sec["authors_conclusion"])]),
    ]
    if status["incomplete_cytoreduction"]:
        notes.insert(0, item("Applicability", "Tokyo's RFS figures are for R0/1 resection (no gross residual disease); "
                             "with incomplete cytoreduction they do not apply directly.", [s(sec["r0_1"])]))
    return {
        "title": "Tokyo cohort (Asano et al.): recurrence after R0/1 resection and survival by grade",
        "who_grade": status["who_grade"],
        "lesion_group": group_text,
        "in_favourable_group": status["in_favourable_group"],
        "patient": patient,
        "rfs_rows": rfs_rows,
        "os_rows": os_rows,
        "notes": notes,
        "disagreements": [item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]],
        "not_in_cohort": None if in_cohort else not_in_cohort(
            ev, src, paper, "This patient's tumour is poorly differentiated: no group describes this patient, "
            "and Tokyo's G3 rows are well-differentiated tumours with a high Ki-67."),
    }


def _cell(text: str, sources: list[dict]) -> dict:
    return {"text": text, "sources": unique(sources)}


def _milestone_rows(ev, src: Sources) -> list[dict]:
    m, mayo, sources_ = ev.data["mdanderson"]["milestones"], ev.mayo, ev.data["sources"]
    md = "mdanderson"
    s = lambda f, p=md: src.fact(f, p)  # noqa: E731
    mayo_os = {row["months"]: row for row in mayo["milestones"]["overall_survival"]}
    mayo_median = mayo["milestones"]["overall_survival_median"]

    def mayo_pct(months):
        r = mayo_os[months]
        return _cell(f"{round(r['survival'] * 100):d}% ({round(r['lower'] * 100):d}–{round(r['upper'] * 100):d})",
                     [src.fact(r, "mayo2023")])

    def years(key, paper):
        period = sources_[key]["cohort" if key == "mayo2023" else "period"]
        return _cell(f"{printed(period, 'first_year')}–{printed(period, 'last_year')}", [s(period, paper)])

    none = _cell("not reported", [])
    t_os = ev.data["tokyo"]["os"]["overall"]
    mayo_cohort, tokyo_cohort = sources_["mayo2023"]["cohort"], sources_["tokyo"]["cohort"]
    return [
        {"label": "Patients", "mayo": _cell(printed(mayo_cohort, "n"), [s(mayo_cohort, "mayo2023")]),
         "mdanderson": _cell(printed(sources_[md]["cohort"], "n"), [s(sources_[md]["cohort"])]),
         "tokyo": _cell(f"{printed(tokyo_cohort, 'n')} ({printed(tokyo_cohort, 'resected')} resected)",
                        [s(tokyo_cohort, "tokyo")])},
        {"label": "Years of surgery", "mayo": years("mayo2023", "mayo2023"), "mdanderson": years(md, md),
         "tokyo": years("tokyo", "tokyo")},
        {"label": "Survival counted from", "mayo": _cell("hepatectomy", [s(mayo_cohort, "mayo2023")]),
         "mdanderson": _cell("operation (not stated explicitly)", []),
         "tokyo": _cell("diagnosis of liver metastases", [s(sources_["tokyo"]["time_zero"], "tokyo")])},
        {"label": "5-year OS", "mayo": mayo_pct(60), "mdanderson": _cell(f"{printed(m['five_year'], 'percent')}%", [s(m["five_year"])]),
         "tokyo": _cell(f"{printed(t_os, 'five_year_percent')}% (all patients, any treatment)", [s(t_os, "tokyo")])},
        {"label": "10-year OS", "mayo": mayo_pct(120), "mdanderson": _cell(f"{printed(m['ten_year'], 'percent')}%", [s(m["ten_year"])]),
         "tokyo": none},
        {"label": "15-year OS", "mayo": mayo_pct(180), "mdanderson": none, "tokyo": none},
        {"label": "Median OS",
         "mayo": _cell(f"{mayo_median['months']} months (95% CI {mayo_median['lower']}–{mayo_median['upper']})",
                       [src.fact(mayo_median, "mayo2023")]),
         "mdanderson": _cell(f"{printed(m['median_years'], 'years')} years", [s(m["median_years"])]),
         "tokyo": _cell(f"{printed(t_os, 'years')} years (95% CI {span(t_os)})", [s(t_os, "tokyo")])},
    ]


def _lung_thymus(c: dict, sec: dict, mayo: dict, src: Sources) -> dict:
    lt = sec["lung_thymus"]
    s = lambda f: src.fact(f, "mdanderson")  # noqa: E731
    other_hr = mayo["hazard_ratios"]["overall_survival"]["primary_other"]
    text = (f"MD Anderson: lung or thymus primary {hr_text(lt['hr_multivariable'])} for death, multivariable, from "
            f"{printed(lt['n'], 'n')} patients. The Mayo model counts these primaries as 'other': "
            f"HR {other_hr['hr']} (95% CI {other_hr['lower']}–{other_hr['upper']}).")
    detail = c["primary_detail"]
    patient = {
        NOT_APPLICABLE: "Primary site is not 'other'.",
        UNKNOWN: "Primary detail unknown (not entered): if the primary is in the lung or thymus, this caution applies.",
        CAUTION: f"Primary: {PRIMARY_DETAIL_LABELS.get(detail, '').lower()}. MD Anderson found a much higher risk for such "
                 "primaries: the Mayo estimate may be optimistic for this patient.",
        NO_CAUTION: f"Primary: {PRIMARY_DETAIL_LABELS.get(detail, '').lower()} (not lung or thymus).",
    }[c["status"]]
    return item("Lung or thymus primary", text, [s(lt["hr_multivariable"]), s(lt["n"]), src.fact(other_hr, "mayo2023")],
                key="lung_thymus", status=c["status"], patient=patient,
                caveat=item("Caveat", lt["caveat"]["text"], [s(lt["caveat"]), s(lt["n"])]))


def _interval(c: dict, sec: dict, src: Sources) -> dict:
    iv = sec["interval"]
    hr = iv["hr_multivariable"]
    s = lambda f: src.fact(f, "mdanderson")  # noqa: E731
    text = (f"MD Anderson: each year from resection of the primary to liver metastases, {hr_text(hr)} for death "
            "(multivariable). The Mayo model has no such term.")
    years, derived = c["years"], c["derived"]
    if years is None:
        patient = "Years from primary to liver metastases: unknown (not entered)."
    elif derived is None:
        patient = ("Synchronous liver metastases: interval 0 by this tool's reading (the paper does not say), so no "
                   "added hazard in the MD Anderson model.")
    else:
        patient = (f"Interval {years:g} years: the MD Anderson HR implies {hr['hr'] ** years:.2f} times (95% CI "
                   f"{hr['lower'] ** years:.2f}–{hr['upper'] ** years:.2f}) the hazard of synchronous disease.")
        if c["status"] == CAUTION:
            patient += " The Mayo estimate may be optimistic for this patient."
    return item("Years from primary to liver metastases", text, [s(hr), s(iv["definition"])], key="interval",
                status=c["status"], patient=patient, derived=derived,
                definition=item("Definition", iv["definition"]["text"], [s(iv["definition"])]),
                reading=item("This tool's reading", iv["synchronous_reading"]["text"], [], tool_reading=True))


def mdanderson(status: dict, ev, src: Sources) -> dict:
    sec = ev.data["mdanderson"]
    paper = sec["source"]
    cautions = []
    for c in status["cautions"]:
        if c["key"] == "lung_thymus":
            cautions.append(_lung_thymus(c, sec, ev.mayo, src))
        elif c["key"] == "interval":
            cautions.append(_interval(c, sec, src))
        else:
            r = sec["rectum_univariable"]
            cautions.append(item("Rectal primary", f"MD Anderson: rectal primary {hr_text(r)}, univariable only (not "
                                 "retained in the multivariable model).", [src.fact(r, paper)], key="rectum",
                                 status=c["status"], patient="Primary: rectum."))
    sources_ = ev.data["sources"]
    follow_up = sec["milestones"]["follow_up"]
    return {
        "title": "MD Anderson cohort (Glazer et al. 2010) beside Mayo",
        "milestone_columns": {"mayo": sources_["mayo2023"]["short"], "mdanderson": sources_["mdanderson"]["short"],
                              "tokyo": sources_["tokyo"]["short"]},
        "milestones": _milestone_rows(ev, src),
        "cautions": cautions,
        "any_caution": status["any_caution"],
        "follow_up": item("MD Anderson median follow-up", f"{printed(follow_up, 'years')} years", [src.fact(follow_up, paper)]),
        "disagreements": [item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]],
    }
