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
    alive = per_hundred(_at_month(prediction.overall_survival, month)[0])
    if not with_progression or prediction.progression_free_survival is None:
        return [("alive", alive), ("died", 100 - alive)]
    without_progression = min(per_hundred(_at_month(prediction.progression_free_survival, month)[0]), alive)
    return [("alive_no_progression", without_progression), ("alive_progressed", alive - without_progression),
            ("died", 100 - alive)]


def picture_month(prediction: Prediction, years: int) -> float:
    """The month after surgery the picture shows: ``years`` after surgery, or from today at a visit."""
    return since_months(prediction) + months_for_years(years)


def icon_range(prediction: Prediction, years: int) -> tuple[int, int] | None:
    """The 95% range of the number alive of 100 at the picture's time (None without a range)."""
    point, lower, upper = _at_month(prediction.overall_survival, picture_month(prediction, years))
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


# ------------------------------------------------------------------ follow-up visits


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


def condition_phrase(prediction: Prediction) -> str | None:
    """'alive 3 years after surgery, with no sign of progression so far', or None at surgery."""
    if not prediction.case.conditional:
        return None
    when = f"{duration_text(since_months(prediction))} after surgery"
    progression = prediction.case.progression_so_far
    if progression == "none":
        return f"alive {when}, with no sign of the cancer growing or coming back so far"
    if progression == "progressed":
        return f"alive {when}, after the cancer has grown or come back"
    return f"alive {when}"


def short_condition(prediction: Prediction) -> str:
    """'alive 3 years after surgery' (the full condition is said once, first)."""
    return f"alive {duration_text(since_months(prediction))} after surgery"


def condition_sentence(prediction: Prediction) -> str | None:
    """The first sentence of every view at a follow-up visit (None at surgery)."""
    phrase = condition_phrase(prediction)
    if phrase is None:
        return None
    text = (f"These numbers are for people like this who are {phrase}; "
            "times are counted from today unless they say \"after surgery\".")
    if prediction.progression_free_survival is None:
        text += (" There is no estimate of progression-free survival: the model gives it only for people with "
                 "no progression so far.")
    return text


def _at_month(curve: Curve, month: float) -> tuple[float, float | None, float | None]:
    """(point, lower, upper) at any month of the curve's span (linear between grid months)."""
    months = np.asarray(curve.months, dtype=float)
    point = float(np.interp(month, months, curve.survival))
    if curve.lower is None or curve.upper is None:
        return point, None, None
    return point, float(np.interp(month, months, curve.lower)), float(np.interp(month, months, curve.upper))


def from_today_months(prediction: Prediction, years: int) -> float | None:
    """The month after surgery that is ``years`` from today; None beyond the curve's end."""
    month = since_months(prediction) + months_for_years(years)
    return month if month <= float(prediction.overall_survival.months[-1]) + 1e-9 else None


def from_today(prediction: Prediction, outcome: str, years: int) -> tuple[float, float | None, float | None] | None:
    """(point, lower, upper) ``years`` from today; None beyond the modelled 15 years or without an estimate."""
    curve = prediction.curve(outcome)
    month = from_today_months(prediction, years)
    return None if curve is None or month is None else _at_month(curve, month)


def sentence_from_today(prediction: Prediction, outcome: str, years: int) -> str | None:
    """'Of 100 people like this who are alive 3 years after surgery, about 78 are alive 5 years from now;
    the range is 70 to 85.' None when that is beyond the modelled 15 years or there is no estimate."""
    values = from_today(prediction, outcome, years)
    if values is None:
        return None
    curve = prediction.curve(outcome)
    month = from_today_months(prediction, years)
    point, lower, upper = values
    count = per_hundred(point)
    how_many = "fewer than 1" if count == 0 else ("almost all" if count == 100 and point < 1 else f"about {count}")
    verb = "is" if count <= 1 else "are"
    unit = "year" if years == 1 else "years"
    who = f"who are {short_condition(prediction)}" if prediction.case.conditional else "seen today"
    text = f"Of 100 people like this {who}, {how_many} {verb} {OUTCOME_PLAIN[outcome]} {years} {unit} from now"
    if lower is not None and upper is not None:
        text += f"; the range is {per_hundred(lower)} to {per_hundred(upper)}"
    text += "."
    index = int(np.abs(np.asarray(curve.months) - month).argmin())
    if bool(curve.extrapolated[index]):
        text += " This is beyond the study's follow-up, so it is an extrapolation."
    return text


