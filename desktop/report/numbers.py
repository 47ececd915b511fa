"""The numbers a person reads: milestone table, medians and plain-language sentences.

Everything here is computed from one Prediction, so that the curve, the table, the sentence,
the counselling view and the printed note can never disagree. Percentages are rounded to
whole numbers ("about 78 of 100"), the precision a survival estimate deserves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.model.params import OUTCOMES  # noqa: F401 (see below)
from desktop.model.survival import MONTHLY_GRID, Curve, Prediction  # noqa: F401 (see below)
from desktop.report.words import Phrases, Words

# OUTCOMES and MONTHLY_GRID are imported for the GUI too, which reaches the model only through report/ and the view-model

MILESTONE_YEARS = (1, 2, 5, 10, 15)
HORIZONS = (1, 2, 5, 10)  # the years the counselling view offers
OUTCOME_LABELS = {
    "overall_survival": "Overall survival",
    "progression_free_survival": "Progression-free survival",
}
OUTCOME_SHORT = {"overall_survival": "OS", "progression_free_survival": "PFS"}
# what "surviving" means for each outcome, in words a patient understands
OUTCOME_PLAIN = {
    "overall_survival": "alive",
    "progression_free_survival": "alive without the cancer growing or coming back",
}


def months_for_years(years: float) -> float:
    return 12.0 * years


def required_months() -> list[float]:
    """Months a prediction's grid must contain for the table and sentences."""
    return [months_for_years(y) for y in MILESTONE_YEARS]


def per_hundred(probability: float) -> int:
    return int(round(100 * probability))


def percent(probability: float | None) -> str:
    return "–" if probability is None else f"{per_hundred(probability)}%"


@dataclass(frozen=True)
class Milestone:
    years: int
    outcome: str
    survival: float
    lower: float | None
    upper: float | None
    extrapolated: bool

    @property
    def text(self) -> str:
        """'78% (70–85%)', with a dagger when extrapolated."""
        body = percent(self.survival)
        if self.lower is not None and self.upper is not None:
            body += f" ({per_hundred(self.lower)}–{per_hundred(self.upper)}%)"
        return body + (" †" if self.extrapolated else "")


def milestone(curve: Curve, outcome: str, years: int) -> Milestone:
    month = months_for_years(years)
    point, lower, upper = curve.at(month)
    index = int(abs(curve.months - month).argmin())
    return Milestone(years, outcome, point, lower, upper, bool(curve.extrapolated[index]))


def milestones(prediction: Prediction, outcome: str) -> list[Milestone]:
    curve = prediction.curve(outcome)
    return [milestone(curve, outcome, y) for y in MILESTONE_YEARS]


def median_text(curve: Curve, outcome: str, data_years: float) -> str:
    """'118 months (9.8 years)' or 'not reached by 15 years'."""
    if curve.median_months is None:
        return f"not reached by {data_years:g} years"
    return f"{curve.median_months:.0f} months ({curve.median_months / 12:.1f} years)"


def icon_groups(prediction: Prediction, years: int, with_progression: bool) -> list[tuple[str, int]]:
    """How many of 100 people fall in each group of the picture at ``years`` (per_hundred rounding);
    at a follow-up visit ``years`` from today, and without PFS when it has no estimate."""
    month = picture_month(prediction, years)
    alive = per_hundred(at_month(prediction.overall_survival, month)[0])
    if not with_progression or prediction.progression_free_survival is None:
        return [("alive", alive), ("died", 100 - alive)]
    without_progression = min(per_hundred(at_month(prediction.progression_free_survival, month)[0]), alive)
    return [("alive_no_progression", without_progression), ("alive_progressed", alive - without_progression),
            ("died", 100 - alive)]


def picture_month(prediction: Prediction, years: int) -> float:
    """The month after surgery the picture shows: ``years`` after surgery, or from today at a visit."""
    return since_months(prediction) + months_for_years(years)


def horizons_within(prediction: Prediction) -> list[int]:
    """The HORIZONS whose picture time is within the curve (at a follow-up visit they count from
    today, and the model ends 15 years after surgery)."""
    last = float(prediction.overall_survival.months[-1])
    return [years for years in HORIZONS if picture_month(prediction, years) <= last + 1e-9]


def fitting_horizon(prediction: Prediction, years: int, within: list[int] | None = None) -> int | None:
    """``years`` when the picture can show it, else the longest horizon it can show; None when
    even the shortest is beyond the model's end (a visit late in the 15th year). ``within``:
    ``horizons_within(prediction)`` when already at hand."""
    within = horizons_within(prediction) if within is None else within
    if years in within:
        return years
    return within[-1] if within else None


def icon_range(prediction: Prediction, years: int) -> tuple[int, int] | None:
    """The 95% range of the number alive of 100 at the picture's time (None without a range)."""
    point, lower, upper = at_month(prediction.overall_survival, picture_month(prediction, years))
    if lower is None or upper is None:
        return None
    return per_hundred(lower), per_hundred(upper)


