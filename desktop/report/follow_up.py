"""The words of a follow-up visit: the patient is seen alive some time after surgery, and times
are counted from today (desktop.model's conditional survival). The numbers at the time of
surgery, and the helpers both use, are in desktop.report.numbers.
"""

from __future__ import annotations

import numpy as np

from desktop.model.survival import Prediction
from desktop.report.numbers import (
    OUTCOME_PLAIN,
    PlainWords,
    at_month,
    duration_text,
    months_for_years,
    per_hundred,
    short_condition,
    since_months,
)
from desktop.report.words import Phrases

NO_ESTIMATE = "no estimate"


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


def from_today_months(prediction: Prediction, years: int) -> float | None:
    """The month after surgery that is ``years`` from today; None beyond the curve's end."""
    month = since_months(prediction) + months_for_years(years)
    return month if month <= float(prediction.overall_survival.months[-1]) + 1e-9 else None


def from_today(prediction: Prediction, outcome: str, years: int) -> tuple[float, float | None, float | None] | None:
    """(point, lower, upper) ``years`` from today; None beyond the modelled 15 years or without an estimate."""
    curve = prediction.curve(outcome)
    month = from_today_months(prediction, years)
    return None if curve is None or month is None else at_month(curve, month)


def beyond_model_sentence(prediction: Prediction) -> str:
    """At a visit in the model's last year: why no time from today is estimated."""
    last = float(prediction.overall_survival.months[-1])
    left = last - since_months(prediction)
    return (f"No estimate counted from today: the model ends {last / 12:g} years after surgery, "
            f"{left:.0f} month{'s' if round(left) != 1 else ''} from now.")


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
