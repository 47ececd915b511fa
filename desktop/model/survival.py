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

Follow-up visit (``months_since_surgery`` = s): OS(t | s) = S(t) / S(s) for t > s and
exactly 1 for t <= s, with S the averaged curve above (so an unknown input is re-weighted by
each combination's survival to s, never conditioned combination by combination). PFS(t | s)
likewise, only when the patient is known to be free of progression at s; OS is then shown as
max(OS(t | s), PFS(t | s)). The 95% range takes the same ratios draw by draw, then the
percentiles. Months stay months after surgery.

The model's arithmetic is kept in this one file, as Predict keeps its maths file, although
that makes it long: point curves, bands, medians, conditional curves and scenarios share the
combination expansion, the draw caches and the tidying of bands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, Sequence

import numpy as np

from desktop.model.case import CYTOREDUCTION_EXTENTS, PRIMARY_SITE_LABELS, PRIMARY_SITES, Case
from desktop.model.params import COVARIATES, OUTCOMES, Baseline, ModelParams, load_params
from desktop.model.scope import CaseWarning, eligibility_warnings, out_of_scope

DEFAULT_MONTHS = (12, 24, 36, 60, 120, 180)
MONTHLY_GRID = np.arange(0, 181.0)  # monthly to 15 years: what the application draws; holds every milestone month
KI67_CLASSES = ("<3", "3-20", ">20")
LESION_CLASSES = ("1-3", "4-9", ">=10")
BAND_QUANTILES = (0.025, 0.975)
# Patients per chunk of a batch: bounds working memory (the 0.25-month median grid dominates).
CHUNK_PATIENTS = 4096

_INDEX = {name: i for i, name in enumerate(COVARIATES)}
OS, PFS = OUTCOMES
# Best / typical / worst case (Kiely et al., J Clin Oncol 2011): the times at which these
# fractions of people like the patient are still alive, on the patient's own OS curve.
SCENARIO_LEVELS = {"worst": 0.9, "typical_from": 0.75, "typical_to": 0.25, "best": 0.1}
SCENARIO_STEP_MONTHS = 0.25
SCENARIO_SEARCH_STEP = 16  # grid points per step of the draws' bracketing search (4 months)
# fine (0.25-month) points per step at each level of the median's bracketing search: 4 months, 1, 0.25
MEDIAN_SEARCH_STEPS = (16, 4, 1)
# up to this many combos x fine points (a few patients) the median is bracketed by the whole months
# alone, then found among the quarter months of the bracketing month (``_few_medians``)
_MEDIAN_FEW_VALUES = 20_000


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


class Combos(NamedTuple):
    """The covariate rows over which each patient's curve is averaged.

    Every patient has k = 1, 3 or 9 consecutive rows (Ki-67 class x extent of cytoreduction,
    explicit or unknown); ``weights`` sum to 1 per patient.
    """

    x: np.ndarray  # (C, P) covariate rows
    weights: np.ndarray  # (C,)
    per_patient: np.ndarray  # (n,) k for each patient
    starts: np.ndarray  # (n,) first row of each patient
    risk: dict | None = None  # outcome -> (C,) exp(x beta) of the point estimate, once made (``_point_risk``)


def _point_risk(combos: Combos, params: ModelParams, outcome: str) -> np.ndarray:
    """exp(x beta) of every combo row for the point estimate: (C,)."""
    if combos.risk is not None:
        return combos.risk[outcome]
    return np.exp(combos.x @ params.log_hr[outcome])


_MIXING_WEIGHTS: dict = {}


def _mixing_weights(params: ModelParams) -> tuple[np.ndarray, np.ndarray]:
    """Ki-67 class weights of each primary site (3 sites, 3 classes) and the extent weights (3,),
    made once per parameter set (every keystroke's prediction expands its combinations)."""
    cached = _MIXING_WEIGHTS.get(id(params))
    if cached is None or cached[0] is not params:
        _MIXING_WEIGHTS.clear()
        site_ki67 = np.array([ki67_weights(s, params) for s in PRIMARY_SITES])
        extent = cytoreduction_weights(params)
        site_ki67.flags.writeable = extent.flags.writeable = False
        cached = _MIXING_WEIGHTS[id(params)] = (params, site_ki67, extent)
    return cached[1], cached[2]


def expand_combos(cases: Sequence[Case], params: ModelParams) -> Combos:
    """Vectorised: 3 x 3 candidate rows per patient, keeping those with non-zero weight."""
    n = len(cases)
    site = np.array([PRIMARY_SITES.index(c.primary_site) for c in cases])
    ki67 = np.array([-1 if c.ki67_percent is None else ki67_class(c.ki67_percent) for c in cases])
    extent = np.array([-1 if c.cytoreduction is None else CYTOREDUCTION_EXTENTS.index(c.cytoreduction) for c in cases])
    site_ki67, extent_weights = _mixing_weights(params)
    w_ki67 = np.where((ki67 < 0)[:, None], site_ki67[site], np.eye(3)[np.maximum(ki67, 0)])
    w_extent = np.where((extent < 0)[:, None], extent_weights[None, :], np.eye(3)[np.maximum(extent, 0)])
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


class Condition(NamedTuple):
    """Per patient: the follow-up visit the curves are conditioned on.

    ``since`` is 0 for a patient counselled at surgery (``active`` False); ``pfs_known`` is
    False where no PFS can be estimated (a visit with progression, or progression unknown).
    """

    since: np.ndarray  # (n,) months after surgery
    active: np.ndarray  # (n,) bool
    pfs_known: np.ndarray  # (n,) bool

    @classmethod
    def of(cls, cases: Sequence[Case]) -> "Condition":
        since = np.array([c.months_since_surgery or 0.0 for c in cases], dtype=float)
        active = since > 0
        pfs_known = ~active | np.array([c.progression_so_far == "none" for c in cases], dtype=bool)
        return cls(since, active, pfs_known)

    def take(self, index) -> "Condition":
        return Condition(self.since[index], self.active[index], self.pfs_known[index])


def baseline_cumulative_hazard(baseline: Baseline, months: np.ndarray) -> np.ndarray:
    """H0 at ``months``: linear through (0, 0) and the knots, the last slope beyond.

    Works for one baseline (knots of shape (K,)) or a stack of draws ((D, K)): the result
    has shape (T,) or (D, T). For draws, ``months`` may also be each draw's own, (D, T).
    """
    months = np.asarray(months, dtype=float)
    if months.ndim == 1:
        months = months[None, :]
    knots = np.atleast_2d(baseline.knot_months)
    hazard = np.atleast_2d(baseline.cumulative_hazard)
    zeros = np.zeros((knots.shape[0], 1))
    k = np.concatenate([zeros, knots], axis=1)  # (D, K+1)
    h = np.concatenate([zeros, hazard], axis=1)
    # segment j covers [k_j, k_{j+1}]; the last one extends to +inf
    segment = np.zeros((k.shape[0], months.shape[1]), dtype=np.intp)
    for j in range(1, k.shape[1] - 1):
        segment += months >= k[:, j, None]
    segment += (np.arange(k.shape[0]) * k.shape[1])[:, None]  # now an index into the raveled (D, K+1) arrays
    k0, h0 = k.ravel().take(segment), h.ravel().take(segment)
    segment += 1
    k1, h1 = k.ravel().take(segment), h.ravel().take(segment)
    # h0 + (months - k0) * (h1 - h0) / (k1 - k0), each step as numpy evaluates the expression, but in
    # place: the draws' arrays are megabytes, and fresh ones cost page faults on every start
    np.subtract(k1, k0, out=k1)
    np.subtract(months, k0, out=k0)
    np.subtract(h1, h0, out=h1)
    np.multiply(k0, h1, out=k0)
    np.divide(k0, k1, out=k0)
    out = np.add(h0, k0, out=h0)
    np.maximum(out, 0.0, out=out)
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
        i = int(np.abs(self.months - month).argmin())
        if not abs(self.months[i] - month) <= 1e-8 + 1e-5 * abs(month):  # np.isclose's tolerance
            raise IndexError(f"month {month} is not on the curve's grid")
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
    """OS and PFS of one case; ``progression_free_survival`` is None at a follow-up visit
    where PFS cannot be estimated (progression so far not "none"; the warnings say why).
    A case out of the model's scope has no curves at all, and ``scope`` says why."""

    case: Case
    overall_survival: Curve | None
    progression_free_survival: Curve | None
    warnings: list[CaseWarning]
    params: ModelParams
    with_bands: bool = field(default=True, compare=False)
    scope: list[CaseWarning] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return not self.scope

    def curve(self, outcome: str) -> Curve | None:
        return getattr(self, outcome)

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The outcomes that have an estimate (OS always; PFS unless it cannot be estimated)."""
        return tuple(o for o in OUTCOMES if self.curve(o) is not None)

    @property
    def conditional_on(self) -> dict | None:
        """At a follow-up visit: what the curves are conditioned on (None at surgery)."""
        if not self.case.conditional:
            return None
        progression = self.case.progression_so_far
        return {
            "months_since_surgery": _json_number(self.case.months_since_surgery),
            "progression_free": None if progression is None else progression == "none",
        }

    @cached_property
    def scenarios(self) -> dict:
        """Best, typical and worst case from this patient's OS curve (``survival_scenarios``)."""
        return survival_scenarios(self.case, with_bands=self.with_bands, params=self.params)

    def to_dict(self) -> dict:
        out = {"model": model_info(self.params), "case": self.case.to_dict()}
        if self.case.conditional:
            out["conditional_on"] = self.conditional_on
        out.update({"applicable": self.applicable, "scope": [w.text for w in self.scope]})
        if self.applicable:
            pfs = self.progression_free_survival
            out.update({
                "overall_survival": self.overall_survival.to_dict(),
                "progression_free_survival": None if pfs is None else pfs.to_dict(),
                "scenarios": self.scenarios,
            })
        out["warnings"] = [w.text for w in self.warnings]
        out["warning_details"] = [w.to_dict() for w in self.warnings]
        return out


def _json_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


@dataclass(frozen=True)
class BatchPrediction:
    """Curves for many patients: arrays of shape (n_patients, n_months).

    A patient out of the model's scope has a non-empty ``scope`` and NaN in every array row.
    """

    months: np.ndarray
    survival: dict  # outcome -> (n, T)
    lower: dict | None
    upper: dict | None
    median_months: dict  # outcome -> (n,) with NaN where not reached
    extrapolated: dict  # outcome -> (T,) bool
    warnings: list[list[CaseWarning]]
    scope: list[list[CaseWarning]]


def model_info(params: ModelParams) -> dict:
    return {"name": params.name, "params_sha256": params.sha256, "version": params.version}


# ---------------------------------------------------------------- computation


def _check_months(months: Sequence[float]) -> np.ndarray:
    grid = np.asarray(months, dtype=float)
    if grid.ndim != 1 or grid.size == 0 or not np.all(np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError("months must be a non-empty list of non-negative numbers")
    return grid


# ---------------------------------------------------------------- pieces the era scenario shares


def combo_survival(x: np.ndarray, log_hr: np.ndarray, h0: np.ndarray, hazard_multiplier=1.0) -> np.ndarray:
    """exp(-c * H0(t) * exp(x . beta)) for each row of ``x``: (C, T) for a point estimate
    (``log_hr`` (p,), ``h0`` (T,)); (C, T, D) for the draws (``log_hr`` (D, p), ``h0`` (T, D),
    ``hazard_multiplier`` a number or one per draw)."""
    if log_hr.ndim == 1:
        risk = np.exp(x @ log_hr) * hazard_multiplier
        return np.exp(-risk[:, None] * h0[None, :])
    risk = np.exp(x @ log_hr.T) * hazard_multiplier
    return np.exp(-risk[:, None, :] * h0[None, :, :])


def median_grid(params: ModelParams, outcome: str) -> np.ndarray:
    """The 0.25-month grid, up to the last calibration knot, on which medians are searched."""
    return np.arange(0.0, params.last_knot_months(outcome) + 1e-9, 0.25)


def tidy_band(lower: np.ndarray, upper: np.ndarray, point: np.ndarray, grid: np.ndarray):
    """A 95% band as shown (months on the last axis): inside [0, 1] and non-increasing over an
    ascending grid (float32 sums can stray by ~1e-7), and bracketing its point estimate
    (percentiles of a finite sample may not)."""
    ascending = bool(np.all(np.diff(grid) >= 0))
    tidy = []
    for band in (lower, upper):
        band = np.clip(band, 0.0, 1.0)
        tidy.append(np.minimum.accumulate(band, axis=-1) if ascending else band)
    return np.minimum(tidy[0], point), np.maximum(tidy[1], point)


def _combo_groups(combos: Combos) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(k, patients, their combo rows (n_k, k)) for each number of combos k."""
    out = []
    for k in sorted(set(combos.per_patient.tolist())):  # np.unique would import numpy.ma lazily (~13 ms)
        patients = np.flatnonzero(combos.per_patient == k)
        out.append((k, patients, combos.starts[patients][:, None] + np.arange(k)[None, :]))
    return out


def _sum_combos(values: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Sum over axis 1 (k combos) in np.add.reduceat's order: the first plus numpy's pairwise sum
    of the others, which for up to 8 is sequential below 8 and ((1+2)+(3+4))+((5+6)+(7+8)) at 8.
    ``out``: where to write the sum (a new array if None)."""
    k = values.shape[1]
    if k > 9:  # never with 3 x 3 combos; kept exact for any k
        total = np.add.reduceat(values.reshape(-1, *values.shape[2:]), np.arange(0, values.shape[0] * k, k), axis=0)
        if out is None:
            return total
        out[...] = total
        return out
    rows = [values[:, j] for j in range(k)]
    if k == 1:
        if out is None:
            return rows[0].copy()
        out[...] = rows[0]
        return out
    if k < 9:
        rest = rows[1]
        for row in rows[2:]:
            rest = rest + row
    else:
        rest = ((rows[1] + rows[2]) + (rows[3] + rows[4])) + ((rows[5] + rows[6]) + (rows[7] + rows[8]))
    return np.add(rows[0], rest, out=out)


def average_over_combos(values: np.ndarray, weights: np.ndarray, starts: np.ndarray, axis: int = 0) -> np.ndarray:
    """Weighted sums of consecutive combo rows belonging to one patient."""
    shape = [1] * values.ndim
    shape[axis] = -1
    weighted = values * weights.reshape(shape)
    if axis != 0:
        return np.add.reduceat(weighted, starts, axis=axis)
    # np.add.reduceat pays a call per patient (more than the exponentials cost); the same sums, in
    # the same order and so bit for bit: the first row plus numpy's pairwise sum of the others,
    # which for up to 8 rows is sequential below 8 and ((1+2)+(3+4))+((5+6)+(7+8)) at 8.
    counts = np.diff(starts, append=values.shape[0])
    out = np.empty((len(starts),) + values.shape[1:], dtype=weighted.dtype)
    for k in sorted(set(counts.tolist())):
        group = np.flatnonzero(counts == k)
        out[group] = _sum_combos(weighted[starts[group][:, None] + np.arange(k)[None, :]])
    return out


def _point_curves(combos: Combos, params: ModelParams, grid: np.ndarray, outcomes: tuple = OUTCOMES,
                  cap: bool = True, h0_at: dict | None = None) -> dict:
    """Averaged point curves, outcome -> (n, T), on one grid (T,) or on each patient's own (n, T).

    Every value depends only on its own month, so a value is the same bit for bit whichever
    grid holds its month. ``outcomes`` (OS alone) skips PFS where only OS is needed; ``cap``
    False leaves PFS above OS where the model puts it. ``h0_at``: outcome -> H0 at ``grid``
    when at hand (taken from a cached grid holding its months: the same values).
    """
    out = {}
    groups = _combo_groups(combos)
    for outcome in outcomes:
        risk = _point_risk(combos, params, outcome)  # (C,)
        if h0_at is not None:
            h0 = h0_at[outcome] if grid.ndim == 2 else h0_at[outcome][None, None, :]
        elif grid.ndim == 1:
            h0 = _point_baseline(params, outcome, grid)[None, None, :]  # (1, 1, T)
        else:
            h0 = baseline_cumulative_hazard(params.baseline[outcome], grid.ravel()).reshape(grid.shape)
        n_months = grid.shape[-1]
        curves = np.empty((len(combos.starts), n_months))
        # Patients with k combos at a time: the same products, weights and sums, in the same order,
        # as average_over_combos(exp(-risk H0)), without its passes over every combo row; in blocks
        # that stay in the CPU's cache (each pass over a megabyte array would go to memory).
        for k, patients, rows in groups:
            minus_risk = -risk[rows]  # (n_k, k)
            weights = combos.weights[rows]
            group = np.empty((len(patients), n_months))
            block = max(1, _POINT_BLOCK_VALUES // (k * n_months))
            buffer = np.empty((min(block, len(patients)), k, n_months))
            for first in range(0, len(patients), block):
                chosen = slice(first, first + block)
                h0_block = h0 if grid.ndim == 1 else h0[patients[chosen]][:, None, :]
                values = buffer[:len(minus_risk[chosen])]
                np.multiply(minus_risk[chosen][:, :, None], h0_block, out=values)  # (b, k, T)
                np.exp(values, out=values)
                if k == 1:
                    group[chosen] = values[:, 0]
                    continue
                values *= weights[chosen][:, :, None]
                _sum_combos(values, out=group[chosen])
            curves[patients] = group
        out[outcome] = curves
    if PFS in out and cap:
        out[PFS] = np.minimum(out[PFS], out[OS])
    return out


_POINT_BASELINE_CACHE: dict = {}


def _point_baseline(params: ModelParams, outcome: str, grid: np.ndarray) -> np.ndarray:
    """H0 of the point estimate on a grid (T,), cached: a patient's curves, medians and scenarios
    ask for the same few grids at every change."""
    key = (id(params), outcome, grid.tobytes())
    cached = _POINT_BASELINE_CACHE.get(key)
    if cached is None:
        if len(_POINT_BASELINE_CACHE) >= 32:
            _POINT_BASELINE_CACHE.clear()
        cached = _POINT_BASELINE_CACHE[key] = baseline_cumulative_hazard(params.baseline[outcome], grid)
        cached.flags.writeable = False
    return cached


def _point_at_since(combos: Combos, params: ModelParams, condition: Condition) -> dict:
    """S(s) of each patient's averaged point curve at their own s (outcome -> (n,))."""
    since = np.repeat(condition.since, combos.per_patient)  # (C,)
    out = {}
    for outcome in OUTCOMES:
        risk = _point_risk(combos, params, outcome)
        h0 = baseline_cumulative_hazard(params.baseline[outcome], since)
        out[outcome] = average_over_combos(np.exp(-risk * h0), combos.weights, combos.starts)
    out[PFS] = np.minimum(out[PFS], out[OS])
    return out


def _condition(curves: dict, at_since: dict, grid: np.ndarray, condition: Condition,
               pfs_rows: np.ndarray | None = None, overwrite: bool = False) -> dict:
    """Curves given alive (PFS: free of progression) at s: S(t) / S(s) after s, 1 up to s.

    ``curves``: outcome -> (n, T, ...) averaged curves (point: (n, T); draws: (n, T, D));
    ``at_since``: outcome -> (n, ...) the same curves at s. Patients seen at surgery are
    returned untouched (bit for bit); PFS is NaN where it cannot be estimated. ``pfs_rows``:
    the patients the PFS arrays hold, when only those (``_pfs_rows``; None: all n).
    ``overwrite``: ``curves``' arrays may be overwritten (the draws', made for this call).
    """
    if not condition.active.any():
        return curves
    extra = (1,) * (curves[OS].ndim - 2)

    def per_row(mask):  # (n, T) or (n,) mask -> broadcastable to (n, T, ...)
        mask = mask if mask.ndim == 2 else mask[:, None]
        return mask.reshape(mask.shape + extra)

    before = per_row(~((grid if grid.ndim == 2 else grid[None, :]) > condition.since[:, None]))
    inactive = per_row(~condition.active)
    raise_os = per_row(condition.active & condition.pfs_known)
    # every patient at a visit (a visit cohort's block): nothing of the unconditioned curves is kept
    in_place = overwrite and bool(condition.active.all())
    out = {}
    for outcome in OUTCOMES:  # in place on at most one new array per outcome (the draws' arrays are large)
        rows = slice(None) if outcome == OS or pfs_rows is None else pfs_rows
        denominator = np.maximum(at_since[outcome], np.finfo(curves[outcome].dtype).tiny)[:, None]
        ratio = np.divide(curves[outcome], denominator, out=curves[outcome] if in_place else None)
        np.minimum(ratio, 1.0, out=ratio)
        np.copyto(ratio, 1.0, where=before[rows])
        if not in_place:
            np.copyto(ratio, curves[outcome], where=inactive[rows])
        out[outcome] = ratio
    if pfs_rows is None:
        np.copyto(out[PFS], np.nan, where=per_row(~condition.pfs_known))
        # alive is at least as likely as alive and free of progression
        np.fmax(out[OS], out[PFS], out=out[OS], where=raise_os)
    else:  # every patient of the PFS arrays is known free of progression
        raised = out[OS][pfs_rows]
        np.fmax(raised, out[PFS], out=raised, where=raise_os[pfs_rows])
        out[OS][pfs_rows] = raised
    return out


_DRAW_BASELINE_CACHE: dict = {}


def draw_baselines(params: ModelParams, grid: np.ndarray, outcome: str | None = None):
    """H0 of every draw on the grid as (T, D) float32: outcome -> array, or the one array of
    ``outcome``. Cached per outcome (the GUI redraws on one grid; an OS-only job never pays
    for PFS)."""
    key = (id(params), grid.tobytes())
    cached = _DRAW_BASELINE_CACHE.get(key)
    if cached is None:
        if len(_DRAW_BASELINE_CACHE) >= 8:
            _DRAW_BASELINE_CACHE.clear()
        cached = _DRAW_BASELINE_CACHE[key] = {}
    for o in (OUTCOMES if outcome is None else (outcome,)):
        if o not in cached:
            cached[o] = np.ascontiguousarray(baseline_cumulative_hazard(params.draw_baseline[o], grid).T,
                                             dtype=np.float32)
    return cached if outcome is None else cached[outcome]


def _order_positions(n: int, quantiles: Sequence[float]) -> list[tuple[int, int, float]]:
    """(low, high, fraction) of numpy's default ("linear") quantile of n sorted values."""
    out = []
    for q in quantiles:
        position = q * (n - 1)
        low = int(np.floor(position))
        out.append((low, min(low + 1, n - 1), position - low))
    return out


def quantiles_last_axis(values: np.ndarray, quantiles: Sequence[float], overwrite: bool = False) -> list[np.ndarray]:
    """Quantiles along the last axis, numpy's default ("linear") definition.

    A full sort of each row: for rows of a few hundred values numpy's vectorised sort is about
    three times faster than a partition around the four order statistics the band needs.
    ``overwrite`` sorts ``values`` in place (no copy).
    """
    if overwrite:
        values.sort(axis=-1)
        ordered = values
    else:
        ordered = np.sort(values, axis=-1)
    return [ordered[..., low] * (1 - frac) + ordered[..., high] * frac
            for low, high, frac in _order_positions(values.shape[-1], quantiles)]


# Values (combos x months) per block of the point curves: a block's few arrays fit the CPU's cache.
_POINT_BLOCK_VALUES = 65_536
# Patients per block of the draw computations: bounds the working memory (a few float64
# arrays of block x months x draws) whatever the cohort size.
_BLOCK_DRAW_MONTHS = 6_000_000
# float64 values per chunk of months of the stepped products (months x combos x patients x draws):
# a chunk stays in the CPU's cache between the products and the sum over combos.
_STEP_CHUNK_VALUES = 131_072
BAND_WORKERS_MAX = 8
_STEP_CACHE: dict = {}


class _Steps(NamedTuple):
    """A grid as steps of each draw's cumulative hazard, for S(t_i) = S(t_(i-1)) exp(-r L_i).

    ``order`` sorts the grid (duplicates kept); step i goes from the previous sorted month (0
    before the first) to the i-th. L is linear in the step's length within a baseline segment,
    so on a regular grid the steps take a few distinct values per draw: ``hazard`` (U, D) holds
    them and ``which`` (T,) says which one each step takes.
    """

    order: np.ndarray  # (T,) indices that sort the grid
    hazard: np.ndarray  # (U, D) the distinct steps of H0
    which: np.ndarray  # (T,) index into ``hazard`` of each sorted step
    ascending: bool = False  # the grid is already sorted (``order`` is 0, 1, ...)


def _draw_steps(params: ModelParams, grid: np.ndarray, outcome: str) -> _Steps | None:
    """The steps of ``_Steps`` for the draws' baselines on ``grid``; None when the grid is too
    irregular for them to save work (then each month's exponential is computed directly)."""
    key = (id(params), grid.tobytes(), outcome)
    if key in _STEP_CACHE:
        return _STEP_CACHE[key]
    if len(_STEP_CACHE) >= 16:
        _STEP_CACHE.clear()
    baseline = params.draw_baseline[outcome]
    order = np.argsort(grid, kind="stable")
    months = grid[order]
    previous = np.concatenate([[0.0], months[:-1]])
    n_draws = baseline.knot_months.shape[0]
    knots = np.concatenate([np.zeros((n_draws, 1)), baseline.knot_months], axis=1)  # (D, K+1)
    hazard = np.concatenate([np.zeros((n_draws, 1)), baseline.cumulative_hazard], axis=1)
    slope = np.diff(hazard, axis=1) / np.diff(knots, axis=1)  # (D, K)

    def segment(t):  # as baseline_cumulative_hazard: the last segment extends to +inf
        seg = np.zeros((len(t), n_draws), dtype=np.intp)
        for knot in knots[:, 1:-1].T:
            seg += t[:, None] >= knot[None, :]
        return seg  # (T, D)

    seg_now, seg_before = segment(months), segment(previous)
    draw = np.broadcast_to(np.arange(n_draws)[None, :], seg_now.shape)
    steps = slope[draw, seg_now] * (months - previous)[:, None]  # within one segment: linear in the step
    crossing = np.nonzero(seg_now != seg_before)
    if crossing[0].size:  # a step across a knot: the difference of H0 at its two ends
        def h_at(t, seg, d):
            return hazard[d, seg] + (t - knots[d, seg]) * slope[d, seg]

        t_index, d_index = crossing
        steps[crossing] = (h_at(months[t_index], seg_now[crossing], d_index)
                           - h_at(previous[t_index], seg_before[crossing], d_index))
    # rows equal bit for bit share a step: found by a fingerprint of each row, then checked
    fingerprint = steps @ np.linspace(1.0, 2.0, n_draws)
    distinct: dict = {}
    which = np.array([distinct.setdefault(value, len(distinct)) for value in fingerprint.tolist()])
    first_of = np.zeros(len(distinct), dtype=int)
    first_of[which[::-1]] = np.arange(len(months))[::-1]
    result = None
    if len(distinct) * 3 <= len(months) and np.array_equal(steps, steps[first_of][which]):
        result = _Steps(order, steps[first_of], which, bool(np.array_equal(order, np.arange(len(order)))))
    _STEP_CACHE[key] = result
    return result


def _mixture_draws(risk: np.ndarray, weights: np.ndarray, params: ModelParams, grid: np.ndarray,
                   outcome: str, stepped: bool = True, products: type = np.float64) -> np.ndarray:
    """sum_j w_j exp(-r_jd H0_d(t)) for every draw d: (b, T, D) float32, summed in float64
    (in float32 with ``products`` np.float32).

    risk: (k, b, D) exp(x beta_d) of each patient's k combos; weights: (k, b). On a regular grid
    the exponential is taken once per distinct hazard step and the curve is carried from month
    to month by float64 products (exact to ~1e-13); otherwise (or with ``stepped`` False, where a
    value must depend only on its own month, not on the grid's earlier months) once per month.
    Which of the two depends on the grid alone, never on the block: a patient's values are the
    same bit for bit whichever patients are computed with it. ``products`` np.float32: the factors,
    products and sums in float32, twice as fast; each month adds at most two roundings of 2^-24
    (the factor's and the product's), so after T months a value is within 2 T 2^-24 of the float64
    one relative to it (``_band_products`` allows it where that stays below 1e-4).
    """
    k, b, n_draws = risk.shape
    if b == 0:
        return np.empty((0, len(grid), n_draws), dtype=np.float32)
    steps = _draw_steps(params, grid, outcome) if stepped else None
    if steps is None:
        return _mixture_exps(risk, weights, draw_baselines(params, grid, outcome))
    out = np.empty((b, len(grid), n_draws), dtype=np.float32)
    factors = list(np.exp(-steps.hazard[:, None, None, :] * risk[None]).astype(products, copy=False))  # U (k, b, D)
    # The products of a chunk of months in one array: one numpy call a month (a single patient's
    # months cost little else), then one sum over the combos and one store for the whole chunk.
    # Each value is the same product, in the same order, as carrying one month at a time.
    chunk = max(2, _STEP_CHUNK_VALUES * 8 // np.dtype(products).itemsize // risk.size)
    current = np.broadcast_to(weights.astype(products, copy=False)[:, :, None], risk.shape)
    chunked = np.empty((min(chunk, len(grid)),) + risk.shape, dtype=products)  # (C, k, b, D)
    total = np.empty((len(chunked), b, n_draws), dtype=products) if k > 1 else None
    by_month = [factors[u] for u in steps.which.tolist()]
    rows, multiply = list(chunked), np.multiply  # made once: each month's call is most of its cost
    for first in range(0, len(grid), chunk):
        block = chunked[:min(chunk, len(grid) - first)]
        for row, factor in zip(rows, by_month[first:first + len(block)]):
            current = multiply(current, factor, row)
        summed = block[:, 0] if k == 1 else np.add.reduce(block, axis=1, out=total[:len(block)])  # (C, b, D)
        if steps.ascending:  # a view, not a gather
            months = slice(first, first + len(block))
        else:
            months = steps.order[first:first + len(block)]
        out[:, months] = summed.transpose(1, 0, 2)
    return out


def _mixture_exps(risk: np.ndarray, weights: np.ndarray, h0: np.ndarray) -> np.ndarray:
    """``_mixture_draws`` by a float32 exponential of every value: ``h0`` (T, D) float32, each draw's
    H0 at T months (the grid's, or each draw's own); returns (b, T, D)."""
    k, b = weights.shape
    minus_risk32, weights32 = -risk.astype(np.float32), weights.astype(np.float32)
    total = np.empty((b,) + h0.shape, dtype=np.float32)
    s = np.empty_like(total) if k > 1 else total
    for j in range(k):  # into two arrays made once: fresh ones would cost page faults
        np.multiply(minus_risk32[j, :, None, :], h0[None, :, :], out=s)  # (b, T, D)
        np.exp(s, out=s)
        s *= weights32[j, :, None, None]
        if j:
            total += s
        elif k > 1:
            total[...] = s
    return total


def _draw_curves(combos: Combos, rows: np.ndarray, params: ModelParams, grid: np.ndarray,
                 condition: Condition, only_os: bool = False, stepped: bool = True,
                 products: type = np.float64) -> dict:
    """The averaged curve of every draw for the patients whose combo rows are ``rows`` ((b, k)):
    outcome -> (b, T, D) float32, PFS <= OS within each draw, conditioned draw by draw.
    ``only_os``: OS alone, which needs PFS only at a follow-up visit (OS at least PFS);
    ``stepped`` and ``products``: as ``_mixture_draws``."""
    weights = combos.weights[rows.T]  # (k, b)
    if only_os and not condition.active.any():
        risk = np.exp(combos.x[rows.T] @ params.draw_log_hr[OS].T)  # (k, b, D)
        return {OS: _mixture_draws(risk, weights, params, grid, OS, stepped, products)}
    pfs_rows = _pfs_rows(condition)
    curves, at_since = {}, {}
    for outcome in OUTCOMES:
        risk = np.exp(combos.x[rows.T] @ params.draw_log_hr[outcome].T)  # (k, b, D)
        w = weights
        if outcome == PFS and pfs_rows is not None:  # only the patients whose PFS is shown or raises OS
            risk, w = risk[:, pfs_rows], weights[:, pfs_rows]
        curves[outcome] = _mixture_draws(risk, w, params, grid, outcome, stepped, products)  # (b, T, D)
        if condition.active.any():
            h0_since = baseline_cumulative_hazard(params.draw_baseline[outcome], condition.since).T  # (b, D)
            if outcome == PFS and pfs_rows is not None:
                h0_since = h0_since[pfs_rows]
            at_since[outcome] = (np.exp(-risk * h0_since[None]) * w[:, :, None]).sum(axis=0)
    os_of_pfs = curves[OS] if pfs_rows is None else curves[OS][pfs_rows]
    np.minimum(curves[PFS], os_of_pfs, out=curves[PFS])
    if condition.active.any():
        at_since[PFS] = np.minimum(at_since[PFS], at_since[OS] if pfs_rows is None else at_since[OS][pfs_rows])
        curves = _condition(curves, {o: a.astype(np.float32) for o, a in at_since.items()}, grid, condition,
                            pfs_rows, overwrite=True)
    return curves


def _pfs_rows(condition: Condition) -> np.ndarray | None:
    """The patients whose PFS draws are needed (None: all of them). At a follow-up visit where
    progression so far is not "none" PFS is not shown, nor does it bound OS: its draws are skipped."""
    if condition.pfs_known.all():
        return None
    return np.flatnonzero(condition.pfs_known)


def _single_combo_bands(combos: Combos, rows: np.ndarray, params: ModelParams, grid: np.ndarray,
                        condition: Condition) -> tuple[dict, dict]:
    """Band edges for patients with every input known (one combo each), without exponentials.

    S_d(t) = exp(-A_d(t)) with A_d(t) = r_d H0_d(t) falls as A_d rises, and the PFS <= OS rule is
    exp(-max(A_os, A_pfs)); at a follow-up visit the draw-wise ratio S_d(t) / S_d(s) is
    exp(-(A_d(t) - A_d(s))), and max(OS, PFS) is the smaller of the two differences. So the draws
    are ordered by their cumulative hazard, and only the order statistics the percentiles use are
    exponentiated, then interpolated exactly as numpy's "linear" quantile interpolates S.
    Returns outcome -> (lower, upper), each (b, T).
    """
    h0 = draw_baselines(params, grid)  # outcome -> (T, D) float32
    x = combos.x[rows[:, 0]]
    pfs_rows = _pfs_rows(condition)  # PFS of the others is neither shown nor bounds OS: not computed
    pick = {OS: slice(None), PFS: slice(None) if pfs_rows is None else pfs_rows}
    hazard, at_since = {}, {}
    for outcome in OUTCOMES:
        risk = np.exp(x @ params.draw_log_hr[outcome].T).astype(np.float32)[pick[outcome]]  # (b, D)
        hazard[outcome] = risk[:, None, :] * h0[outcome][None, :, :]  # (b, T, D)
        if condition.active.any():
            since = baseline_cumulative_hazard(params.draw_baseline[outcome], condition.since).T[pick[outcome]]
            at_since[outcome] = risk * since.astype(np.float32)  # (b, D)
    np.maximum(hazard[PFS], hazard[OS][pick[PFS]], out=hazard[PFS])
    if condition.active.any():
        at_since[PFS] = np.maximum(at_since[PFS], at_since[OS][pick[PFS]])
        after = (grid[None, :] > condition.since[:, None])[:, :, None]  # (b, T, 1)
        active = condition.active[:, None, None]
        for outcome in OUTCOMES:  # in place: these arrays are (b, T, D)
            rows_of = pick[outcome]
            since_hazard = np.where(active[rows_of], at_since[outcome][:, None, :], 0).astype(np.float32)
            np.subtract(hazard[outcome], since_hazard, out=hazard[outcome])
            np.maximum(hazard[outcome], 0, out=hazard[outcome])
            np.copyto(hazard[outcome], 0, where=(~after & active)[rows_of])
        raise_os = (condition.active & condition.pfs_known)[:, None, None]
        if pfs_rows is None:
            np.minimum(hazard[OS], hazard[PFS], out=hazard[OS], where=raise_os)
        else:  # every patient of the PFS array is known free of progression
            raised = hazard[OS][pfs_rows]
            np.minimum(raised, hazard[PFS], out=raised, where=raise_os[pfs_rows])
            hazard[OS][pfs_rows] = raised
    edges = {}
    n = hazard[OS].shape[-1]
    for outcome in OUTCOMES:
        ordered = hazard[outcome]
        ordered.sort(axis=-1)  # survival in falling order
        band = []
        for low, high, frac in _order_positions(n, BAND_QUANTILES):
            s_low = np.exp(-ordered[..., n - 1 - low])
            s_high = np.exp(-ordered[..., n - 1 - high])
            band.append(s_low * (1 - frac) + s_high * frac)
        edges[outcome] = band
    if pfs_rows is not None:
        edges[PFS] = [_rows_into_nan(edge, pfs_rows, len(x)) for edge in edges[PFS]]
    elif condition.active.any():
        no_pfs = ~condition.pfs_known
        for edge in edges[PFS]:
            edge[no_pfs] = np.nan
    return edges


def _rows_into_nan(values: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """``values`` of ``rows`` placed among n rows, NaN in the others."""
    out = np.full((n,) + values.shape[1:], np.nan, dtype=values.dtype)
    out[rows] = values
    return out


def _bands(combos: Combos, params: ModelParams, grid: np.ndarray, condition: Condition) -> tuple[dict, dict]:
    """2.5th and 97.5th percentiles over the draws.

    Patients are grouped by their number of combos k: with one combo (every input known) the
    draws are ordered by cumulative hazard (``_single_combo_bands``); otherwise each draw's
    averaged curve is computed (``_draw_curves``) and sorted. Blocks of patients bound the
    memory. Draws lie on the last (contiguous) axis.
    """
    n_months, n_draws = len(grid), params.draw_log_hr[OS].shape[0]
    n_patients = len(combos.per_patient)
    lower = {o: np.empty((n_patients, n_months)) for o in OUTCOMES}
    upper = {o: np.empty((n_patients, n_months)) for o in OUTCOMES}
    workers = _band_workers()
    # with several workers each holds a block at a time: smaller blocks keep the memory bound
    block = max(1, _BLOCK_DRAW_MONTHS // (n_months * n_draws * workers))
    blocks = []
    for k in sorted(set(combos.per_patient.tolist())):  # np.unique would import numpy.ma lazily (~13 ms)
        patients = np.flatnonzero(combos.per_patient == k)
        rows = combos.starts[patients][:, None] + np.arange(k)[None, :]  # (n_k, k)
        blocks += [(k, patients[first:first + block], rows[first:first + block])
                   for first in range(0, len(patients), block)]

    def run(task) -> None:  # each block writes its own rows of lower and upper
        k, chosen, rows = task
        if k == 1:
            edges = _single_combo_bands(combos, rows, params, grid, condition.take(chosen))
        else:
            block_condition = condition.take(chosen)
            curves = _draw_curves(combos, rows, params, grid, block_condition, products=_band_products(grid))
            edges = {o: quantiles_last_axis(curves[o], BAND_QUANTILES, overwrite=True) for o in OUTCOMES}
            pfs_rows = _pfs_rows(block_condition)
            if pfs_rows is not None:  # PFS computed only where it is shown
                edges[PFS] = [_rows_into_nan(edge, pfs_rows, len(chosen)) for edge in edges[PFS]]
        for outcome in OUTCOMES:
            lower[outcome][chosen], upper[outcome][chosen] = edges[outcome]

    if workers > 1 and len(blocks) > 1:
        # numpy's sorts, exponentials and products release the GIL: blocks run on all cores
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(workers) as pool:
            for _ in pool.map(run, blocks):
                pass
    else:
        for task in blocks:
            run(task)
    return lower, upper


# float32 products in the bands' draws up to this many months a curve: within 2 x 600 x 2^-24 = 7.2e-5
_FLOAT32_PRODUCTS_MAX_MONTHS = 600


def _band_products(grid: np.ndarray) -> type:
    """The dtype of the draws' stepped products for a 95% range: float32 while the error it can
    add stays below 1e-4, the tolerance of the performance issue (``_mixture_draws``), else float64.
    The best, typical and worst case times keep float64: a time is rounded to 0.1 month, and a
    change of 1e-6 could move it across a rounding boundary."""
    return np.float32 if len(grid) <= _FLOAT32_PRODUCTS_MAX_MONTHS else np.float64


def _band_workers() -> int:
    """Threads for the 95% ranges of a large batch: the cores this process may use (at most
    BAND_WORKERS_MAX; ``NETLM_RISK_THREADS`` overrides). Each block's result does not depend on
    how many run at once."""
    import os

    wanted = os.environ.get("NETLM_RISK_THREADS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), BAND_WORKERS_MAX)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, BAND_WORKERS_MAX))


def first_crossing(curves: np.ndarray, grid: np.ndarray, level: float) -> np.ndarray:
    """First month at which each row of ``curves`` ((m, T) on ``grid``, (T,) or (m, T)) falls to
    ``level``, linearly interpolated between grid points; NaN where it stays above it."""
    below = curves <= level
    reached = below.any(axis=1)
    idx = np.argmax(below, axis=1)
    idx_prev = np.maximum(idx - 1, 0)
    rows = np.arange(len(idx))
    s0, s1 = curves[rows, idx_prev], curves[rows, idx]
    t0, t1 = (grid[idx_prev], grid[idx]) if grid.ndim == 1 else (grid[rows, idx_prev], grid[rows, idx])
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(s0 > s1, (s0 - level) / (s0 - s1), 0.0)
    return np.where(reached, t0 + frac * (t1 - t0), np.nan)


def _medians(combos: Combos, params: ModelParams, condition: Condition, at_since: dict,
             computed: tuple[np.ndarray, dict] | None = None) -> dict:
    """First month at which the point curve reaches 0.5, within the data-supported range.

    Found on a 0.25-month grid up to the last calibration knot, then linearly interpolated;
    None (NaN in arrays) when the curve stays above 0.5 there. At a follow-up visit this is the
    conditional median, still in months after surgery. The curves fall monotonically, so the
    crossing is bracketed step by step (MEDIAN_SEARCH_STEPS: every 4 months, then every month,
    then every 0.25 month inside that month; for a few patients ``_few_medians``, every month then
    every 0.25 month): the first point at or below 0.5 and the one before
    it are the same two points, with the same values, as on the whole fine grid, and so is the
    result. ``computed``: (sorted months, outcome -> uncapped point curves on them) already at
    hand; points among those months (the whole months, with the PFS <= OS check's grid) are taken
    from it (a value depends only on its month), so only the quarter months inside the bracketing
    month are computed.
    """
    longest = max(len(median_grid(params, outcome)) for outcome in OUTCOMES)
    if computed is not None and len(combos.weights) * longest <= _MEDIAN_FEW_VALUES:
        return _few_medians(combos, params, condition, at_since, computed)
    out = {}
    for outcome in OUTCOMES:
        # PFS bounds the OS median only through a follow-up visit's max(OS, PFS)
        needed = (OS,) if outcome == OS and not condition.active.any() else OUTCOMES
        fine = median_grid(params, outcome)
        last = len(fine) - 1
        steps = (1,) if len(combos.weights) * len(fine) <= _MEDIAN_FEW_VALUES else MEDIAN_SEARCH_STEPS
        coarsest = steps[0]
        window = np.minimum(np.arange(0, last + coarsest, coarsest), last)  # the last fine point is always one
        reached = None
        for previous, step in zip((None,) + steps, steps):
            if previous is not None:  # the points of the bracket found one level up, ``step`` apart
                window = np.minimum(start[:, None] + np.arange(0, previous + 1, step)[None, :], last)
            times = fine[window]
            curves = _condition(_point_values(combos, params, times, needed, computed), at_since, times,
                                condition)[outcome]
            below = curves <= 0.5
            if reached is None:
                reached = below.any(axis=1)
            if step == 1:
                break
            first = np.argmax(below, axis=1)
            before = np.maximum(first - 1, 0)  # a point above 0.5 (or the first point)
            start = window[before] if window.ndim == 1 else window[np.arange(len(before)), before]
        out[outcome] = np.round(np.where(reached, first_crossing(curves, times, 0.5), np.nan), 1)
    return out


_FEW_MEDIAN_CACHE: dict = {}


def _few_medians(combos: Combos, params: ModelParams, condition: Condition, at_since: dict,
                 computed: tuple[np.ndarray, dict]) -> dict:
    """``_medians`` for a few patients, in two steps with few numpy calls.

    Each outcome's median is bracketed on every 4th point of its fine grid (the whole months,
    which ``computed`` holds on the usual grids), then searched on the five fine points from the
    last whole month above 0.5: the same two points with the same values as a search of the whole
    fine grid, and so the same median. The five points of both outcomes are computed in one call,
    with H0 taken from the longer fine grid's cached H0 (each fine grid is 0, 0.25, ... and so the
    start of the longer one).
    """
    months, raw = computed
    key = (id(params), months.tobytes())
    plan = _FEW_MEDIAN_CACHE.get(key)
    if plan is None:
        if len(_FEW_MEDIAN_CACHE) >= 16:
            _FEW_MEDIAN_CACHE.clear()
        plan = {}
        for outcome in OUTCOMES:
            fine = median_grid(params, outcome)
            last = len(fine) - 1
            coarse = np.minimum(np.arange(0, last + 4, 4), last)  # the last fine point is always one
            at = np.minimum(np.searchsorted(months, fine[coarse]), len(months) - 1)
            held = bool(np.all(months[at] == fine[coarse]))
            plan[outcome] = (last, coarse, fine[coarse], _columns(at) if held else None)
        plan["fine"] = max((median_grid(params, o) for o in OUTCOMES), key=len)
        _FEW_MEDIAN_CACHE[key] = plan
    fine = plan["fine"]
    reached, windows = {}, []
    for outcome in OUTCOMES:
        # PFS bounds the OS median only through a follow-up visit's max(OS, PFS)
        needed = (OS,) if outcome == OS and not condition.active.any() else OUTCOMES
        last, coarse, times, at = plan[outcome]
        if at is None:  # a grid without every whole month (month 0, say): compute those it lacks
            values = _point_values(combos, params, times, needed, computed)
        else:
            values = {o: raw[o][:, at] for o in needed}
            if PFS in values:
                values[PFS] = np.minimum(values[PFS], values[OS])
        below = _condition(values, at_since, times, condition)[outcome] <= 0.5
        reached[outcome] = below.any(axis=1)
        start = coarse[np.maximum(np.argmax(below, axis=1) - 1, 0)]  # a point above 0.5 (or the first point)
        windows.append(np.minimum(start[:, None] + np.arange(5)[None, :], last))  # (n, 5)
    window = np.concatenate(windows, axis=1)  # OS's five points, then PFS's
    times = fine[window]
    h0_at = {o: _point_baseline(params, o, fine)[window] for o in OUTCOMES}
    curves = _condition(_point_curves(combos, params, times, OUTCOMES, h0_at=h0_at), at_since, times, condition)
    out = {}
    for i, outcome in enumerate(OUTCOMES):
        part = slice(5 * i, 5 * i + 5)
        crossing = first_crossing(curves[outcome][:, part], times[:, part], 0.5)
        out[outcome] = np.round(np.where(reached[outcome], crossing, np.nan), 1)
    return out


def _point_values(combos: Combos, params: ModelParams, times: np.ndarray, outcomes: tuple,
                  computed: tuple[np.ndarray, dict] | None) -> dict:
    """``_point_curves(combos, params, times, outcomes)`` on one grid (T,) or each patient's own
    (n, T), taking the months ``computed`` holds from it and computing only the others (a column
    of ``times`` is computed for every patient when any of them lacks it)."""
    if computed is None:
        return _point_curves(combos, params, times, outcomes)
    months, raw = computed
    at = np.minimum(np.searchsorted(months, times), len(months) - 1)
    found = months[at] == times
    if times.ndim == 2:
        found = found.all(axis=0)
    if not found.any():
        return _point_curves(combos, params, times, outcomes)
    if times.ndim == 1:  # fancy indexing copies: safe to fill in below
        out = {o: raw[o][:, at] for o in outcomes}
    else:
        rows = np.arange(times.shape[0])[:, None]
        out = {o: raw[o][rows, at] for o in outcomes}
    if not found.all():
        missing = _point_curves(combos, params, np.ascontiguousarray(times[..., ~found]), outcomes, cap=False)
        for o in outcomes:
            out[o][:, ~found] = missing[o]
    if PFS in out:
        out[PFS] = np.minimum(out[PFS], out[OS])
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
        scope=[s for p in parts for s in p.scope],
    )


def _predict_chunk(cases: Sequence[Case], grid: np.ndarray, with_bands: bool, params: ModelParams,
                   alone: int | None = None) -> BatchPrediction:
    """``predict_batch`` of one chunk. ``alone``: the first so many cases are computed as a batch of
    their own (exp(x beta) from their rows alone: a matrix product's last bits can depend on the
    rows beside a row) and have the 95% ranges, the others as a second batch, without them (NaN)."""
    combos = expand_combos(cases, params)
    split = None if alone is None or alone >= len(cases) else int(combos.starts[alone])
    # exp(x beta) made once for the point curves, the medians and the visit's S(s)
    risk = {o: (np.exp(combos.x @ params.log_hr[o]) if split is None else np.concatenate([
        np.exp(np.ascontiguousarray(part) @ params.log_hr[o]) for part in (combos.x[:split], combos.x[split:])]))
        for o in OUTCOMES}
    combos = combos._replace(risk=risk)
    condition = Condition.of(cases)
    at_since = _point_at_since(combos, params, condition) if condition.active.any() else {}
    # one set of exponentials for the requested months and the months the PFS <= OS check uses
    check, months, at, in_check = _grid_plan(grid)
    raw = _point_curves(combos, params, months, cap=False)
    unconditioned = {OS: raw[OS][:, at], PFS: np.minimum(raw[PFS][:, at], raw[OS][:, at])}
    survival = _condition(unconditioned, at_since, grid, condition)
    lower = upper = None
    if with_bands and split is not None:
        first = Combos(combos.x[:split], combos.weights[:split], combos.per_patient[:alone], combos.starts[:alone])
        banded = _bands(first, params, grid, condition.take(slice(0, alone)))
        lower, upper = ({o: np.full((len(cases), len(grid)), np.nan) for o in OUTCOMES} for _ in range(2))
        for outcome in OUTCOMES:
            lower[outcome][:alone], upper[outcome][:alone] = tidy_band(
                banded[0][outcome], banded[1][outcome], survival[outcome][:alone], grid)
    elif with_bands:
        lower, upper = _bands(combos, params, grid, condition)
        for outcome in OUTCOMES:
            lower[outcome], upper[outcome] = tidy_band(lower[outcome], upper[outcome], survival[outcome], grid)
    extrapolated = {o: grid > params.last_knot_months(o) for o in OUTCOMES}
    medians = _medians(combos, params, condition, at_since, computed=(months, raw))
    capped_from = _pfs_capped_from({o: raw[o][:, in_check] for o in OUTCOMES}, check)
    scope = [out_of_scope(c) for c in cases]
    raised = _os_raised(unconditioned, at_since, survival, grid, condition)
    warnings = [[] if scope[i] else case_warnings(c, params, capped_from[i]) + follow_up_warnings(c, raised[i])
                for i, c in enumerate(cases)]
    outside = np.array([bool(s) for s in scope])
    if outside.any():  # no number of any kind for a case the model cannot speak for
        for arrays in (survival, lower, upper, medians):
            if arrays is not None:
                for outcome in OUTCOMES:
                    arrays[outcome][outside] = np.nan
    return BatchPrediction(
        months=grid,
        survival=survival,
        lower=lower,
        upper=upper,
        median_months=medians,
        extrapolated=extrapolated,
        warnings=warnings,
        scope=scope,
    )


_GRID_PLAN_CACHE: dict = {}


def _grid_plan(grid: np.ndarray) -> tuple:
    """For a requested grid: the PFS <= OS check's months, the sorted union of both (where the
    point curves are computed), and the columns of each in it. Cached per grid, read-only."""
    key = grid.tobytes()
    plan = _GRID_PLAN_CACHE.get(key)
    if plan is None:
        if len(_GRID_PLAN_CACHE) >= 16:
            _GRID_PLAN_CACHE.clear()
        check = _pfs_check_months(grid)
        months = _sorted_unique(np.concatenate([check, grid]))
        plan = (check, months, _columns(np.searchsorted(months, grid)), _columns(np.searchsorted(months, check)))
        for array in plan:
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
        _GRID_PLAN_CACHE[key] = plan
    return plan


def _columns(index: np.ndarray) -> np.ndarray | slice:
    """``index`` as a slice when it is a run of consecutive columns (the usual grids): a view of
    the curves instead of a copy of megabytes."""
    if len(index) and index[-1] - index[0] == len(index) - 1 and np.all(np.diff(index) == 1):
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.union1d's result without np.unique, whose first call imports numpy.ma (~40 ms a process)."""
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]


def _pfs_check_months(grid: np.ndarray) -> np.ndarray:
    return _sorted_unique(np.concatenate([np.arange(1.0, 181.0), grid[grid > 0]]))


def _pfs_capped_from(raw: dict, check: np.ndarray) -> np.ndarray:
    """Per patient, the first month at which PFS <= OS binds for the point estimate (NaN: never).

    Checked on whole months to 180 and on the requested grid, so the answer does not depend on
    which months were asked for (within the modelled range).
    """
    binds = raw[PFS] > raw[OS] + 1e-12  # raw: outcome -> (n, len(check)) uncapped point curves
    first = np.argmax(binds, axis=1)
    return np.where(binds.any(axis=1), check[first], np.nan)


def _os_raised(unconditioned: dict, at_since: dict, conditioned: dict, grid: np.ndarray,
               condition: Condition) -> np.ndarray:
    """Per patient: whether PFS(t | s) exceeds OS(t | s) somewhere on the grid (OS shown as PFS there);
    ``conditioned`` holds the curves of ``_condition``, compared with OS(t | s) before the maximum."""
    if not condition.active.any():
        return np.zeros(len(condition.since), dtype=bool)
    ratio = np.minimum(unconditioned[OS] / np.maximum(at_since[OS], np.finfo(float).tiny)[:, None], 1.0)
    os_given_alive = np.where(grid[None, :] > condition.since[:, None], ratio, 1.0)
    with np.errstate(invalid="ignore"):  # PFS is NaN where it has no estimate
        above = np.any(conditioned[PFS] > os_given_alive, axis=1)
    return above & condition.active & condition.pfs_known


def predict(
    case: Case,
    months: Sequence[float] = DEFAULT_MONTHS,
    with_bands: bool = True,
    params: ModelParams | None = None,
) -> Prediction:
    """OS and PFS curves for one case."""
    params = params or load_params()
    return prediction_from_batch(predict_batch([case], months, with_bands, params), 0, case, params, with_bands)


def predict_with_scenarios(
    case: Case,
    months: Sequence[float] = MONTHLY_GRID,
    with_bands: bool = True,
    params: ModelParams | None = None,
) -> tuple[Prediction, dict]:
    """``predict(case, months, with_bands, params)`` and, when it is applicable, the point
    estimate of the case with each extent of cytoreduction (extent -> Prediction, equal to
    ``predict(case.replace(cytoreduction=extent), months, with_bands=False)``; empty when the case
    is out of the model's scope), computed together: one pass of the point curves, medians and
    warnings for the four cases, the 95% range for the case alone."""
    params = params or load_params()
    grid = _check_months(months)
    cases = [case] + [case.replace(cytoreduction=extent) for extent in CYTOREDUCTION_EXTENTS]
    batch = _predict_chunk(cases, grid, with_bands, params, alone=1)
    prediction = prediction_from_batch(batch, 0, case, params, with_bands)
    if not prediction.applicable:
        return prediction, {}
    points = BatchPrediction(batch.months, batch.survival, None, None, batch.median_months, batch.extrapolated,
                             batch.warnings, batch.scope)
    return prediction, {extent: prediction_from_batch(points, i, cases[i], params, with_bands=False)
                        for i, extent in enumerate(CYTOREDUCTION_EXTENTS, start=1)}


def prediction_from_batch(batch: BatchPrediction, i: int, case: Case, params: ModelParams,
                          with_bands: bool = True) -> Prediction:
    """Patient ``i`` of a batch as a Prediction (PFS None where it has no estimate; no curves
    at all when the case is out of the model's scope)."""
    if batch.scope[i]:
        return Prediction(case, None, None, batch.warnings[i], params, with_bands, batch.scope[i])
    curves = {}
    for outcome in OUTCOMES:
        median = batch.median_months[outcome][i]
        survival = batch.survival[outcome][i]
        curves[outcome] = None if np.isnan(survival).all() else Curve(
            months=batch.months,
            survival=survival,
            lower=None if batch.lower is None else batch.lower[outcome][i],
            upper=None if batch.upper is None else batch.upper[outcome][i],
            median_months=None if np.isnan(median) else float(median),
            extrapolated=batch.extrapolated[outcome],
        )
    return Prediction(case, curves[OS], curves[PFS], batch.warnings[i], params, with_bands)


# ---------------------------------------------------------------- best, typical and worst case


def _quantile_with_infinity(values: np.ndarray, q: float) -> float:
    """numpy's linear quantile of a 1-D sample that may hold +inf (never reached): inf if the
    interpolation touches an infinite value."""
    ordered = np.sort(values)
    position = q * (len(ordered) - 1)
    low = int(np.floor(position))
    high = min(low + 1, len(ordered) - 1)
    frac = position - low
    if not np.isfinite(ordered[low]) or (frac > 0 and not np.isfinite(ordered[high])):
        return math.inf
    return float(ordered[low] * (1 - frac) + ordered[high] * frac)


def survival_scenarios(case: Case, with_bands: bool = True, params: ModelParams | None = None) -> dict:
    """Worst, typical and best case from the patient's OS curve (conditional at a follow-up visit).

    Each level of SCENARIO_LEVELS gives the month after surgery at which that fraction of
    people like the patient is still alive: worst (S = 0.9: 1 in 10 have died), the typical
    middle half (S = 0.75 to 0.25) and best (S = 0.1: 1 in 10 live longer). Found on a
    0.25-month grid up to the modelled horizon (the last OS knot, 15 years) with linear
    interpolation; a time beyond it is ``months`` None with ``beyond_horizon`` true, never
    extrapolated. The 95% range is the 2.5th-97.5th percentile of the same time over the
    draws; an end of the range beyond the horizon is None.
    """
    params = params or load_params()
    horizon = params.last_knot_months(OS)
    grid = np.arange(0.0, horizon + 1e-9, SCENARIO_STEP_MONTHS)
    combos = expand_combos([case], params)
    condition = Condition.of([case])
    at_since = _point_at_since(combos, params, condition) if condition.active.any() else {}
    point = _condition(_point_curves(combos, params, grid), at_since, grid, condition)[OS]  # (1, T)
    draw_times = _scenario_draw_times(combos, params, grid, condition) if with_bands else None

    def rounded(value: float) -> float | None:
        return None if not math.isfinite(value) else round(value, 1)

    out = {}
    for name, level in SCENARIO_LEVELS.items():
        month = float(first_crossing(point, grid, level)[0])
        entry = {"survival": level, "months": rounded(month), "beyond_horizon": bool(np.isnan(month))}
        if draw_times is not None:
            times = np.nan_to_num(draw_times[name], nan=math.inf)
            entry["lower"] = rounded(_quantile_with_infinity(times, BAND_QUANTILES[0]))
            entry["upper"] = rounded(_quantile_with_infinity(times, BAND_QUANTILES[1]))
        else:
            entry["lower"] = entry["upper"] = None
        out[name] = entry
    out["horizon_months"] = _json_number(horizon)
    return out


def _scenario_draw_times(combos: Combos, params: ModelParams, grid: np.ndarray, condition: Condition,
                         whole_grid: bool = False) -> dict:
    """For one patient: level name -> (D,) the month at which each draw's OS curve falls to the
    level of SCENARIO_LEVELS on ``grid`` (first_crossing; NaN where it stays above).

    At surgery the crossing of each draw is bracketed on every SCENARIO_SEARCH_STEP-th grid point
    and only the points inside its bracket are computed: the same points with the same values as
    the whole grid (a value depends only on its month and draw, and each draw's curve falls), so
    the same times, for a tenth of the exponentials. At a follow-up visit (each draw conditioned,
    and OS at least PFS) and with ``whole_grid`` the whole grid is computed.
    """
    rows = np.arange(combos.per_patient[0])[None, :]
    if whole_grid or condition.active.any():
        # at a visit (no bracketed search) the stepped products; with ``whole_grid``, each month's own
        # exponential, as the bracketed search below computes its points
        draws = _draw_curves(combos, rows, params, grid, condition, only_os=True, stepped=not whole_grid)[OS]
        draws = draws[0].T.astype(float)  # (D, T)
        return {name: first_crossing(draws, grid, level) for name, level in SCENARIO_LEVELS.items()}
    last = len(grid) - 1
    coarse_index = np.minimum(np.arange(0, last + SCENARIO_SEARCH_STEP, SCENARIO_SEARCH_STEP), last)
    weights = combos.weights[rows.T]  # (k, 1)
    risk = np.exp(combos.x[rows.T] @ params.draw_log_hr[OS].T)  # (k, 1, D), as _draw_curves computes it
    coarse = _mixture_exps(risk, weights, draw_baselines(params, grid[coarse_index], OS))[0]  # (Tc, D) float32
    levels = list(SCENARIO_LEVELS.values())
    below = coarse[None, :, :] <= np.array(levels)[:, None, None]  # (L, Tc, D), compared as float64
    reached = below.any(axis=1)  # (L, D); the grid's last point is a coarse one
    start = coarse_index[np.maximum(np.argmax(below, axis=1) - 1, 0)]  # (L, D) a point above the level
    window = np.minimum(start[:, :, None] + np.arange(SCENARIO_SEARCH_STEP + 1), last)  # (L, D, W)
    months = grid[window]
    n_levels, n_draws, width = window.shape
    per_draw = months.transpose(1, 0, 2).reshape(n_draws, n_levels * width)  # each draw's own months
    h0 = baseline_cumulative_hazard(params.draw_baseline[OS], per_draw)  # (D, L W)
    values = _mixture_exps(risk, weights, np.ascontiguousarray(h0.T, dtype=np.float32))[0]  # (L W, D)
    values = values.reshape(n_levels, width, n_draws).transpose(0, 2, 1).astype(float)  # (L, D, W)
    return {name: np.where(reached[i], first_crossing(values[i], months[i], level), np.nan)
            for i, (name, level) in enumerate(SCENARIO_LEVELS.items())}


# ---------------------------------------------------------------- warnings


def follow_up_warnings(case: Case, os_raised: bool = False) -> list[CaseWarning]:
    """What a follow-up visit's curves are conditioned on, and why PFS may be missing."""
    if not case.conditional:
        return []
    since = case.months_since_surgery
    when = f"{since:g} months after surgery"
    out = [CaseWarning(
        "months_since_surgery", "follow_up",
        f"Follow-up visit: survival given alive {when}; months are still counted from surgery. "
        "Overall survival is conditioned on being alive only, not on progression: the two published "
        "Cox models are separate, so they cannot say how progression changes survival",
    )]
    if case.progression_so_far == "none":
        if since > 60:
            out.append(CaseWarning(
                "months_since_surgery", "follow_up",
                f"Extrapolated: progression-free survival is conditioned on no progression {when}, beyond the "
                "5 years of progression-free follow-up in the Mayo cohort",
            ))
        if os_raised:
            out.append(CaseWarning(
                None, "follow_up",
                "Overall survival is shown as at least the progression-free survival where that was higher: "
                "being alive is at least as likely as being alive without progression",
            ))
    elif case.progression_so_far == "progressed":
        out.append(CaseWarning(
            "progression_so_far", "follow_up",
            "No progression-free survival estimate: the disease has progressed since surgery, and the "
            "published model gives only the time to a first progression",
        ))
    else:
        out.append(CaseWarning(
            "progression_so_far", "follow_up",
            "No progression-free survival estimate: whether the disease has progressed since surgery is not "
            "known (give progression so far: none, to see it)",
        ))
    return out


def case_warnings(case: Case, params: ModelParams, pfs_capped_from: float = float("nan")) -> list[CaseWarning]:
    """Who the model is for, how unknowns were handled, inputs outside the derivation cohort's
    usual range, and what the model does that a reader must be told."""
    out = eligibility_warnings(case)
    fixed = _fixed_warnings(params)
    if case.ki67_percent is None:
        out.append(fixed[("ki67_percent", case.primary_site)])
    if case.cytoreduction is None:
        out.append(fixed["cytoreduction"])
    limits = params.derivation_range
    low_age, high_age = limits["age_years"]
    if not low_age <= case.age_years <= high_age:
        out.append(CaseWarning(
            "age_years", "data_quality",
            f"Data quality: age {case.age_years:g} years is outside the usual range of the derivation cohort "
            f"({low_age}-{high_age}); the estimate is an extrapolation",
        ))
    if case.largest_lesion_mm > limits["largest_lesion_mm_max"]:
        out.append(CaseWarning(
            "largest_lesion_mm", "data_quality",
            f"Data quality: largest lesion {case.largest_lesion_mm:g} mm is above the usual range of the "
            f"derivation cohort (up to about {limits['largest_lesion_mm_max']} mm); the size effect is extrapolated",
        ))
    if case.ki67_percent is not None and case.ki67_percent > limits["ki67_percent_max"]:
        out.append(CaseWarning(
            "ki67_percent", "data_quality",
            f"Data quality: Ki-67 {case.ki67_percent:g}% is above the usual range of the derivation cohort "
            f"(up to about {limits['ki67_percent_max']}%; the cohort held well-differentiated tumours only)",
        ))
    if case.liver_lesion_count > limits["liver_lesion_count_max"]:
        out.append(CaseWarning(
            "liver_lesion_count", "data_quality",
            f"Data quality: {case.liver_lesion_count} liver lesions is above the usual range "
            f"(about {limits['liver_lesion_count_max']}); please check the count",
        ))
    if lesion_class(case.liver_lesion_count) == 2:
        out.append(fixed["liver_lesion_count"])
    pfs_shown = not case.conditional or case.progression_so_far == "none"
    if not math.isnan(pfs_capped_from) and pfs_shown:
        out.append(CaseWarning(
            None, "pfs_capped",
            f"Progression-free survival capped at overall survival from about {pfs_capped_from:g} months: "
            "for this patient the published PFS model would rise above overall survival from then on, which "
            "cannot be (death counts as an event in PFS), so PFS is shown equal to overall survival",
        ))
    return out


_FIXED_WARNINGS: dict = {}


def _fixed_warnings(params: ModelParams) -> dict:
    """The warnings whose words depend only on the parameters, made once (a batch of 10,000
    patients would otherwise spend as long wording them as computing the curves)."""
    key = id(params)
    if key not in _FIXED_WARNINGS:
        fixed = {}
        for site in PRIMARY_SITES:
            counts = params.table1["sites"][site]["ki67_counts"]
            total = sum(counts)
            pct = "/".join(f"{100 * c / total:.0f}" for c in counts)
            fixed[("ki67_percent", site)] = CaseWarning(
                "ki67_percent", "unknown_input",
                f"Ki-67 unknown: averaged over the {PRIMARY_SITE_LABELS[site].lower()} "
                f"distribution in the Mayo cohort (<3% / 3-20% / >20%: {pct}%, n = {total})",
            )
        counts = params.table1["all"]["cytoreduction_counts"]
        fixed["cytoreduction"] = CaseWarning(
            "cytoreduction", "unknown_input",
            "Extent of cytoreduction not known: averaged over complete / incomplete >90% / incomplete <90% "
            f"as in the Mayo cohort ({counts[0]}/{counts[1]}/{counts[2]} of {sum(counts)})",
        )
        fixed["liver_lesion_count"] = CaseWarning("liver_lesion_count", "model_behaviour", lesion_paradox_text(params))
        _FIXED_WARNINGS.clear()
        _FIXED_WARNINGS[key] = fixed
    return _FIXED_WARNINGS[key]


def lesion_paradox_text(params: ModelParams) -> str:
    """Why 10 or more lesions gives a better estimate than 4-9 (the published hazard ratios)."""
    hr = {o: (params.hazard_ratio(o, "lesions_4_9")["hr"], params.hazard_ratio(o, "lesions_10_plus")["hr"])
          for o in OUTCOMES}
    os_, pfs = hr["overall_survival"], hr["progression_free_survival"]
    return (
        f"10 or more liver lesions: the published hazard ratios are lower than for 4-9 lesions (death {os_[1]:.2f} "
        f"vs {os_[0]:.2f}, progression {pfs[1]:.2f} vs {pfs[0]:.2f}), so this estimate is slightly better than "
        "with 9 lesions. That is the paper's result (the confidence intervals overlap widely), not a sign that "
        "more lesions are better"
    )
