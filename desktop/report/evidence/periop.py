"""Wording of the perioperative-risk and symptom-relief panels (Mayo Table 2 and Results)."""

from __future__ import annotations

import re

from desktop.model.case import CYTOREDUCTION_LABELS, HORMONAL_SYNDROME_LABELS, PLANNED_HEPATECTOMY_LABELS
from desktop.model.evidence import UNKNOWN
from desktop.model.evidence.periop import SYNDROMES
from desktop.report.evidence.common import Sources, hr_text, item, not_in_cohort, p_text, printed, span


def _row_quote(row: dict) -> str:
    """A Table 2 row as printed: its label, the three columns and the p value."""
    return " ".join([row["printed_label"], row["all"]["quote"], row["minor"]["quote"], row["major"]["quote"], row["p"]])


def _other_periop_text(entry: dict) -> str:
    key = entry["key"]
    if key == "mdanderson_complications":
        return f"{printed(entry, 'percent')}%"
    if key == "mdanderson_deaths":
        return f"{printed(entry, 'n')} ({printed(entry, 'percent')}%)"
    if key == "mdanderson_stay":
        return f"{printed(entry, 'median')} days (range {printed(entry, 'low')}–{printed(entry, 'high')})"
    if key == "mdanderson_liver_complication_hr":
        return f"{hr_text(entry)}; it rests on {printed(entry['patients'], 'n')} patients with such a complication"
    if key == "iowa_complications":
        return f"{printed(entry, 'percent_any')}%; {printed(entry, 'percent_grade_3_4')}%; no deaths"
    raise KeyError(key)


def perioperative(status: dict, ev, src: Sources) -> dict:
    sec = ev.data["perioperative"]
    paper, where = sec["source"], "Table 2"
    planned = status["planned_hepatectomy"]
    columns = {}
    for key in ("all", "minor", "major"):
        col = sec["columns"][key]
        columns[key] = {"label": col["label"], "n": col["n"], "text": f"{col['label']} (n = {printed(col, 'n')})",
                        "sources": [src.fact(col, paper, where)]}
    rows = []
    for row in sec["rows"]:
        values = {}
        for key in ("all", "minor", "major"):
            cell = row[key]
            if row["kind"] == "count":
                n_text, percent_text = re.fullmatch(r"(\d+) \(([\d.]+)\)", cell["quote"]).groups()
                values[key] = {"text": f"{percent_text}% ({n_text})", "percent": cell["percent"], "n": cell["n"]}
            else:
                text = f"{printed(cell, 'median')} ({printed(cell, 'q1')}–{printed(cell, 'q3')})"
                values[key] = {"text": text, "median": cell["median"], "q1": cell["q1"], "q3": cell["q3"]}
        rows.append({"key": row["key"], "label": row["label"], "kind": row["kind"], "values": values,
                     "p": row["p"], "sources": [src.record(paper, row["line"], _row_quote(row))]})
    if planned != UNKNOWN:
        patient = f"Planned hepatectomy: {PLANNED_HEPATECTOMY_LABELS[planned].lower()}; the Mayo rates for that extent."
    else:
        patient = "Planned hepatectomy: not decided (unknown); both columns are shown."
    definitions = [item(key.replace("_", " "), d["text"], [src.fact(d, paper)]) for key, d in sec["definitions"].items()]
    other = [item(e["label"], _other_periop_text(e), [src.fact(e, paper)]
                  + ([src.fact(e["patients"], e["source"])] if "patients" in e else []), key=e["key"])
             for e in sec["other_series"]]
    major = next(r for r in sec["rows"] if r["key"] == "major_complication")
    iowa = next(e for e in sec["other_series"] if e["key"] == "iowa_complications")
    comparable = item(
        "Major complications in another series",
        f"Mayo, Clavien-Dindo grade 3 or higher within 90 days: {printed(major['all'], 'percent')}% of all patients "
        f"({printed(major['minor'], 'percent')}% minor, {printed(major['major'], 'percent')}% major hepatectomy); "
        f"Iowa (Scott et al., via Gangi & Howe), grade {printed(iowa, 'grade_low')} or {printed(iowa, 'grade_high')}: "
        f"{printed(iowa, 'percent_grade_3_4')}%",
        [src.record(paper, major["line"], _row_quote(major)), src.fact(sec["definitions"]["major_complication"], paper),
         src.fact(iowa, paper)])
    notes = [item("Note", n["text"], src.refs(n, paper), kind=n.get("kind", "note")) for n in sec["notes"]]
    return {
        "title": "Perioperative risk (Mayo Clinic, Table 2)",
        "planned_hepatectomy": planned,
        "patient": patient,
        "shown_columns": status["shown_columns"],
        "columns": columns,
        "rows": rows,
        "percent_note": "Percent of patients (number of patients); operative time and stay: median (IQR).",
        "definitions": definitions,
        "other_series": other,
        "comparable": comparable,
        "notes": notes,
        "disagreements": [n for n in notes if n.get("kind") == "disagreement"],
    }


