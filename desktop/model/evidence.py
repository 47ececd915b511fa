"""What the other cohorts and the review say, for one case: information, never a recommendation.

Reads ``model_params/evidence.json`` (every number with its verbatim source quote and seed
line; verified against ``checksums.EXPECTED_SHA256``) and, for the Mayo survival milestones
and hazard ratios, ``mayo2023.json`` (each number lives once). ``evidence_for(case)`` returns a
JSON-ready dict with seven parts: perioperative risk, symptom relief, the Tokyo cohort, the MD
Anderson cohort, guideline criteria, the trial table and the era scenario.

Conventions of the output, relied on by the report, the panel and the tests:
* every displayed item has ``sources``: a list of {paper, short, seed, where, line};
* its ``text`` (and ``label``/``criterion``) holds only numbers printed on those source lines;
* what depends on this patient (inputs, derived numbers) goes in ``patient``, never in ``text``;
* an optional input that was not given is reported as "unknown", never guessed.
Nothing here changes a survival prediction.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from desktop import paths
from desktop.model.case import (
    CYTOREDUCTION_LABELS,
    EVIDENCE_FIELDS,
    HORMONAL_SYNDROME_LABELS,
    PLANNED_HEPATECTOMY_LABELS,
    PRIMARY_DETAIL_LABELS,
    Case,
)
from desktop.model.params import ModelParams, ParameterError, load_params, verify_file

EVIDENCE_FILE = "evidence.json"
SCHEMA = "netlm-risk/evidence/1"
UNKNOWN = "unknown"
NOT_APPLICABLE = "not applicable"
MET, NOT_MET, BORDERLINE = "met", "not met", "borderline"
STATUSES = (MET, NOT_MET, UNKNOWN, BORDERLINE)
SCENARIO_MONTHS = (12, 24, 36, 60, 120, 180)
NOTICE = (
    "Information from published series to support a discussion, not a recommendation and not part of the "
    "Mayo model's estimate. Each number cites its source paper and the line of the source text it comes from."
)
SECTIONS = ("perioperative", "symptom_relief", "tokyo", "mdanderson", "criteria", "trials", "era")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


# ------------------------------------------------------------------ loading and checking


@dataclass(frozen=True)
class Evidence:
    data: dict
    sha256: str
    mayo: dict  # the published Mayo parameter file (mayo2023.json), for milestones and HRs

    def source(self, key: str) -> dict:
        return self.data["sources"][key]

    def resolve(self, ref: str):
        """A value by dotted path; list items by their 'key'; 'mayo2023.json:' reads the model file."""
        if ref.startswith("mayo2023.json:"):
            node, parts = self.mayo, ref.split(":", 1)[1].split(".")
        else:
            node, parts = self.data, ref.split(".")
        for part in parts:
            if isinstance(node, list):
                matches = [item for item in node if isinstance(item, dict) and item.get("key") == part]
                node = matches[0] if matches else node[int(part)]
            else:
                node = node[part]
        return node


def is_fact(value) -> bool:
    return isinstance(value, dict) and "quote" in value


def fact_numbers(fact: dict) -> list[float]:
    """The numbers a fact states (every int/float field except its line)."""
    return [float(v) for k, v in fact.items()
            if k not in ("line",) and isinstance(v, (int, float)) and not isinstance(v, bool)]


def quote_numbers(text: str) -> list[float]:
    return [float(t) for t in _NUMBER.findall(text)]


def iter_facts(node, source: str | None = None, path: str = ""):
    """Yield (path, source_key, fact) for every fact, with the nearest enclosing 'source'."""
    if isinstance(node, dict):
        source = node.get("source", source) if isinstance(node.get("source"), str) else source
        if is_fact(node):
            yield path, source, node
        for key, value in node.items():
            if key == "sources" and path == "":
                for skey, sval in value.items():
                    yield from iter_facts(sval, skey, f"sources.{skey}")
                continue
            yield from iter_facts(value, source, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            name = value.get("key", str(i)) if isinstance(value, dict) else str(i)
            yield from iter_facts(value, source, f"{path}.{name}")


def _check(condition: bool, path: Path, what: str) -> None:
    if not condition:
        raise ParameterError(f"parameter file malformed: {path}: {what}")


def _check_evidence(data: dict, path: Path) -> None:
    _check(data.get("schema") == SCHEMA, path, f"schema is not {SCHEMA}")
    for key in ("sources",) + SECTIONS:
        _check(isinstance(data.get(key), dict), path, f"missing section '{key}'")
    for key, source in data["sources"].items():
        _check(isinstance(source.get("seed"), str) and isinstance(source.get("citation"), str)
               and isinstance(source.get("short"), str), path, f"source '{key}' needs seed, short and citation")
    count = 0
    for where, source, fact in iter_facts(data):
        count += 1
        _check(source in data["sources"], path, f"{where}: unknown source {source!r}")
        _check(isinstance(fact["quote"], str) and fact["quote"].strip() != "", path, f"{where}: empty quote")
        _check(isinstance(fact.get("line"), int) and fact["line"] >= 1, path, f"{where}: line must be a positive integer")
        numbers = fact_numbers(fact)
        _check(all(math.isfinite(v) for v in numbers), path, f"{where}: non-finite number")
        printed = quote_numbers(fact["quote"])
        missing = [v for v in numbers if v not in printed]
        _check(not missing, path, f"{where}: numbers {missing} are not in the quote")
    _check(count > 100, path, f"only {count} facts")
    rows = data["perioperative"].get("rows")
    _check(isinstance(rows, list) and len(rows) == 10, path, "perioperative: need the 10 rows of Table 2")
    for row in rows:
        for column in ("all", "minor", "major"):
            _check(is_fact(row.get(column)), path, f"perioperative.{row.get('key')}: missing column {column}")
    era_keys = [row.get("key") for row in data["era"].get("rows", [])]
    _check(era_keys == ["2000_2006", "2007_2013", "2014_2020"], path, "era: need the three 7-year periods")


_CACHE: dict = {}


def load_evidence(directory: Path | None = None, params: ModelParams | None = None) -> Evidence:
    """Load, verify (sha256) and check ``evidence.json``; ParameterError on any problem."""
    directory = Path(directory) if directory else paths.model_params_dir()
    key = str(directory.resolve())
    if key in _CACHE:
        return _CACHE[key]
    path = directory / EVIDENCE_FILE
    digest = verify_file(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ParameterError(f"parameter file unreadable or not valid JSON: {path} ({exc})") from None
    _check(isinstance(data, dict), path, "not a JSON object")
    try:
        _check_evidence(data, path)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ParameterError(f"parameter file malformed: {path}: {exc!r}") from None
    params = params or load_params(directory)
    evidence = Evidence(data, digest, params.published)
    for ref in _all_refs(data):
        try:
            evidence.resolve(ref)
        except (KeyError, IndexError, ValueError, TypeError):
            raise ParameterError(f"parameter file malformed: {path}: reference {ref!r} does not resolve") from None
    _CACHE[key] = evidence
    return evidence


def _all_refs(node):
    if isinstance(node, dict):
        for ref in node.get("refs", []):
            yield ref
        for value in node.values():
            yield from _all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_refs(value)


def clear_cache() -> None:
    _CACHE.clear()


# ------------------------------------------------------------------ formatting helpers


def printed(fact: dict, key: str) -> str:
    """A number as the source printed it ('0.20', '14.0'), found in the fact's quote."""
    value = fact[key]
    for token in _NUMBER.findall(fact["quote"]):
        if float(token) == float(value):
            return token
    return f"{value:g}"