class PlainWords(Phrases):
    """The sentences a patient reads, in the patient's language (see desktop.report.words)."""

    def when(self, years: int) -> str:
        return self.tr("%n years after surgery", "", years)

    def survivors(self, outcome: str, count: int, nearly_all: bool, years: int, when: str | None = None) -> str:
        """'Of 100 people like this, about 78 are alive 5 years after surgery' (no full stop)."""
        when = when or self.when(years)
        if outcome == "overall_survival":
            if count == 0:  # "about 0 are alive" reads as a certainty; say what rounding hides
                text = self.tr("Of 100 people like this, fewer than 1 is alive {when}")
            elif nearly_all:
                text = self.tr("Of 100 people like this, almost all are alive {when}")
            else:
                text = self.tr("Of 100 people like this, about %n are alive {when}", "", count)
        else:
            if count == 0:
                text = self.tr("Of 100 people like this, fewer than 1 is alive without the cancer growing or "
                               "coming back {when}")
            elif nearly_all:
                text = self.tr("Of 100 people like this, almost all are alive without the cancer growing or "
                               "coming back {when}")
            else:
                text = self.tr("Of 100 people like this, about %n are alive without the cancer growing or "
                               "coming back {when}", "", count)
        return text.format(when=when)

    def sentence(self, prediction: Prediction, outcome: str, years: int) -> str:
        m = milestone(prediction.curve(outcome), outcome, years)
        count = per_hundred(m.survival)
        text = self.survivors(outcome, count, count == 100 and m.survival < 1, years)
        if m.lower is not None and m.upper is not None:
            text = self.tr("{sentence}; the range is {low} to {high}.").format(
                sentence=text, low=self.number(per_hundred(m.lower)), high=self.number(per_hundred(m.upper)))
        else:
            text = self.tr("{sentence}.").format(sentence=text)
        if m.extrapolated:
            text += " " + self.tr("The study did not follow people this long, so this number is an extrapolation "
                                   "(a careful guess).")
        return text

    # ------------------------------------------------------------------ the picture of 100 people

    def legend(self, key: str, n: int) -> str:
        """What one group of the icon array means: '78 people are alive' ('1 person is alive')."""
        if key == "alive_no_progression":
            return self.tr("%n people are alive, with no sign of the cancer growing or coming back", "", n)
        if key == "alive_progressed":
            return self.tr("%n people are alive, but the cancer has grown or come back", "", n)
        if key == "alive":
            return self.tr("%n people are alive", "", n)
        if key == "died":
            return self.tr("%n people have died", "", n)
        raise ValueError(f"unknown group {key!r}")

    def picture_title(self, years: int) -> str:
        return self.tr("Out of 100 people like you, {when}:").format(when=self.when(years))

    def range_explained(self) -> str:
        return self.tr("The range shows how sure the estimate is: the true number is likely to lie between "
                       "these values.")

    def limits(self, cohort: int, removal_unknown: bool) -> list[str]:
        """What the numbers cannot say, in plain words."""
        out = [
            self.tr("These numbers come from {cohort} people who had this operation at one hospital "
                    "(Mayo Clinic).").format(cohort=self.number(cohort)),
            self.tr("They describe a group of people, not what will happen to any one person."),
            self.tr("Treatment has improved since then, so people treated today may do better."),
        ]
        if removal_unknown:
            out.append(self.tr("How much of the cancer the operation removes is not known yet; "
                               "the numbers average over the possible results."))
        return out


def sentence(prediction: Prediction, outcome: str, years: int, words: Words | None = None) -> str:
    """'Of 100 people like this, about 78 are alive 5 years after surgery; the range is 70 to 85.'"""
    return PlainWords(words).sentence(prediction, outcome, years)


def median_sentence(prediction: Prediction, outcome: str) -> str:
    curve = prediction.curve(outcome)
    data_years = prediction.params.last_knot_months(outcome) / 12
    what = OUTCOME_PLAIN[outcome]
    if curve.median_months is None:
        who = f" who are {short_condition(prediction)}" if prediction.case.conditional else ""
        return f"More than half of people like this{who} are still {what} {data_years:g} years after surgery."
    years = curve.median_months / 12
    when = f"{curve.median_months:.0f} months" if years < 3 else f"{years:.1f} years".replace(".0 years", " years")
    since = since_months(prediction)
    if since:
        return (f"About half of people like this who are {short_condition(prediction)} are still {what} "
                f"{when} after surgery ({duration_text(curve.median_months - since)} from now).")
    return f"About half of people like this are still {what} {when} after surgery."


# ------------------------------------------------------------------ time since surgery
# (at a follow-up visit; the visit's own words are in desktop.report.follow_up)


def since_months(prediction: Prediction) -> float:
    """Months after surgery the patient is seen alive (0 at the time of surgery)."""
    return float(prediction.case.months_since_surgery or 0.0)


def duration_text(months: float) -> str:
    """'8 months', '1 year', '2 years 6 months', '12.5 years' (months are rounded)."""
    whole = int(round(months))
    years, rest = divmod(whole, 12)
    if years == 0:
        return f"{rest} month{'s' if rest != 1 else ''}"
    text = f"{years} year{'s' if years != 1 else ''}"
    if rest and years < 5:
        text += f" {rest} month{'s' if rest != 1 else ''}"
    elif rest:
        text = f"{whole / 12:.1f} years"
    return text


def short_condition(prediction: Prediction) -> str:
    """'alive 3 years after surgery' (the full condition is said once, first)."""
    return f"alive {duration_text(since_months(prediction))} after surgery"


def at_month(curve: Curve, month: float) -> tuple[float, float | None, float | None]:
    """(point, lower, upper) at any month of the curve's span (linear between grid months)."""
    months = np.asarray(curve.months, dtype=float)
    point = float(np.interp(month, months, curve.survival))
    if curve.lower is None or curve.upper is None:
        return point, None, None
    return point, float(np.interp(month, months, curve.lower)), float(np.interp(month, months, curve.upper))