def symptom_relief(status: dict, ev, src: Sources) -> dict:
    sec = ev.data["symptom_relief"]
    paper, where = sec["source"], "Results, Symptomatic Relief"
    in_cohort = status["in_cohort"]
    syndrome = status["selected_syndrome"] if in_cohort else None
    by_syndrome = []
    for key in SYNDROMES:
        rate = sec["by_syndrome"][key]
        count = sec["syndrome_counts"].get(key)
        sources = src.facts(rate, paper, where) + ([src.fact(count, paper, where)] if count else [])
        by_syndrome.append(item(
            HORMONAL_SYNDROME_LABELS[key], f"{printed(rate, 'percent')}%", sources, key=key,
            patients_with_syndrome=(printed(count, "n") if count else "not reported"),
            selected=(key == syndrome),
        ))
    applies = status["applies"]
    if not in_cohort:
        patient = f"Hormonal syndrome: {_syndrome_text(status['hormonal_syndrome'])}; no row is marked."
    elif applies == UNKNOWN:
        patient = "Hormonal syndrome: unknown (not entered); the rate for each syndrome is listed."
    elif syndrome is None:
        patient = "Hormonal syndrome: none entered (non-functional tumour): symptom relief does not apply."
    else:
        rate = next(i for i in by_syndrome if i["key"] == syndrome)
        patient = (f"Hormonal syndrome: {HORMONAL_SYNDROME_LABELS[syndrome].lower()}. In the Mayo series "
                   f"{rate['text']} of patients with it had relief (resolution or marked improvement).")
    overall, evaluated, interval = sec["overall"], sec["evaluated"], sec["symptom_free_interval"]
    group = status["interval_group"] if in_cohort else None
    sfi = []
    for key, label in (("overall", "All patients with relief"), ("complete", "Complete cytoreduction"),
                       ("residual", "Gross residual disease (incomplete cytoreduction)")):
        f = interval[key]
        upper = printed(f, "upper") if f.get("upper") is not None else f.get("upper_text", "not reached")
        sfi.append(item(label, f"{printed(f, 'months')} months (95% CI {printed(f, 'lower')}–{upper})",
                        [src.fact(f, paper, where)], key=key, selected=(key == group)))
    if not in_cohort:
        interval_patient = "No row is marked."
    elif group is None:
        interval_patient = "Extent of cytoreduction: not known yet; both groups are shown."
    else:
        interval_patient = f"Extent of cytoreduction: {CYTOREDUCTION_LABELS[status['cytoreduction']].lower()}."
    ext = sec["by_extent"]
    other = []
    for entry in sec["other_series"]:
        result, size = entry["result"], entry["size"]
        text = f"{printed(result, 'percent')}% of {printed(size, 'n')} patients"
        if "months" in result:
            text += f"; mean duration {printed(result, 'months')} months"
        other.append(item(entry["label"], text, [src.fact(result, paper), src.fact(size, paper)], key=entry["key"]))
    ret, within = sec["return_after_progression"], sec["within_a_year_of_progression"]
    chd, valve = sec["carcinoid_heart_disease"], sec["valve_replacement"]
    return {
        "title": "Symptom relief after cytoreductive hepatectomy (Mayo Clinic)",
        "hormonal_syndrome": status["hormonal_syndrome"],
        "applies": applies,
        "patient": patient,
        "definition": item("Definition of relief", sec["definition"]["text"], [src.fact(sec["definition"], paper)]),
        "overall": item("All functional tumours evaluated",
                        f"{printed(overall, 'percent')}% ({printed(overall, 'n')} of {printed(evaluated, 'n')} evaluated patients)",
                        [src.fact(overall, paper, where), src.fact(evaluated, paper, where)]),
        "by_syndrome": by_syndrome,
        "by_extent": item("Relief by extent of cytoreduction",
                          f"{printed(ext['complete'], 'percent')}% after resection of all gross disease, "
                          f"{printed(ext['residual'], 'percent')}% with gross residual disease "
                          f"({p_text(ext['residual'])})",
                          [src.fact(ext["complete"], paper), src.fact(ext["residual"], paper)]),
        "symptom_free_interval": sfi,
        "symptom_free_interval_patient": interval_patient,
        "symptom_free_interval_p": item("Difference between complete and residual",
                                        p_text(interval['p']), [src.fact(interval["p"], paper, where)]),
        "after_progression": item(
            "Return of symptoms after radiographic progression",
            f"median {printed(ret, 'months')} months (95% CI {span(ret)}); {printed(within, 'percent')}% within "
            f"{printed(within, 'years')} year of progression",
            [src.fact(ret, paper, where), src.fact(within, paper, where)]),
        "carcinoid_heart_disease": item(
            "Carcinoid heart disease among patients with carcinoid syndrome",
            f"{printed(chd, 'percent')}% ({printed(chd, 'n')}); valve replacement before hepatectomy "
            f"{printed(valve, 'percent')}% ({printed(valve, 'n')})",
            [src.fact(chd, paper), src.fact(valve, paper)]),
        "notes": [
            item("Symptom-free interval and somatostatin analogues", interval["censoring"]["text"],
                 [src.fact(interval["censoring"], paper)]),
            item("Medical control for comparison",
                 f"Somatostatin analogues control symptoms in about {printed(sec['ssa_context'], 'percent')}% of "
                 "patients with carcinoid syndrome (Mayo discussion)", [src.fact(sec["ssa_context"], paper)]),
        ],
        "other_series": other,
        "disagreements": [item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]],
        "not_in_cohort": None if in_cohort else not_in_cohort(
            ev, src, paper, "This patient's tumour is poorly differentiated: no row describes this patient."),
    }


def _syndrome_text(syndrome: str) -> str:
    return "unknown (not entered)" if syndrome == UNKNOWN else HORMONAL_SYNDROME_LABELS[syndrome].lower()
