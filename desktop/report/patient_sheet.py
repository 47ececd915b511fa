"""What the patient's take-home sheet says (``desktop.qt.sheet_pdf`` lays it out).

One page in plain words, in the patient's language: what was estimated and for whom, the
picture of 100 people at the horizon chosen in the counselling view, the two sentences for
survival and for survival without the cancer growing, the best, typical and worst cases when
the prediction carries them, what the numbers cannot say, and questions for the next visit.
No hazard ratios, no model names, no file names. The patient label appears only when the
clinician asks for it: the sheet goes home.

Every number comes from ``desktop.report.numbers`` (and ``.follow_up``) applied to the same
Prediction as the counselling view, so the sheet and the screen agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.model.survival import Prediction
from desktop.report import follow_up, numbers
from desktop.report.words import Phrases, Words

@dataclass(frozen=True)
class SheetGroup:
    key: str  # icon kind (desktop.qt.icon_array.KINDS)
    count: int
    text: str


@dataclass(frozen=True)
class Sheet:
    language: str
    title: str
    date_text: str
    label: str | None  # printed only when asked for
    intro: str
    details: list[tuple[str, str]]
    estimate: bool  # False: out of the study's scope, no numbers at all
    no_estimate: list[str] = field(default_factory=list)
    picture_title: str = ""
    groups: list[SheetGroup] = field(default_factory=list)
    alive_range: tuple[int, int] | None = None  # the 95% range of the number alive, of 100
    range_text: str = ""
    sentences: list[str] = field(default_factory=list)
    scenarios_title: str = ""
    scenarios: list[str] = field(default_factory=list)
    limits_title: str = ""
    limits: list[str] = field(default_factory=list)
    questions_title: str = ""
    questions: list[str] = field(default_factory=list)
    footer: str = ""
    review_note: str = ""

    def text(self) -> str:
        """Everything the sheet says, as plain text (reading-level checks, tests)."""
        parts = [self.title, self.intro, *(f"{a}: {b}" for a, b in self.details), *self.no_estimate,
                 self.picture_title, *(g.text for g in self.groups), self.range_text, *self.sentences,
                 self.scenarios_title, *self.scenarios, self.limits_title, *self.limits, self.questions_title,
                 *self.questions]
        return "\n".join(p for p in parts if p)


def out_of_scope_reasons(case) -> list[str]:
    """Why the study's numbers do not apply to this case, as the fields that say so (empty when they do)."""
    from desktop.model.scope import out_of_scope

    return [w.field for w in out_of_scope(case)]


def no_picture_reasons(case, prediction: Prediction | None, years: int) -> list[str]:
    """Why the sheet and the counselling view show no picture of ``case`` (empty when they can):
    the fields that put the case outside the study, or "beyond_follow_up" when ``prediction`` is
    for a visit so late that even one year from today is past the model's end."""
    reasons = out_of_scope_reasons(case)
    if reasons or prediction is None or not prediction.applicable:
        return reasons
    return [] if numbers.fitting_horizon(prediction, years) is not None else ["beyond_follow_up"]


