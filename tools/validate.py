"""Regenerate the figures and numbers of docs/validation.md (and the model card's validation section).

    pip install '.[validate]' && python tools/validate.py

Development only: lifelines and matplotlib never enter desktop/ (the model is numpy-only, a test
enforces it). The procedures are the test suite's, with the same seeds:

1. Calibration (tests/model/test_derive.py): the average of the app's individual point curves over
   the synthetic cohort (desktop.model.derive.synthetic_cohort, the shipped seed), against the
   published Kaplan-Meier milestones and their 95% CIs; the shaded band is the 2.5th-97.5th
   percentile of the same cohort average over the 400 shipped Monte-Carlo draws.
2. HR round trip (tests/model/test_roundtrip_lifelines.py): survival times simulated from the
   model's curves for 20,000 synthetic patients, refitted with lifelines' CoxPHFitter; the fitted
   HRs with 95% CIs next to the published ones.
3. Face validity (tests/model/test_survival.py): subgroup medians of the cohort-average curves
   next to the medians the paper reports in its Discussion (never calibration targets).

Writes docs/figures/calibration.png, docs/figures/hr_roundtrip.png and
docs/figures/validation_numbers.json, and prints the tables pasted into docs/validation.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.model import load_params  # noqa: E402
from desktop.model.case import PRIMARY_SITES  # noqa: E402
from desktop.model.derive import COHORT_SIZE, cohort_design, synthetic_cohort  # noqa: E402
from desktop.model.params import COVARIATES, OUTCOMES  # noqa: E402
from desktop.model.survival import baseline_cumulative_hazard  # noqa: E402

FIGURES = REPO / "docs" / "figures"
GRID = np.arange(0.0, 240.5, 2.0)
BAND_COHORT = 8_000  # patients used for the draws' band (the point curve uses the full cohort)
LABELS = {"overall_survival": "Overall survival", "progression_free_survival": "Progression-free survival"}
COVARIATE_LABELS = {
    "age_per_year": "Age, per year",
    "primary_pancreas": "Primary: pancreas",
    "primary_other": "Primary: other",
    "ki67_3_20": "Ki-67 3-20%",
    "ki67_over_20": "Ki-67 >20%",
    "lesions_4_9": "4-9 liver lesions",
    "lesions_10_plus": ">=10 liver lesions",
    "size_per_cm": "Largest lesion, per cm",
    "extrahepatic": "Extrahepatic metastases",
    "cytoreduction_incomplete_over_90": "Incomplete, >90% debulked",
    "cytoreduction_incomplete_under_90": "Incomplete, <90% debulked",
}


def cohort_average(params, x: np.ndarray, outcome: str, months: np.ndarray) -> np.ndarray:
    risk = np.exp(x @ params.log_hr[outcome])
    h0 = baseline_cumulative_hazard(params.baseline[outcome], months)
    return np.exp(-risk[:, None] * h0[None, :]).mean(axis=0)


def draws_band(params, x: np.ndarray, outcome: str, months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h0 = baseline_cumulative_hazard(params.draw_baseline[outcome], months)  # (D, T)
    averages = np.empty_like(h0)
    for d in range(h0.shape[0]):
        risk = np.exp(x @ params.draw_log_hr[outcome][d])
        averages[d] = np.exp(-risk[:, None] * h0[d][None, :]).mean(axis=0)
    return np.percentile(averages, 2.5, axis=0), np.percentile(averages, 97.5, axis=0)


def first_below_half(months: np.ndarray, curve: np.ndarray) -> float | None:
    below = np.flatnonzero(curve <= 0.5)
    if below.size == 0:
        return None
    i = below[0]
    if i == 0:
        return float(months[0])
    t0, t1, s0, s1 = months[i - 1], months[i], curve[i - 1], curve[i]
    return float(t0 + (s0 - 0.5) / (s0 - s1) * (t1 - t0))


def calibration(params, plt) -> dict:
    cohort = synthetic_cohort(params.published, COHORT_SIZE)
    x = cohort_design(params.published, cohort)
    x_band = x[:: max(1, len(x) // BAND_COHORT)]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharey=True)
    numbers = {}
    for ax, outcome in zip(axes, OUTCOMES):
        point = cohort_average(params, x, outcome, GRID)
        low, high = draws_band(params, x_band, outcome, GRID)
        last = params.last_knot_months(outcome)
        inside = GRID <= last
        ax.fill_between(GRID, low, high, color="#9ecae1", alpha=0.6, lw=0, label="95% range over the draws")
        ax.plot(GRID[inside], point[inside], color="#08519c", lw=2, label="cohort average of the app's curves")
        ax.plot(GRID[GRID >= last], point[GRID >= last], color="#08519c", lw=2, ls=":",
                label=f"extrapolated (beyond {last:.0f} months)")
        rows = params.published["milestones"][outcome]
        table = []
        for r in rows:
            model = float(cohort_average(params, x, outcome, np.array([r["months"]]))[0])
            m_low, m_high = draws_band(params, x_band, outcome, np.array([float(r["months"])]))
            if "months_lower" in r:  # the PFS median: the uncertainty is in time
                ax.errorbar(r["months"], r["survival"], xerr=[[r["months"] - r["months_lower"]],
                            [r["months_upper"] - r["months"]]], fmt="s", color="black", capsize=4)
                ci = f"{r['months_lower']}-{r['months_upper']} months"
            else:
                ax.errorbar(r["months"], r["survival"], yerr=[[r["survival"] - r["lower"]], [r["upper"] - r["survival"]]],
                            fmt="s", color="black", capsize=4)
                ci = f"{r['lower']:.2f}-{r['upper']:.2f}"
            table.append({"months": r["months"], "published": r["survival"], "published_ci": ci,
                          "model": round(model, 4), "model_draws_95": [round(float(m_low[0]), 3), round(float(m_high[0]), 3)]})
        entry = {"milestones": table, "cohort_median_months": first_below_half(GRID, point)}
        if outcome == "overall_survival":
            med = params.published["milestones"]["overall_survival_median"]
            ax.errorbar(med["months"], 0.5, xerr=[[med["months"] - med["lower"]], [med["upper"] - med["months"]]],
                        fmt="D", color="#636363", mfc="white", capsize=4, label="published median (check only)")
            fine = np.arange(100.0, 150.0, 0.25)
            entry["cohort_median_months"] = first_below_half(fine, cohort_average(params, x, outcome, fine))
            entry["published_median"] = med
        ax.plot([], [], "s", color="black", label="published Kaplan-Meier milestone, 95% CI")
        ax.set_title(LABELS[outcome])
        ax.set_xlabel("Months after hepatectomy")
        ax.set_xticks(np.arange(0, 241, 24))
        ax.set_xlim(0, 240)
        ax.set_ylim(0, 1.01)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        numbers[outcome] = entry
    axes[0].set_ylabel("Survival probability")
    fig.suptitle(f"Calibration: synthetic cohort of {COHORT_SIZE:,} (Table 1) vs the published Kaplan-Meier milestones",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(FIGURES / "calibration.png", dpi=110)
    plt.close(fig)
    return numbers


def subgroup_medians(params) -> dict:
    """Cohort-average OS/PFS medians by primary site and for Ki-67 > 20%, vs the paper's Discussion."""
    cohort = synthetic_cohort(params.published, COHORT_SIZE)
    x = cohort_design(params.published, cohort)
    published = params.published["subgroup_medians"]
    groups = {site: cohort["site_index"] == i for i, site in enumerate(PRIMARY_SITES)}
    groups["ki67_over_20"] = cohort["ki67_index"] == 2
    out = {}
    grid = np.arange(0.0, 240.25, 0.25)
    for outcome, key in (("overall_survival", "overall_survival_months"),
                         ("progression_free_survival", "progression_free_survival_months")):
        for group, target in published[key].items():
            curve = cohort_average(params, x[groups[group]], outcome, grid)
            out.setdefault(outcome, {})[group] = {"published": target, "model": round(first_below_half(grid, curve), 1)}
    return out