def _range(fact: dict, lower: str = "lower", upper: str = "upper") -> str:
    return f"{printed(fact, lower)}–{printed(fact, upper)}"


def _hr(fact: dict) -> str:
    return f"HR {printed(fact, 'hr')} (95% CI {_range(fact)})"


class _Sources:
    """Builds source records: {paper, short, seed, where, line}."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence

    def __call__(self, paper: str, line: int, where: str | None = None) -> dict:
        source = self.evidence.source(paper)
        record = {"paper": paper, "short": source["short"], "seed": source["seed"], "line": int(line)}
        if where:
            record["where"] = where
        return record

    def fact(self, fact: dict, paper: str, where: str | None = None) -> dict:
        return self(fact.get("source", paper), fact["line"], where if fact.get("source", paper) == paper else None)

    def refs(self, item: dict, paper: str) -> list[dict]:
        """Sources of a text-only item: its own quote, or the facts it refers to."""
        out = []
        if is_fact(item):
            out.append(self.fact(item, paper))
        for ref in item.get("refs", []):
            target = self.evidence.resolve(ref)
            if ref.startswith("mayo2023.json:"):
                line = target["line"] if isinstance(target, dict) else _mayo_line(self.evidence, ref)
                out.append(self("mayo2023", line))
            else:
                ref_paper = _paper_of(self.evidence, ref) or paper
                out.append(self.fact(target, ref_paper))
        return _unique(out)


def _mayo_line(evidence: Evidence, ref: str) -> int:
    """Line of a number in mayo2023.json that has no line of its own (the subgroup medians)."""
    section = ref.split(":", 1)[1].split(".")[0]
    lines = evidence.mayo[section].get("lines") or [evidence.mayo[section]["line"]]
    if ref.endswith("ki67_over_20"):
        return 203 if 203 in lines else lines[-1]
    return lines[0]


def _paper_of(evidence: Evidence, ref: str) -> str | None:
    """The nearest 'source' on the way down a reference path."""
    node, paper = evidence.data, None
    parts = ref.split(".")
    if parts[0] == "sources":
        return parts[1]
    for part in parts:
        if isinstance(node, dict) and isinstance(node.get("source"), str):
            paper = node["source"]
        if isinstance(node, list):
            matches = [item for item in node if isinstance(item, dict) and item.get("key") == part]
            node = matches[0] if matches else node[int(part)]
        else:
            node = node[part]
    if isinstance(node, dict) and isinstance(node.get("source"), str):
        paper = node["source"]
    return paper


def _unique(records: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in records:
        key = (r["paper"], r["line"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _item(label: str, text: str, sources: list[dict], **extra) -> dict:
    return {"label": label, "text": text, "sources": _unique(sources), **extra}


def _input_value(case: Case, name: str):
    value = getattr(case, name)
    if name == "primary_detail" and case.primary_site != "other":
        return NOT_APPLICABLE
    return UNKNOWN if value is None else value


# ------------------------------------------------------------------ 1. perioperative risk


def _perioperative(case: Case, ev: Evidence, src: _Sources) -> dict:
    sec = ev.data["perioperative"]
    paper, where = sec["source"], "Table 2"
    planned = case.planned_hepatectomy
    shown = [planned] if planned else ["minor", "major"]
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
                text = f"{percent_text}% ({n_text})"
                values[key] = {"text": text, "percent": cell["percent"], "n": cell["n"]}
            else:
                text = f"{printed(cell, 'median')} ({printed(cell, 'q1')}–{printed(cell, 'q3')})"
                values[key] = {"text": text, "median": cell["median"], "q1": cell["q1"], "q3": cell["q3"]}
        rows.append({"key": row["key"], "label": row["label"], "kind": row["kind"], "values": values,
                     "p": row["p"], "sources": [src(paper, row["line"], where)]})
    if planned:
        patient = f"Planned hepatectomy: {PLANNED_HEPATECTOMY_LABELS[planned].lower()}; the Mayo rates for that extent."
    else:
        patient = "Planned hepatectomy: not decided (unknown); both columns are shown."
    definitions = [_item(key.replace("_", " "), d["text"], [src.fact(d, paper)]) for key, d in sec["definitions"].items()]
    other = []
    for entry in sec["other_series"]:
        text = _other_periop_text(entry)
        other.append(_item(entry["label"], text, [src.fact(entry, paper)], key=entry["key"]))
    notes = [_item("Note", n["text"], src.refs(n, paper), kind=n.get("kind", "note")) for n in sec["notes"]]
    return {
        "title": "Perioperative risk (Mayo Clinic, Table 2)",
        "planned_hepatectomy": planned or UNKNOWN,
        "patient": patient,
        "shown_columns": shown,
        "columns": columns,
        "rows": rows,
        "percent_note": "Percent of patients (number of patients); operative time and stay: median (IQR).",
        "definitions": definitions,
        "other_series": other,
        "notes": notes,
        "disagreements": [n for n in notes if n.get("kind") == "disagreement"],
    }


def _other_periop_text(entry: dict) -> str:
    key = entry["key"]
    if key == "mdanderson_complications":
        return f"{printed(entry, 'percent')}%"
    if key == "mdanderson_deaths":
        return f"{printed(entry, 'n')} ({printed(entry, 'percent')}%)"
    if key == "mdanderson_stay":
        return f"{printed(entry, 'median')} days (range {printed(entry, 'low')}–{printed(entry, 'high')})"
    if key == "mdanderson_liver_complication_hr":
        return _hr(entry)
    if key == "iowa_complications":
        return f"{printed(entry, 'percent_any')}%; {printed(entry, 'percent_grade_3_4')}%; no deaths"
    raise KeyError(key)


# ------------------------------------------------------------------ 2. symptom relief

_SYNDROMES = ("carcinoid", "gastrinoma", "insulinoma", "other_functional")


def _symptom_relief(case: Case, ev: Evidence, src: _Sources) -> dict:
    sec = ev.data["symptom_relief"]
    paper, where = sec["source"], "Results, Symptomatic Relief"
    syndrome = case.hormonal_syndrome
    by_syndrome = []
    for key in _SYNDROMES:
        rate = sec["by_syndrome"][key]
        count = sec["syndrome_counts"].get(key)
        sources = [src.fact(rate, paper, where)] + ([src.fact(count, paper, where)] if count else [])
        if key == "carcinoid":
            sources.append(src(paper, 158, where))  # the sentence continues on the next line
        by_syndrome.append(_item(
            HORMONAL_SYNDROME_LABELS[key], f"{printed(rate, 'percent')}%", sources, key=key,
            patients_with_syndrome=(printed(count, "n") if count else "not reported"),
            selected=(key == syndrome),
        ))
    if syndrome is None:
        applies, patient = UNKNOWN, "Hormonal syndrome: unknown (not entered); the rate for each syndrome is listed."
    elif syndrome == "none":
        applies, patient = NOT_APPLICABLE, "Hormonal syndrome: none entered (non-functional tumour): symptom relief does not apply."
    else:
        applies = "yes"
        rate = next(i for i in by_syndrome if i["key"] == syndrome)
        patient = (f"Hormonal syndrome: {HORMONAL_SYNDROME_LABELS[syndrome].lower()}. In the Mayo series "
                   f"{rate['text']} of patients with it had relief (resolution or marked improvement).")
    overall = sec["overall"]
    evaluated = sec["evaluated"]
    interval = sec["symptom_free_interval"]
    extent = case.cytoreduction
    group = None if extent is None else ("complete" if extent == "complete" else "residual")
    sfi = []
    for key, label in (("overall", "All patients with relief"), ("complete", "Complete cytoreduction"),
                       ("residual", "Gross residual disease (incomplete cytoreduction)")):
        f = interval[key]
        upper = printed(f, "upper") if f.get("upper") is not None else f.get("upper_text", "not reached")
        sfi.append(_item(label, f"{printed(f, 'months')} months (95% CI {printed(f, 'lower')}–{upper})",
                         [src.fact(f, paper, where)], key=key, selected=(key == group)))
    if group is None:
        interval_patient = "Extent of cytoreduction: not known yet; both groups are shown."
    else:
        interval_patient = f"Extent of cytoreduction: {CYTOREDUCTION_LABELS[extent].lower()}."
    ext = sec["by_extent"]
    other = []
    for entry in sec["other_series"]:
        result, size = entry["result"], entry["size"]
        text = f"{printed(result, 'percent')}% of {printed(size, 'n')} patients"
        if "months" in result:
            text += f"; mean duration {printed(result, 'months')} months"
        other.append(_item(entry["label"], text, [src.fact(result, paper), src.fact(size, paper)], key=entry["key"]))
    disagreements = [_item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]]
    ret = sec["return_after_progression"]
    within = sec["within_a_year_of_progression"]
    chd, valve = sec["carcinoid_heart_disease"], sec["valve_replacement"]
    return {
        "title": "Symptom relief after cytoreductive hepatectomy (Mayo Clinic)",
        "hormonal_syndrome": syndrome or UNKNOWN,
        "applies": applies,
        "patient": patient,
        "definition": _item("Definition of relief", sec["definition"]["text"], [src.fact(sec["definition"], paper)]),
        "overall": _item("All functional tumours evaluated",
                         f"{printed(overall, 'percent')}% ({printed(overall, 'n')} of {printed(evaluated, 'n')} evaluated patients)",
                         [src.fact(overall, paper, where), src.fact(evaluated, paper, where)]),
        "by_syndrome": by_syndrome,
        "by_extent": _item("Relief by extent of cytoreduction",
                           f"{printed(ext['complete'], 'percent')}% after resection of all gross disease, "
                           f"{printed(ext['residual'], 'percent')}% with gross residual disease (p = {printed(ext['residual'], 'p_value')})",
                           [src.fact(ext["complete"], paper, where)]),
        "symptom_free_interval": sfi,
        "symptom_free_interval_patient": interval_patient,
        "symptom_free_interval_p": _item("Difference between complete and residual",
                                         f"p = {printed(interval['p'], 'p_value')}", [src.fact(interval["p"], paper, where)]),
        "after_progression": _item(
            "Return of symptoms after radiographic progression",
            f"median {printed(ret, 'months')} months (95% CI {_range(ret)}); {printed(within, 'percent')}% within "
            f"{printed(within, 'years')} year of progression",
            [src.fact(ret, paper, where), src.fact(within, paper, where)]),
        "carcinoid_heart_disease": _item(
            "Carcinoid heart disease among patients with carcinoid syndrome",
            f"{printed(chd, 'percent')}% ({printed(chd, 'n')}); valve replacement before hepatectomy "
            f"{printed(valve, 'percent')}% ({printed(valve, 'n')})",
            [src.fact(chd, paper, where)]),
        "notes": [
            _item("Symptom-free interval and somatostatin analogues", interval["censoring"]["text"],
                  [src.fact(interval["censoring"], paper)]),
            _item("Medical control for comparison",
                  f"Somatostatin analogues control symptoms in about {printed(sec['ssa_context'], 'percent')}% of "
                  "patients with carcinoid syndrome (Mayo discussion)", [src.fact(sec["ssa_context"], paper)]),
        ],
        "other_series": other,
        "disagreements": disagreements,
    }


# ------------------------------------------------------------------ 3. Tokyo


def who_grade(ki67_percent: float | None) -> str | None:
    """G1 < 3%, G2 3-20%, G3 > 20% (the Mayo categories and Tokyo's G3 definition); None if unknown."""
    if ki67_percent is None:
        return None
    if ki67_percent < 3:
        return "G1"
    return "G2" if ki67_percent <= 20 else "G3"


def _tokyo(case: Case, ev: Evidence, src: _Sources) -> dict:
    sec = ev.data["tokyo"]
    paper = sec["source"]
    cutoff = sec["lesion_cutoff"]["cutoff"]
    grade = who_grade(case.ki67_percent)
    lesion_group = "under_8" if case.liver_lesion_count < cutoff else "8_plus"
    if lesion_group == "8_plus" or grade == "G3":
        favourable = "no"
    elif grade is None:
        favourable = UNKNOWN
    else:
        favourable = "yes"
    rfs, os_ = sec["rfs"], sec["os"]
    g = rfs["by_grade"]
    lesions = rfs["by_lesions"]
    s = lambda f: src.fact(f, paper)  # noqa: E731
    rfs_rows = [
        _item(f"All R0/1 resections (n = {printed(rfs['overall'], 'n')})",
              f"{printed(rfs['overall'], 'months')} months (95% CI {_range(rfs['overall'])})", [s(rfs["overall"])],
              key="all", hr="", selected=False),
        _item(f"< {printed(lesions, 'cutoff')} liver metastases", f"{printed(lesions, 'months_under_8')} months",
              [s(lesions)], key="under_8", hr="reference", selected=(lesion_group == "under_8")),
        _item(f"≥ {printed(lesions, 'cutoff')} liver metastases", f"{printed(lesions, 'months_8_plus')} months",
              [s(lesions), s(rfs["hr_8_plus"])], key="8_plus", hr=_hr(rfs["hr_8_plus"]),
              selected=(lesion_group == "8_plus")),
        _item("G1", f"{printed(g, 'months_g1')} months", [s(g)], key="G1", hr="reference (G1/G2)", selected=(grade == "G1")),
        _item("G2", f"{printed(g, 'months_g2')} months", [s(g)], key="G2", hr="reference (G1/G2)", selected=(grade == "G2")),
        _item("G3", f"{printed(g, 'months_g3')} months", [s(g), s(rfs["hr_g3"])], key="G3", hr=_hr(rfs["hr_g3"]),
              selected=(grade == "G3")),
    ]
    og = os_["by_grade"]
    cohort = ev.data["sources"]["tokyo"]["cohort"]
    treat = os_["by_treatment"]
    ol = os_["by_lesions"]
    os_rows = [
        _item(f"All {printed(cohort, 'n')} patients", f"{printed(os_['overall'], 'years')} years (95% CI {_range(os_['overall'])}); "
              f"5-year OS {printed(os_['overall'], 'five_year_percent')}%", [s(os_["overall"]), s(cohort)], key="all", hr=""),
        _item("G1", f"{printed(og, 'years_g1')} years", [s(og)], key="G1", hr="reference (G1/G2)", selected=(grade == "G1")),
        _item("G2", f"{printed(og, 'years_g2')} years", [s(og)], key="G2", hr="reference (G1/G2)", selected=(grade == "G2")),
        _item("G3", f"{printed(og, 'years_g3')} years", [s(og), s(os_["hr_g3"])], key="G3", hr=_hr(os_["hr_g3"]),
              selected=(grade == "G3")),
        _item("R0/1 resection", f"{printed(treat, 'years_r0_1')} years", [s(treat), s(os_["hr_r0_1"])], key="r0_1",
              hr=_hr(os_["hr_r0_1"])),
        _item("R2 resection", f"not reported; better than medication only (p = {printed(os_['r2_vs_medication'], 'p_value')})",
              [s(os_["r2_vs_medication"]), s(os_["hr_r2"])], key="r2", hr=_hr(os_["hr_r2"])),
        _item("Medication only", f"{printed(treat, 'years_medication')} years", [s(treat)], key="medication", hr="reference"),
        _item(f"< {printed(ol, 'cutoff')} liver metastases", f"{printed(ol, 'years_under_8')} years", [s(ol)],
              key="os_under_8", hr="", selected=(lesion_group == "under_8")),
        _item(f"≥ {printed(ol, 'cutoff')} liver metastases", f"{printed(ol, 'years_8_plus')} years (p = {printed(ol, 'p_value')})",
              [s(ol)], key="os_8_plus", hr="", selected=(lesion_group == "8_plus")),
    ]
    ki67_text = "Ki-67 unknown: WHO grade unknown" if grade is None else f"Ki-67 {case.ki67_percent:g}%: WHO {grade}"
    patient = (f"{ki67_text}; {case.liver_lesion_count} liver lesions: "
               f"{'fewer than 8' if lesion_group == 'under_8' else '8 or more'}. "
               f"In the Tokyo authors' favourable group (fewer than 8 and G1/G2): {favourable}.")
    notes = [
        _item("Time zero", "RFS: from the first hepatectomy (R0/1 resections only). OS: from the first diagnosis of "
              "liver metastases, not from surgery, and includes patients treated with medication only.",
              [src.fact(ev.data["sources"]["tokyo"]["time_zero"], paper)]),
        _item("Grading", sec["grading"]["text"], [s(sec["grading"]["g3"]), src.fact(sec["grading"]["categories"], paper),
                                                 s(sec["grading"]["higher_value"])]),
        _item("Counting lesions", sec["lesion_count_method"]["text"], [s(sec["lesion_count_method"])]),
        _item("Lesion cut-off", sec["lesion_cutoff"]["text"], [s(sec["lesion_cutoff"])]),
        _item("Hazard ratios, RFS", rfs["hr_note"] + f" Per additional metastasis: {_hr(rfs['hr_per_lesion'])}.",
              [s(rfs["hr_per_lesion"]), s(rfs["hr_8_plus"]), s(sec["r0_1"])]),
        _item("Hazard ratios, OS", os_["hr_note"], [s(os_["hr_r0_1"]), s(cohort)]),
        _item("Authors' conclusion", sec["authors_conclusion"]["text"], [s(sec["authors_conclusion"])]),
    ]
    if case.cytoreduction in ("incomplete_over_90", "incomplete_under_90"):
        notes.insert(0, _item("Applicability", "Tokyo's RFS figures are for R0/1 resection (no gross residual disease); "
                              "with incomplete cytoreduction they do not apply directly.", [s(sec["r0_1"])]))
    return {
        "title": "Tokyo cohort (Asano et al.): recurrence after R0/1 resection and survival by grade",
        "who_grade": grade or UNKNOWN,
        "lesion_group": "fewer than 8" if lesion_group == "under_8" else "8 or more",
        "in_favourable_group": favourable,
        "patient": patient,
        "rfs_rows": rfs_rows,
        "os_rows": os_rows,
        "notes": notes,
        "disagreements": [_item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]],
    }


