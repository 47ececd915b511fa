"""Era sensitivity scenario: overall survival recalibrated to the most recent Mayo period.

The Mayo paper reports 5-year OS by 7-year period (seed 000, line 179): 71% (2000-2006),
78% (2007-2013) and 81% (2014-2020). Only the 5-year value is published for 2014-2020.
The scenario multiplies the main model's OS baseline cumulative hazard by one constant c,

    S_era(t | x) = exp(-c * H0(t) * exp(beta . x)),                                  (1)

with c solved so that the average of the individual curves over the synthetic Mayo cohort
(the one ``derive.py`` calibrates on) equals 81% at 60 months. Equation (1) is the same as
an era hazard ratio c applied at every time: beyond 5 years it assumes the era effect stays
proportional (a check on 2007-2013, where 5- and 10-year values exist, is stored beside it).
PFS is not recalibrated: the paper found no era difference in PFS (p = 0.80), and the scenario
shows OS only. The point multiplier is below 1 (c ~ 0.70), but about 15% of the draws have c > 1
(95% range about 0.40-1.31): an era worse than the whole period is within the uncertainty, so the
scenario's range straddles the main estimate, and callers say so (``share_above_one``).

The 95% range repeats the solve for every Monte-Carlo draw of the main model, with the 81%
target drawn from its published CI (73-89%) on the complementary log-log scale.

This is a scenario, never the main estimate: every caller labels it so. ``derive.py``
regenerates ``model_params/era_scenario.json`` together with the main derived file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from desktop import paths
from desktop.model.case import Case
from desktop.model.params import (
    DERIVED_FILE,
    Z_95,
    ModelParams,
    ParameterError,
    file_sha256,
    load_params,
    verify_file,
)

ERA_FILE = "era_scenario.json"
EVIDENCE_FILE = "evidence.json"
OS = "overall_survival"
TARGET_ERA = "2014_2020"
TARGET_MONTHS = 60.0  # the published era milestone is the 5-year OS
ERA_DRAWS_SEED = 2014  # first year of the most recent period


def _cloglog(s):
    return np.log(-np.log(s))


def _era_rows(evidence: dict) -> dict:
    return {row["key"]: row for row in evidence["era"]["rows"]}


def era_target(evidence: dict) -> dict:
    """The 2014-2020 5-year OS and its CI, as probabilities (seed 000, line 179)."""
    fact = _era_rows(evidence)[TARGET_ERA]["os_5y"]
    return {
        "months": TARGET_MONTHS,
        "survival": fact["percent"] / 100,
        "lower": fact["lower"] / 100,
        "upper": fact["upper"] / 100,
        "line": fact["line"],
    }


def derive_era(published: dict, derived: dict, derived_sha256: str, evidence: dict, evidence_sha256: str) -> dict:
    """The scenario's hazard multipliers (point and per draw), deterministic."""
    from desktop.model.derive import cohort_design, solve_knots, synthetic_cohort
    from desktop.model.params import COVARIATES, published_log_hr
    from desktop.model.survival import baseline_cumulative_hazard
    from desktop.model.params import Baseline

    cohort = synthetic_cohort(published)
    x = cohort_design(published, cohort)
    log_hr, _ = published_log_hr(published, OS)
    point = derived["point"][OS]
    h0 = baseline_cumulative_hazard(
        Baseline(np.asarray(point["knot_months"], float), np.asarray(point["cumulative_hazard"], float)),
        np.array([TARGET_MONTHS]),
    )[0]
    target = era_target(evidence)
    risk = np.exp(x @ log_hr)
    multiplier = float(solve_knots((h0 * risk)[None, :], [target["survival"]])[0])

    draws = derived["draws"][OS]
    draw_log_hr = np.asarray(draws["log_hr"], float)
    assert draw_log_hr.shape[1] == len(COVARIATES)
    draw_h0 = baseline_cumulative_hazard(
        Baseline(np.asarray(draws["knot_months"], float), np.asarray(draws["cumulative_hazard"], float)),
        np.array([TARGET_MONTHS]),
    )[:, 0]
    rng = np.random.default_rng(ERA_DRAWS_SEED)
    se = (_cloglog(target["lower"]) - _cloglog(target["upper"])) / (2 * Z_95)
    draw_target = np.exp(-np.exp(rng.normal(_cloglog(target["survival"]), se, draw_log_hr.shape[0])))
    draw_risk = np.exp(draw_log_hr @ x.T) * draw_h0[:, None]
    draw_multiplier = solve_knots(draw_risk, draw_target)

    # How constant is an era hazard ratio? Solve c for each published era milestone.
    check = {}
    months_for = {"os_5y": 60.0, "os_10y": 120.0}
    for key, row in _era_rows(evidence).items():
        check[key] = {}
        for name, month in months_for.items():
            fact = row.get(name)
            if fact is None:
                continue
            h = baseline_cumulative_hazard(
                Baseline(np.asarray(point["knot_months"], float), np.asarray(point["cumulative_hazard"], float)),
                np.array([month]),
            )[0]
            check[key][name] = round(float(solve_knots((h * risk)[None, :], [fact["percent"] / 100])[0]), 6)
    return {
        "schema": "netlm-risk/era-scenario/1",
        "generated_by": "python -m desktop.model.derive",
        "inputs": {DERIVED_FILE: derived_sha256, EVIDENCE_FILE: evidence_sha256},
        "method": "OS baseline cumulative hazard multiplied by a constant c; c solved so that the synthetic "
        "cohort's average OS at 60 months equals the 2014-2020 5-year OS (seed 000 line 179); per draw with the "
        "target drawn from its CI on the cloglog scale. PFS unchanged.",
        "target": target,
        "point": {"hazard_multiplier": multiplier},
        "draws": {"n": int(draw_multiplier.shape[0]), "seed": ERA_DRAWS_SEED,
                  "hazard_multiplier": [float(v) for v in draw_multiplier]},
        "check": {
            "cohort_average_at_target": float(np.exp(-multiplier * h0 * risk).mean()),
            "multiplier_by_era_milestone": check,
            "note": "c that would reproduce each published era milestone on its own; similar 5- and 10-year values "
            "for an era support a constant era hazard ratio.",
        },
    }


