"""The evidence panels as report sections (Qt-free): an optional appendix of the consult note.

``evidence_sections(evidence)`` turns the dict of ``desktop.report.evidence.evidence_for`` into
``Section`` objects. Every number carries a footnote marker ``[n]``; the section's footnote n
names the paper (author, journal, year) and the place in it (a table, a section of the
Results, the Discussion); ``footnote_quotes`` holds the verbatim words, shown on hover. The
application's evidence panel shows these same sections, so screen and paper never disagree.
"""

from __future__ import annotations

from desktop.model.case import EVIDENCE_FIELD_LABELS, Case
from desktop.model.params import ModelParams
from desktop.report.sections import Section, Table

APPENDIX_TITLE = "Appendix: what other series and the literature say"
STATUS_TEXT = {"met": "Met", "not met": "Not met", "unknown": "Unknown", "borderline": "Borderline"}
CAUTION_TEXT = {"caution": "CAUTION", "note": "Note", "no caution": "No caution", "unknown": "Unknown",
                "not applicable": "Not applicable"}
THIS_PATIENT = " ◀ this patient"
THIS_PATIENTS_SUBGROUP = " ◀ this patient's subgroup"  # a group's median beside it: not the patient's own
PATIENT_PREFIX = "This patient — "  # paragraphs about the patient's own inputs: no source numbers
NOT_IN_COHORT = "NOT IN THIS COHORT — "  # a poorly differentiated tumour: the cohort excluded such patients
NOT_IN_COHORTS = "NOT IN THESE COHORTS — "


class Footnotes:
    """Numbers the sources of one section: one footnote per (paper, place), in order of first use."""

    def __init__(self):
        self._index: dict[tuple, int] = {}
        self.lines: list[str] = []
        self.quotes: list[list[str]] = []

    def marker(self, sources: list[dict]) -> str:
        if not sources:
            return ""
        numbers = []
        for s in sources:
            key = (s["paper"], s["where"])
            if key not in self._index:
                self._index[key] = len(self.lines) + 1
                self.lines.append(f"[{self._index[key]}] {s['cite']}, {s['where']}")
                self.quotes.append([])
            n = self._index[key]
            if s["quote"] not in self.quotes[n - 1]:
                self.quotes[n - 1].append(s["quote"])
            numbers.append(n)
        return "[" + ", ".join(str(n) for n in sorted(set(numbers))) + "]"

    def mark(self, text: str, sources: list[dict]) -> str:
        marker = self.marker(sources)
        return f"{text} {marker}" if marker else text


def _section(title, paragraphs, table, fn: Footnotes) -> Section:
    return Section(title, paragraphs, table, fn.lines, fn.quotes)


def _value_text(value, name: str = "") -> str:
    if name == "percent_liver_replaced" and isinstance(value, (int, float)):
        return f"{value:g}%"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return str(value).replace("_", " ")


def _item_paragraph(fn: Footnotes, item: dict, prefix: str | None = None) -> str:
    head = prefix if prefix is not None else item["label"]
    return fn.mark(f"{head}: {item['text']}", item["sources"])


def _not_in_cohort(fn: Footnotes, item: dict | None, prefix: str = NOT_IN_COHORT) -> list[str]:
    """The paragraph saying why no row is marked as the patient's (none when the patient is in the cohort)."""
    return [] if item is None else [fn.mark(f"{prefix}{item['text']} {item['patient']}", item["sources"])]


def intro_section(evidence: dict) -> Section:
    inputs = "; ".join(f"{EVIDENCE_FIELD_LABELS[k]}: {_value_text(v, k)}" for k, v in evidence["inputs"].items())
    fn = Footnotes()
    scope = _not_in_cohort(fn, evidence.get("cohort_scope"), NOT_IN_COHORTS)
    return _section(
        APPENDIX_TITLE,
        [evidence["notice"]] + scope
        + [f"{PATIENT_PREFIX}optional inputs for these panels (unknown = not entered): {inputs}."],
        None, fn,
    )


