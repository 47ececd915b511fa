"""Follow-up visits: survival given alive (and free of progression) months after surgery,
and the best / typical / worst case times (issue 14)."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from desktop.model import CaseError, predict, predict_batch, validate_case
from desktop.model.case import CYTOREDUCTION_EXTENTS
from desktop.model.params import OUTCOMES
from desktop.model.survival import (
    BAND_QUANTILES,
    SCENARIO_LEVELS,
    baseline_cumulative_hazard,
    cytoreduction_weights,
    expand_combos,
    ki67_weights,
    survival_scenarios,
)
from tests.conftest import EXAMPLE_CASE

OS, PFS = OUTCOMES
KNOWN = dict(EXAMPLE_CASE, ki67_percent=8.0, cytoreduction="complete")
UNKNOWN = dict(EXAMPLE_CASE, primary_site="pancreas", ki67_percent=None, cytoreduction=None,
               liver_lesion_count=12, extrahepatic_metastases=True)
GRID = np.array([0, 3, 6, 12, 18, 24, 30, 36, 48, 60, 84, 100, 120, 150, 180])


def case(base, **follow_up):
    return validate_case(dict(base, **follow_up))


@pytest.mark.parametrize("since", [1, 6, 12, 24, 36, 59.5, 60, 90, 150, 179])
def test_overall_survival_given_alive_is_the_ratio_for_known_inputs(since):
    plain = predict(case(KNOWN), list(GRID) + [since], with_bands=False).overall_survival.survival
    conditional = predict(case(KNOWN, months_since_surgery=since), GRID, with_bands=False).overall_survival.survival
    expected = np.where(GRID <= since, 1.0, plain[:-1] / plain[-1])
    np.testing.assert_allclose(conditional, expected, rtol=1e-12, atol=0)
    assert np.all(conditional[GRID <= since] == 1.0)  # exactly 1, not nearly


@pytest.mark.parametrize("since", [12, 36, 60])
def test_progression_free_survival_given_free_of_progression_is_the_ratio(since):
    plain = predict(case(KNOWN), list(GRID) + [since], with_bands=False).progression_free_survival.survival
    conditional = predict(case(KNOWN, months_since_surgery=since, progression_so_far="none"), GRID, with_bands=False)
    expected = np.where(GRID <= since, 1.0, plain[:-1] / plain[-1])
    np.testing.assert_allclose(conditional.progression_free_survival.survival, expected, rtol=1e-12)


def _combination_curves(params, base, months):
    """Brute force: each Ki-67 class x extent of cytoreduction as a known case, with its weight."""
    site = base["primary_site"]
    ki67_values = (1.0, 8.0, 30.0)
    out = []
    for (i, ki67), (j, extent) in itertools.product(enumerate(ki67_values), enumerate(CYTOREDUCTION_EXTENTS)):
        weight = ki67_weights(site, params)[i] * cytoreduction_weights(params)[j]
        known = predict(validate_case(dict(base, ki67_percent=ki67, cytoreduction=extent)), months, with_bands=False)
        out.append((weight, known.overall_survival.survival))
    return out


@pytest.mark.parametrize("since", [12, 48, 120])
def test_unknown_inputs_are_reweighted_by_survival_to_the_visit(params, since):
    months = list(GRID) + [since]
    combos = _combination_curves(params, UNKNOWN, months)
    # each combination weighted by its surgery-day weight times its own survival to s (Bayes)
    posterior = np.array([w * s[-1] for w, s in combos])
    posterior /= posterior.sum()
    expected = sum(p * np.where(GRID <= since, 1.0, s[:-1] / s[-1]) for p, (_, s) in zip(posterior, combos))
    got = predict(case(UNKNOWN, months_since_surgery=since), GRID, with_bands=False).overall_survival.survival
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    # and not the surgery-day weights applied to each combination's conditional curve
    naive = sum(w * np.where(GRID <= since, 1.0, s[:-1] / s[-1]) for w, s in combos)
    assert np.max(np.abs(got - naive)) > 0.003  # far above the 1e-10 agreement


def _draw_curves_float64(params, data, months, outcome):
    """Every draw's averaged curve, computed from the parameter arrays directly: (D, T)."""
    c = expand_combos([validate_case(data)], params)
    h0 = baseline_cumulative_hazard(params.draw_baseline[outcome], np.asarray(months, dtype=float))  # (D, T)
    risk = np.exp(c.x @ params.draw_log_hr[outcome].T)  # (k, D)
    return np.einsum("k,kdt->dt", c.weights, np.exp(-risk[:, :, None] * h0[None, :, :]))