# ------------------------------------------------------------------ 4. MD Anderson


def _mdanderson(case: Case, ev: Evidence, src: _Sources) -> dict:
    sec = ev.data["mdanderson"]
    paper = sec["source"]
    tokyo = ev.data["tokyo"]
    mayo = ev.mayo
    m = sec["milestones"]
    s = lambda f, p=paper: src.fact(f, p)  # noqa: E731
    mayo_os = {row["months"]: row for row in mayo["milestones"]["overall_survival"]}
    mayo_median = mayo["milestones"]["overall_survival_median"]
    mayo_line = lambda line: src("mayo2023", line)  # noqa: E731
    sources_ = ev.data["sources"]

    def cell(text, sources):
        return {"text": text, "sources": _unique(sources)}

    def mayo_pct(months):
        r = mayo_os[months]
        return cell(f"{round(r['survival'] * 100):d}% ({round(r['lower'] * 100):d}–{round(r['upper'] * 100):d})",
                    [mayo_line(r["line"])])

    none = cell("not reported", [])
    t_os = tokyo["os"]["overall"]
    rows = [
        {"label": "Patients", "mayo": cell(printed(sources_["mayo2023"]["cohort"], "n"), [s(sources_["mayo2023"]["cohort"], "mayo2023")]),
         "mdanderson": cell(printed(sources_["mdanderson"]["cohort"], "n"), [s(sources_["mdanderson"]["cohort"])]),
         "tokyo": cell(f"{printed(sources_['tokyo']['cohort'], 'n')} ({printed(sources_['tokyo']['cohort'], 'resected')} resected)",
                       [s(sources_["tokyo"]["cohort"], "tokyo")])},
        {"label": "Years of surgery",
         "mayo": cell(f"{printed(sources_['mayo2023']['cohort'], 'first_year')}–{printed(sources_['mayo2023']['cohort'], 'last_year')}",
                      [s(sources_["mayo2023"]["cohort"], "mayo2023")]),
         "mdanderson": cell(f"{printed(sources_['mdanderson']['period'], 'first_year')}–{printed(sources_['mdanderson']['period'], 'last_year')}",
                            [s(sources_["mdanderson"]["period"])]),
         "tokyo": cell(f"{printed(sources_['tokyo']['period'], 'first_year')}–{printed(sources_['tokyo']['period'], 'last_year')}",
                       [s(sources_["tokyo"]["period"], "tokyo")])},
        {"label": "Survival counted from", "mayo": cell("hepatectomy", [s(sources_["mayo2023"]["cohort"], "mayo2023")]),
         "mdanderson": cell("operation (not stated explicitly)", []),
         "tokyo": cell("diagnosis of liver metastases", [s(sources_["tokyo"]["time_zero"], "tokyo")])},
        {"label": "5-year OS", "mayo": mayo_pct(60), "mdanderson": cell(f"{printed(m['five_year'], 'percent')}%", [s(m["five_year"])]),
         "tokyo": cell(f"{printed(t_os, 'five_year_percent')}% (all patients, any treatment)", [s(t_os, "tokyo")])},
        {"label": "10-year OS", "mayo": mayo_pct(120), "mdanderson": cell(f"{printed(m['ten_year'], 'percent')}%", [s(m["ten_year"])]),
         "tokyo": none},
        {"label": "15-year OS", "mayo": mayo_pct(180), "mdanderson": none, "tokyo": none},
        {"label": "Median OS",
         "mayo": cell(f"{mayo_median['months']} months (95% CI {mayo_median['lower']}–{mayo_median['upper']})",
                      [mayo_line(mayo_median["line"])]),
         "mdanderson": cell(f"{printed(m['median_years'], 'years')} years", [s(m["median_years"])]),
         "tokyo": cell(f"{printed(t_os, 'years')} years (95% CI {_range(t_os)})", [s(t_os, "tokyo")])},
    ]
    # lung / thymus
    lt = sec["lung_thymus"]
    other_hr = mayo["hazard_ratios"]["overall_survival"]["primary_other"]
    lt_sources = [s(lt["hr_multivariable"]), s(lt["n"]), mayo_line(other_hr["line"])]
    lt_text = (f"MD Anderson: lung or thymus primary {_hr(lt['hr_multivariable'])} for death, multivariable, from "
               f"{printed(lt['n'], 'n')} patients. The Mayo model counts these primaries as 'other': "
               f"HR {other_hr['hr']} (95% CI {other_hr['lower']}–{other_hr['upper']}).")
    detail = case.primary_detail
    if case.primary_site != "other":
        lt_status, lt_patient = NOT_APPLICABLE, "Primary site is not 'other'."
    elif detail is None:
        lt_status, lt_patient = UNKNOWN, "Primary detail unknown (not entered): if the primary is in the lung or thymus, this caution applies."
    elif detail in ("lung", "thymus"):
        lt_status = "caution"
        lt_patient = (f"Primary: {PRIMARY_DETAIL_LABELS[detail].lower()}. MD Anderson found a much higher risk for such "
                      "primaries: the Mayo estimate may be optimistic for this patient.")
    else:
        lt_status, lt_patient = "no caution", f"Primary: {PRIMARY_DETAIL_LABELS[detail].lower()} (not lung or thymus)."
    cautions = [_item("Lung or thymus primary", lt_text, lt_sources, key="lung_thymus", status=lt_status,
                      patient=lt_patient, caveat=_item("Caveat", lt["caveat"]["text"], [s(lt["caveat"]), s(lt["n"])]))]
    # interval from primary to liver metastases
    iv = sec["interval"]
    hr = iv["hr_multivariable"]
    iv_text = (f"MD Anderson: each year from resection of the primary to liver metastases, {_hr(hr)} for death "
               "(multivariable). The Mayo model has no such term.")
    years = case.years_primary_to_liver_mets
    threshold = ev.data["tool_choices"]["mdanderson_interval_caution_hr"]
    derived = None
    if years is None:
        iv_status, iv_patient = UNKNOWN, "Years from primary to liver metastases: unknown (not entered)."
    elif years == 0:
        iv_status, iv_patient = "no caution", "Synchronous liver metastases (interval 0): no added hazard in the MD Anderson model."
    else:
        implied = hr["hr"] ** years
        low, high = hr["lower"] ** years, hr["upper"] ** years
        derived = {"formula": f"{hr['hr']}^{years:g}", "implied_hr": round(implied, 2),
                   "implied_hr_lower": round(low, 2), "implied_hr_upper": round(high, 2)}
        iv_status = "caution" if implied >= threshold else "note"
        iv_patient = (f"Interval {years:g} years: the MD Anderson HR implies {implied:.2f} times (95% CI {low:.2f}–{high:.2f}) "
                      "the hazard of synchronous disease.")
        if iv_status == "caution":
            iv_patient += " The Mayo estimate may be optimistic for this patient."
    cautions.append(_item("Years from primary to liver metastases", iv_text, [s(hr), s(iv["definition"])], key="interval",
                          status=iv_status, patient=iv_patient, derived=derived,
                          definition=_item("Definition", iv["definition"]["text"], [s(iv["definition"])])))
    if detail == "rectum" and case.primary_site == "other":
        r = sec["rectum_univariable"]
        cautions.append(_item("Rectal primary", f"MD Anderson: rectal primary {_hr(r)}, univariable only (not retained "
                              "in the multivariable model).", [s(r)], key="rectum", status="note",
                              patient="Primary: rectum."))
    return {
        "title": "MD Anderson cohort (Glazer et al. 2010) beside Mayo",
        "milestone_columns": {"mayo": sources_["mayo2023"]["short"], "mdanderson": sources_["mdanderson"]["short"],
                              "tokyo": sources_["tokyo"]["short"]},
        "milestones": rows,
        "cautions": cautions,
        "any_caution": any(c["status"] == "caution" for c in cautions),
        "follow_up": _item("MD Anderson median follow-up", f"{printed(m['follow_up'], 'years')} years", [s(m["follow_up"])]),
        "disagreements": [_item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]],
    }