def perioperative_sections(evidence: dict) -> list[Section]:
    sec = evidence["perioperative"]
    fn = Footnotes()
    shown = sec["shown_columns"]
    columns = ["Outcome"] + [fn.mark(sec["columns"][c]["text"], sec["columns"][c]["sources"]) for c in shown] + ["p", "Source"]
    rows = [[row["label"]] + [row["values"][c]["text"] for c in shown] + [row["p"], fn.marker(row["sources"])]
            for row in sec["rows"]]
    paragraphs = [PATIENT_PREFIX + sec["patient"], sec["percent_note"]]
    paragraphs += [_item_paragraph(fn, d, "Definition") for d in sec["definitions"]]
    paragraphs.append(_item_paragraph(fn, sec["comparable"]))
    main = _section(sec["title"], paragraphs, Table(columns, rows), fn)
    fn2 = Footnotes()
    other_rows = [[o["label"], o["text"], fn2.marker(o["sources"])] for o in sec["other_series"]]
    notes = [_item_paragraph(fn2, n, "Sources differ" if n.get("kind") == "disagreement" else "Note") for n in sec["notes"]]
    other = _section("Perioperative risk in other series", notes, Table(["Series and outcome", "Result", "Source"], other_rows), fn2)
    return [main, other]


def symptom_sections(evidence: dict) -> list[Section]:
    sec = evidence["symptom_relief"]
    fn = Footnotes()
    rows = [[i["label"] + (THIS_PATIENT if i["selected"] else ""), i["text"], i["patients_with_syndrome"],
             fn.marker(i["sources"])] for i in sec["by_syndrome"]]
    paragraphs = _not_in_cohort(fn, sec.get("not_in_cohort"))
    paragraphs += [PATIENT_PREFIX + sec["patient"], _item_paragraph(fn, sec["overall"]), _item_paragraph(fn, sec["by_extent"]),
                  _item_paragraph(fn, sec["definition"]), _item_paragraph(fn, sec["carcinoid_heart_disease"])]
    relief = _section(sec["title"], paragraphs,
                     Table(["Syndrome", "Relief", "Patients with the syndrome", "Source"], rows), fn)
    fn2 = Footnotes()
    rows2 = [[i["label"] + (THIS_PATIENT if i["selected"] else ""), i["text"], fn2.marker(i["sources"])]
             for i in sec["symptom_free_interval"]]
    paragraphs2 = _not_in_cohort(fn2, sec.get("not_in_cohort"))
    paragraphs2 += [PATIENT_PREFIX + sec["symptom_free_interval_patient"], _item_paragraph(fn2, sec["symptom_free_interval_p"]),
                   _item_paragraph(fn2, sec["after_progression"])]
    paragraphs2 += [_item_paragraph(fn2, n) for n in sec["notes"]]
    paragraphs2 += [_item_paragraph(fn2, o) for o in sec["other_series"]]
    paragraphs2 += [_item_paragraph(fn2, d) for d in sec["disagreements"]]
    duration = _section("How long the relief lasts (median symptom-free interval)", paragraphs2,
                       Table(["Group", "Median symptom-free interval", "Source"], rows2), fn2)
    return [relief, duration]


def mayo_subgroup_sections(evidence: dict) -> list[Section]:
    """The Mayo paper's subgroup medians, observed, with the patient's subgroups marked."""
    sec = evidence["mayo_subgroups"]
    fn = Footnotes()
    rows = [[r["label"] + (THIS_PATIENTS_SUBGROUP if r["selected"] else ""), r["os"], r["pfs"], fn.marker(r["sources"])]
            for r in sec["rows"]]
    paragraphs = _not_in_cohort(fn, sec.get("not_in_cohort"))
    paragraphs += [PATIENT_PREFIX + sec["patient"]] + [_item_paragraph(fn, n) for n in sec["notes"]]
    columns = ["Subgroup of the Mayo cohort", "Median overall survival (observed)",
               "Median progression-free survival (observed)", "Source"]
    return [_section(sec["title"], paragraphs, Table(columns, rows), fn)]


