"""Derive the calibrated baselines and the Monte-Carlo draws from the published numbers.

Run ``python -m desktop.model.derive`` after any change to ``model_params/mayo2023.json``;
it rewrites ``model_params/mayo2023_derived.json`` (with its binary copy, ``mayo2023_derived.npy``,
which the application reads) and ``desktop/model/checksums.py``.
The run is deterministic (fixed seeds); ``tests/model/test_derive.py`` re-runs it and
proves the shipped file is what it produces.

Method (design/model.md):
1. A synthetic cohort from Table 1 by primary site (279 / 194 / 73): age normal from
   median and IQR, largest lesion log-normal from median and IQR, Ki-67 class,
   lesion-count class, extrahepatic disease and extent of cytoreduction from the
   reported counts. Covariates are drawn independently within a site: a limitation,
   since the paper gives no joint distribution.
2. At each milestone time the baseline cumulative hazard H0 is solved so that the
   cohort average of the individual curves, mean_i exp(-H0 exp(eta_i)), equals the
   published Kaplan-Meier value (a 1-D root per knot; a Cox baseline is not the cohort
   curve, so the knots are not simply -ln S).
3. Uncertainty: each draw takes ln HR ~ Normal(ln HR, SE^2) independently (no
   covariances are published) and milestones drawn on the complementary log-log scale
   (the PFS median on the log-time scale), kept ordered, then recalibrates H0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from desktop import paths
from desktop.model.params import (
    DERIVED_ARRAYS_FILE,
    DERIVED_FILE,
    OUTCOMES,
    PUBLISHED_FILE,
    Z_95,
    file_sha256,
    derived_arrays,
    derived_arrays_bytes,
    load_published,
    published_log_hr,
)
from desktop.model.case import PRIMARY_SITES
from desktop.model.survival import design_matrix

COHORT_SIZE = 40_000
COHORT_SEED = 20230519  # the paper's online publication date
N_DRAWS = 400
DRAWS_SEED = 546  # the cohort size
IQR_TO_SD = 1.3489795003921634  # IQR of a standard normal


def synthetic_cohort(published: dict, size: int = COHORT_SIZE, seed: int = COHORT_SEED) -> dict:
    """Covariates of a synthetic cohort drawn from Table 1, site by site (arrays)."""
    rng = np.random.default_rng(seed)
    table = published["cohort_table1"]
    total = table["all"]["n"]
    columns = {k: [] for k in ("age_years", "site_index", "ki67_index", "lesion_index",
                               "largest_lesion_mm", "extrahepatic", "extent_index")}
    sizes = [round(size * table["sites"][s]["n"] / total) for s in PRIMARY_SITES]
    for site_index, (site, n) in enumerate(zip(PRIMARY_SITES, sizes)):
        row = table["sites"][site]
        q1, q3 = row["age_iqr"]
        age = rng.normal(row["age_median"], (q3 - q1) / IQR_TO_SD, n)
        s1, s3 = row["size_mm_iqr"]
        size_mm = np.exp(rng.normal(np.log(row["size_mm_median"]), np.log(s3 / s1) / IQR_TO_SD, n))
        columns["age_years"].append(np.clip(age, 18, 95))
        columns["site_index"].append(np.full(n, site_index))
        columns["ki67_index"].append(_categorical(rng, row["ki67_counts"], n))
        columns["lesion_index"].append(_categorical(rng, row["lesion_counts"], n))
        columns["largest_lesion_mm"].append(np.clip(size_mm, 3, 300))
        columns["extrahepatic"].append(rng.random(n) < row["extrahepatic_yes"] / row["n"])
        columns["extent_index"].append(_categorical(rng, row["cytoreduction_counts"], n))
    return {k: np.concatenate(v) for k, v in columns.items()}


def _categorical(rng: np.random.Generator, counts, n: int) -> np.ndarray:
    p = np.asarray(counts, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def cohort_design(published: dict, cohort: dict) -> np.ndarray:
    return design_matrix(
        cohort["age_years"], cohort["site_index"], cohort["ki67_index"], cohort["lesion_index"],
        cohort["largest_lesion_mm"], cohort["extrahepatic"], cohort["extent_index"], published["centring"],
    )


def solve_knots(risk: np.ndarray, target: np.ndarray) -> np.ndarray:
    """H such that mean_i exp(-H * risk_i) = target, for each row (draw) independently.

    risk: (D, N) relative risks exp(eta); target: (D,) survival in (0, 1).
    Safeguarded Newton on u = ln H inside a shrinking bracket (the mean is strictly
    decreasing in u, so the root is unique).
    """
    risk = np.atleast_2d(risk)
    target = np.atleast_1d(np.asarray(target, dtype=float))
    lo = np.full(target.shape, -30.0)
    hi = np.full(target.shape, 8.0)
    u = np.log(-np.log(target)) - np.log(risk.mean(axis=1))
    for _ in range(100):
        h = np.exp(u)[:, None] * risk
        e = np.exp(-h)
        g = e.mean(axis=1) - target
        slope = -(h * e).mean(axis=1)
        lo = np.where(g > 0, u, lo)  # mean too high: H too small
        hi = np.where(g <= 0, u, hi)
        step = np.where(slope < 0, g / np.where(slope < 0, slope, -1.0), 0.0)
        candidate = u - step
        outside = (candidate <= lo) | (candidate >= hi) | ~np.isfinite(candidate)
        u_new = np.where(outside, 0.5 * (lo + hi), candidate)
        if np.all(np.abs(u_new - u) < 1e-13):
            u = u_new
            break
        u = u_new
    return np.exp(u)


def milestone_targets(published: dict, outcome: str) -> tuple[np.ndarray, np.ndarray]:
    rows = published["milestones"][outcome]
    return np.array([r["months"] for r in rows], float), np.array([r["survival"] for r in rows], float)


def _cloglog(s):
    return np.log(-np.log(s))


def draw_milestones(published: dict, outcome: str, rng: np.random.Generator, n: int):
    """Milestones drawn from their published CIs, kept ordered. Returns (months, survival), (n, 3)."""
    rows = published["milestones"][outcome]
    months = np.empty((n, len(rows)))
    survival = np.empty((n, len(rows)))
    for j, r in enumerate(rows):
        if "months_lower" in r:  # a median: S = 0.5 fixed, the time is uncertain (log scale)
            se = (np.log(r["months_upper"]) - np.log(r["months_lower"])) / (2 * Z_95)
            months[:, j] = np.exp(rng.normal(np.log(r["months"]), se, n))
            survival[:, j] = r["survival"]
        else:
            se = (_cloglog(r["lower"]) - _cloglog(r["upper"])) / (2 * Z_95)
            months[:, j] = r["months"]
            survival[:, j] = np.exp(-np.exp(rng.normal(_cloglog(r["survival"]), se, n)))
    months.sort(axis=1)
    survival = -np.sort(-survival, axis=1)
    return months, survival


def derive(published: dict, published_sha256: str, cohort_size: int = COHORT_SIZE, n_draws: int = N_DRAWS) -> dict:
    cohort = synthetic_cohort(published, cohort_size)
    x = cohort_design(published, cohort)
    point, draws, check = {}, {"n": n_draws, "seed": DRAWS_SEED}, {}
    rng = np.random.default_rng(DRAWS_SEED)
    for outcome in OUTCOMES:
        log_hr, se = published_log_hr(published, outcome)
        months, survival = milestone_targets(published, outcome)
        risk = np.exp(x @ log_hr)
        hazard = np.array([solve_knots(risk[None, :], [s])[0] for s in survival])
        point[outcome] = {"knot_months": months.tolist(), "cumulative_hazard": hazard.tolist()}
        check[outcome] = {
            "months": months.tolist(),
            "target": survival.tolist(),
            "cohort_average": [float(np.exp(-h * risk).mean()) for h in hazard],
        }
        draw_log_hr = rng.normal(log_hr, se, size=(n_draws, len(log_hr)))
        draw_months, draw_survival = draw_milestones(published, outcome, rng, n_draws)
        draw_risk = np.exp(draw_log_hr @ x.T)  # (D, N)
        draw_hazard = np.column_stack([solve_knots(draw_risk, draw_survival[:, j]) for j in range(3)])
        draws[outcome] = {
            "log_hr": draw_log_hr.tolist(),
            "knot_months": draw_months.tolist(),
            "cumulative_hazard": draw_hazard.tolist(),
        }
    return {
        "schema": "netlm-risk/derived-model/1",
        "generated_by": "python -m desktop.model.derive",
        "published_file": PUBLISHED_FILE,
        "published_sha256": published_sha256,
        "synthetic_cohort": {
            "size": cohort_size,
            "seed": COHORT_SEED,
            "method": "Table 1 by primary site; age normal and largest lesion log-normal from median and IQR; "
            "categorical covariates from counts; covariates independent within site",
        },
        "point": point,
        "draws": draws,
        "calibration_check": check,
    }


def render(derived: dict) -> str:
    return json.dumps(derived, indent=1) + "\n"


def write_checksums(directory: Path, names: list[str]) -> None:
    sums = {name: file_sha256(directory / name) for name in sorted(names)}
    body = "".join(f'    "{name}": "{digest}",\n' for name, digest in sums.items())
    target = Path(__file__).with_name("checksums.py")
    text = target.read_text(encoding="utf-8")
    head = text[: text.index("EXPECTED_SHA256 = {")]
    target.write_text(head + "EXPECTED_SHA256 = {\n" + body + "}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.model.derive", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify that the shipped file is reproduced")
    args = parser.parse_args(argv)
    directory = paths.model_params_dir()
    published, digest = load_published(directory, verify=False)
    text = render(derive(published, digest))
    target = directory / DERIVED_FILE
    # the era scenario (desktop/model/era.py) is derived from this file and evidence.json: kept in step
    from desktop.model import era

    era_target = directory / era.ERA_FILE
    era_text = era.main_era_file(directory, published, json.loads(text), text)
    arrays_target = directory / DERIVED_ARRAYS_FILE
    # the binary copy holds the numbers as the JSON reads back, bit for bit
    arrays = derived_arrays_bytes(derived_arrays(json.loads(text), published))
    if args.check:
        same = (target.is_file() and target.read_text(encoding="utf-8") == text
                and arrays_target.is_file() and arrays_target.read_bytes() == arrays)
        print("derived file is reproduced" if same else "derived file differs from what the script produces")
        era_same = era_target.is_file() and era_target.read_text(encoding="utf-8") == era_text
        print("era scenario file is reproduced" if era_same else "era scenario file differs from what the script produces")
        return 0 if same and era_same else 1
    target.write_text(text, encoding="utf-8")
    arrays_target.write_bytes(arrays)
    era_target.write_text(era_text, encoding="utf-8")
    from desktop.model.checksums import EXPECTED_SHA256

    write_checksums(directory, sorted(set(EXPECTED_SHA256) | {PUBLISHED_FILE, DERIVED_FILE, DERIVED_ARRAYS_FILE,
                                                              era.EVIDENCE_FILE, era.ERA_FILE}))
    print(f"wrote {target}, {arrays_target}, {era_target} and desktop/model/checksums.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
