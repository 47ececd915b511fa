"""Batch and single-patient prediction speed (issue: the model and predict).

Prints wall time and peak memory; targets: 10,000 patients x 240 months, point estimates < 2 s,
with 95% ranges < 30 s and < 1.5 GB; one patient with ranges on a 0-180 month grid < 5 ms.
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

from desktop.model import Case, load_params, predict, predict_batch  # noqa: E402
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
    t = time.perf_counter()
    predict_batch(cases, months, with_bands=False, params=params)
    point = time.perf_counter() - t
    print(f"point estimates:        {point:6.2f} s   (target < 2 s)   peak RSS {peak_rss_mb():6.0f} MB")
    t = time.perf_counter()
    predict_batch(cases, months, with_bands=True, params=params)
    bands = time.perf_counter() - t
    print(f"with 95% ranges:        {bands:6.2f} s   (target < 30 s)  peak RSS {peak_rss_mb():6.0f} MB (target < 1536)")

    grid = np.arange(0, 181.0)
    for label, case in (("all inputs known", cohort(1, 3)[0].replace(ki67_percent=5.0, cytoreduction="complete")),
                        ("Ki-67 and extent unknown", cohort(1, 3)[0].replace(ki67_percent=None, cytoreduction=None))):
        predict(case, grid, params=params)
        times = []
        for _ in range(200):
            t = time.perf_counter()
            predict(case, grid, params=params)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(f"one patient, 0-180 months, ranges, {label}: median {statistics.median(times):.2f} ms, "
              f"95th pct {times[int(0.95 * len(times))]:.2f} ms (target < 5 ms)")


if __name__ == "__main__":
    main()