def tokyo_sections(evidence: dict) -> list[Section]:
    sec = evidence["tokyo"]
    fn = Footnotes()
    rows = [[i["label"] + (THIS_PATIENT if i.get("selected") else ""), i["text"], i["hr"], fn.marker(i["sources"])]
            for i in sec["rfs_rows"]]
    paragraphs = _not_in_cohort(fn, sec.get("not_in_cohort"))
    paragraphs += [PATIENT_PREFIX + sec["patient"]] + [_item_paragraph(fn, n) for n in sec["notes"]]
    rfs = _section(sec["title"], paragraphs,
                  Table(["Group (R0/1 resection)", "Median recurrence-free survival", "Hazard ratio", "Source"], rows), fn)
    fn2 = Footnotes()
    rows2 = [[i["label"] + (THIS_PATIENT if i.get("selected") else ""), i["text"], i["hr"], fn2.marker(i["sources"])]
             for i in sec["os_rows"]]
    paragraphs2 = _not_in_cohort(fn2, sec.get("not_in_cohort"))
    paragraphs2 += ["Overall survival counted from the diagnosis of liver metastases (not from surgery), all patients."]
    paragraphs2 += [_item_paragraph(fn2, d) for d in sec["disagreements"]]
    os_section = _section("Tokyo cohort: median overall survival", paragraphs2,
                         Table(["Group", "Median overall survival", "Hazard ratio", "Source"], rows2), fn2)
    return [rfs, os_section] + findings_section(evidence, "tokyo")


def mdanderson_sections(evidence: dict) -> list[Section]:
    sec = evidence["md_anderson"]
    fn = Footnotes()
    cols = sec["milestone_columns"]
    rows = [[r["label"]] + [fn.mark(r[k]["text"], r[k]["sources"]) for k in ("mayo", "mdanderson", "tokyo")]
            for r in sec["milestones"]]
    paragraphs = []
    for c in sec["cautions"]:
        paragraphs.append(fn.mark(f"{CAUTION_TEXT[c['status']]} — {c['label']}: {c['text']}", c["sources"]))
        paragraphs.append(PATIENT_PREFIX + c["patient"])
        if c.get("reading"):
            paragraphs.append(f"{c['reading']['label']}: {c['reading']['text']}")
        if c.get("caveat") and c["status"] == "caution":
            paragraphs.append(_item_paragraph(fn, c["caveat"]))
    paragraphs.append(_item_paragraph(fn, sec["follow_up"]))
    paragraphs += [_item_paragraph(fn, d) for d in sec["disagreements"]]
    table = Table(["", cols["mayo"], cols["mdanderson"], cols["tokyo"]], rows)
    return [_section(sec["title"], paragraphs, table, fn)] + findings_section(evidence, "mdanderson")


def findings_section(evidence: dict, paper: str) -> list[Section]:
    """'Also reported' by one paper: findings beside the panel's own."""
    records = evidence.get("findings", {}).get(paper)
    if not records:
        return []
    fn = Footnotes()
    cite = records[0]["sources"][0]["cite"]
    return [_section(f"Also reported by {cite}", [_item_paragraph(fn, r) for r in records], None, fn)]


def _patient_cell(fn: Footnotes, criterion: dict) -> str:
    """What the criterion finds for this patient, and beside it where another source disagrees."""
    other = criterion.get("disagreement")
    if not other:
        return criterion["patient"]
    return criterion["patient"] + ". " + fn.mark(f"{other['label']}: {other['text']}", other["sources"])


def criteria_sections(evidence: dict) -> list[Section]:
    sec = evidence["guideline_criteria"]
    out = []
    for group, title in (("debulking", "Published criteria for debulking (cytoreduction)"),
                         ("transplant", "Published criteria for liver transplantation (Milan / ENETS / Mazzaferro)")):
        fn = Footnotes()
        rows = [[i["label"], _patient_cell(fn, i), STATUS_TEXT[i["status"]], fn.marker(i["sources"])] for i in sec[group]]
        tally = sec[f"{group}_tally"]
        paragraphs = [sec["notice"]] if group == "debulking" else []
        paragraphs.append(PATIENT_PREFIX + "items " + ", ".join(f"{n} {STATUS_TEXT[s].lower()}" for s, n in tally.items() if n) + ".")
        if group == "debulking":
            paragraphs.append(_item_paragraph(fn, sec["recurrence"]))
        else:
            paragraphs += [_item_paragraph(fn, o) for o in sec["transplant_outcomes"]]
            paragraphs += [_item_paragraph(fn, d) for d in sec["disagreements"]]
        out.append(_section(title, paragraphs, Table(["Criterion", "This patient", "Status", "Source"], rows), fn))
    return out + findings_section(evidence, "review2020")