@pytest.mark.parametrize("data", [KNOWN, UNKNOWN], ids=["known", "unknown"])
def test_the_range_comes_from_draw_by_draw_ratios(params, data):
    since = 36
    months = list(GRID) + [since]
    draws = _draw_curves_float64(params, data, months, OS)
    ratios = np.where(GRID[None, :] <= since, 1.0, draws[:, :-1] / draws[:, -1:])
    lower, upper = np.quantile(ratios, BAND_QUANTILES, axis=0)
    got = predict(validate_case(dict(data, months_since_surgery=since)), GRID).overall_survival
    np.testing.assert_allclose(got.lower, np.minimum(lower, got.survival), atol=2e-5)
    np.testing.assert_allclose(got.upper, np.maximum(upper, got.survival), atol=2e-5)
    # never the ratio of the band edges
    plain = predict(validate_case(data), months).overall_survival
    edge_ratio = np.where(GRID <= since, 1.0, plain.lower[:-1] / plain.lower[-1])
    assert np.max(np.abs(got.lower - edge_ratio)) > 0.01


def test_since_zero_or_absent_gives_identical_output_byte_for_byte(params):
    absent = predict(case(UNKNOWN), GRID)
    zero = predict(case(UNKNOWN, months_since_surgery=0), GRID)
    null = predict(case(UNKNOWN, months_since_surgery=None, progression_so_far=None), GRID)
    text = json.dumps(absent.to_dict(), indent=2)
    assert json.dumps(zero.to_dict(), indent=2) == text
    assert json.dumps(null.to_dict(), indent=2) == text
    assert "conditional_on" not in absent.to_dict() and "months_since_surgery" not in absent.to_dict()["case"]


def test_patients_seen_at_surgery_are_bit_identical_in_a_mixed_batch(params):
    plain = [case(KNOWN), case(UNKNOWN)]
    mixed = [plain[0], case(KNOWN, months_since_surgery=24, progression_so_far="progressed"), plain[1],
             case(UNKNOWN, months_since_surgery=60, progression_so_far="none")]
    a = predict_batch(plain, GRID, params=params)
    b = predict_batch(mixed, GRID, params=params)
    for outcome in OUTCOMES:
        for attribute in ("survival", "lower", "upper", "median_months"):
            np.testing.assert_array_equal(getattr(b, attribute)[outcome][[0, 2]], getattr(a, attribute)[outcome])
    assert b.warnings[0] == a.warnings[0] and b.warnings[2] == a.warnings[1]


@pytest.mark.parametrize("follow_up,fields", [
    ({"months_since_surgery": 181}, ["months_since_surgery"]),
    ({"months_since_surgery": -3}, ["months_since_surgery"]),
    ({"months_since_surgery": "soon"}, ["months_since_surgery"]),
    ({"progression_so_far": "stable"}, ["progression_so_far"]),
    ({"progression_so_far": "none"}, ["progression_so_far", "months_since_surgery"]),
    ({"progression_so_far": "progressed", "months_since_surgery": 0}, ["progression_so_far", "months_since_surgery"]),
])
def test_out_of_range_and_contradictory_follow_up_is_refused_naming_the_fields(follow_up, fields):
    with pytest.raises(CaseError) as caught:
        validate_case(dict(KNOWN, **follow_up))
    assert len(caught.value.problems) == 1
    for name in fields:
        assert f"'{name}'" in caught.value.problems[0]


def test_csv_text_follow_up_fields_are_parsed():
    row = {k: "" if v is None else str(v).lower() for k, v in KNOWN.items()}
    parsed = validate_case(dict(row, months_since_surgery="30.5", progression_so_far="none"), from_text=True)
    assert (parsed.months_since_surgery, parsed.progression_so_far) == (30.5, "none")
    empty = validate_case(dict(row, months_since_surgery="", progression_so_far=""), from_text=True)
    assert not empty.conditional


@pytest.mark.parametrize("progression,reason", [("progressed", "has progressed"), (None, "not known")])
def test_no_progression_free_estimate_unless_free_of_progression(progression, reason):
    p = predict(case(KNOWN, months_since_surgery=24, progression_so_far=progression), GRID)
    assert p.progression_free_survival is None and p.outcomes == (OS,)
    assert p.to_dict()["progression_free_survival"] is None
    assert p.to_dict()["conditional_on"] == {"months_since_surgery": 24,
                                             "progression_free": None if progression is None else False}
    assert any(reason in w.text and "No progression-free survival estimate" in w.text for w in p.warnings)
    assert any("conditioned on being alive only" in w.text for w in p.warnings)
    free = predict(case(KNOWN, months_since_surgery=24, progression_so_far="none"), GRID)
    assert free.outcomes == OUTCOMES and free.conditional_on["progression_free"] is True
    # OS is conditioned on being alive only, whatever the progression status
    np.testing.assert_array_equal(free.overall_survival.survival, p.overall_survival.survival)


