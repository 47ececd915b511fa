"""The consult note as data: what it says, from one Prediction, with no Qt.

``build_note(prediction)`` returns a ``Note`` whose sections the PDF renderer lays out and
``summary_text(note)`` turns into plain text for pasting into an electronic record. Every
survival number comes from ``desktop.report.numbers``, ``.follow_up`` and ``.scenarios`` (the
same functions the application and ``predict`` use), every hazard ratio from ``ModelParams.hazard_ratio``; nothing here
holds a published number of its own.

Long because the note is one document: each section's wording refers to the others (the
inputs table's footnotes, the warnings, the clinical paragraph), so they are written together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from desktop import __version__
from desktop.model.case import (
    CYTOREDUCTION_LABELS,
    EVIDENCE_FIELD_LABELS,
    DIFFERENTIATION_LABELS,
    EVIDENCE_FIELDS,
    PRIMARY_DETAIL_GROUP,
    HORMONAL_SYNDROME_LABELS,
    PLANNED_HEPATECTOMY_LABELS,
    PRIMARY_DETAIL_LABELS,
    PRIMARY_SITE_LABELS,
    Case,
)
from desktop.model.params import OUTCOMES, ModelParams
from desktop.model.survival import Prediction, ki67_class, lesion_class
from desktop.report.follow_up import (
    NO_ESTIMATE,
    condition_phrase,
    condition_sentence,
    milestone_row_label,
    sentence_from_today,
)
from desktop.report.numbers import (
    MILESTONE_YEARS,
    OUTCOME_LABELS,
    median_sentence,
    median_text,
    months_for_years,
    since_months,
    milestones,
    required_months,
    sentence,
)
from desktop.report.scenarios import scenario_lines
from desktop.report.sections import Section, Table

TITLE = "Survival after cytoreductive hepatectomy for NET liver metastases"
SUBTITLE = "Consult note: estimated overall and progression-free survival"
SUBTITLE_NO_ESTIMATE = "Consult note: no survival estimate (the patient is outside the model's scope)"
SUBTITLE_FOLLOW_UP = "Consult note at a follow-up visit: estimated survival for a patient {condition}"

# design/model.md, "What the model is not", in plain words.
WHAT_THE_MODEL_IS_NOT = (
    "A prognostic model for patients with well-differentiated NETs who were selected for and underwent their "
    "first cytoreductive hepatectomy at one referral centre (Mayo Clinic, 2000–2020). It does not estimate the "
    "benefit of surgery versus no surgery, and it does not know about treatment after surgery."
)

PATIENT_INTRO = (
    "These figures describe people like you who had this liver operation at one specialist centre between "
    "2000 and 2020. They are averages for a group, not a promise for one person: some people do better, "
    "some do worse, and treatment has improved since."
)

KI67_CLASS_TEXT = ("<3%", "3–20%", ">20%")
LESION_CLASS_TEXT = ("1–3", "4–9", "≥10")
KI67_COVARIATE = (None, "ki67_3_20", "ki67_over_20")
LESION_COVARIATE = (None, "lesions_4_9", "lesions_10_plus")
SITE_COVARIATE = {"small_intestine": None, "pancreas": "primary_pancreas", "other": "primary_other"}
SITE_PHRASES = {"small_intestine": "small-intestine primary", "pancreas": "pancreatic primary",
                "other": "other or unknown primary"}
CYTOREDUCTION_PHRASES = {
    "complete": "complete cytoreduction",
    "incomplete_over_90": "incomplete cytoreduction, more than 90% debulked",
    "incomplete_under_90": "incomplete cytoreduction, less than 90% debulked",
}
CYTOREDUCTION_COVARIATE = {
    "complete": None,
    "incomplete_over_90": "cytoreduction_incomplete_over_90",
    "incomplete_under_90": "cytoreduction_incomplete_under_90",
}

# Optional inputs of the evidence panels: shown as entered, never used by the survival model.
_EVIDENCE_VALUE_LABELS = {
    "planned_hepatectomy": PLANNED_HEPATECTOMY_LABELS,
    "hormonal_syndrome": HORMONAL_SYNDROME_LABELS,
    "primary_detail": PRIMARY_DETAIL_LABELS,
}

NO_ESTIMATE_TITLE = "No survival estimate for this patient"
OUTSIDE_TITLE = "Outside the study population"


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str
    patient_label: str | None
    date_text: str
    app_version: str
    model_name: str
    model_version: str
    params_sha256: str

    @property
    def params_sha256_short(self) -> str:
        return self.params_sha256[:12]

    @property
    def patient_text(self) -> str:
        return self.patient_label if self.patient_label and self.patient_label.strip() else "(no label entered)"


@dataclass(frozen=True)
class Note:
    header: Header
    inputs: Section  # table: input, as entered, how the model used it
    survival: Section  # milestone table with medians
    patient: Section  # plain language, for the patient
    clinical: Section  # factors vs the reference patient, with published HRs
    model_is_not: Section
    limitations: Section
    citation: Section
    extra: list[Section] = field(default_factory=list)
    # why no estimate is given; when set, survival, patient and clinical are None
    no_estimate: Section | None = None
    # prominent warnings (outside the study population), printed before everything else
    alerts: Section | None = None

    @property
    def applicable(self) -> bool:
        return self.no_estimate is None

    @property
    def sections(self) -> list[Section]:
        return [s for s in (self.no_estimate, self.alerts, self.inputs, self.survival, self.patient, self.clinical,
                            self.model_is_not, self.limitations, self.citation, *self.extra) if s is not None]


# ------------------------------------------------------------------ inputs


def _number(value: float) -> str:
    return f"{value:g}"


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def inputs_section(prediction: Prediction) -> Section:
    case = prediction.case
    notes_for: dict[str, list[int]] = {}
    for number, warning in enumerate(prediction.warnings, start=1):
        if warning.field:
            notes_for.setdefault(warning.field, []).append(number)

    def how(name: str, text: str) -> str:
        refs = notes_for.get(name)
        if refs:
            marks = ", ".join(str(r) for r in refs)
            text = f"{text}; see note {marks}" if text else f"see note {marks}"
        return text

    ki67 = "Unknown" if case.ki67_percent is None else f"{_number(case.ki67_percent)}%"
    ki67_how = "averaged over classes" if case.ki67_percent is None else f"class {KI67_CLASS_TEXT[ki67_class(case.ki67_percent)]}"
    extent = "Not known yet" if case.cytoreduction is None else CYTOREDUCTION_LABELS[case.cytoreduction]
    extent_how = "averaged over extents" if case.cytoreduction is None else ""
    site, site_how = PRIMARY_SITE_LABELS[case.primary_site], ""
    if case.primary_detail is not None:
        site = PRIMARY_DETAIL_LABELS[case.primary_detail]
        site_how = f"model group: {PRIMARY_SITE_LABELS[PRIMARY_DETAIL_GROUP[case.primary_detail]]}"
    differentiation = ("Not entered" if case.differentiation is None
                       else DIFFERENTIATION_LABELS[case.differentiation])
    first = {None: "Not entered", True: "Yes", False: "No (repeat or earlier resection)"}[case.first_hepatectomy]
    rows = [
        ["Age", f"{_number(case.age_years)} years", how("age_years", "")],
        ["Primary tumour site", site, site_how],
        ["Differentiation", differentiation, how("differentiation", "")],
        ["First hepatectomy", first, how("first_hepatectomy", "")],
        ["Ki-67 index", ki67, how("ki67_percent", ki67_how)],
        ["Liver lesions", f"{case.liver_lesion_count}",
         how("liver_lesion_count", f"class {LESION_CLASS_TEXT[lesion_class(case.liver_lesion_count)]}")],
        ["Largest liver lesion", f"{_number(case.largest_lesion_mm)} mm", how("largest_lesion_mm", "")],
        ["Extrahepatic metastases", "Yes" if case.extrahepatic_metastases else "No", ""],
        ["Extent of cytoreduction", extent, how("cytoreduction", extent_how)],
    ]
    if case.conditional:
        progression = {"none": "None so far", "progressed": "Progressed", None: "Unknown"}[case.progression_so_far]
        rows += [["Seen after surgery", f"{_number(case.months_since_surgery)} months",
                  how("months_since_surgery", "conditional survival")],
                 ["Progression so far", progression, how("progression_so_far", "")]]
    footnotes = [f"{number}. {_sentence(warning.text)}" for number, warning in enumerate(prediction.warnings, start=1)]
    other = other_inputs(case)
    paragraphs = ["Also entered (not used by the survival model): " + "; ".join(f"{k}: {v}" for k, v in other) + "."] \
        if other else []
    return Section("Inputs as entered", table=Table(["Input", "As entered", "Used by the model"], rows),
                   paragraphs=paragraphs, footnotes=footnotes)


def other_inputs(case: Case) -> list[tuple[str, str]]:
    """The optional evidence-panel inputs that were entered, as (label, value as entered)."""
    out = []
    for name in dict.fromkeys(EVIDENCE_FIELDS + ("mitoses_per_2mm2",)):
        if name == "primary_detail":  # shown in the primary-site row
            continue
        value = getattr(case, name, None)
        if value is None:
            continue
        if isinstance(value, bool):
            text = "Yes" if value else "No"
        elif name in _EVIDENCE_VALUE_LABELS:
            text = _EVIDENCE_VALUE_LABELS[name].get(value, str(value))
        elif name == "percent_liver_replaced":
            text = f"{_number(value)}%"
        elif name == "years_primary_to_liver_mets":
            text = f"{_number(value)} years"
        elif name == "mitoses_per_2mm2":
            text = f"{_number(value)} per 2 mm²"
        else:
            text = str(value)
        out.append((EVIDENCE_FIELD_LABELS[name], text))
    return out


# ------------------------------------------------------------------ survival table


def survival_section(prediction: Prediction) -> Section:
    columns = ["After surgery", OUTCOME_LABELS["overall_survival"], OUTCOME_LABELS["progression_free_survival"]]
    since = since_months(prediction)
    by_outcome = {o: milestones(prediction, o) if prediction.curve(o) is not None else None for o in OUTCOMES}
    rows = []
    for i, years in enumerate(MILESTONE_YEARS):
        cells = [NO_ESTIMATE if by_outcome[o] is None else
                 ("–" if months_for_years(years) <= since else by_outcome[o][i].text) for o in OUTCOMES]
        rows.append([milestone_row_label(years, since)] + cells)
    rows.append(["Median"] + [
        NO_ESTIMATE if prediction.curve(o) is None else
        median_text(prediction.curve(o), o, prediction.params.last_knot_months(o) / 12) for o in OUTCOMES])
    os_end = prediction.params.last_knot_months("overall_survival") / 12
    pfs_end = prediction.params.last_knot_months("progression_free_survival") / 12
    footnotes = [
        "Percent of patients alive (overall) or alive without progression (progression-free), with the 95% range.",
        f"† Beyond the study's follow-up (overall {os_end:g} years, progression-free {pfs_end:g} years): extrapolated.",
    ]
    if prediction.case.conditional:
        footnotes.insert(0, f"Given {condition_phrase(prediction)}: conditional survival, times counted from "
                            "surgery (from today in brackets); medians are conditional medians.")
    footnotes.append("Best, typical and worst case (overall survival): " + " ".join(
        text for _, text in scenario_lines(prediction)))
    if prediction.case.cytoreduction is None:
        footnotes.append(scenario_footnote(prediction))
    return Section("Estimated survival", table=Table(columns, rows), footnotes=footnotes)


SCENARIO_YEARS = {"overall_survival": 5, "progression_free_survival": 2}


def scenario_footnote(prediction: Prediction) -> str:
    """When the extent of cytoreduction is not known yet: the estimate for each extent."""
    from desktop.model import predict

    parts = []
    for extent, label in CYTOREDUCTION_LABELS.items():
        scenario = predict(prediction.case.replace(cytoreduction=extent), required_months(), with_bands=False,
                           params=prediction.params)
        values = [NO_ESTIMATE if scenario.curve(o) is None else
                  milestones(scenario, o)[MILESTONE_YEARS.index(SCENARIO_YEARS[o])].text for o in OUTCOMES]
        parts.append(f"{label.lower()} {values[0]} / {values[1]}")
    return (f"Extent of cytoreduction not known yet; by extent ({SCENARIO_YEARS['overall_survival']}-year overall / "
            f"{SCENARIO_YEARS['progression_free_survival']}-year progression-free survival, point estimates): "
            + "; ".join(parts) + ".")


# ------------------------------------------------------------------ plain language


def patient_section(prediction: Prediction) -> Section:
    if prediction.case.conditional:
        return follow_up_patient_section(prediction)
    paragraphs = [
        PATIENT_INTRO,
        " ".join([
            sentence(prediction, "overall_survival", 5),
            sentence(prediction, "overall_survival", 10),
            median_sentence(prediction, "overall_survival"),
        ]),
        " ".join([
            sentence(prediction, "progression_free_survival", 2),
            median_sentence(prediction, "progression_free_survival"),
        ]),
    ]
    return Section("In plain words, for the patient", paragraphs=paragraphs)


def follow_up_patient_section(prediction: Prediction) -> Section:
    """At a follow-up visit: the condition first, then the numbers from today."""
    outcomes = prediction.outcomes
    paragraphs = [condition_sentence(prediction), PATIENT_INTRO]
    os_words = [sentence_from_today(prediction, "overall_survival", y) for y in (5, 10)]
    paragraphs.append(" ".join([t for t in os_words if t] + [median_sentence(prediction, "overall_survival")]))
    if "progression_free_survival" in outcomes:
        pfs = sentence_from_today(prediction, "progression_free_survival", 2)
        paragraphs.append(" ".join([t for t in (pfs,) if t] + [median_sentence(prediction, "progression_free_survival")]))
    return Section("In plain words, for the patient", paragraphs=paragraphs)


# ------------------------------------------------------------------ clinical paragraph


@dataclass(frozen=True)
class Factor:
    """One of the patient's inputs that differs from the model's reference patient."""

    description: str  # e.g. "Ki-67 4.5% (3–20%)"
    covariate: str
    hr: dict  # outcome -> published {"hr", "lower", "upper"}
    multiplier: dict  # outcome -> this patient's relative hazard from this factor
    per_unit: str | None = None  # "per year" / "per cm" for continuous inputs

    @property
    def direction(self) -> str:
        """'raises', 'lowers', 'mixed' or 'neutral', judged on the printed (2-decimal) values."""
        shown = [round(self.multiplier[o], 2) for o in OUTCOMES]
        if all(m > 1 for m in shown):
            return "raises"
        if all(m < 1 for m in shown):
            return "lowers"
        if any(m > 1 for m in shown) and any(m < 1 for m in shown):
            return "mixed"
        if any(m > 1 for m in shown):
            return "raises"
        if any(m < 1 for m in shown):
            return "lowers"
        return "neutral"


def _hr_text(entry: dict) -> str:
    return f"{entry['hr']:.2f} ({entry['lower']:.2f}–{entry['upper']:.2f})"


def patient_factors(case: Case, params: ModelParams) -> tuple[list[Factor], list[str], list[str]]:
    """(factors differing from the reference, inputs at the reference, unknown inputs)."""
    factors: list[Factor] = []
    reference: list[str] = []
    unknown: list[str] = []
    centring = params.centring

    def continuous(covariate: str, delta: float, what: str, unit: str, median: str) -> None:
        if abs(delta) < 1e-9:
            reference.append(f"{what} (the cohort median)")
            return
        hr = {o: params.hazard_ratio(o, covariate) for o in OUTCOMES}
        side = "above" if delta > 0 else "below"
        amount = f"{round(abs(delta), 1):g} {unit}" + ("s" if unit == "year" and abs(delta) != 1 else "")
        factors.append(Factor(f"{what}, {amount} {side} the cohort median of {median}", covariate, hr,
                              {o: float(hr[o]["hr"]) ** delta for o in OUTCOMES}, per_unit=f"per {unit}"))

    def categorical(description: str, covariate: str | None, at_reference: str) -> None:
        if covariate is None:
            reference.append(at_reference)
            return
        hr = {o: params.hazard_ratio(o, covariate) for o in OUTCOMES}
        factors.append(Factor(description, covariate, hr, {o: float(hr[o]["hr"]) for o in OUTCOMES}))

    continuous("age_per_year", case.age_years - centring["age_years"], f"age {_number(case.age_years)} years",
               "year", f"{centring['age_years']:g} years")
    categorical(f"{SITE_PHRASES[case.primary_site]} (vs small intestine)", SITE_COVARIATE[case.primary_site],
                "small-intestine primary")
    if case.ki67_percent is None:
        unknown.append("Ki-67")
    else:
        k = ki67_class(case.ki67_percent)
        categorical(f"Ki-67 {_number(case.ki67_percent)}% (class {KI67_CLASS_TEXT[k]} vs <3%)", KI67_COVARIATE[k],
                    f"Ki-67 {_number(case.ki67_percent)}% (<3%)")
    n = lesion_class(case.liver_lesion_count)
    count = f"{case.liver_lesion_count} liver lesion" + ("" if case.liver_lesion_count == 1 else "s")
    categorical(f"{count} (class {LESION_CLASS_TEXT[n]} vs 1–3)", LESION_COVARIATE[n], count)
    continuous("size_per_cm", case.largest_lesion_mm / 10.0 - centring["largest_lesion_cm"],
               f"largest lesion {_number(case.largest_lesion_mm)} mm", "cm",
               f"{centring['largest_lesion_cm'] * 10:g} mm")
    categorical("extrahepatic metastases", "extrahepatic" if case.extrahepatic_metastases else None,
                "no extrahepatic metastases")
    if case.cytoreduction is None:
        unknown.append("extent of cytoreduction")
    else:
        categorical(f"{CYTOREDUCTION_PHRASES[case.cytoreduction]} (vs complete)",
                    CYTOREDUCTION_COVARIATE[case.cytoreduction], "complete cytoreduction")
    return factors, reference, unknown


def _factor_text(f: Factor) -> str:
    death, progression = (f.hr[o] for o in OUTCOMES)
    text = f"{f.description}: HR{' ' + f.per_unit if f.per_unit else ''} death {_hr_text(death)}, " \
           f"progression {_hr_text(progression)}"
    if f.per_unit:
        m_death, m_prog = (f.multiplier[o] for o in OUTCOMES)
        text += f", here ×{m_death:.2f} and ×{m_prog:.2f}"
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def clinical_section(prediction: Prediction) -> Section:
    params = prediction.params
    factors, reference, unknown = patient_factors(prediction.case, params)
    paragraphs = [
        "Published multivariable hazard ratios (95% CI) relative to the model's reference patient: "
        "small-intestine primary, Ki-67 <3%, 1–3 liver lesions, no extrahepatic disease, complete cytoreduction; "
        f"age and lesion size act per year and per cm around the cohort medians "
        f"({params.centring['age_years']:g} years, {params.centring['largest_lesion_cm'] * 10:g} mm)."
    ]
    groups = (
        ("raises", "Raise the risk"),
        ("lowers", "Lower the risk"),
        ("mixed", "Raise one risk and lower the other"),
        ("neutral", "Negligible effect"),
    )
    for direction, heading in groups:
        chosen = [f for f in factors if f.direction == direction]
        if chosen:
            paragraphs.append(f"{heading}: " + "; ".join(_factor_text(f) for f in chosen) + ".")
    if reference:
        paragraphs.append("At the reference: " + ", ".join(reference) + ".")
    if unknown:
        paragraphs.append(_capital(" and ".join(unknown)) + " unknown: the curves are averaged over the "
                          "cohort's distribution (see the notes on the inputs).")
    return Section("For the clinician: this patient's factors", paragraphs=paragraphs)


# ------------------------------------------------------------------ limitations, citation


def limitation_items(markdown: str) -> list[str]:
    """The bullet points of ``resources/limitations.md`` as plain sentences."""
    items: list[str] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            items.append(stripped[2:].strip())
        elif stripped and not stripped.startswith("#") and items:
            items[-1] += " " + stripped  # continuation line of the last bullet
    return [re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), item) for item in items]


def read_limitations() -> list[str]:
    from desktop.paths import resources_dir

    return limitation_items((resources_dir() / "limitations.md").read_text(encoding="utf-8"))


def citation_section(params: ModelParams) -> Section:
    return Section("Source", paragraphs=[params.citation])


# ------------------------------------------------------------------ out of scope


def no_estimate_section(prediction: Prediction) -> Section:
    """Why the note gives no survival number for this patient (the inputs are still recorded)."""
    return Section(NO_ESTIMATE_TITLE, paragraphs=[_sentence(w.text) for w in prediction.scope] + [
        "The inputs are recorded below. This note deliberately contains no survival percentage, median or "
        "curve: any number from this model would describe a different group of patients."
    ])


# ------------------------------------------------------------------ the note


def build_note(prediction: Prediction, when: datetime | None = None,
               limitations: list[str] | None = None, extra: list[Section] | None = None) -> Note:
    """All sections of the consult note for one prediction.

    The prediction's grid must contain the milestone months (12, 24, 60, 120, 180); the
    renderer computes it with ``predict(case, np.arange(0, 181.0))``.
    """
    params = prediction.params
    when = when or datetime.now()
    header = Header(
        title=TITLE,
        subtitle=(SUBTITLE_NO_ESTIMATE if not prediction.applicable
                  else SUBTITLE_FOLLOW_UP.format(condition=condition_phrase(prediction)) if prediction.case.conditional
                  else SUBTITLE),
        patient_label=prediction.case.label,
        date_text=when.strftime("%Y-%m-%d %H:%M"),
        app_version=__version__,
        model_name=params.name,
        model_version=params.version,
        params_sha256=params.sha256,
    )
    applicable = prediction.applicable
    prominent = [w for w in prediction.warnings if w.severity == "prominent"]
    return Note(
        header=header,
        inputs=inputs_section(prediction),
        survival=survival_section(prediction) if applicable else None,
        patient=patient_section(prediction) if applicable else None,
        clinical=clinical_section(prediction) if applicable else None,
        no_estimate=None if applicable else no_estimate_section(prediction),
        alerts=Section(OUTSIDE_TITLE, paragraphs=[_sentence(_capital(w.text.removeprefix(OUTSIDE_TITLE + ": ")))
                                                  for w in prominent]) if prominent else None,
        model_is_not=Section("What this model is not", paragraphs=[WHAT_THE_MODEL_IS_NOT]),
        limitations=Section("Limitations", paragraphs=list(limitations if limitations is not None
                                                            else read_limitations())),
        citation=citation_section(params),
        extra=list(extra or []),
    )


# ------------------------------------------------------------------ plain text


def _table_text(table: Table, indent: str = "  ") -> list[str]:
    widths = [max(len(str(row[i])) for row in [table.columns, *table.rows]) for i in range(len(table.columns))]
    lines = []
    for row in [table.columns, *table.rows]:
        cells = [str(cell).ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append((indent + "   ".join(cells)).rstrip())
    return lines


def section_text(section: Section, bullets: bool = False) -> list[str]:
    lines = [section.title]
    if section.table is not None:
        lines += _table_text(section.table)
    for paragraph in section.paragraphs:
        lines.append(("- " if bullets else "") + paragraph)
    for note in section.footnotes:
        lines.append(("  " if section.table is not None else "") + note)
    return lines


def summary_text(note: Note) -> str:
    """The note as plain text, for pasting into an electronic record."""
    h = note.header
    lines = [
        f"{h.title}: {h.subtitle.split(': ', 1)[-1]}",
        f"Patient: {h.patient_text}",
        f"Date: {h.date_text}. netlm-risk {h.app_version}; model {h.model_name} (parameters v{h.model_version}, "
        f"sha256 {h.params_sha256_short}).",
        "",
    ]
    for section in note.sections:
        lines += section_text(section, bullets=section is note.limitations)
        lines.append("")
    lines.append(f"Model parameters sha256: {h.params_sha256}")
    return "\n".join(lines) + "\n"