def trials_sections(evidence: dict) -> list[Section]:
    sec = evidence["therapy_trials"]
    fn = Footnotes()
    rows = [[r["name"], r["n"], r["population"], r["comparison"], r["effect"], fn.marker(r["sources"])] for r in sec["rows"]]
    paragraphs = [_item_paragraph(fn, sec["note"])]
    paragraphs += [fn.mark(f"Correction, {r['name']}: {r['correction']}", r["sources"]) for r in sec["rows"] if r.get("correction")]
    return [_section(sec["title"], paragraphs,
                    Table(["Trial or series", "Patients", "Population", "Comparison", "Effect", "Source"], rows), fn)]


def era_range_sentence(scenario: dict) -> str:
    """What the scenario's range means: c < 1 is likely, not certain (a share of the draws has c > 1)."""
    share = 100 * scenario["hazard_multiplier_share_above_1"]
    return (f"The scenario lowers the hazard in most draws, but in {share:.0f}% of them c is above one "
            "(the recent era worse than the whole period), so its range includes the main estimate: recent "
            "patients may do better, not certainly.")


def era_sections(evidence: dict) -> list[Section]:
    sec = evidence["era"]
    fn = Footnotes()
    rows = [[r["label"], r["os_5y"], r["os_10y"], fn.marker(r["sources"])] for r in sec["rows"]]
    paragraphs = [_item_paragraph(fn, sec["difference"])]
    scenario = sec.get("scenario")
    if scenario:
        paragraphs.append(fn.mark(f"{scenario['label']}. {scenario['text']}", scenario["sources"]))
        paragraphs.append(PATIENT_PREFIX + scenario["patient"] + f" Era hazard ratio c = {scenario['hazard_multiplier']:.2f} "
                          f"(range over the draws {scenario['hazard_multiplier_range'][0]:.2f}–"
                          f"{scenario['hazard_multiplier_range'][1]:.2f}). " + era_range_sentence(scenario))
        paragraphs.append(fn.mark("Method: " + scenario["method"], scenario["sources"]))
        paragraphs.append(fn.mark("Limitations: " + scenario["limitations"], scenario["sources"]))
    paragraphs += [_item_paragraph(fn, c) for c in sec["context"]]
    return ([_section(sec["title"], paragraphs, Table(["Period of surgery", "5-year OS", "10-year OS", "Source"], rows), fn)]
            + findings_section(evidence, "mayo2023"))


def sources_section(evidence: dict) -> Section:
    paragraphs = []
    for v in evidence["sources"].values():
        outside = f" ({v['outside_source_text']})" if v.get("outside_source_text") else ""
        paragraphs.append(f"{v['cite']}: {v['citation']}{outside}")
    return Section("Sources of the appendix", paragraphs)


def evidence_sections(evidence: dict) -> list[Section]:
    """All evidence sections, in the order of the panels."""
    return (
        [intro_section(evidence)]
        + perioperative_sections(evidence)
        + symptom_sections(evidence)
        + mayo_subgroup_sections(evidence)
        + tokyo_sections(evidence)
        + mdanderson_sections(evidence)
        + criteria_sections(evidence)
        + trials_sections(evidence)
        + era_sections(evidence)
        + [sources_section(evidence)]
    )


def appendix_sections(case: Case, params: ModelParams | None = None) -> list[Section]:
    """The optional appendix of the consult note for ``case``."""
    from desktop.report.evidence.build import evidence_for

    return evidence_sections(evidence_for(case, params=params))
