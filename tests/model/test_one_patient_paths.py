"""The shortcuts of one patient's prediction (what the GUI asks for at every change) give what
the straightforward computation gives, bit for bit, over many random cases."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from desktop.model import Case, load_params, predict, predict_batch, predict_with_scenarios, prediction_from_batch
from desktop.model.case import CYTOREDUCTION_EXTENTS, PRIMARY_SITES
from desktop.model.params import OUTCOMES
from desktop.model.survival import (
    DEFAULT_MONTHS, MONTHLY_GRID, Condition, _condition, _point_at_since, _point_curves, expand_combos,
    first_crossing, median_grid,
)

GRIDS = {"monthly": MONTHLY_GRID, "milestones": np.array(DEFAULT_MONTHS, dtype=float),
         "odd": np.array([0.5, 7.3, 30.0, 61.25, 200.0])}


def random_cases(n: int, seed: int) -> list[Case]:
    """Every combination of unknown inputs, ages and sizes from the cohort's edges to far outside
    it (medians from a few months to never), and follow-up visits with each progression status."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(n):
        ki67 = None if rng.random() < 0.4 else float(rng.choice([rng.uniform(0, 3), rng.uniform(3, 20),
                                                                   rng.uniform(20, 100)]))
        extent = None if rng.random() < 0.4 else CYTOREDUCTION_EXTENTS[rng.integers(3)]
        visit = {}
        if rng.random() < 0.35:
            since = float(rng.integers(1, 180)) if rng.random() < 0.5 else float(rng.uniform(0.1, 180))
            visit = {"months_since_surgery": since, "progression_so_far": (None, "none", "progressed")[rng.integers(3)]}
        cases.append(Case(float(rng.uniform(18, 100)), PRIMARY_SITES[rng.integers(3)], ki67, int(rng.integers(1, 40)),
                          float(rng.uniform(1, 400)), bool(rng.random() < 0.3), extent, **visit))
    return cases


def whole_grid_medians(case: Case, params) -> dict:
    """The median searched on every point of the 0.25-month grid, as first written."""
    combos, condition = expand_combos([case], params), Condition.of([case])
    at_since = _point_at_since(combos, params, condition) if condition.active.any() else {}
    out = {}
    for outcome in OUTCOMES:
        fine = median_grid(params, outcome)
        curves = _condition(_point_curves(combos, params, fine), at_since, fine, condition)[outcome]
        out[outcome] = float(np.round(first_crossing(curves, fine, 0.5), 1)[0])
    return out


@pytest.mark.parametrize("grid", GRIDS)
def test_one_patient_medians_equal_a_search_of_the_whole_fine_grid(grid):
    params = load_params()
    cases = random_cases(120, seed=len(grid))
    found = {"reached": 0, "not reached": 0, "visit": 0}
    for case in cases:
        prediction = predict(case, GRIDS[grid], with_bands=False, params=params)
        expected = whole_grid_medians(case, params)
        for outcome in OUTCOMES:
            curve = prediction.curve(outcome)
            if curve is None:  # no PFS estimate at this visit: the search finds no median either
                assert np.isnan(expected[outcome])
                continue
            got = np.nan if curve.median_months is None else curve.median_months
            np.testing.assert_array_equal(got, expected[outcome], err_msg=f"{outcome} {case}")
            found["reached" if curve.median_months is not None else "not reached"] += 1
            found["visit"] += case.conditional
    assert min(found.values()) >= 10, found


def assert_same_prediction(got, expected, context):
    assert got.case == expected.case and got.warnings == expected.warnings and got.scope == expected.scope, context
    assert got.with_bands == expected.with_bands, context
    for outcome in OUTCOMES:
        a, b = got.curve(outcome), expected.curve(outcome)
        assert (a is None) == (b is None), context
        if a is None:
            continue
        assert a.median_months == b.median_months, context
        for name in ("months", "survival", "lower", "upper", "extrapolated"):
            u, v = getattr(a, name), getattr(b, name)
            assert (u is None) == (v is None), (context, outcome, name)
            if u is not None:
                np.testing.assert_array_equal(u, v, err_msg=f"{context} {outcome} {name}")


@pytest.mark.parametrize("with_bands", [True, False])
def test_prediction_with_scenarios_equals_the_prediction_and_the_batch_of_extents(with_bands):
    """predict_with_scenarios computes the case and its three extents in one pass: the case's
    prediction is predict()'s, and the extents' are those of one predict_batch of the three,
    bit for bit (exp(x beta) is made per part, as a matrix product's last bits depend on the
    rows beside a row)."""
    params = load_params()
    cases = random_cases(60 if with_bands else 120, seed=11)
    cases += [cases[0].replace(ki67_percent=None, cytoreduction=None), cases[1].replace(cytoreduction=None)]
    for case in cases:
        prediction, scenarios = predict_with_scenarios(case, MONTHLY_GRID, with_bands=with_bands, params=params)
        assert_same_prediction(prediction, predict(case, MONTHLY_GRID, with_bands=with_bands, params=params), case)
        extents = [case.replace(cytoreduction=extent) for extent in CYTOREDUCTION_EXTENTS]
        batch = predict_batch(extents, MONTHLY_GRID, with_bands=False, params=params)
        assert list(scenarios) == list(CYTOREDUCTION_EXTENTS)
        for i, (extent, scenario) in enumerate(zip(CYTOREDUCTION_EXTENTS, extents)):
            expected = prediction_from_batch(batch, i, scenario, params, with_bands=False)
            assert_same_prediction(scenarios[extent], expected, (case, extent))


def test_prediction_with_scenarios_has_no_scenarios_out_of_scope():
    case = random_cases(1, seed=3)[0].replace(differentiation="poor")
    prediction, scenarios = predict_with_scenarios(case)
    assert not prediction.applicable and scenarios == {}
    assert_same_prediction(prediction, predict(case, MONTHLY_GRID), case)


def test_case_replace_is_a_full_copy_with_the_changes():
    """Case.replace copies shallowly: right only while every field holds an immutable value."""
    for spec in dataclasses.fields(Case):
        assert set(spec.type.replace(" ", "").split("|")) <= {"float", "int", "str", "bool", "None"}, spec
    case = Case(61, "pancreas", 4.5, 6, 38, False, "complete", label="A", planned_hepatectomy="major",
                months_since_surgery=24.0, progression_so_far="none", first_hepatectomy=True)
    changed = case.replace(cytoreduction=None, label="B")
    assert changed.to_dict() == dict(case.to_dict(), cytoreduction=None, label="B")
    assert case.cytoreduction == "complete" and case.label == "A"
    with pytest.raises(TypeError):
        case.replace(ki67=3.0)
