"""Batch and single-patient prediction speed (issue: the model and predict).

Prints wall time and peak memory; targets: 10,000 patients x 240 months, point estimates < 2 s,
with 95% ranges < 30 s and < 1.5 GB; one patient with ranges on a 0-180 month grid < 5 ms.
Each is measured at surgery and at a follow-up visit (conditional survival, issue 14), and the
best / typical / worst case times with their ranges for one patient.
Run: python benchmarks/predict_batch.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.model import Case, load_params, predict, predict_batch, survival_scenarios  # noqa: E402
from desktop.model.case import CYTOREDUCTION_EXTENTS, PRIMARY_SITES  # noqa: E402


def cohort(n: int, seed: int = 1) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(n):
        ki67 = None if rng.random() < 0.3 else float(rng.uniform(0, 40))
        extent = None if rng.random() < 0.3 else CYTOREDUCTION_EXTENTS[rng.integers(3)]
        cases.append(Case(float(rng.uniform(30, 85)), PRIMARY_SITES[rng.integers(3)], ki67, int(rng.integers(1, 30)),
                          float(rng.uniform(5, 150)), bool(rng.random() < 0.2), extent))
    return cases


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    params = load_params()
    months = np.arange(1, 241.0)
    cases = cohort(10_000)
    print(f"draws: {params.n_draws}; cohort: 10,000 patients (30% Ki-67 unknown, 30% extent unknown) x 240 months")
    # a follow-up visit: alive 6-120 months after surgery; half known free of progression
    rng = np.random.default_rng(2)
    visits = [c.replace(months_since_surgery=float(rng.uniform(6, 120)),
                        progression_so_far="none" if rng.random() < 0.5 else None) for c in cases]
    for label, cohort_cases in (("at surgery", cases), ("follow-up visit", visits)):
        t = time.perf_counter()
        predict_batch(cohort_cases, months, with_bands=False, params=params)
        point = time.perf_counter() - t
        print(f"{label:15s} point estimates: {point:6.2f} s   (target < 2 s)   peak RSS {peak_rss_mb():6.0f} MB")
        t = time.perf_counter()
        predict_batch(cohort_cases, months, with_bands=True, params=params)
        bands = time.perf_counter() - t
        print(f"{label:15s} with 95% ranges: {bands:6.2f} s   (target < 30 s)  peak RSS {peak_rss_mb():6.0f} MB "
              "(target < 1536)")

    grid = np.arange(0, 181.0)
    known = cohort(1, 3)[0].replace(ki67_percent=5.0, cytoreduction="complete")
    unknown = cohort(1, 3)[0].replace(ki67_percent=None, cytoreduction=None)
    follow_up = {"months_since_surgery": 36.0, "progression_so_far": "none"}
    for label, case in (("all inputs known", known), ("Ki-67 and extent unknown", unknown),
                        ("known, visit at 36 months", known.replace(**follow_up)),
                        ("unknown, visit at 36 months", unknown.replace(**follow_up))):
        for what, run in (("curves", lambda: predict(case, grid, params=params)),
                          ("scenarios", lambda: survival_scenarios(case, params=params))):
            run()
            times = []
            for _ in range(100):
                t = time.perf_counter()
                run()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            target = " (target < 5 ms)" if what == "curves" else ""
            print(f"one patient, ranges, {what:9s} {label:28s}: median {statistics.median(times):6.2f} ms, "
                  f"95th pct {times[int(0.95 * len(times))]:6.2f} ms{target}")

if __name__ == "__main__":
    main()
