"""Survival curves from the Mayo 2023 Cox models (seed 000, Tables 3 and 4).

For a patient with covariate vector x the model is the Cox proportional-hazards form

    S(t | x) = exp(-H0(t) * exp(beta . x))                                   (1)

with beta the published ln hazard ratios, used exactly, and H0 the baseline cumulative
hazard calibrated by ``derive.py`` to the published Kaplan-Meier milestones. H0 is
piecewise linear through (0, 0) and three knots (a constant hazard between knots);
past the last knot it continues the last hazard and the curve is flagged extrapolated.

Unknown Ki-67 or extent of cytoreduction: the curve is the weighted average of the
curves (probabilities, not linear predictors) over the categories, weighted by the
published distribution (Table 1). The 95% range is the 2.5th-97.5th percentile over
the shipped Monte-Carlo draws, each with its own ln HRs and recalibrated baseline.
Progression-free survival counts death as an event, so PFS(t) <= OS(t) is enforced,
for the point estimate and within every draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from desktop.model.case import CYTOREDUCTION_EXTENTS, PRIMARY_SITE_LABELS, PRIMARY_SITES, Case
from desktop.model.params import COVARIATES, OUTCOMES, Baseline, ModelParams, load_params

DEFAULT_MONTHS = (12, 24, 36, 60, 120, 180)
MONTHLY_GRID = np.arange(0, 181.0)  # monthly to 15 years: what the application draws; holds every milestone month
KI67_CLASSES = ("<3", "3-20", ">20")
LESION_CLASSES = ("1-3", "4-9", ">=10")
BAND_QUANTILES = (0.025, 0.975)
# Patients per chunk of a batch: bounds working memory (the 0.25-month median grid dominates).
CHUNK_PATIENTS = 4096
# Elements of a draws x combos x months block computed at once (bounds peak memory).
_BLOCK_ELEMENTS = 20_000_000  # float32: ~80 MB per array

_INDEX = {name: i for i, name in enumerate(COVARIATES)}


def ki67_class(ki67_percent: float) -> int:
    """0: <3%, 1: 3-20% inclusive, 2: >20% (the paper's categories)."""
    if ki67_percent < 3:
        return 0
    return 1 if ki67_percent <= 20 else 2


def lesion_class(count: int) -> int:
    """0: 1-3 lesions, 1: 4-9, 2: 10 or more."""
    if count <= 3:
        return 0
    return 1 if count <= 9 else 2


def design_matrix(
    age_years, site_index, ki67_index, lesion_index, largest_lesion_mm, extrahepatic, extent_index, centring: dict
) -> np.ndarray:
    """Covariate matrix x of equation (1), one row per patient, columns in COVARIATES order.

    site_index: 0 small intestine, 1 pancreas, 2 other; ki67_index / lesion_index: the
    classes of ``ki67_class`` / ``lesion_class``; extent_index: position in
    CYTOREDUCTION_EXTENTS. Age and size are centred on the cohort medians, which moves
    only the baseline, never a hazard ratio.
    """
    age_years = np.atleast_1d(np.asarray(age_years, dtype=float))
    x = np.zeros((age_years.shape[0], len(COVARIATES)))
    x[:, _INDEX["age_per_year"]] = age_years - centring["age_years"]
    x[:, _INDEX["primary_pancreas"]] = np.asarray(site_index) == 1
    x[:, _INDEX["primary_other"]] = np.asarray(site_index) == 2
    x[:, _INDEX["ki67_3_20"]] = np.asarray(ki67_index) == 1
    x[:, _INDEX["ki67_over_20"]] = np.asarray(ki67_index) == 2
    x[:, _INDEX["lesions_4_9"]] = np.asarray(lesion_index) == 1
    x[:, _INDEX["lesions_10_plus"]] = np.asarray(lesion_index) == 2
    x[:, _INDEX["size_per_cm"]] = np.asarray(largest_lesion_mm, dtype=float) / 10.0 - centring["largest_lesion_cm"]
    x[:, _INDEX["extrahepatic"]] = np.asarray(extrahepatic, dtype=bool)
    x[:, _INDEX["cytoreduction_incomplete_over_90"]] = np.asarray(extent_index) == 1
    x[:, _INDEX["cytoreduction_incomplete_under_90"]] = np.asarray(extent_index) == 2
    return x


def ki67_weights(primary_site: str, params: ModelParams) -> np.ndarray:
    counts = np.asarray(params.table1["sites"][primary_site]["ki67_counts"], dtype=float)
    return counts / counts.sum()


def cytoreduction_weights(params: ModelParams) -> np.ndarray:
    counts = np.asarray(params.table1["all"]["cytoreduction_counts"], dtype=float)
    return counts / counts.sum()


@dataclass(frozen=True)
class Combos:
    """The covariate rows over which each patient's curve is averaged.

    Every patient has k = 1, 3 or 9 consecutive rows (Ki-67 class x extent of cytoreduction,
    explicit or unknown); ``weights`` sum to 1 per patient.
    """

    x: np.ndarray  # (C, P) covariate rows
    weights: np.ndarray  # (C,)
    per_patient: np.ndarray  # (n,) k for each patient
    starts: np.ndarray  # (n,) first row of each patient


def expand_combos(cases: Sequence[Case], params: ModelParams) -> Combos:
    """Vectorised: 3 x 3 candidate rows per patient, keeping those with non-zero weight."""
    n = len(cases)
    site = np.array([PRIMARY_SITES.index(c.primary_site) for c in cases])
    ki67 = np.array([-1 if c.ki67_percent is None else ki67_class(c.ki67_percent) for c in cases])
    extent = np.array([-1 if c.cytoreduction is None else CYTOREDUCTION_EXTENTS.index(c.cytoreduction) for c in cases])
    site_ki67 = np.array([ki67_weights(s, params) for s in PRIMARY_SITES])  # (3 sites, 3 classes)
    w_ki67 = np.where((ki67 < 0)[:, None], site_ki67[site], np.eye(3)[np.maximum(ki67, 0)])
    w_extent = np.where((extent < 0)[:, None], cytoreduction_weights(params)[None, :], np.eye(3)[np.maximum(extent, 0)])
    weights = (w_ki67[:, :, None] * w_extent[:, None, :]).reshape(n, 9)
    unknown_ki67 = ki67 < 0
    unknown_extent = extent < 0
    keep = np.ones((n, 3, 3), dtype=bool)
    keep[~unknown_ki67] &= (np.arange(3)[None, :, None] == ki67[~unknown_ki67, None, None])
    keep[~unknown_extent] &= (np.arange(3)[None, None, :] == extent[~unknown_extent, None, None])
    keep = keep.reshape(n, 9)
    per_patient = keep.sum(axis=1)
    patient = np.repeat(np.arange(n), per_patient)
    slot = np.flatnonzero(keep.ravel()) % 9
    column = lambda attribute: np.array([getattr(c, attribute) for c in cases], dtype=float)[patient]  # noqa: E731
    lesions = np.array([lesion_class(c.liver_lesion_count) for c in cases])[patient]
    x = design_matrix(
        column("age_years"), site[patient], slot // 3, lesions, column("largest_lesion_mm"),
        column("extrahepatic_metastases"), slot % 3, params.centring,
    )
    starts = np.concatenate([[0], np.cumsum(per_patient)[:-1]])
    return Combos(x, weights.ravel()[keep.ravel()], per_patient, starts)


def combos(case: Case, params: ModelParams) -> tuple[np.ndarray, np.ndarray]:
    """Covariate rows and weights for one case (1, 3 or 9 rows)."""
    c = expand_combos([case], params)
    return c.x, c.weights


def baseline_cumulative_hazard(baseline: Baseline, months: np.ndarray) -> np.ndarray:
    """H0 at ``months``: linear through (0, 0) and the knots, the last slope beyond.

    Works for one baseline (knots of shape (K,)) or a stack of draws ((D, K)): the result
    has shape (T,) or (D, T).
    """
    months = np.asarray(months, dtype=float)
    knots = np.atleast_2d(baseline.knot_months)
    hazard = np.atleast_2d(baseline.cumulative_hazard)
    zeros = np.zeros((knots.shape[0], 1))
    k = np.concatenate([zeros, knots], axis=1)  # (D, K+1)
    h = np.concatenate([zeros, hazard], axis=1)
    n_segments = k.shape[1] - 1
    # segment j covers [k_j, k_{j+1}]; the last one extends to +inf
    segment = (months[None, :] >= k[:, 1:-1, None]).sum(axis=1)  # (D, T)
    segment = np.minimum(segment, n_segments - 1)
    k0 = np.take_along_axis(k, segment, axis=1)
    k1 = np.take_along_axis(k, segment + 1, axis=1)
    h0 = np.take_along_axis(h, segment, axis=1)
    h1 = np.take_along_axis(h, segment + 1, axis=1)
    out = h0 + (months[None, :] - k0) * (h1 - h0) / (k1 - k0)
    out = np.maximum(out, 0.0)
    return out[0] if np.ndim(baseline.knot_months) == 1 else out


@dataclass(frozen=True)
class Curve:
    months: np.ndarray
    survival: np.ndarray
    lower: np.ndarray | None
    upper: np.ndarray | None
    median_months: float | None
    extrapolated: np.ndarray

    def at(self, month: float) -> tuple[float, float | None, float | None]:
        """(point, lower, upper) at a month of the grid."""
        i = int(np.flatnonzero(np.isclose(self.months, month))[0])
        low = None if self.lower is None else float(self.lower[i])
        up = None if self.upper is None else float(self.upper[i])
        return float(self.survival[i]), low, up

    def to_dict(self) -> dict:
        def listed(a):
            return None if a is None else [round(float(v), 6) for v in a]

        return {
            "months": [float(m) if not float(m).is_integer() else int(m) for m in self.months],
            "survival": listed(self.survival),
            "lower": listed(self.lower),
            "upper": listed(self.upper),
            "median_months": self.median_months,
            "extrapolated": [bool(v) for v in self.extrapolated],
        }


@dataclass(frozen=True)
class Prediction:
    case: Case
    overall_survival: Curve
    progression_free_survival: Curve
    warnings: list[str]
    params: ModelParams

    def curve(self, outcome: str) -> Curve:
        return getattr(self, outcome)

    def to_dict(self) -> dict:
        return {
            "model": model_info(self.params),
            "case": self.case.to_dict(),
            "overall_survival": self.overall_survival.to_dict(),
            "progression_free_survival": self.progression_free_survival.to_dict(),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class BatchPrediction:
    """Curves for many patients: arrays of shape (n_patients, n_months)."""

    months: np.ndarray
    survival: dict  # outcome -> (n, T)
    lower: dict | None
    upper: dict | None
    median_months: dict  # outcome -> (n,) with NaN where not reached
    extrapolated: dict  # outcome -> (T,) bool
    warnings: list[list[str]]


def model_info(params: ModelParams) -> dict:
    return {"name": params.name, "params_sha256": params.sha256, "version": params.version}


# ---------------------------------------------------------------- computation


def _check_months(months: Sequence[float]) -> np.ndarray:
    grid = np.asarray(months, dtype=float)
    if grid.ndim != 1 or grid.size == 0 or not np.all(np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError("months must be a non-empty list of non-negative numbers")
    return grid


def _average(values: np.ndarray, weights: np.ndarray, starts: np.ndarray, axis: int) -> np.ndarray:
    """Weighted sums of consecutive combo rows belonging to one patient."""
    shape = [1] * values.ndim
    shape[axis] = -1
    return np.add.reduceat(values * weights.reshape(shape), starts, axis=axis)


def _point_curves(combos: Combos, params: ModelParams, grid: np.ndarray) -> dict:
    out = {}
    for outcome in OUTCOMES:
        risk = np.exp(combos.x @ params.log_hr[outcome])  # (C,)
        h0 = baseline_cumulative_hazard(params.baseline[outcome], grid)  # (T,)
        out[outcome] = _average(np.exp(-risk[:, None] * h0[None, :]), combos.weights, combos.starts, axis=0)
    out["progression_free_survival"] = np.minimum(out["progression_free_survival"], out["overall_survival"])
    return out


_DRAW_BASELINE_CACHE: dict = {}


def _draw_baselines(params: ModelParams, grid: np.ndarray) -> dict:
    """H0 of every draw on the grid as (T, D) float32; cached, since the GUI redraws on one grid."""
    key = (id(params), grid.tobytes())
    if key not in _DRAW_BASELINE_CACHE:
        if len(_DRAW_BASELINE_CACHE) >= 8:
            _DRAW_BASELINE_CACHE.clear()
        _DRAW_BASELINE_CACHE[key] = {
            o: np.ascontiguousarray(baseline_cumulative_hazard(params.draw_baseline[o], grid).T, dtype=np.float32)
            for o in OUTCOMES
        }
    return _DRAW_BASELINE_CACHE[key]


def quantiles_last_axis(values: np.ndarray, quantiles: Sequence[float]) -> list[np.ndarray]:
    """Quantiles along the last axis, numpy's default ("linear") definition, via one partition."""
    n = values.shape[-1]
    positions = [q * (n - 1) for q in quantiles]
    kth = sorted({int(np.floor(p)) for p in positions} | {min(int(np.floor(p)) + 1, n - 1) for p in positions})
    part = np.partition(values, kth, axis=-1)
    out = []
    for p in positions:
        low = int(np.floor(p))
        high = min(low + 1, n - 1)
        frac = p - low
        out.append(part[..., low] * (1 - frac) + part[..., high] * frac)
    return out


def _bands(combos: Combos, params: ModelParams, grid: np.ndarray) -> tuple[dict, dict]:
    """2.5th and 97.5th percentiles over the draws.

    Patients are grouped by their number of combos k, so that averaging over unknowns is a
    plain sum over an axis; within a group, blocks of patients bound the memory to about
    _BLOCK_ELEMENTS float32 values per array. Draws lie on the last (contiguous) axis.
    """
    h0 = _draw_baselines(params, grid)  # outcome -> (T, D)
    n_months, n_draws = h0[OUTCOMES[0]].shape
    n_patients = len(combos.per_patient)
    lower = {o: np.empty((n_patients, n_months)) for o in OUTCOMES}
    upper = {o: np.empty((n_patients, n_months)) for o in OUTCOMES}
    draw_beta = {o: params.draw_log_hr[o].T for o in OUTCOMES}  # (P, D)
    for k in sorted(set(combos.per_patient.tolist())):  # np.unique would import numpy.ma lazily (~13 ms)
        patients = np.flatnonzero(combos.per_patient == k)
        rows = combos.starts[patients][:, None] + np.arange(k)[None, :]  # (n_k, k)
        block = max(1, _BLOCK_ELEMENTS // (int(k) * n_months * n_draws))
        for first in range(0, len(patients), block):
            chosen = patients[first:first + block]
            r = rows[first:first + block]
            weights = combos.weights[r].astype(np.float32)  # (b, k)
            curves = {}
            for outcome in OUTCOMES:
                risk = np.exp(combos.x[r] @ draw_beta[outcome]).astype(np.float32)  # (b, k, D)
                total = None
                for j in range(int(k)):
                    s = np.exp(-risk[:, j, None, :] * h0[outcome][None, :, :])  # (b, T, D)
                    s *= weights[:, j, None, None]
                    total = s if total is None else total + s
                curves[outcome] = total
            np.minimum(curves["progression_free_survival"], curves["overall_survival"],
                       out=curves["progression_free_survival"])
            for outcome in OUTCOMES:
                lo, hi = quantiles_last_axis(curves[outcome], BAND_QUANTILES)
                lower[outcome][chosen] = lo
                upper[outcome][chosen] = hi
    return lower, upper


def _medians(combos: Combos, params: ModelParams) -> dict:
    """First month at which the point curve reaches 0.5, within the data-supported range.

    Computed on a 0.25-month grid up to the last calibration knot, then linearly
    interpolated; None (NaN in arrays) when the curve stays above 0.5 there.
    """
    fine = {o: np.arange(0.0, params.last_knot_months(o) + 1e-9, 0.25) for o in OUTCOMES}
    out = {}
    for outcome in OUTCOMES:
        grid = fine[outcome]
        curves = _point_curves(combos, params, grid)[outcome]  # (n, T)
        below = curves <= 0.5
        reached = below.any(axis=1)
        idx = np.argmax(below, axis=1)
        idx_prev = np.maximum(idx - 1, 0)
        rows = np.arange(len(idx))
        s0, s1 = curves[rows, idx_prev], curves[rows, idx]
        t0, t1 = grid[idx_prev], grid[idx]
        with np.errstate(invalid="ignore", divide="ignore"):
            frac = np.where(s0 > s1, (s0 - 0.5) / (s0 - s1), 0.0)
        med = np.where(reached, t0 + frac * (t1 - t0), np.nan)
        out[outcome] = np.round(med, 1)
    return out


def predict_batch(
    cases: Sequence[Case],
    months: Sequence[float] = DEFAULT_MONTHS,
    with_bands: bool = True,
    params: ModelParams | None = None,
) -> BatchPrediction:
    """Vectorised prediction for many cases on one month grid.

    Patients are processed in chunks of CHUNK_PATIENTS so that the working memory stays
    bounded whatever the cohort size (only the results grow with it).
    """
    params = params or load_params()
    grid = _check_months(months)
    if len(cases) == 0:
        raise ValueError("no cases to predict")
    parts = [_predict_chunk(cases[i:i + CHUNK_PATIENTS], grid, with_bands, params)
             for i in range(0, len(cases), CHUNK_PATIENTS)]
    if len(parts) == 1:
        return parts[0]

    def joined(attribute):
        if getattr(parts[0], attribute) is None:
            return None
        return {o: np.concatenate([getattr(p, attribute)[o] for p in parts]) for o in OUTCOMES}

    return BatchPrediction(
        months=grid,
        survival=joined("survival"),
        lower=joined("lower"),
        upper=joined("upper"),
        median_months=joined("median_months"),
        extrapolated=parts[0].extrapolated,
        warnings=[w for p in parts for w in p.warnings],
    )


def _predict_chunk(cases: Sequence[Case], grid: np.ndarray, with_bands: bool, params: ModelParams) -> BatchPrediction:
    combos = expand_combos(cases, params)
    survival = _point_curves(combos, params, grid)
    lower = upper = None
    if with_bands:
        lower, upper = _bands(combos, params, grid)
        ascending = bool(np.all(np.diff(grid) >= 0))
        for outcome in OUTCOMES:
            for band in (lower, upper):
                # float32 sums can stray by ~1e-7: keep bands in [0, 1] and non-increasing
                np.clip(band[outcome], 0.0, 1.0, out=band[outcome])
                if ascending:
                    band[outcome] = np.minimum.accumulate(band[outcome], axis=1)
            # a band always brackets its point estimate (percentiles of a finite sample may not)
            lower[outcome] = np.minimum(lower[outcome], survival[outcome])
            upper[outcome] = np.maximum(upper[outcome], survival[outcome])
    extrapolated = {o: grid > params.last_knot_months(o) for o in OUTCOMES}
    return BatchPrediction(
        months=grid,
        survival=survival,
        lower=lower,
        upper=upper,
        median_months=_medians(combos, params),
        extrapolated=extrapolated,
        warnings=[case_warnings(c, params) for c in cases],
    )


def predict(
    case: Case,
    months: Sequence[float] = DEFAULT_MONTHS,
    with_bands: bool = True,
    params: ModelParams | None = None,
) -> Prediction:
    """OS and PFS curves for one case."""
    params = params or load_params()
    batch = predict_batch([case], months, with_bands, params)
    curves = {}
    for outcome in OUTCOMES:
        median = batch.median_months[outcome][0]
        curves[outcome] = Curve(
            months=batch.months,
            survival=batch.survival[outcome][0],
            lower=None if batch.lower is None else batch.lower[outcome][0],
            upper=None if batch.upper is None else batch.upper[outcome][0],
            median_months=None if np.isnan(median) else float(median),
            extrapolated=batch.extrapolated[outcome],
        )
    return Prediction(case, curves["overall_survival"], curves["progression_free_survival"], batch.warnings[0], params)


# ---------------------------------------------------------------- warnings


def case_warnings(case: Case, params: ModelParams) -> list[str]:
    """How unknowns were handled, and inputs outside the derivation cohort's usual range."""
    out = []
    if case.ki67_percent is None:
        counts = params.table1["sites"][case.primary_site]["ki67_counts"]
        total = sum(counts)
        pct = "/".join(f"{100 * c / total:.0f}" for c in counts)
        out.append(
            f"Ki-67 unknown: averaged over the {PRIMARY_SITE_LABELS[case.primary_site].lower()} "
            f"distribution in the Mayo cohort (<3% / 3-20% / >20%: {pct}%, n = {total})"
        )
    if case.cytoreduction is None:
        counts = params.table1["all"]["cytoreduction_counts"]
        total = sum(counts)
        out.append(
            "Extent of cytoreduction not known: averaged over complete / incomplete >90% / incomplete <90% "
            f"as in the Mayo cohort ({counts[0]}/{counts[1]}/{counts[2]} of {total})"
        )
    limits = params.derivation_range
    low_age, high_age = limits["age_years"]
    if not low_age <= case.age_years <= high_age:
        out.append(
            f"Data quality: age {case.age_years:g} years is outside the usual range of the derivation cohort "
            f"({low_age}-{high_age}); the estimate is an extrapolation"
        )
    if case.largest_lesion_mm > limits["largest_lesion_mm_max"]:
        out.append(
            f"Data quality: largest lesion {case.largest_lesion_mm:g} mm is above the usual range of the "
            f"derivation cohort (up to about {limits['largest_lesion_mm_max']} mm); the size effect is extrapolated"
        )
    if case.ki67_percent is not None and case.ki67_percent > limits["ki67_percent_max"]:
        out.append(
            f"Data quality: Ki-67 {case.ki67_percent:g}% is above the usual range of the derivation cohort "
            f"(up to about {limits['ki67_percent_max']}%; the cohort held well-differentiated tumours only)"
        )
    if case.liver_lesion_count > limits["liver_lesion_count_max"]:
        out.append(
            f"Data quality: {case.liver_lesion_count} liver lesions is above the usual range "
            f"(about {limits['liver_lesion_count_max']}); please check the count"
        )
    return out