def test_beyond_five_years_free_of_progression_is_flagged_extrapolated():
    assert any(w.text.startswith("Extrapolated") for w in predict(case(KNOWN, months_since_surgery=61,
                                                                  progression_so_far="none")).warnings)
    assert not any(w.text.startswith("Extrapolated") for w in predict(case(KNOWN, months_since_surgery=60,
                                                                      progression_so_far="none")).warnings)


def _raised_case():
    """A patient whose PFS(t | s) exceeds OS(t | s) somewhere: searched, so the test shows it exists
    (it happens late, where the PFS hazard is extrapolated and an older patient's OS hazard is high)."""
    for age, ki67, lesions, since in itertools.product((60, 75), (8.0, 30.0), (2, 12), (48, 130, 170)):
        data = dict(KNOWN, age_years=age, ki67_percent=ki67, liver_lesion_count=lesions,
                    months_since_surgery=since, progression_so_far="none")
        p = predict(validate_case(data), GRID, with_bands=False)
        plain = predict(validate_case(dict(data, progression_so_far=None)), GRID, with_bands=False)
        if np.any(p.progression_free_survival.survival > plain.overall_survival.survival + 1e-9):
            return data, p, plain
    pytest.fail("no case with PFS(t | s) above OS(t | s) in the search")


def test_overall_survival_is_shown_as_at_least_progression_free_survival():
    data, p, plain = _raised_case()
    np.testing.assert_array_equal(p.overall_survival.survival,
                                  np.maximum(plain.overall_survival.survival, p.progression_free_survival.survival))
    assert any("at least the progression-free survival" in w.text for w in p.warnings)
    assert not any("at least the progression-free survival" in w.text for w in plain.warnings)


def test_conditional_medians_are_months_after_surgery_where_the_conditional_curve_halves():
    since = 36
    p = predict(case(UNKNOWN, months_since_surgery=since, progression_so_far="none"), GRID, with_bands=False)
    for curve in (p.overall_survival, p.progression_free_survival):
        median = curve.median_months
        assert median is not None and median > since
        at = predict(case(UNKNOWN, months_since_surgery=since, progression_so_far="none"),
                     [median - 0.1, median + 0.1], with_bands=False).curve(
            OS if curve is p.overall_survival else PFS).survival
        assert at[0] > 0.5 > at[1]


def _root(f, low, high, iterations=60):
    for _ in range(iterations):
        mid = (low + high) / 2
        low, high = (mid, high) if f(mid) > 0 else (low, mid)
    return (low + high) / 2


@pytest.mark.parametrize("data,follow_up", [
    (KNOWN, {}),
    (UNKNOWN, {}),
    (UNKNOWN, {"months_since_surgery": 30, "progression_so_far": "none"}),
    (KNOWN, {"months_since_surgery": 100}),
])
def test_scenarios_match_a_root_finder_on_the_patient_curve(params, data, follow_up):
    c = validate_case(dict(data, **follow_up))
    scenarios = survival_scenarios(c, with_bands=False, params=params)
    horizon = params.last_knot_months(OS)
    assert scenarios["horizon_months"] == horizon

    def os(month):
        return predict(c, [month], with_bands=False, params=params).overall_survival.survival[0]

    for name, level in SCENARIO_LEVELS.items():
        entry = scenarios[name]
        if os(horizon) > level:
            assert entry["months"] is None and entry["beyond_horizon"] is True
            continue
        root = _root(lambda m: os(m) - level, 0.0, horizon)
        assert entry["beyond_horizon"] is False
        assert abs(entry["months"] - root) <= 0.06, (name, entry, root)


def test_scenario_ranges_come_from_the_draws(params):
    c = case(UNKNOWN, months_since_surgery=24, progression_so_far="progressed")
    scenarios = survival_scenarios(c, params=params)
    horizon = params.last_knot_months(OS)
    grid = np.arange(0.0, horizon + 1e-9, 0.25)
    draws = _draw_curves_float64(params, UNKNOWN, list(grid) + [24], OS)
    conditional = np.where(grid[None, :] <= 24, 1.0, draws[:, :-1] / draws[:, -1:])
    for name, level in SCENARIO_LEVELS.items():
        times = []
        for row in conditional:
            below = np.flatnonzero(row <= level)
            if below.size == 0:
                times.append(np.inf)
                continue
            i = below[0]
            times.append(grid[i - 1] + (row[i - 1] - level) / (row[i - 1] - row[i]) * 0.25)
        times = np.sort(times)
        for key, q in zip(("lower", "upper"), BAND_QUANTILES):
            position = q * (len(times) - 1)
            low, high = times[int(np.floor(position))], times[int(np.ceil(position))]
            if np.isinf(high):
                assert scenarios[name][key] is None
            else:
                expected = low + (position - np.floor(position)) * (high - low)
                assert scenarios[name][key] == pytest.approx(expected, abs=0.06)
        if scenarios[name]["months"] is not None and scenarios[name]["upper"] is not None:
            assert scenarios[name]["lower"] <= scenarios[name]["months"] <= scenarios[name]["upper"]


