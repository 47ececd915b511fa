"""Wording of the Mayo subgroup panel: the paper's subgroup medians beside the patient's subgroup."""

from __future__ import annotations

from desktop.model.case import PRIMARY_DETAIL_LABELS
from desktop.model.evidence.mayo import KI67_CATEGORIES, KI67_GROUP, MEDIANS, SITE_GROUPS
from desktop.report.evidence.common import Sources, item, not_in_cohort, printed

TITLE = "Mayo cohort: observed median survival by subgroup (not this patient's estimate)"
SITE_LABELS = {
    "small_intestine": "Small-intestine primary (not duodenum)",
    "pancreas": "Pancreatic primary",
    "other": "Other primary sites (duodenum included)",
}
SITE_NAMES = {"small_intestine": "small intestine", "pancreas": "pancreas", "other": "other primary sites"}
NOT_REPORTED = "not reported"


def _months(entry: dict | None) -> str:
    return NOT_REPORTED if entry is None else f"{printed(entry, 'months')} months"


def _patient(status: dict, ki67_label: str) -> str:
    if not status["in_cohort"]:
        return "poorly differentiated; no subgroup is marked."
    group, detail = status["site_group"], status["primary_detail"]
    site = (f"primary site {PRIMARY_DETAIL_LABELS[detail].lower()}, in the subgroup '{SITE_NAMES[group]}'"
            if detail else f"primary site group: {SITE_NAMES[group]}")
    above = status["ki67_above_threshold"]
    if above is None:
        ki67 = f"Ki-67 not entered, so whether the {ki67_label} subgroup applies is unknown"
    elif above:
        ki67 = f"Ki-67 {status['ki67_percent']:g}%, so also in the {ki67_label} subgroup (all primary sites together)"
    else:
        ki67 = f"Ki-67 {status['ki67_percent']:g}%, not in the {ki67_label} subgroup"
    return (f"{site}; {ki67}. A marked row is a group the patient belongs to; its median describes the whole "
            "group, not this patient.")


def mayo_subgroups(status: dict, ev, src: Sources) -> dict:
    sec = ev.data["mayo_subgroups"]
    medians = ev.resolve(MEDIANS)
    os_, pfs = medians["overall_survival_months"], medians["progression_free_survival_months"]
    categories = ev.resolve(KI67_CATEGORIES)
    mayo = lambda fact: src.fact(fact, "mayo2023")  # noqa: E731
    ki67_label = f"Ki-67 > {printed(categories, 'g3_above')}%"
    in_cohort = status["in_cohort"]

    def row(key: str, label: str, selected: bool, extra: list) -> dict:
        entries = [e for e in (os_.get(key), pfs.get(key)) if e is not None]
        return item(label, "", [mayo(e) for e in entries] + extra, key=key, os=_months(os_.get(key)),
                    pfs=_months(pfs.get(key)), selected=in_cohort and selected)

    rows = [row(group, SITE_LABELS[group], status["site_group"] == group, []) for group in SITE_GROUPS]
    rows.append(row(KI67_GROUP, f"{ki67_label} (all primary sites)", status["ki67_above_threshold"] is True,
                    [mayo(categories)]))
    cohort = ev.data["sources"]["mayo2023"]["cohort"]
    os_all = ev.mayo["milestones"]["overall_survival_median"]
    pfs_all = next(r for r in ev.mayo["milestones"]["progression_free_survival"] if r.get("survival") == 0.5)
    rows.insert(0, item(f"All patients (n = {printed(cohort, 'n')})", "", [mayo(cohort), mayo(os_all), mayo(pfs_all)],
                        key="all", selected=False,
                        os=f"{printed(os_all, 'months')} months (95% CI {printed(os_all, 'lower')}–{printed(os_all, 'upper')})",
                        pfs=f"{printed(pfs_all, 'months')} months (95% CI {printed(pfs_all, 'months_lower')}–"
                            f"{printed(pfs_all, 'months_upper')})"))
    known = sec["ki67_known"]
    notes = [
        item("Observed, not an estimate for this patient",
             "Each median was observed in a whole subgroup of the Mayo cohort (Kaplan–Meier, survival counted from "
             "hepatectomy), with that subgroup's own mix of age, Ki-67, lesions and extent of surgery, and is not "
             "adjusted for them." + (" The estimate for this patient, which takes all of the patient's factors into "
                                     "account, is the model's: the curves and the Numbers tab, and the first page of "
                                     "the consult note." if in_cohort else ""),
             [mayo(sec["kaplan_meier"])]),
        item("Ki-67 subgroup",
             f"Ki-67 was available for {printed(known, 'n')} patients ({printed(known, 'percent')}%); the Ki-67 "
             "subgroups' survival was summarised after multiple imputation of the missing values.",
             [mayo(known), mayo(sec["ki67_imputed"])]),
    ]
    return {"title": TITLE, "patient": _patient(status, ki67_label), "rows": rows, "notes": notes,
            "in_cohort": in_cohort,
            "not_in_cohort": None if in_cohort else not_in_cohort(
                ev, src, "mayo2023", "This patient's tumour is poorly differentiated: no subgroup describes "
                "this patient.")}
