"""The survival maths: published HRs used exactly, unknowns averaged, coherent curves."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from desktop.model import predict, predict_batch, validate_case
from desktop.model.case import CYTOREDUCTION_EXTENTS, PRIMARY_SITES
from desktop.model.params import COVARIATES, OUTCOMES
from desktop.model.survival import (
    baseline_cumulative_hazard,
    cytoreduction_weights,
    ki67_class,
    ki67_weights,
    lesion_class,
)
from tests.conftest import ELIGIBLE, EXAMPLE_CASE

MONTHS = np.array([1, 6, 12, 24, 36, 60, 90, 120, 150, 180])

# (covariate, change to the reference case that switches exactly that covariate on)
REFERENCE = dict(EXAMPLE_CASE, ki67_percent=1.0, liver_lesion_count=2, largest_lesion_mm=42,
                 extrahepatic_metastases=False, cytoreduction="complete", age_years=59)
SWITCHES = [
    ("primary_pancreas", {"primary_site": "pancreas"}, 1.0),
    ("primary_other", {"primary_site": "other"}, 1.0),
    ("ki67_3_20", {"ki67_percent": 3.0}, 1.0),
    ("ki67_3_20", {"ki67_percent": 20.0}, 1.0),
    ("ki67_over_20", {"ki67_percent": 20.5}, 1.0),
    ("lesions_4_9", {"liver_lesion_count": 4}, 1.0),
    ("lesions_4_9", {"liver_lesion_count": 9}, 1.0),
    ("lesions_10_plus", {"liver_lesion_count": 10}, 1.0),
    ("extrahepatic", {"extrahepatic_metastases": True}, 1.0),
    ("cytoreduction_incomplete_over_90", {"cytoreduction": "incomplete_over_90"}, 1.0),
    ("cytoreduction_incomplete_under_90", {"cytoreduction": "incomplete_under_90"}, 1.0),
    ("age_per_year", {"age_years": 69}, 10.0),
    ("size_per_cm", {"largest_lesion_mm": 72}, 3.0),
]


def cloglog(s):
    return np.log(-np.log(s))


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("covariate,change,units", SWITCHES)
def test_curves_differ_by_exactly_the_published_hazard_ratio(params, outcome, covariate, change, units):
    base = predict(validate_case(REFERENCE), MONTHS, with_bands=False)
    other = predict(validate_case(dict(REFERENCE, **change)), MONTHS, with_bands=False)
    hr = params.hazard_ratio(outcome, covariate)["hr"]
    difference = cloglog(other.curve(outcome).survival) - cloglog(base.curve(outcome).survival)
    np.testing.assert_allclose(difference, units * math.log(hr), atol=1e-10)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_a_pair_differing_in_every_covariate_differs_by_the_sum_of_log_hrs(params, outcome):
    low = validate_case(dict(REFERENCE, age_years=50))
    high = validate_case({
        "age_years": 70, "primary_site": "pancreas", "ki67_percent": 25, "liver_lesion_count": 12,
        "largest_lesion_mm": 92, "extrahepatic_metastases": True, "cytoreduction": "incomplete_under_90",
    })
    hr = {c: params.hazard_ratio(outcome, c)["hr"] for c in COVARIATES}
    expected = (20 * math.log(hr["age_per_year"]) + math.log(hr["primary_pancreas"]) + math.log(hr["ki67_over_20"])
                + math.log(hr["lesions_10_plus"]) + 5 * math.log(hr["size_per_cm"]) + math.log(hr["extrahepatic"])
                + math.log(hr["cytoreduction_incomplete_under_90"]))
    # up to 10 years: later, this patient's raw PFS curve would cross OS and PFS <= OS binds
    months = MONTHS[MONTHS <= 120]
    s_low = predict(low, months, with_bands=False).curve(outcome).survival
    s_high = predict(high, months, with_bands=False).curve(outcome).survival
    if outcome == "progression_free_survival":  # PFS <= OS must not bind for this comparison to be exact
        assert np.all(s_high < predict(high, months, with_bands=False).overall_survival.survival)
    np.testing.assert_allclose(cloglog(s_high) - cloglog(s_low), expected, atol=1e-10)


def test_category_boundaries_follow_the_paper():
    assert [ki67_class(v) for v in (0, 2.99, 3, 20, 20.01, 100)] == [0, 0, 1, 1, 2, 2]
    assert [lesion_class(v) for v in (1, 3, 4, 9, 10, 500)] == [0, 0, 1, 1, 2, 2]


def test_baseline_is_piecewise_linear_through_the_knots_and_extrapolates_the_last_hazard(params):
    b = params.baseline["overall_survival"]
    k, h = b.knot_months, b.cumulative_hazard
    t = np.array([0, k[0] / 2, k[0], (k[0] + k[1]) / 2, k[2], k[2] + 60])
    got = baseline_cumulative_hazard(b, t)
    slope = (h[2] - h[1]) / (k[2] - k[1])
    np.testing.assert_allclose(got, [0, h[0] / 2, h[0], (h[0] + h[1]) / 2, h[2], h[2] + 60 * slope])


def _explicit(case_dict, **fixed):
    return validate_case(dict(case_dict, **fixed))


@pytest.mark.parametrize("site", PRIMARY_SITES)
def test_unknown_ki67_is_the_weighted_average_of_the_three_classes(params, site):
    case = dict(EXAMPLE_CASE, primary_site=site, ki67_percent=None)
    unknown = predict(validate_case(case), MONTHS, with_bands=False)
    weights = ki67_weights(site, params)
    counts = params.table1["sites"][site]["ki67_counts"]
    np.testing.assert_allclose(weights, np.array(counts) / sum(counts))
    for outcome in ("overall_survival",):
        parts = [predict(_explicit(case, ki67_percent=v), MONTHS, with_bands=False).curve(outcome).survival
                 for v in (1.0, 10.0, 30.0)]
        np.testing.assert_allclose(unknown.curve(outcome).survival, np.dot(weights, parts), atol=1e-12)
    assert any("Ki-67 unknown" in w.text for w in unknown.warnings)


def test_unknown_extent_is_weighted_410_110_26(params):
    np.testing.assert_allclose(cytoreduction_weights(params), np.array([410, 110, 26]) / 546)
    case = dict(EXAMPLE_CASE, cytoreduction=None)
    unknown = predict(validate_case(case), MONTHS, with_bands=False)
    parts = [predict(_explicit(case, cytoreduction=e), MONTHS, with_bands=False) for e in CYTOREDUCTION_EXTENTS]
    w = cytoreduction_weights(params)
    np.testing.assert_allclose(unknown.overall_survival.survival,
                               np.dot(w, [p.overall_survival.survival for p in parts]), atol=1e-12)
    raw_pfs = np.dot(w, [p.progression_free_survival.survival for p in parts])
    np.testing.assert_allclose(unknown.progression_free_survival.survival,
                               np.minimum(raw_pfs, unknown.overall_survival.survival), atol=1e-12)
    assert any("Extent of cytoreduction not known" in w.text for w in unknown.warnings)


def test_both_unknown_averages_nine_combinations(params):
    case = dict(EXAMPLE_CASE, cytoreduction=None, ki67_percent=None)
    unknown = predict(validate_case(case), MONTHS, with_bands=False)
    wk = ki67_weights(case["primary_site"], params)
    we = cytoreduction_weights(params)
    total = 0
    for (k, ki), (e, ext) in itertools.product(enumerate((1.0, 10.0, 30.0)), enumerate(CYTOREDUCTION_EXTENTS)):
        total = total + wk[k] * we[e] * predict(_explicit(case, ki67_percent=ki, cytoreduction=ext), MONTHS,
                                                with_bands=False).overall_survival.survival
    np.testing.assert_allclose(unknown.overall_survival.survival, total, atol=1e-12)
    assert [w.field for w in unknown.warnings if w.kind == "unknown_input"] == ["ki67_percent", "cytoreduction"]


CASES = [
    EXAMPLE_CASE,
    dict(EXAMPLE_CASE, ki67_percent=None, cytoreduction=None),
    {"age_years": 18, "primary_site": "other", "ki67_percent": 100, "liver_lesion_count": 500,
     "largest_lesion_mm": 400, "extrahepatic_metastases": True, "cytoreduction": "incomplete_under_90"},
    {"age_years": 100, "primary_site": "pancreas", "ki67_percent": 0, "liver_lesion_count": 1,
     "largest_lesion_mm": 0.5, "extrahepatic_metastases": False, "cytoreduction": "complete"},
    {"age_years": 95, "primary_site": "small_intestine", "ki67_percent": 1, "liver_lesion_count": 1,
     "largest_lesion_mm": 5, "extrahepatic_metastases": False, "cytoreduction": None},
]


@pytest.mark.parametrize("case_dict", CASES)
def test_curves_are_coherent(case_dict):
    grid = np.arange(0, 241.0)
    p = predict(validate_case(case_dict), grid)
    for curve in (p.overall_survival, p.progression_free_survival):
        assert curve.survival[0] == 1.0
        for series in (curve.survival, curve.lower, curve.upper):
            assert np.all(np.isfinite(series)) and np.all(series >= 0) and np.all(series <= 1)
            assert np.all(np.diff(series) <= 1e-12), "not monotone non-increasing"
        assert np.all(curve.lower <= curve.survival) and np.all(curve.survival <= curve.upper)
    assert np.all(p.progression_free_survival.survival <= p.overall_survival.survival)
    assert np.all(p.progression_free_survival.lower <= p.overall_survival.lower + 1e-7)
    assert np.all(p.progression_free_survival.upper <= p.overall_survival.upper + 1e-7)


def test_bands_have_real_width_inside_the_data(example_case):
    p = predict(example_case, [60, 120])
    width = p.overall_survival.upper - p.overall_survival.lower
    assert np.all(width > 0.05) and np.all(width < 0.6)


def test_extrapolated_stretch_is_flagged_after_the_last_knot(example_case):
    p = predict(example_case, [12, 60, 61, 180, 181, 240])
    assert list(p.progression_free_survival.extrapolated) == [False, False, True, True, True, True]
    assert list(p.overall_survival.extrapolated) == [False, False, False, False, True, True]


def test_median_is_where_the_curve_crosses_one_half(example_case):
    p = predict(example_case, np.arange(0, 181.0), with_bands=False)
    m = p.overall_survival.median_months
    assert m is not None
    fine = predict(example_case, [m - 0.3, m + 0.3], with_bands=False).overall_survival.survival
    assert fine[0] > 0.5 > fine[1]


def test_median_not_reached_within_the_data_is_none():
    young = validate_case({"age_years": 30, "primary_site": "small_intestine", "ki67_percent": 1,
                           "liver_lesion_count": 1, "largest_lesion_mm": 10,
                           "extrahepatic_metastases": False, "cytoreduction": "complete"})
    p = predict(young, [12])
    assert p.overall_survival.median_months is None
    assert p.to_dict()["overall_survival"]["median_months"] is None


def test_batch_equals_single_predictions():
    cases = [validate_case(c) for c in CASES]
    batch = predict_batch(cases, MONTHS)
    for i, case in enumerate(cases):
        single = predict(case, MONTHS)
        for outcome in OUTCOMES:
            np.testing.assert_allclose(batch.survival[outcome][i], single.curve(outcome).survival)
            np.testing.assert_allclose(batch.lower[outcome][i], single.curve(outcome).lower)
            np.testing.assert_allclose(batch.upper[outcome][i], single.curve(outcome).upper)


def test_batch_blocks_give_the_same_bands_as_one_block(monkeypatch):
    from desktop.model import survival

    cases = [validate_case(c) for c in CASES] * 3
    whole = predict_batch(cases, MONTHS)
    monkeypatch.setattr(survival, "_BLOCK_DRAW_MONTHS", 1)  # one patient per block
    split = predict_batch(cases, MONTHS)
    for outcome in OUTCOMES:
        np.testing.assert_array_equal(whole.lower[outcome], split.lower[outcome])
        np.testing.assert_array_equal(whole.upper[outcome], split.upper[outcome])


def test_bands_on_several_threads_equal_one_thread(monkeypatch):
    from desktop.model import survival

    cases = [validate_case(c) for c in CASES] * 3
    monkeypatch.setattr(survival, "_BLOCK_DRAW_MONTHS", 1)  # one patient per block: many blocks
    monkeypatch.setenv("NETLM_RISK_THREADS", "1")
    one = predict_batch(cases, MONTHS)
    monkeypatch.setenv("NETLM_RISK_THREADS", "3")
    assert survival._band_workers() == 3
    several = predict_batch(cases, MONTHS)
    for outcome in OUTCOMES:
        np.testing.assert_array_equal(one.lower[outcome], several.lower[outcome])
        np.testing.assert_array_equal(one.upper[outcome], several.upper[outcome])


def test_chunked_batch_equals_one_chunk(monkeypatch):
    from desktop.model import survival

    cases = [validate_case(c) for c in CASES] * 3
    whole = predict_batch(cases, MONTHS)
    monkeypatch.setattr(survival, "CHUNK_PATIENTS", 4)
    chunked = predict_batch(cases, MONTHS)
    for outcome in OUTCOMES:
        for attribute in ("survival", "lower", "upper", "median_months"):
            # BLAS may sum in another order for other shapes: equal to rounding, not bit for bit
            np.testing.assert_allclose(getattr(whole, attribute)[outcome], getattr(chunked, attribute)[outcome],
                                       rtol=1e-6, atol=1e-12)
    assert chunked.warnings == whole.warnings


def test_data_quality_warnings_flag_inputs_outside_the_cohort():
    p = predict(validate_case(CASES[2]), [12])
    text = " ".join(w.text for w in p.warnings)
    assert "age 18" in text and "largest lesion 400 mm" in text and "Ki-67 100%" in text and "500 liver lesions" in text
    assert predict(validate_case({**EXAMPLE_CASE, **ELIGIBLE}), [12]).warnings == []


def test_subgroup_medians_are_roughly_reproduced_without_tuning(params):
    """Face validity only: the paper's subgroup medians were never calibration targets."""
    from desktop.model.derive import synthetic_cohort
    from desktop.model.case import Case

    cohort = synthetic_cohort(params.published, size=6000)
    medians = params.published["subgroup_medians"]["overall_survival_months"]
    for index, site in enumerate(PRIMARY_SITES):
        mask = cohort["site_index"] == index
        cases = [Case(float(a), site, [1.0, 10.0, 30.0][k], [2, 6, 15][l], float(s), bool(e), CYTOREDUCTION_EXTENTS[x])
                 for a, k, l, s, e, x in zip(*(cohort[c][mask] for c in ("age_years", "ki67_index", "lesion_index",
                                                                       "largest_lesion_mm", "extrahepatic", "extent_index")))]
        grid = np.arange(0, 241.0)
        mean_curve = predict_batch(cases, grid, with_bands=False).survival["overall_survival"].mean(axis=0)
        median = grid[np.argmax(mean_curve <= 0.5)]
        assert abs(median - medians[site]) / medians[site] < 0.35, (site, median, medians[site])


