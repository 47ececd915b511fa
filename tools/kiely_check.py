"""Kiely's median multiples beside the scenario times, for the model card (not shown to patients).

Kiely et al. (J Clin Oncol 2011;29:456) found that in many cancers the worst, lower typical, upper
typical and best case survival times sit near 1/4, 1/2, 2 and 3 times the median. This prints, for a
few reference patients, the tool's times from the OS curve (S = 0.9, 0.75, 0.25, 0.1) next to those
multiples, as a markdown table. ``python tools/kiely_check.py``; a test checks the model card's copy.
"""

from __future__ import annotations

from desktop.model import predict, validate_case

BASE = {"age_years": 61, "primary_site": "small_intestine", "liver_lesion_count": 6, "largest_lesion_mm": 38,
        "extrahepatic_metastases": False, "cytoreduction": "complete"}
REFERENCE = [
    ("Ki-67 8%, small intestine, 6 lesions", dict(BASE, ki67_percent=8)),
    ("Ki-67 25%, pancreas, 12 lesions, extrahepatic", dict(BASE, ki67_percent=25, primary_site="pancreas",
                                                          liver_lesion_count=12, extrahepatic_metastases=True)),
    ("the same, incomplete <90%", dict(BASE, ki67_percent=25, primary_site="pancreas", liver_lesion_count=12,
                                       extrahepatic_metastases=True, cytoreduction="incomplete_under_90")),
]
MULTIPLES = {"worst": 0.25, "typical_from": 0.5, "typical_to": 2.0, "best": 3.0}


def table() -> str:
    def shown(months):
        return "> 180" if months is None else f"{months:.0f}"

    lines = ["| reference patient | OS median | worst (S 0.9) vs ¼ median | typical (0.75–0.25) vs ½–2× median "
             "| best (S 0.1) vs 3× median |", "|---|---|---|---|---|"]
    for name, data in REFERENCE:
        p = predict(validate_case(data), with_bands=False)
        median = p.overall_survival.median_months
        s = p.scenarios
        kiely = {k: None if median is None else m * median for k, m in MULTIPLES.items()}
        lines.append(
            f"| {name} | {shown(median)} | {shown(s['worst']['months'])} vs {shown(kiely['worst'])} "
            f"| {shown(s['typical_from']['months'])}–{shown(s['typical_to']['months'])} vs "
            f"{shown(kiely['typical_from'])}–{shown(kiely['typical_to'])} "
            f"| {shown(s['best']['months'])} vs {shown(kiely['best'])} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