SCENARIO_NAMES = {"worst": "Worst case", "typical": "Typical", "best": "Best case"}


def _span(months: float) -> str:
    """A scenario time: months under 2 years, else years to one decimal."""
    if months < 23.5:
        whole = max(int(round(months)), 1)
        return f"{whole} month{'s' if whole != 1 else ''}"
    return f"{months / 12:.1f}".removesuffix(".0") + " years"


def _range_text(entry: dict, since: float, horizon: float) -> str | None:
    """'9 to 31 months', '1.5 to more than 15 years'; None without a range."""
    low, high = entry.get("lower"), entry.get("upper")
    if low is None and high is None:
        return None
    beyond = f"more than {_span(horizon - since)}"
    if low is None:
        return beyond
    low_text, high_text = _span(low - since), (_span(high - since) if high is not None else beyond)
    for unit in (" months", " years"):  # '9 to 31 months', not '9 months to 31 months'
        if low_text.endswith(unit) and high_text.endswith(unit) and not high_text.startswith("more"):
            low_text = low_text.removesuffix(unit)
    if low_text.endswith(" month") and high_text.endswith("months"):
        low_text = low_text.removesuffix(" month")
    return f"{low_text} to {high_text}"


def scenario_lines(prediction: Prediction, ranges: bool = True) -> list[tuple[str, str]]:
    """Best, typical and worst case in plain words: (key, sentence), from the patient's OS curve
    (Prediction.scenarios, Kiely et al. 2011). At a follow-up visit times are counted from today;
    a time past the modelled horizon is said as 'more than', never extrapolated."""
    s = prediction.scenarios
    since = since_months(prediction)
    horizon = float(s["horizon_months"])
    within, after = (" from now", " from now") if since else (" of surgery", " after surgery")

    def timed(entry: dict, suffix: str = "") -> str:
        text = _span(entry["months"] - since) + suffix
        extent = _range_text(entry, since, horizon) if ranges else None
        return text + (f" (range {extent})" if extent else "")

    worst, low, high, best = s["worst"], s["typical_from"], s["typical_to"], s["best"]
    limit = _span(horizon - since) + after
    if worst["months"] is None:
        worst_text = f"Fewer than 1 in 10 people like this die within {limit}, as far as the study reaches."
    else:
        worst_text = f"About 1 in 10 people like this die within {timed(worst, within)}."
    if low["months"] is None:
        typical_text = f"More than three quarters of people like this are still alive {limit}, as far as the study reaches."
    elif high["months"] is None:
        typical_text = (f"Half of people like this live between {timed(low)} and more than {limit} "
                        "(the study reaches no further).")
    else:
        typical_text = f"Half of people like this live between {timed(low)} and {timed(high)}{after}."
    if best["months"] is None:
        best_text = f"More than 1 in 10 people like this are still alive {limit}, as far as the study reaches."
    else:
        best_text = f"About 1 in 10 people like this live longer than {timed(best, after)}."
    return [("worst", worst_text), ("typical", typical_text), ("best", best_text)]


def milestone_row_label(years: int, since: float) -> str:
    """'5 years', or at a follow-up visit '5 years (2 y from today)' / '1 year (before today)'."""
    text = f"{years} year{'s' if years != 1 else ''}"
    if not since:
        return text
    ahead = months_for_years(years) - since
    if ahead <= 0:
        return f"{text} (before today)"
    years_ahead, months_ahead = divmod(int(round(ahead)), 12)
    short = " ".join(part for part in (f"{years_ahead} y" if years_ahead else "",
                                       f"{months_ahead} mo" if months_ahead else "") if part)
    return f"{text} ({short} from today)"


NO_ESTIMATE = "no estimate"