# PFS would exceed OS from about 36 months: the PFS <= OS rule binds (issue 13, item 6)
GRIM = {"age_years": 85, "primary_site": "pancreas", "ki67_percent": 40.0, "largest_lesion_mm": 150,
        "extrahepatic_metastases": True}


@pytest.mark.parametrize("grid", [np.arange(0, 241.0), np.arange(1, 241.0), MONTHS])
def test_medians_equal_bit_for_bit_whether_or_not_the_grid_holds_bracketing_months(grid):
    from desktop.model import load_params
    from desktop.model.survival import Combos, Condition, _medians, _point_at_since, _point_curves, expand_combos

    params = load_params()
    cases = [validate_case(dict(EXAMPLE_CASE, **change)) for change in (
        {}, {"ki67_percent": None, "cytoreduction": None}, {"primary_site": "pancreas", "ki67_percent": 30.0},
        {"months_since_surgery": 30, "progression_so_far": "none"}, {"months_since_surgery": 13.5},
        GRIM, *[dict(GRIM, months_since_surgery=since, progression_so_far="none") for since in (20, 40)])]
    combos: Combos = expand_combos(cases, params)
    condition = Condition.of(cases)
    at_since = _point_at_since(combos, params, condition)
    raw = _point_curves(combos, params, grid, cap=False)
    reused = _medians(combos, params, condition, at_since, computed=(grid, raw))
    computed = _medians(combos, params, condition, at_since)
    for outcome in OUTCOMES:
        np.testing.assert_array_equal(reused[outcome], computed[outcome])
    assert np.isfinite(computed[OUTCOMES[1]]).any()
    # the step-by-step bracketing (a batch) and the one-step search (one patient) find what a search
    # of the whole 0.25-month grid finds
    from desktop.model.survival import _condition, first_crossing, median_grid

    whole = {}
    for outcome in OUTCOMES:
        fine = median_grid(params, outcome)
        curves = _condition(_point_curves(combos, params, fine), at_since, fine, condition)[outcome]
        whole[outcome] = np.round(first_crossing(curves, fine, 0.5), 1)
        np.testing.assert_array_equal(computed[outcome], whole[outcome])
        assert np.isfinite(whole[outcome]).sum() >= 4
    for i, case in enumerate(cases):
        one = expand_combos([case], params)
        alone = Condition.of([case])
        at = _point_at_since(one, params, alone)
        single = _medians(one, params, alone, at, computed=(grid, _point_curves(one, params, grid, cap=False)))
        for outcome in OUTCOMES:
            np.testing.assert_array_equal(single[outcome], whole[outcome][i:i + 1])
