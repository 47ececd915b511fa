"""The derived file is what the script produces, and it hits the published milestones."""

from __future__ import annotations

import numpy as np
import pytest

from desktop import paths
from desktop.model import Case, predict_batch
from desktop.model.case import CYTOREDUCTION_EXTENTS, PRIMARY_SITES
from desktop.model.derive import derive, render, solve_knots, synthetic_cohort
from desktop.model.params import DERIVED_FILE, OUTCOMES, load_published


@pytest.fixture(scope="module")
def rederived():
    published, digest = load_published()
    return published, derive(published, digest)


def test_shipped_derived_file_is_reproduced_by_the_script(rederived):
    _, derived = rederived
    shipped = (paths.model_params_dir() / DERIVED_FILE).read_text(encoding="utf-8")
    if render(derived) == shipped:
        return
    # different CPUs may differ in the last bits of exp(); anything beyond that is a real difference
    import json

    ours, theirs = json.loads(render(derived)), json.loads(shipped)
    for outcome in OUTCOMES:
        for part in ("knot_months", "cumulative_hazard"):
            np.testing.assert_allclose(ours["point"][outcome][part], theirs["point"][outcome][part], rtol=1e-9)
            np.testing.assert_allclose(ours["draws"][outcome][part], theirs["draws"][outcome][part], rtol=1e-9)
        np.testing.assert_allclose(ours["draws"][outcome]["log_hr"], theirs["draws"][outcome]["log_hr"], rtol=1e-12)


def _cohort_cases(published, size):
    c = synthetic_cohort(published, size)
    ki67 = np.array([1.0, 10.0, 30.0])[c["ki67_index"]]
    lesions = np.array([2, 6, 15])[c["lesion_index"]]
    return [
        Case(float(a), PRIMARY_SITES[s], float(k), int(n), float(m), bool(e), CYTOREDUCTION_EXTENTS[x])
        for a, s, k, n, m, e, x in zip(c["age_years"], c["site_index"], ki67, lesions, c["largest_lesion_mm"],
                                       c["extrahepatic"], c["extent_index"])
    ]


def test_cohort_average_of_predicted_curves_hits_every_published_milestone(rederived, params):
    """The average of the app's own individual curves over the synthetic cohort (design/model.md)."""
    published, _ = rederived
    from desktop.model.derive import COHORT_SIZE

    cases = _cohort_cases(published, COHORT_SIZE)
    for outcome in OUTCOMES:
        rows = published["milestones"][outcome]
        months = [r["months"] for r in rows]
        batch = predict_batch(cases, months, with_bands=False, params=params)
        average = batch.survival[outcome].mean(axis=0)
        for r, got in zip(rows, average):
            assert abs(got - r["survival"]) < 0.005, (outcome, r["months"], got, r["survival"])


def test_cohort_median_os_is_near_the_published_122_months(rederived, params):
    published, _ = rederived
    cases = _cohort_cases(published, 20_000)
    grid = np.arange(100, 150, 0.5)
    average = predict_batch(cases, grid, with_bands=False, params=params).survival["overall_survival"].mean(axis=0)
    median = grid[np.argmax(average <= 0.5)]
    target = published["milestones"]["overall_survival_median"]
    assert target["lower"] <= median <= target["upper"], median


def test_solve_knots_finds_the_root_for_extreme_targets():
    rng = np.random.default_rng(1)
    risk = np.exp(rng.normal(0, 1.5, (3, 5000)))
    target = np.array([0.999, 0.5, 0.001])
    h = solve_knots(risk, target)
    np.testing.assert_allclose(np.exp(-h[:, None] * risk).mean(axis=1), target, rtol=1e-10)


def test_draws_spread_like_the_published_intervals(params):
    """The draws' ln HR spread matches the SE from each CI; the draws' milestones their CIs."""
    for outcome in OUTCOMES:
        sd = params.draw_log_hr[outcome].std(axis=0)
        np.testing.assert_allclose(sd, params.log_hr_se[outcome], rtol=0.15)
        mean = params.draw_log_hr[outcome].mean(axis=0)
        assert np.all(np.abs(mean - params.log_hr[outcome]) < 4 * params.log_hr_se[outcome] / np.sqrt(params.n_draws))


def test_binary_copy_holds_the_derived_files_numbers_bit_for_bit():
    """mayo2023_derived.npy, which the application reads, is the JSON's numbers as they read back."""
    import json

    from desktop.model import load_params
    from desktop.model.params import DERIVED_ARRAYS_FILE, derived_arrays, derived_arrays_bytes, published_log_hr

    folder = paths.model_params_dir()
    published, _ = load_published()
    derived = json.loads((folder / DERIVED_FILE).read_text(encoding="utf-8"))
    assert derived_arrays_bytes(derived_arrays(derived, published)) == (folder / DERIVED_ARRAYS_FILE).read_bytes()
    params = load_params()
    for outcome in OUTCOMES:
        point, draws = derived["point"][outcome], derived["draws"][outcome]
        np.testing.assert_array_equal(params.baseline[outcome].knot_months, point["knot_months"])
        np.testing.assert_array_equal(params.baseline[outcome].cumulative_hazard, point["cumulative_hazard"])
        np.testing.assert_array_equal(params.draw_baseline[outcome].knot_months, draws["knot_months"])
        np.testing.assert_array_equal(params.draw_baseline[outcome].cumulative_hazard, draws["cumulative_hazard"])
        np.testing.assert_array_equal(params.draw_log_hr[outcome], draws["log_hr"])
        np.testing.assert_array_equal(params.log_hr[outcome], published_log_hr(published, outcome)[0])
    assert params.n_draws == derived["draws"]["n"]