class PatientSheet(Phrases):
    """The sheet's own words (the sentences and the picture's words are desktop.report.numbers.PlainWords)."""

    def title(self) -> str:
        return self.tr("After liver surgery for a neuroendocrine tumour: what the numbers say")

    def intro(self) -> str:
        return self.tr("This sheet shows how people in a study did after an operation to take neuroendocrine "
                       "tumours out of the liver. It uses these details:")

    def details(self, case) -> list[tuple[str, str]]:
        site = {
            "small_intestine": self.tr("the small bowel"),
            "pancreas": self.tr("the pancreas"),
            "other": self.tr("another place"),
        }.get(case.primary_site, self.tr("another place"))
        removal = {
            "complete": self.tr("all the tumour that could be seen"),
            "incomplete_over_90": self.tr("more than 90 out of 100 parts of the tumour"),
            "incomplete_under_90": self.tr("less than 90 out of 100 parts of the tumour"),
            None: self.tr("not known yet"),
        }.get(case.cytoreduction, self.tr("not known yet"))
        ki67 = (self.tr("not known") if case.ki67_percent is None
                else self.tr("{value} out of 100 cells").format(value=self.number(case.ki67_percent,
                                                                                  _decimals(case.ki67_percent))))
        out = [
            (self.tr("Age"), self.tr("%n years", "", int(case.age_years))),
            (self.tr("Where the tumour started"), site),
            (self.tr("Ki-67 (how fast the tumour cells divide)"), ki67),
            (self.tr("Spots of tumour in the liver"), self.tr("%n spots", "", int(case.liver_lesion_count))),
            (self.tr("Size of the largest spot"),
             self.tr("{value} mm across").format(value=self.number(case.largest_lesion_mm,
                                                                   _decimals(case.largest_lesion_mm)))),
            (self.tr("Tumour outside the liver"), self.tr("yes") if case.extrahepatic_metastases else self.tr("no")),
            (self.tr("How much of the tumour the operation took out"), removal),
        ]
        differentiation = getattr(case, "differentiation", None)
        if differentiation is not None:
            out.append((self.tr("How the tumour cells look"),
                        self.tr("close to normal cells (well differentiated)") if differentiation == "well"
                        else self.tr("poorly differentiated")))
        if case.conditional:  # a follow-up visit: the numbers are for people still alive by now
            out.append((self.tr("Alive today, after the operation"),
                        follow_up.FollowUpWords(self.words).since(case.months_since_surgery)))
            out.append((self.tr("Cancer grown or come back since"),
                        {"none": self.tr("no"), "progressed": self.tr("yes")}.get(case.progression_so_far,
                                                                                   self.tr("not known"))))
        return out

    def no_estimate(self, reasons: list[str], prediction: Prediction | None = None) -> list[str]:
        """Why there is no picture: the case is outside the study (``reasons`` from the model's
        scope), or, with the reason "beyond_follow_up", ``prediction`` is for a visit so late that
        even one year from today is past the model's end."""
        out = [self.tr("This sheet gives no estimate.")]
        if "beyond_follow_up" in reasons:
            study_years = int(round(float(prediction.overall_survival.months[-1]) / 12))
            out.append(self.tr("The study followed people for {years} years after their operation. One year from "
                               "today is later than that, so the study cannot say how the coming years will go.")
                       .format(years=self.number(study_years)))
            out.append(self.tr("Please ask your care team what this means for you."))
            return out
        if "differentiation" in reasons:
            out.append(self.tr("The study only included people whose tumour cells look close to normal cells "
                               "(well differentiated). This tumour is poorly differentiated, so the study's "
                               "numbers do not fit it."))
        out.append(self.tr("Please ask your care team what is known for your kind of tumour."))
        return out

    def scenarios_title(self) -> str:
        return self.tr("Best, typical and worst case")

    def limits_title(self) -> str:
        return self.tr("What these numbers cannot tell you")

    def questions_title(self) -> str:
        return self.tr("Questions to ask at your next visit")

    def questions(self) -> list[str]:
        return [
            self.tr("What do these numbers mean for me?"),
            self.tr("How often will I have scans and check-ups?"),
            self.tr("Which signs should make me call the clinic?"),
            self.tr("What other treatments could help me, now or later?"),
        ]

    def made_on(self, when: str, version: str) -> str:
        return self.tr("Made on {date} by the clinic with netlm-risk {version}. Based on a study from Mayo Clinic "
                       "(published in 2023).").format(date=when, version=version)

    def label_line(self, label: str) -> str:
        return self.tr("For: {label}").format(label=label)


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 1


def build_sheet(case, prediction, years: int = 5, with_progression: bool = True, words: Words | None = None,
                include_label: bool = False, today: date | None = None, app_version: str | None = None) -> Sheet:
    """The take-home sheet for ``case`` (``prediction`` may be None when the case is out of scope)."""
    from desktop import __version__

    sheet = PatientSheet(words)
    plain = numbers.PlainWords(sheet.words)
    years = years if years in numbers.HORIZONS else 5
    when = (today or date.today()).isoformat()
    label = (case.label or "").strip() if include_label else ""
    common = dict(
        language=sheet.words.language, title=sheet.title(), date_text=when,
        label=sheet.label_line(label) if label else None, intro=sheet.intro(), details=sheet.details(case),
        limits_title=sheet.limits_title(), questions_title=sheet.questions_title(), questions=sheet.questions(), footer=sheet.made_on(when, app_version or __version__),
        review_note=sheet.words.unreviewed_note,
    )
    reasons = no_picture_reasons(case, prediction, years)
    if reasons or prediction is None:
        return Sheet(estimate=False, no_estimate=sheet.no_estimate(reasons, prediction), **common)
    years = numbers.fitting_horizon(prediction, years)  # at a visit: from today, within the model's 15 years

    # at a follow-up visit after progression there is no estimate without progression
    with_progression = with_progression and prediction.progression_free_survival is not None
    groups = numbers.icon_groups(prediction, years, with_progression)
    alive_range = numbers.icon_range(prediction, years)  # at a follow-up visit, ``years`` from today
    outcomes = ["overall_survival"] + (["progression_free_survival"] if with_progression else [])
    # the counselling view's words for the picture, its range and its best/worst case (FollowUpWords)
    views = follow_up.FollowUpWords(sheet.words)
    visit = case.conditional
    # at a visit the sentences count from today, like the picture (never "after surgery": the
    # conditional curve is 100% up to the visit)
    sentences = [views.sentence(prediction, outcome, years) if visit else plain.sentence(prediction, outcome, years)
                 for outcome in outcomes]
    sentences = [text for text in sentences if text]
    if visit and prediction.progression_free_survival is None:
        sentences.append(views.no_progression_estimate())
    cohort = prediction.params.table1["all"]["n"]
    return Sheet(
        estimate=True,
        picture_title=views.picture_title(prediction, years) if visit else plain.picture_title(years),
        groups=[SheetGroup(key, n, plain.legend(key, n)) for key, n in groups],
        alive_range=alive_range if alive_range and alive_range[0] < alive_range[1] else None,
        range_text=views.range_words(*alive_range) if alive_range and alive_range[0] < alive_range[1] else "",
        sentences=sentences,
        scenarios_title=sheet.scenarios_title(),
        scenarios=views.outlook(prediction) if getattr(prediction, "scenarios", None) else [],
        limits=plain.limits(cohort, case.cytoreduction is None),
        **common,
    )
