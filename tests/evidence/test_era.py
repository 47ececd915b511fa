"""The era scenario: reproduced by the script, hits the 2014-2020 5-year OS, and stays a scenario."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop import paths
from desktop.model import Case, predict, predict_batch, validate_case
from desktop.model.case import CYTOREDUCTION_EXTENTS, PRIMARY_SITES
from desktop.model.era import ERA_FILE, derive_era, era_scenario, load_era, render
from desktop.model.evidence import load_evidence
from desktop.report.evidence import evidence_for
from desktop.model.params import DERIVED_FILE, file_sha256, load_published
from tests.conftest import EXAMPLE_CASE


@pytest.fixture(scope="module")
def era(params):
    return load_era(params=params)


def test_shipped_era_file_is_reproduced_by_the_script(params):
    directory = paths.model_params_dir()
    published, _ = load_published()
    derived_text = (directory / DERIVED_FILE).read_text(encoding="utf-8")
    evidence = load_evidence(params=params)
    ours = derive_era(published, json.loads(derived_text), file_sha256(directory / DERIVED_FILE),
                      evidence.data, evidence.sha256)
    shipped_text = (directory / ERA_FILE).read_text(encoding="utf-8")
    if render(ours) == shipped_text:
        return
    shipped = json.loads(shipped_text)  # other CPUs may differ in the last bits of exp()
    assert ours["inputs"] == shipped["inputs"]
    np.testing.assert_allclose(ours["point"]["hazard_multiplier"], shipped["point"]["hazard_multiplier"], rtol=1e-9)
    np.testing.assert_allclose(ours["draws"]["hazard_multiplier"], shipped["draws"]["hazard_multiplier"], rtol=1e-9)


def test_target_is_the_published_2014_2020_five_year_os(era):
    assert era.target == {"months": 60.0, "survival": 0.81, "lower": 0.73, "upper": 0.89, "line": 179}


def test_cohort_average_of_scenario_curves_hits_81_percent_at_5_years(params, era):
    """Independent of the solver: the app's own scenario curves averaged over the synthetic cohort."""
    from desktop.model.derive import synthetic_cohort

    published = params.published
    c = synthetic_cohort(published, 20_000)
    ki67 = np.array([1.0, 10.0, 30.0])[c["ki67_index"]]
    lesions = np.array([2, 6, 15])[c["lesion_index"]]
    cases = [Case(float(a), PRIMARY_SITES[s], float(k), int(n), float(m), bool(e), CYTOREDUCTION_EXTENTS[x])
             for a, s, k, n, m, e, x in zip(c["age_years"], c["site_index"], ki67, lesions, c["largest_lesion_mm"],
                                            c["extrahepatic"], c["extent_index"])]
    from desktop.model.survival import average_over_combos, baseline_cumulative_hazard, combo_survival, expand_combos

    combos = expand_combos(cases, params)
    h0 = baseline_cumulative_hazard(params.baseline["overall_survival"], np.array([60.0]))
    per_patient = average_over_combos(combo_survival(combos.x, params.log_hr["overall_survival"], h0,
                                                     era.hazard_multiplier), combos.weights, combos.starts)
    average = per_patient.mean()
    assert abs(average - 0.81) < 0.005, average
    main = predict_batch(cases, [60.0], with_bands=False, params=params).survival["overall_survival"].mean()
    assert abs(main - 0.75) < 0.005, main  # the main model stays calibrated to the whole-period 75%


def test_scenario_is_a_constant_hazard_ratio_below_one_and_raises_os(params, era):
    assert 0.5 < era.hazard_multiplier < 0.9
    case = validate_case(EXAMPLE_CASE)
    months = [12, 24, 60, 120, 180, 200]
    scenario = era_scenario(case, months, params=params, era=era)
    main = predict(case, months, params=params).overall_survival
    # S_era = S_main ** c exactly for a case with known inputs (equation (1) of era.py)
    np.testing.assert_allclose(scenario.survival, main.survival ** era.hazard_multiplier, rtol=1e-12)
    assert np.all(scenario.survival >= main.survival)
    assert np.all(scenario.lower <= scenario.survival) and np.all(scenario.upper >= scenario.survival)
    assert np.all(np.diff(scenario.survival) <= 0)
    assert list(scenario.extrapolated) == [False, False, False, False, False, True]


def test_scenario_in_the_evidence_output_is_labelled_and_matches_the_curve(params, era):
    case = validate_case({**EXAMPLE_CASE, "ki67_percent": None})
    scenario = evidence_for(case, params=params)["era"]["scenario"]
    assert scenario["is_scenario"] is True and scenario["label"].startswith("Scenario, not the main estimate")
    curve = era_scenario(case, scenario["months"], params=params, era=era)
    assert scenario["scenario_overall_survival"]["survival"] == [round(float(v), 6) for v in curve.survival]
    main = predict(case, scenario["months"], with_bands=False, params=params).overall_survival
    assert scenario["main_overall_survival"]["survival"] == [round(float(v), 6) for v in main.survival]
    five = scenario["months"].index(60)
    assert f"5-year OS {100 * curve.survival[five]:.0f}%" in scenario["patient"]
    assert scenario["hazard_multiplier_range"][0] < scenario["hazard_multiplier"] < scenario["hazard_multiplier_range"][1]


def test_constant_era_effect_check_is_stored(era):
    check = era.check["multiplier_by_era_milestone"]
    assert set(check) == {"2000_2006", "2007_2013", "2014_2020"}
    assert "os_10y" not in check["2014_2020"]  # nothing published to check against
    assert check["2000_2006"]["os_5y"] > 1 > check["2007_2013"]["os_5y"]
