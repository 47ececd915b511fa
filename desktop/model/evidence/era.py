"""The era scenario beside the main estimate, at the standard months (numbers only)."""

from __future__ import annotations

import numpy as np

from desktop.model.case import Case
from desktop.model.params import ModelParams

SCENARIO_MONTHS = (12, 24, 36, 60, 120, 180)
TARGET = "era.rows.2014_2020.os_5y"


def _at(curve, months):
    """The Curve at ``months`` (which lie on its grid)."""
    from dataclasses import replace

    grid = [float(m) for m in curve.months]
    idx = np.array([grid.index(float(m)) for m in months])
    pick = (lambda a: None if a is None else np.asarray(a)[idx])  # noqa: E731
    return replace(curve, months=np.asarray(curve.months)[idx], survival=pick(curve.survival), lower=pick(curve.lower),
                   upper=pick(curve.upper), extrapolated=pick(curve.extrapolated))


def era_curves(case: Case, months, params: ModelParams, main=None) -> tuple:
    """(scenario OS Curve with its 95% range, main OS Curve without) on ``months``.

    ``main``: the case's OS Curve on a grid holding ``months``, when the caller has predicted it
    already (its point values are taken, not computed again).
    """
    from desktop.model.era import era_scenario, load_era
    from desktop.model.survival import predict

    era = load_era(params=params)
    scenario = era_scenario(case, months, with_bands=True, params=params, era=era)
    held = main is not None and {float(m) for m in months} <= {float(m) for m in main.months}
    main = _at(main, months) if held else predict(case, months, with_bands=False, params=params).overall_survival
    return scenario, main


def scenario(case: Case, params: ModelParams, curves: tuple | None = None) -> dict:
    """The scenario's numbers for ``case``; ``curves`` are ``era_curves`` on a grid holding SCENARIO_MONTHS."""
    from desktop.model.era import load_era, share_above_one
    from desktop.model.survival import BAND_QUANTILES, quantiles_last_axis

    era = load_era(params=params)
    scenario_curve, main = curves or era_curves(case, list(SCENARIO_MONTHS), params)
    # numpy's linear percentile, without np.percentile (its np.unique imports numpy.ma, ~40 ms a process)
    low, high = quantiles_last_axis(np.asarray(era.draw_hazard_multiplier, dtype=float), BAND_QUANTILES)
    return {
        "months": list(SCENARIO_MONTHS),
        "hazard_multiplier": round(era.hazard_multiplier, 4),
        "hazard_multiplier_range": [round(float(low), 4), round(float(high), 4)],
        "hazard_multiplier_share_above_1": round(share_above_one(era), 4),
        "scenario_overall_survival": _at(scenario_curve, SCENARIO_MONTHS).to_dict(),
        "main_overall_survival": {"months": list(SCENARIO_MONTHS),
                                  "survival": [round(float(v), 6) for v in _at(main, SCENARIO_MONTHS).survival]},
        "check": era.check,
        "facts": [TARGET],
    }
