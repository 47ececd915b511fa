"""Best, typical and worst case in the clinician's words, from the patient's OS curve
(Prediction.scenarios, Kiely et al. 2011); the patient's words for them are
``desktop.report.follow_up.FollowUpWords.outlook``.
"""

from __future__ import annotations

from desktop.model.survival import Prediction
from desktop.report.numbers import since_months

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
