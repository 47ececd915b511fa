"""Round trip: simulate survival times from the model's curves, refit with lifelines, recover the HRs.

lifelines is a test dependency only; the app never imports it.
"""

from __future__ import annotations

import numpy as np
import pytest

from desktop.model.derive import cohort_design, synthetic_cohort
from desktop.model.params import COVARIATES, OUTCOMES

lifelines = pytest.importorskip("lifelines", reason="lifelines is in the test extra: pip install '.[test]'")

N_PATIENTS = 20_000
Z_BONFERRONI = 4.08  # two-sided normal quantile for 0.001 / 22


def invert_baseline(baseline, cumulative_hazard):
    """t such that H0(t) = value, for H0 piecewise linear through (0,0) and the knots, last slope beyond."""
    k = np.r_[0.0, baseline.knot_months]
    h = np.r_[0.0, baseline.cumulative_hazard]
    t = np.interp(cumulative_hazard, h, k)
    slope = (h[-1] - h[-2]) / (k[-1] - k[-2])
    beyond = cumulative_hazard > h[-1]
    t[beyond] = k[-1] + (cumulative_hazard[beyond] - h[-1]) / slope
    return t


@pytest.mark.slow
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_lifelines_recovers_each_published_hazard_ratio(params, outcome):
    import pandas as pd

    rng = np.random.default_rng(2023)
    cohort = synthetic_cohort(params.published, N_PATIENTS, seed=7)
    x = cohort_design(params.published, cohort)
    risk = np.exp(x @ params.log_hr[outcome])
    # S(t|x) = exp(-H0(t) r)  =>  H0(T) = E / r with E ~ Exp(1)
    event_time = invert_baseline(params.baseline[outcome], rng.exponential(size=N_PATIENTS) / risk)
    follow_up = rng.uniform(6, 240, N_PATIENTS)  # administrative censoring, as in a 2000-2020 cohort
    frame = pd.DataFrame(x, columns=COVARIATES)
    frame["T"] = np.minimum(event_time, follow_up)
    frame["E"] = (event_time <= follow_up).astype(int)
    fitted = lifelines.CoxPHFitter().fit(frame, "T", "E")
    estimate = fitted.params_[list(COVARIATES)].to_numpy()
    standard_error = fitted.standard_errors_[list(COVARIATES)].to_numpy()
    z = (estimate - params.log_hr[outcome]) / standard_error
    recovered = dict(zip(COVARIATES, np.round(np.exp(estimate), 3)))
    # each HR within its sampling error: Bonferroni over 2 x 11 estimates at a family-wise 0.1%
    assert np.all(np.abs(z) < Z_BONFERRONI), recovered
    # and jointly: sum of z^2 ~ chi-square(11); its 99.9th percentile is 31.26
    assert np.sum(z**2) < 31.26, (np.sum(z**2), recovered)
