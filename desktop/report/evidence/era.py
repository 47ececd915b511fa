"""Wording of the therapy-trials and era panels."""

from __future__ import annotations

from desktop.model.evidence import is_fact
from desktop.report.evidence.common import Sources, item, p_text, printed, span, unique


def trials(ev, src: Sources) -> dict:
    sec = ev.data["trials"]
    paper = sec["source"]
    rows = []
    for row in sec["rows"]:
        facts = [v for v in row.values() if is_fact(v)] + [f for f in row.get("details", []) if is_fact(f)]
        correction = row["effect"].get("correction") if is_fact(row.get("effect")) else None
        n = printed(row["n"], "n") if is_fact(row.get("n")) else (printed(row["effect"], "n") if "n" in row["effect"] else "")
        rows.append({"key": row["key"], "name": row["name"], "design": row["design"], "population": row["population"],
                     "comparison": row["comparison"], "n": n, "effect": row["effect_text"],
                     "correction": correction, "sources": unique([src.fact(f, paper) for f in facts])})
    return {
        "title": "Systemic and liver-directed therapy: trials and series (as summarised by Gangi & Howe 2020)",
        "rows": rows,
        "note": item("Note", sec["note"]["quote"], [src.fact(sec["note"], paper)]),
    }


def _scenario(numbers: dict, ev, src: Sources) -> dict:
    sec = ev.data["era"]["scenario"]
    target = ev.resolve(numbers["facts"][0])
    five = numbers["months"].index(60)
    curve, main = numbers["scenario_overall_survival"], numbers["main_overall_survival"]
    patient = (f"scenario 5-year OS {100 * curve['survival'][five]:.0f}% "
               f"(range {100 * curve['lower'][five]:.0f}–{100 * curve['upper'][five]:.0f}%), main estimate "
               f"{100 * main['survival'][five]:.0f}%.")
    return {
        "label": "Scenario, not the main estimate: overall survival recalibrated to the 2014–2020 period",
        "text": f"Calibrated to the 2014–2020 5-year OS of {printed(target, 'percent')}% (95% CI {span(target)}).",
        "sources": [src.fact(target, "mayo2023"), src.fact(ev.data["era"]["p_values"], "mayo2023")],
        "is_scenario": True,
        "method": sec["method"],
        "limitations": sec["limitations"],
        "hazard_multiplier": numbers["hazard_multiplier"],
        "hazard_multiplier_range": numbers["hazard_multiplier_range"],
        "hazard_multiplier_share_above_1": numbers["hazard_multiplier_share_above_1"],
        "patient": patient,
        "months": numbers["months"],
        "scenario_overall_survival": curve,
        "main_overall_survival": main,
        "check": numbers["check"],
        "derived": True,
    }


def era(numbers: dict | None, ev, src: Sources) -> dict:
    sec = ev.data["era"]
    paper = sec["source"]
    s = lambda f: src.fact(f, paper)  # noqa: E731
    pre = sec["pre_2000"]
    rows = [item("1977–1998 (earlier Mayo cohort)", "", [s(pre)], key="1977_1998",
                 os_5y=f"{printed(pre, 'percent')}%", os_10y="not reported")]
    for row in sec["rows"]:
        five, ten = row["os_5y"], row["os_10y"]
        rows.append(item(row["label"], "", [s(five)] + ([s(ten)] if ten else []), key=row["key"],
                         os_5y=f"{printed(five, 'percent')}% (95% CI {span(five)})",
                         os_10y=f"{printed(ten, 'percent')}% (95% CI {span(ten)})" if ten else "not reported"))
    p = sec["p_values"]
    return {
        "title": "Era: Mayo overall survival by period of surgery",
        "rows": rows,
        "difference": item("Difference between periods", f"OS {p_text(p, 'p_os')}; PFS {p_text(p, 'p_pfs')} "
                           "(no difference in PFS)", [s(p)]),
        "context": [item("Context", c["text"], src.refs(c, paper)) for c in sec["context"]],
        "scenario": _scenario(numbers, ev, src) if numbers else None,
    }