def test_predict_json_carries_scenarios_and_no_ranges_without_bands(params):
    c = case(KNOWN, months_since_surgery=12)
    out = predict(c, GRID).to_dict()
    assert list(out)[:3] == ["model", "case", "conditional_on"]
    assert set(out["scenarios"]) == set(SCENARIO_LEVELS) | {"horizon_months"}
    assert out["scenarios"]["worst"]["months"] > 12  # months after surgery, after the visit
    quick = predict(c, GRID, with_bands=False).to_dict()["scenarios"]
    assert quick["worst"]["months"] == out["scenarios"]["worst"]["months"]
    assert quick["worst"]["lower"] is None and quick["worst"]["upper"] is None


def test_the_model_card_kiely_table_is_the_tool_output():
    from tests.conftest import REPO
    from tools.kiely_check import table

    assert table() in (REPO / "docs" / "model_card.md").read_text(encoding="utf-8")


GRIM = dict(EXAMPLE_CASE, age_years=85, primary_site="pancreas", ki67_percent=40.0, largest_lesion_mm=150,
            extrahepatic_metastases=True)


@pytest.mark.parametrize("data", [KNOWN, UNKNOWN, GRIM, dict(EXAMPLE_CASE, age_years=30, ki67_percent=1.0,
                                                             liver_lesion_count=1, largest_lesion_mm=10)])
def test_scenario_draws_bracketed_at_surgery_give_the_times_of_the_whole_grid_bit_for_bit(params, data):
    from desktop.model.survival import SCENARIO_STEP_MONTHS, Condition, _scenario_draw_times

    c = validate_case(data)
    combos, condition = expand_combos([c], params), Condition.of([c])
    grid = np.arange(0.0, params.last_knot_months(OS) + 1e-9, SCENARIO_STEP_MONTHS)
    bracketed = _scenario_draw_times(combos, params, grid, condition)
    whole = _scenario_draw_times(combos, params, grid, condition, whole_grid=True)
    for name in SCENARIO_LEVELS:
        np.testing.assert_array_equal(bracketed[name], whole[name], err_msg=name)
    if data is KNOWN:  # some draws reach 10% before the horizon, others stay above it
        assert 0 < np.isfinite(whole["best"]).mean() < 1


def test_pfs_draws_skipped_where_progression_is_not_known_free_give_the_same_bands(monkeypatch):
    """At a visit without "no progression so far" PFS is neither shown nor bounds OS: its draws are
    not computed, and every band is what computing them gives, bit for bit."""
    from desktop.model import survival

    grid = np.arange(0, 181.0)  # a regular grid: blocks of several patients take the stepped products
    progressions = ("none", None, "progressed")
    cases = [case(base, months_since_surgery=since, progression_so_far=progression)
             for base in (KNOWN, UNKNOWN, dict(UNKNOWN, cytoreduction="complete"))
             for since in (6, 30.5, 100) for progression in progressions] * 2
    skipped = predict_batch(cases, grid)
    monkeypatch.setattr(survival, "_pfs_rows", lambda condition: None)
    computed = predict_batch(cases, grid)
    for outcome in OUTCOMES:
        np.testing.assert_array_equal(skipped.lower[outcome], computed.lower[outcome])
        np.testing.assert_array_equal(skipped.upper[outcome], computed.upper[outcome])
    shown = np.array([c.progression_so_far == "none" for c in cases])
    assert np.isfinite(skipped.lower[PFS][shown]).all() and np.isnan(skipped.lower[PFS][~shown]).all()


def test_bands_at_visits_are_the_same_beside_patients_at_surgery():
    """A block of visits only is conditioned in the draws' own arrays; mixed with patients at
    surgery, in new ones: the same numbers bit for bit."""
    grid = np.arange(0, 181.0)
    visits = [case(base, months_since_surgery=since, progression_so_far=progression)
              for base in (KNOWN, UNKNOWN, dict(UNKNOWN, cytoreduction="complete"))
              for since in (6, 30.5, 100) for progression in ("none", None)] * 2
    alone = predict_batch(visits, grid)
    mixed = predict_batch(visits + [case(KNOWN), case(UNKNOWN), case(dict(UNKNOWN, cytoreduction="complete"))], grid)
    for outcome in OUTCOMES:
        for edge in ("lower", "upper"):
            np.testing.assert_array_equal(getattr(alone, edge)[outcome], getattr(mixed, edge)[outcome][:len(visits)])
