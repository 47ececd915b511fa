"""The fixed cases and grids of the stored reference outputs (tests/model/reference/).

``python -m tests.model.reference_cases`` rewrites the reference from the code it runs on.
It was run once, before the speed work of the performance issue, so that every later
computation is compared with the results of the straightforward one.
"""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
CURVES_FILE = REFERENCE_DIR / "curves.npz"
PREDICT_FILE = REFERENCE_DIR / "predict_json.json"

# Months that cross every knot (OS 60/120/180, PFS 17/24/60), fall between them, lie beyond them
# (extrapolated), repeat, and are not whole or not in order.
BATCH_MONTHS = (0.0, 0.25, 1.0, 2.5, 6.0, 12.0, 16.9, 17.0, 17.1, 24.0, 36.0, 59.75, 60.0, 61.0, 90.0,
                119.0, 120.0, 150.5, 180.0, 181.0, 200.0, 240.0, 36.0, 3.0)
SITES = ("small_intestine", "pancreas", "other")
EXTENTS = ("complete", "incomplete_over_90", "incomplete_under_90", None)


def reference_case_dicts() -> list[dict]:
    """50 cases: every site, Ki-67 class boundaries and unknown, lesion class boundaries,
    sizes and ages from the cohort's edges to outside it, extrahepatic disease, every extent
    and unknown extent, and both unknown together."""
    rng = np.random.default_rng(20261203)
    ki67_values = (None, 0.0, 2.9, 3.0, 10.0, 20.0, 20.5, 45.0, 90.0)
    lesion_values = (1, 3, 4, 9, 10, 25, 200)
    cases = []
    for i in range(50):
        cases.append({
            "age_years": float(np.round(rng.uniform(18, 100), 1)) if i % 7 else (18.0, 100.0)[i % 2],
            "primary_site": SITES[i % 3],
            "ki67_percent": ki67_values[i % len(ki67_values)],
            "liver_lesion_count": lesion_values[(i // 2) % len(lesion_values)],
            "largest_lesion_mm": float(np.round(rng.uniform(3, 260), 1)),
            "extrahepatic_metastases": bool(i % 5 == 1),
            "cytoreduction": EXTENTS[(i // 3) % len(EXTENTS)],
        })
    # the worst and best corners, and both unknown at once
    cases[48] = {"age_years": 85, "primary_site": "pancreas", "ki67_percent": 40, "liver_lesion_count": 30,
                 "largest_lesion_mm": 150, "extrahepatic_metastases": True, "cytoreduction": "incomplete_under_90"}
    cases[49] = {"age_years": 40, "primary_site": "small_intestine", "ki67_percent": None, "liver_lesion_count": 2,
                 "largest_lesion_mm": 12, "extrahepatic_metastases": False, "cytoreduction": None}
    return cases


# The same 50 at a follow-up visit (conditional survival): months since surgery, cycling, and
# every other one known free of progression (added before the conditioning was done in place).
VISIT_MONTHS = (3.0, 12.0, 17.0, 30.5, 59.75, 100.0, 170.0)

# The single-patient path (the application's monthly grid) for a few of them.
SINGLE_CASES = (0, 4, 9, 13, 27, 48, 49)
# `netlm-risk predict CASE.json` for two of them (default months and a chosen grid).
PREDICT_RUNS = ((48, None), (49, "0,6,12,17,24,60,61,120,180,240"))


def reference_cases():
    from desktop.model import validate_case

    return [validate_case(d) for d in reference_case_dicts()]


def params_fingerprint() -> str:
    """sha256 of the numbers the curves are computed from (ln HRs, baselines, draws).

    Re-deriving the parameter files may move the baseline in its last bits (1e-13); the
    reference is bit-for-bit only against the parameters it was computed with.
    """
    import hashlib

    from desktop.model import load_params

    params = load_params()
    digest = hashlib.sha256()
    for outcome in ("overall_survival", "progression_free_survival"):
        for array in (params.log_hr[outcome], params.baseline[outcome].knot_months,
                      params.baseline[outcome].cumulative_hazard, params.draw_log_hr[outcome],
                      params.draw_baseline[outcome].knot_months, params.draw_baseline[outcome].cumulative_hazard):
            digest.update(np.ascontiguousarray(array, dtype=float).tobytes())
    return digest.hexdigest()


def compute_curves() -> dict[str, np.ndarray]:
    from desktop.model import predict, predict_batch
    from desktop.model.survival import MONTHLY_GRID

    cases = reference_cases()
    out = {}
    for bands in (True, False):
        batch = predict_batch(cases, BATCH_MONTHS, with_bands=bands)
        tag = "bands" if bands else "points"
        for outcome in ("overall_survival", "progression_free_survival"):
            out[f"{tag}/{outcome}/survival"] = batch.survival[outcome]
            out[f"{tag}/{outcome}/median"] = batch.median_months[outcome]
            if bands:
                out[f"{tag}/{outcome}/lower"] = batch.lower[outcome]
                out[f"{tag}/{outcome}/upper"] = batch.upper[outcome]
    visits = [c.replace(months_since_surgery=VISIT_MONTHS[i % len(VISIT_MONTHS)],
                        progression_so_far="none" if i % 2 else None) for i, c in enumerate(cases)]
    batch = predict_batch(visits, BATCH_MONTHS, with_bands=True)
    for outcome in ("overall_survival", "progression_free_survival"):
        out[f"visits/{outcome}/survival"] = batch.survival[outcome]
        out[f"visits/{outcome}/median"] = batch.median_months[outcome]
        out[f"visits/{outcome}/lower"] = batch.lower[outcome]
        out[f"visits/{outcome}/upper"] = batch.upper[outcome]
    for i in SINGLE_CASES:
        prediction = predict(cases[i], MONTHLY_GRID)
        for outcome in ("overall_survival", "progression_free_survival"):
            curve = prediction.curve(outcome)
            out[f"single{i}/{outcome}/survival"] = curve.survival
            out[f"single{i}/{outcome}/lower"] = curve.lower
            out[f"single{i}/{outcome}/upper"] = curve.upper
            out[f"single{i}/{outcome}/median"] = np.array(np.nan if curve.median_months is None else curve.median_months)
    return out


def run_predict_json(tmp_dir: Path) -> dict[str, dict]:
    """The survival sections of `netlm-risk predict` output, run in process."""
    from desktop.cli import main

    dicts = reference_case_dicts()
    out = {}
    for i, months in PREDICT_RUNS:
        path = tmp_dir / f"case{i}.json"
        path.write_text(json.dumps(dicts[i]), encoding="utf-8")
        argv = ["predict", str(path)] + ([] if months is None else ["--months", months])
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            code = main(argv)
        assert code == 0, f"predict exited {code}"
        payload = json.loads(buffer.getvalue())
        out[f"case{i}"] = {k: payload[k] for k in ("overall_survival", "progression_free_survival")}
    return out


def main() -> None:
    import tempfile

    REFERENCE_DIR.mkdir(exist_ok=True)
    np.savez_compressed(CURVES_FILE, **compute_curves(), params_fingerprint=np.array(params_fingerprint()))
    with tempfile.TemporaryDirectory() as tmp:
        PREDICT_FILE.write_text(json.dumps(run_predict_json(Path(tmp)), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {CURVES_FILE} and {PREDICT_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