def hr_roundtrip(params, plt) -> dict:
    import lifelines
    import pandas as pd
    from matplotlib.ticker import NullFormatter

    from tests.model.test_roundtrip_lifelines import N_PATIENTS, invert_baseline

    fig, axes = plt.subplots(1, 2, figsize=(11, 5.2), sharey=True)
    numbers = {}
    for ax, outcome in zip(axes, OUTCOMES):
        rng = np.random.default_rng(2023)  # the test's seeds
        cohort = synthetic_cohort(params.published, N_PATIENTS, seed=7)
        x = cohort_design(params.published, cohort)
        risk = np.exp(x @ params.log_hr[outcome])
        event_time = invert_baseline(params.baseline[outcome], rng.exponential(size=N_PATIENTS) / risk)
        follow_up = rng.uniform(6, 240, N_PATIENTS)
        frame = pd.DataFrame(x, columns=COVARIATES)
        frame["T"] = np.minimum(event_time, follow_up)
        frame["E"] = (event_time <= follow_up).astype(int)
        fitted = lifelines.CoxPHFitter().fit(frame, "T", "E")
        summary = fitted.summary
        rows = []
        for i, name in enumerate(COVARIATES):
            entry = params.hazard_ratio(outcome, name)
            fit = summary.loc[name]
            rows.append({
                "covariate": name,
                "published": [entry["hr"], entry["lower"], entry["upper"]],
                "lifelines": [round(float(fit["exp(coef)"]), 3), round(float(fit["exp(coef) lower 95%"]), 3),
                              round(float(fit["exp(coef) upper 95%"]), 3)],
                "z": round(float((fit["coef"] - params.log_hr[outcome][i]) / fit["se(coef)"]), 2),
            })
        y = np.arange(len(COVARIATES))[::-1]
        pub = np.array([r["published"] for r in rows])
        fit = np.array([r["lifelines"] for r in rows])
        ax.errorbar(pub[:, 0], y + 0.15, xerr=[pub[:, 0] - pub[:, 1], pub[:, 2] - pub[:, 0]], fmt="s", color="black",
                    capsize=3, label="published HR, 95% CI (Table 3/4)")
        ax.errorbar(fit[:, 0], y - 0.15, xerr=[fit[:, 0] - fit[:, 1], fit[:, 2] - fit[:, 0]], fmt="o",
                    color="#d95f02", capsize=3, label=f"lifelines refit, {N_PATIENTS:,} simulated patients")
        ax.axvline(1.0, color="grey", lw=0.8)
        ax.set_xscale("log")
        ax.set_xlim(0.5, 9)
        ax.set_xticks([0.5, 1, 2, 4, 8])
        ax.set_xticklabels(["0.5", "1", "2", "4", "8"])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_title(LABELS[outcome])
        ax.set_xlabel("Hazard ratio (log scale)")
        ax.grid(alpha=0.3, axis="x")
        numbers[outcome] = {"rows": rows, "events": int(frame["E"].sum()), "sum_z2": round(sum(r["z"] ** 2 for r in rows), 2)}
    axes[0].set_yticks(np.arange(len(COVARIATES))[::-1])
    axes[0].set_yticklabels([COVARIATE_LABELS[c] for c in COVARIATES])
    fig.suptitle("HR round trip: times simulated from the app's curves, refitted with a Cox model", fontsize=11)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(FIGURES / "hr_roundtrip.png", dpi=110)
    plt.close(fig)
    return numbers


