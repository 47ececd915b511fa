"""The numbers a person reads: milestone table, medians and plain-language sentences.

Everything here is computed from one Prediction, so that the curve, the table, the sentence,
the counselling view and the printed note can never disagree. Percentages are rounded to
whole numbers ("about 78 of 100"), the precision a survival estimate deserves.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.model.params import OUTCOMES  # noqa: F401 (see below)
from desktop.model.survival import MONTHLY_GRID, Curve, Prediction  # noqa: F401 (see below)

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


def sentence(prediction: Prediction, outcome: str, years: int) -> str:
    """'Of 100 people like this, about 78 are alive 5 years after surgery; the range is 70 to 85.'"""
    m = milestone(prediction.curve(outcome), outcome, years)
    unit = "year" if years == 1 else "years"
    count = per_hundred(m.survival)
    # "about 0 are alive" reads as a certainty; say what rounding hides
    how_many = "fewer than 1" if count == 0 else ("almost all" if count == 100 and m.survival < 1 else f"about {count}")
    verb = "is" if count <= 1 else "are"  # "fewer than 1 is", "about 1 is"
    text = f"Of 100 people like this, {how_many} {verb} {OUTCOME_PLAIN[outcome]} {years} {unit} after surgery"
    if m.lower is not None and m.upper is not None:
        text += f"; the range is {per_hundred(m.lower)} to {per_hundred(m.upper)}"
    text += "."
    if m.extrapolated:
        text += " This is beyond the study's follow-up, so it is an extrapolation."
    return text


def median_sentence(prediction: Prediction, outcome: str) -> str:
    curve = prediction.curve(outcome)
    data_years = prediction.params.last_knot_months(outcome) / 12
    what = OUTCOME_PLAIN[outcome]
    if curve.median_months is None:
        return f"More than half of people like this are still {what} {data_years:g} years after surgery."
    years = curve.median_months / 12
    when = f"{curve.median_months:.0f} months" if years < 3 else f"{years:.1f} years".replace(".0 years", " years")
    return f"About half of people like this are still {what} {when} after surgery."