# ------------------------------------------------------------------ 5. guideline criteria


def _yes_no(value: bool | None, met_when: bool) -> str:
    if value is None:
        return UNKNOWN
    return MET if value == met_when else NOT_MET


def _text_yes_no(value: bool | None) -> str:
    return UNKNOWN + " (not entered)" if value is None else ("yes" if value else "no")


def _criteria(case: Case, ev: Evidence, src: _Sources) -> dict:
    sec = ev.data["criteria"]
    paper = sec["source"]
    s = lambda f: src.fact(f, paper)  # noqa: E731
    th = sec["debulking_thresholds"]
    extent = case.cytoreduction
    extent_text = "Extent of cytoreduction: " + (CYTOREDUCTION_LABELS[extent].lower() if extent else "not known yet")
    pct = case.percent_liver_replaced
    pct_text = "Liver replaced: " + (f"{pct:g}%" if pct is not None else "unknown (not entered)")
    ki67 = case.ki67_percent
    ki67_text = "Ki-67 " + (f"{ki67:g}%" if ki67 is not None else "unknown")
    pf = sec["precluding_factors"]

    if extent is None:
        st70 = st90 = UNKNOWN
    elif extent in ("complete", "incomplete_over_90"):
        st70 = st90 = MET
    else:  # below 90%: may or may not reach 70%
        st70, st90 = UNKNOWN, NOT_MET
    if pct is None:
        st_liver = UNKNOWN
    elif pct <= pf["liver_low"]:
        st_liver = MET
    elif pct > pf["liver_high"]:
        st_liver = NOT_MET
    else:
        st_liver = BORDERLINE
    count = case.liver_lesion_count
    if count <= pf["lesions"]:
        st_bilobar = MET
    else:
        st_bilobar = {None: UNKNOWN, True: NOT_MET, False: MET}[case.bilobar_metastases]
    bilobar_text = (f"{count} liver lesions" + ("" if count <= pf["lesions"] else
                    f"; bilobar: {_text_yes_no(case.bilobar_metastases)}") + " (whether they are small is not recorded)")
    if ki67 is None:
        st_grade = UNKNOWN
    elif ki67 <= pf["ki67"]:
        st_grade = MET
    else:
        st_grade = BORDERLINE
    debulking = [
        _item("≥ 70% cytoreduction achievable", "Later series: debulking threshold > 70% (Graff-Baker, Maxwell, Scott); "
              "the review's conclusion: cytoreduce to 70–90%",
              [s(th["graff_baker_70"]), s(th["maxwell_70"]), s(th["scott_70"]), s(th["conclusion_70_90"])],
              key="cytoreduction_70", status=st70, patient=extent_text
              + ("; the Mayo category 'below 90%' does not say whether 70% is reached" if extent == "incomplete_under_90" else "")),
        _item("≥ 90% cytoreduction achievable", "Historical threshold: at least 90% (McEntee; Sarmiento; Mayo practice)",
              [s(th["historical_90"]), s(th["sarmiento_90"]), src.fact(th["mayo_view"], paper)],
              key="cytoreduction_90", status=st90, patient=extent_text),
        _item("No liver replacement above 50–70%", "Generally precludes debulking: liver replacement > 50–70%",
              [s(pf)], key="liver_replacement", status=st_liver,
              patient=pct_text + ("; between 50% and 70% the review's range leaves it open" if st_liver == BORDERLINE else "")),
        _item("Not many (> 50) small bilobar metastases", "Generally precludes debulking: many (> 50) small bilobar metastases",
              [s(pf)], key="bilobar", status=st_bilobar, patient=bilobar_text),
        _item("No carcinoid heart disease", "Generally precludes debulking: carcinoid heart disease", [s(pf)],
              key="carcinoid_heart_disease", status=_yes_no(case.carcinoid_heart_disease, False),
              patient="Carcinoid heart disease: " + _text_yes_no(case.carcinoid_heart_disease)),
        _item("No multiple co-morbidities", "Generally precludes debulking: multiple patient co-morbidities", [s(pf)],
              key="comorbidities", status=UNKNOWN, patient="Co-morbidities are not recorded in this tool"),
        _item("Not high grade", "Generally precludes debulking: high-grade tumour (poorly differentiated, or well "
              "differentiated with Ki-67 well in excess of 20%)", [s(pf)], key="high_grade", status=st_grade,
              patient=ki67_text + ("; above 20%, and the review does not say how far above is 'well in excess'"
                                   if st_grade == BORDERLINE else "")),
    ]
    milan, mazz = sec["transplant_milan_enets"], sec["transplant_mazzaferro"]
    age = case.age_years
    if ki67 is None:
        st_g12 = st_ki10 = UNKNOWN
    else:
        st_g12 = MET if ki67 <= 20 else NOT_MET
        st_ki10 = MET if ki67 < milan["ki67_enets_below"] else NOT_MET
    if pct is None:
        st_50 = UNKNOWN
    else:
        st_50 = MET if pct < milan["liver_below"] else NOT_MET
    site = case.primary_site
    if site in ("small_intestine", "pancreas"):
        st_portal, portal_text = MET, "Primary: small intestine or pancreas (portal venous drainage; anatomy, not from the source)"
    elif case.primary_detail in ("lung", "thymus"):
        st_portal, portal_text = NOT_MET, f"Primary: {PRIMARY_DETAIL_LABELS[case.primary_detail].lower()}"
    else:
        st_portal, portal_text = UNKNOWN, "Primary site 'other': drainage not determined by this tool"
    transplant = [
        _item("Low grade (G1/G2)", "Milan/ENETS and Mazzaferro: low grade G1/G2", [s(milan), s(mazz)],
              key="low_grade", status=st_g12, patient=ki67_text + (f" (WHO {who_grade(ki67)})" if ki67 is not None else "")),
        _item("Ki-67 below 10% (ENETS)", "ENETS: Ki-67 < 10%", [s(milan)], key="ki67_under_10", status=st_ki10, patient=ki67_text),
        _item("Liver involvement below 50%", "Milan/ENETS and Mazzaferro: < 50% tumour involvement of the liver",
              [s(milan), s(mazz)], key="liver_under_50", status=st_50, patient=pct_text),
        _item("Primary tumour removed", "Milan/ENETS and Mazzaferro: the primary tumour has been removed",
              [s(milan), s(mazz)], key="primary_removed", status=_yes_no(case.primary_resected, True),
              patient="Primary resected: " + _text_yes_no(case.primary_resected)),
        _item("No extrahepatic disease", "Milan/ENETS: no extrahepatic disease (Mazzaferro: or all of it resected curatively)",
              [s(milan), s(mazz)], key="no_extrahepatic", status=_yes_no(case.extrahepatic_metastases, False),
              patient="Extrahepatic metastases: " + ("yes" if case.extrahepatic_metastases else "no")),
        _item("Stable disease for at least 6 months", "Milan/ENETS: stable disease for at least 6 months "
              "(Mazzaferro: or response to treatment)", [s(milan), s(mazz)], key="stable_6_months",
              status=_yes_no(case.stable_disease_6_months, True),
              patient="Stable for 6 months or more: " + _text_yes_no(case.stable_disease_6_months)),
        _item("Age below 55 (Milan/ENETS)", "Milan/ENETS as summarised by the review: age < 55", [s(milan)],
              key="age_under_55", status=MET if age < milan["age_below"] else NOT_MET, patient=f"Age {age:g} years"),
        _item("Age below 60 (Mazzaferro 2016)", "Mazzaferro 2016: age < 60", [s(mazz)], key="age_under_60",
              status=MET if age < mazz["age_below"] else NOT_MET, patient=f"Age {age:g} years"),
        _item("Primary drained by the portal system (Mazzaferro 2016)", "Mazzaferro 2016: primary tumour drained by the "
              "portal system", [s(mazz)], key="portal_drainage", status=st_portal, patient=portal_text),
    ]

    def tally(items):
        return {status: sum(1 for i in items if i["status"] == status) for status in STATUSES}

    outcomes = []
    for entry in sec["transplant_outcomes"]:
        if entry["key"] == "mazzaferro":
            text = (f"5-year OS {printed(entry, 'five_year_transplant')}% vs {printed(entry, 'five_year_no')}%; "
                    f"10-year OS {printed(entry, 'ten_year_transplant')}% vs {printed(entry, 'ten_year_no')}%")
        else:
            text = (f"{printed(entry, 'n')} patients; 5-year OS {printed(entry, 'os_percent')}%; "
                    f"5-year disease-free survival {printed(entry, 'dfs_percent')}%")
        outcomes.append(_item(entry["label"], text, [s(entry)], key=entry["key"]))
    rec = sec["recurrence"]
    return {
        "title": "Published criteria: debulking and liver transplantation",
        "notice": sec["notice"],
        "debulking": debulking,
        "debulking_tally": tally(debulking),
        "transplant": transplant,
        "transplant_tally": tally(transplant),
        "transplant_outcomes": outcomes,
        "recurrence": _item("Recurrence after debulking", f"{printed(rec, 'percent_low')}–{printed(rec, 'percent_high')}% "
                            f"within 5 years and {printed(rec, 'percent_by_10_years')}% by 10 years", [s(rec)]),
        "disagreements": [_item("Sources differ", d["text"], src.refs(d, paper)) for d in sec["disagreements"]],
    }