def render(era: dict) -> str:
    return json.dumps(era, indent=1) + "\n"


@dataclass(frozen=True)
class EraScenario:
    hazard_multiplier: float
    draw_hazard_multiplier: np.ndarray  # (D,)
    target: dict
    check: dict
    file_sha256: str


_CACHE: dict = {}


def load_era(directory: Path | None = None, params: ModelParams | None = None) -> EraScenario:
    """Load and verify ``era_scenario.json`` (ParameterError when missing, altered or stale)."""
    directory = Path(directory) if directory else paths.model_params_dir()
    params = params or load_params(directory)
    key = (str(directory.resolve()), id(params))
    if key in _CACHE:
        return _CACHE[key]
    path = directory / ERA_FILE
    digest = verify_file(path)
    evidence_sha = verify_file(directory / EVIDENCE_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        inputs = data["inputs"]
        multiplier = float(data["point"]["hazard_multiplier"])
        draws = np.asarray(data["draws"]["hazard_multiplier"], dtype=float)
        target = dict(data["target"])
        check = dict(data["check"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ParameterError(f"parameter file malformed: {path} ({exc})") from None
    if inputs.get(DERIVED_FILE) != params.file_sha256.get(DERIVED_FILE) or inputs.get(EVIDENCE_FILE) != evidence_sha:
        raise ParameterError(f"parameter file stale: {path} was derived from other files; rerun python -m desktop.model.derive")
    if not (np.isfinite(multiplier) and multiplier > 0 and draws.shape == (params.n_draws,)
            and np.all(np.isfinite(draws)) and np.all(draws > 0)):
        raise ParameterError(f"parameter file malformed: {path}: hazard multipliers must be positive, one per draw")
    era = EraScenario(multiplier, draws, target, check, digest)
    _CACHE[key] = era
    return era


def share_above_one(era: EraScenario) -> float:
    """Fraction of the draws whose era hazard multiplier exceeds 1 (a recent era worse than the whole)."""
    return float(np.mean(era.draw_hazard_multiplier > 1.0))


def era_scenario(
    case: Case,
    months: Sequence[float],
    with_bands: bool = True,
    params: ModelParams | None = None,
    era: EraScenario | None = None,
):
    """The scenario OS curve for one case (a ``survival.Curve``), labelled by its caller as a scenario."""
    from desktop.model.survival import (
        BAND_QUANTILES,
        Curve,
        average_over_combos,
        baseline_cumulative_hazard,
        combo_survival,
        combos,
        draw_baselines,
        first_crossing,
        median_grid,
        quantiles_last_axis,
        tidy_band,
    )

    params = params or load_params()
    era = era or load_era(params=params)
    grid = np.asarray(months, dtype=float)
    x, weights = combos(case, params)
    starts = np.zeros(1, dtype=int)  # one patient: every combo row is theirs

    def curve(h0, log_hr, multiplier):
        return average_over_combos(combo_survival(x, log_hr, h0, multiplier), weights, starts)[0]

    point = curve(baseline_cumulative_hazard(params.baseline[OS], grid), params.log_hr[OS], era.hazard_multiplier)
    lower = upper = None
    if with_bands:
        h0_draws = draw_baselines(params, grid, OS).astype(float)  # (T, D)
        draws = curve(h0_draws, params.draw_log_hr[OS], era.draw_hazard_multiplier)  # (T, D)
        lower, upper = tidy_band(*quantiles_last_axis(draws, BAND_QUANTILES), point, grid)
    fine = median_grid(params, OS)
    fine_curve = curve(baseline_cumulative_hazard(params.baseline[OS], fine), params.log_hr[OS], era.hazard_multiplier)
    median = first_crossing(fine_curve[None, :], fine, 0.5)[0]
    last = params.last_knot_months(OS)
    return Curve(months=grid, survival=point, lower=lower, upper=upper,
                 median_months=None if np.isnan(median) else round(float(median), 1), extrapolated=grid > last)


def clear_cache() -> None:
    _CACHE.clear()


def main_era_file(directory: Path, published: dict, derived: dict, derived_text: str) -> str:
    """Text of the era file for ``derive.main`` (inputs hashed as they are on disk)."""
    import hashlib

    evidence_path = directory / EVIDENCE_FILE
    evidence = json.loads(evidence_path.read_text(encoding="utf-8"))
    return render(derive_era(
        published,
        derived,
        hashlib.sha256(derived_text.encode("utf-8")).hexdigest(),
        evidence,
        file_sha256(evidence_path),
    ))