def print_tables(numbers: dict) -> None:
    print("\n## Calibration\n\n| outcome | month | published (95% CI) | cohort average | draws 95% range |\n|---|---|---|---|---|")
    for outcome, entry in numbers["calibration"].items():
        for r in entry["milestones"]:
            low, high = r["model_draws_95"]
            print(f"| {LABELS[outcome]} | {r['months']} | {r['published']:.2f} ({r['published_ci']}) | "
                  f"{r['model']:.3f} | {low:.3f}-{high:.3f} |")
    med = numbers["calibration"]["overall_survival"]
    print(f"\nOS median of the cohort average: {med['cohort_median_months']:.1f} months "
          f"(published {med['published_median']['months']}, {med['published_median']['lower']}-"
          f"{med['published_median']['upper']})")
    print("\n## Subgroup medians\n\n| outcome | subgroup | published | cohort average |\n|---|---|---|---|")
    for outcome, groups in numbers["subgroups"].items():
        for group, v in groups.items():
            print(f"| {LABELS[outcome]} | {group} | {v['published']} | {v['model']} |")
    print("\n## HR round trip\n\n| covariate | OS published | OS refit | PFS published | PFS refit |\n|---|---|---|---|---|")
    os_rows = numbers["hr_roundtrip"]["overall_survival"]["rows"]
    pfs_rows = numbers["hr_roundtrip"]["progression_free_survival"]["rows"]
    fmt = lambda v: f"{v[0]:.2f} ({v[1]:.2f}-{v[2]:.2f})"  # noqa: E731
    for a, b in zip(os_rows, pfs_rows):
        print(f"| {COVARIATE_LABELS[a['covariate']]} | {fmt(a['published'])} | {fmt(a['lifelines'])} | "
              f"{fmt(b['published'])} | {fmt(b['lifelines'])} |")
    for outcome, v in numbers["hr_roundtrip"].items():
        print(f"{outcome}: events {v['events']}, sum of z^2 {v['sum_z2']} (chi-square 11 df; 99.9th percentile 31.26)")


def main() -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    FIGURES.mkdir(parents=True, exist_ok=True)
    params = load_params()
    numbers = {
        "params_sha256": params.sha256,
        "calibration": calibration(params, plt),
        "subgroups": subgroup_medians(params),
        "hr_roundtrip": hr_roundtrip(params, plt),
    }
    (FIGURES / "validation_numbers.json").write_text(json.dumps(numbers, indent=1) + "\n", encoding="utf-8")
    print_tables(numbers)
    print(f"\nwrote {FIGURES / 'calibration.png'}, {FIGURES / 'hr_roundtrip.png'}, {FIGURES / 'validation_numbers.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