# ------------------------------------------------------------------ 6. trials


def _trials(ev: Evidence, src: _Sources) -> dict:
    sec = ev.data["trials"]
    paper = sec["source"]
    rows = []
    for row in sec["rows"]:
        facts = [v for v in row.values() if is_fact(v)] + [f for f in row.get("details", []) if is_fact(f)]
        if is_fact(row.get("effect")) and "correction" in row["effect"]:
            correction = row["effect"]["correction"]
        else:
            correction = None
        n = printed(row["n"], "n") if is_fact(row.get("n")) else (printed(row["effect"], "n") if "n" in row["effect"] else "")
        rows.append({"key": row["key"], "name": row["name"], "design": row["design"], "population": row["population"],
                     "comparison": row["comparison"], "n": n, "effect": row["effect_text"],
                     "correction": correction, "sources": _unique([src.fact(f, paper) for f in facts])})
    return {
        "title": "Systemic and liver-directed therapy: trials and series (as summarised by Gangi & Howe 2020)",
        "rows": rows,
        "note": _item("Note", sec["note"]["quote"], [src.fact(sec["note"], paper)]),
    }


# ------------------------------------------------------------------ 7. era


def _era(case: Case, ev: Evidence, src: _Sources, params: ModelParams, with_scenario: bool) -> dict:
    sec = ev.data["era"]
    paper = sec["source"]
    s = lambda f: src.fact(f, paper)  # noqa: E731
    pre = sec["pre_2000"]
    rows = [_item("1977–1998 (earlier Mayo cohort)", "", [s(pre)], key="1977_1998",
                  os_5y=f"{printed(pre, 'percent')}%", os_10y="not reported")]
    for row in sec["rows"]:
        five, ten = row["os_5y"], row["os_10y"]
        rows.append(_item(row["label"], "", [s(five)] + ([s(ten)] if ten else []), key=row["key"],
                          os_5y=f"{printed(five, 'percent')}% (95% CI {_range(five)})",
                          os_10y=f"{printed(ten, 'percent')}% (95% CI {_range(ten)})" if ten else "not reported"))
    p = sec["p_values"]
    out = {
        "title": "Era: Mayo overall survival by period of surgery",
        "rows": rows,
        "difference": _item("Difference between periods", f"OS p = {printed(p, 'p_os')}; PFS p = {printed(p, 'p_pfs')} "
                            "(no difference in PFS)", [s(p)]),
        "context": [_item("Context", c["text"], src.refs(c, paper)) for c in sec["context"]],
        "scenario": None,
    }
    if with_scenario:
        out["scenario"] = era_scenario_summary(case, ev, src, params)
    return out