class FollowUpWords(Phrases):
    """The patient's words at a follow-up visit and for the best, typical and worst case."""

    def span(self, months: float) -> str:
        """A time in whole months under 2 years, else whole years."""
        if months < 23.5:
            return self.tr("%n months", "", max(int(round(months)), 1))
        return self.tr("%n years", "", int(round(months / 12)))

    def since(self, months: float) -> str:
        """'3 years', '8 months', '3 years and 4 months'."""
        years, rest = divmod(int(round(months)), 12)
        if years and rest:
            return self.tr("{years} and {months}").format(years=self.tr("%n years", "", years),
                                                          months=self.tr("%n months", "", rest))
        return self.tr("%n years", "", years) if years else self.tr("%n months", "", rest)

    def from_now(self, years: int) -> str:
        return self.tr("%n years from now", "", years)

    def picture_title(self, prediction: Prediction, years: int) -> str:
        since = self.since(since_months(prediction))
        if prediction.case.progression_so_far == "none":
            text = self.tr("Out of 100 people like you who are alive {since} after surgery, with no sign of the "
                           "cancer growing or coming back, {when}:")
        else:
            text = self.tr("Out of 100 people like you who are alive {since} after surgery, {when}:")
        return text.format(since=since, when=self.from_now(years))

    def sentence(self, prediction: Prediction, outcome: str, years: int) -> str | None:
        """'Of 100 people like this, about 78 are alive 5 years from now; the range is 70 to 85.'"""
        values = from_today(prediction, outcome, years)
        if values is None:
            return None
        point, lower, upper = values
        count = per_hundred(point)
        text = PlainWords(self.words).survivors(outcome, count, count == 100 and point < 1, years,
                                                when=self.from_now(years))
        if lower is None or upper is None:
            return self.tr("{sentence}.").format(sentence=text)
        return self.tr("{sentence}; the range is {low} to {high}.").format(
            sentence=text, low=self.number(per_hundred(lower)), high=self.number(per_hundred(upper)))

    def no_progression_estimate(self) -> str:
        return self.tr("These numbers are only about being alive: the study cannot say how likely the cancer "
                       "is to grow or come back from here.")

    def range_words(self, low: int, high: int) -> str:
        return self.tr("Somewhere between {low} and {high} are alive (the paler people)").format(
            low=self.number(low), high=self.number(high))

    def show_range(self) -> str:
        return self.tr("Show the range in the picture")

    def outlook_button(self) -> str:
        return self.tr("Best/worst case")

    def outlook(self, prediction: Prediction) -> list[str]:
        """Worst, typical and best case from the OS curve (Prediction.scenarios), with ranges."""
        s = prediction.scenarios
        since = since_months(prediction)
        horizon = float(s["horizon_months"])

        def time(months: float | None, bare: bool = False) -> str:
            text = self.tr("more than {time}").format(time=self.span(horizon - since)) if months is None \
                else self.span(months - since)
            if bare:
                return text
            return self.tr("{time} from now").format(time=text) if since else \
                self.tr("{time} after surgery").format(time=text)

        def ranged(sentence: str, entry: dict) -> str:
            if entry.get("lower") is None:
                return sentence
            return sentence + " " + self.tr("Range: {low} to {high}.").format(
                low=time(entry["lower"], bare=True), high=time(entry.get("upper"), bare=True))

        worst, low, high, best = s["worst"], s["typical_from"], s["typical_to"], s["best"]
        limit = time(horizon)
        if worst["months"] is None:
            worst_text = self.tr("Worst case: fewer than 1 in 10 people like you die within {time}.").format(time=limit)
        else:
            worst_text = ranged(self.tr("Worst case: about 1 in 10 people like you die within {time}.").format(
                time=time(worst["months"])), worst)
        if low["months"] is None:
            typical_text = self.tr("Typical: most people like you are still alive {time}.").format(time=limit)
        else:
            typical_text = self.tr("Typical: half of people like you live between {low} and {high}.").format(
                low=time(low["months"], bare=True), high=time(high["months"]))
        if best["months"] is None:
            best_text = self.tr("Best case: more than 1 in 10 people like you are still alive {time}.").format(
                time=limit)
        else:
            best_text = ranged(self.tr("Best case: about 1 in 10 people like you live longer than {time}.").format(
                time=time(best["months"])), best)
        return [worst_text, typical_text, best_text]