def era_scenario_summary(case: Case, ev: Evidence, src: _Sources, params: ModelParams) -> dict:
    """The era scenario for this case at the standard months, beside the main estimate (point)."""
    import numpy as np

    from desktop.model.era import load_era, era_scenario
    from desktop.model.survival import predict

    sec = ev.data["era"]["scenario"]
    era = load_era(params=params)
    months = list(SCENARIO_MONTHS)
    curve = era_scenario(case, months, with_bands=True, params=params, era=era)
    main = predict(case, months, with_bands=False, params=params).overall_survival
    draws = era.draw_hazard_multiplier
    low, high = np.percentile(draws, [2.5, 97.5])
    target = ev.data["era"]["rows"][-1]["os_5y"]
    five = months.index(60)
    patient = (f"scenario 5-year OS {100 * curve.survival[five]:.0f}% "
               f"(range {100 * curve.lower[five]:.0f}–{100 * curve.upper[five]:.0f}%), main estimate "
               f"{100 * main.survival[five]:.0f}%.")
    return {
        "label": "Scenario, not the main estimate: overall survival recalibrated to the 2014–2020 period",
        "text": f"Calibrated to the 2014–2020 5-year OS of {printed(target, 'percent')}% (95% CI {_range(target)}).",
        "sources": [src.fact(target, "mayo2023")],
        "is_scenario": True,
        "method": sec["method"],
        "limitations": sec["limitations"],
        "hazard_multiplier": round(era.hazard_multiplier, 4),
        "hazard_multiplier_range": [round(float(low), 4), round(float(high), 4)],
        "patient": patient,
        "months": months,
        "scenario_overall_survival": curve.to_dict(),
        "main_overall_survival": {"months": months, "survival": [round(float(v), 6) for v in main.survival]},
        "check": era.check,
        "derived": True,
    }


# ------------------------------------------------------------------ public


def evidence_for(case: Case, params: ModelParams | None = None, with_scenario: bool = True) -> dict:
    """Everything the evidence panels show for ``case``, as a JSON-ready dict.

    Raises ParameterError when a parameter file is missing, altered or stale.
    """
    params = params or load_params()
    ev = load_evidence(params=params)
    src = _Sources(ev)
    inputs = {name: _input_value(case, name) for name in EVIDENCE_FIELDS}
    return {
        "notice": NOTICE,
        "evidence_file": {"name": EVIDENCE_FILE, "sha256": ev.sha256},
        "inputs": inputs,
        "perioperative": _perioperative(case, ev, src),
        "symptom_relief": _symptom_relief(case, ev, src),
        "tokyo": _tokyo(case, ev, src),
        "md_anderson": _mdanderson(case, ev, src),
        "guideline_criteria": _criteria(case, ev, src),
        "therapy_trials": _trials(ev, src),
        "era": _era(case, ev, src, params, with_scenario),
        "sources": {key: {"short": v["short"], "citation": v["citation"], "seed": v["seed"]}
                    for key, v in ev.data["sources"].items()},
    }
