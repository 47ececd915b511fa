"""The model card and the validation report say what the code and the parameter files say.

The numbers in docs/validation.md come from docs/figures/validation_numbers.json, written by
tools/validate.py; when the parameter files change, the test below fails until the figures and
numbers are regenerated (pip install '.[validate]' && python tools/validate.py).
"""

from __future__ import annotations

import json
import re

import pytest

from desktop.model.params import COVARIATES, OUTCOMES
from tests.conftest import REPO

DOCS = REPO / "docs"


def _text(name: str) -> str:
    """The document with line breaks and runs of spaces as single spaces (Markdown wraps lines)."""
    return " ".join((DOCS / name).read_text(encoding="utf-8").split())


def _numbers() -> dict:
    return json.loads((DOCS / "figures" / "validation_numbers.json").read_text(encoding="utf-8"))


def _hr(values) -> str:
    return f"{values[0]:.2f} ({values[1]:.2f}–{values[2]:.2f})"


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_model_card_lists_every_published_hazard_ratio(params, outcome):
    card = _text("model_card.md")
    for name in COVARIATES:
        entry = params.hazard_ratio(outcome, name)
        assert _hr([entry["hr"], entry["lower"], entry["upper"]]) in card, (outcome, name)


def test_the_model_card_states_the_milestones_and_the_derivation_settings(params):
    from desktop.model.derive import COHORT_SEED, COHORT_SIZE, DRAWS_SEED, N_DRAWS

    card = _text("model_card.md")
    for m in params.published["milestones"]["overall_survival"]:
        assert f"{m['survival'] * 100:.0f}% ({m['lower'] * 100:.0f}–{m['upper'] * 100:.0f})" in card
    assert f"{COHORT_SIZE:,} patients (seed {COHORT_SEED})" in card
    assert f"{N_DRAWS} precomputed Monte-Carlo draws (seed {DRAWS_SEED})" in card
    limits = params.derivation_range
    assert f"outside {limits['age_years'][0]}–{limits['age_years'][1]} years" in card
    assert f"above {limits['largest_lesion_mm_max']} mm" in card
    assert f"Ki-67 above {limits['ki67_percent_max']}%" in card
    assert f"more than {limits['liver_lesion_count_max']} lesions" in card


def test_the_validation_numbers_belong_to_the_shipped_parameters(params):
    assert _numbers()["params_sha256"] == params.sha256, (
        "docs/figures is stale: run pip install '.[validate]' && python tools/validate.py")


def test_the_validation_report_shows_the_generated_numbers():
    report = _text("validation.md")
    numbers = _numbers()
    for outcome, entry in numbers["calibration"].items():
        for row in entry["milestones"]:
            low, high = row["model_draws_95"]
            assert f"| {row['model']:.3f} | {low:.3f}–{high:.3f} |" in report, row
    assert f"**{numbers['calibration']['overall_survival']['cohort_median_months']:.1f} months**" in report
    for outcome, entry in numbers["hr_roundtrip"].items():
        for row in entry["rows"]:
            assert _hr(row["lifelines"]) in report, row
        assert f"{entry['events']:,}" in report
    for outcome, groups in numbers["subgroups"].items():
        for group, value in groups.items():
            assert f"| {value['published']} | {value['model']} |" in report, (outcome, group)


@pytest.mark.parametrize("name", ["model_card.md", "validation.md"])
def test_every_figure_the_documents_show_exists_and_is_small(name):
    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", _text(name))
    assert figures
    for figure in figures:
        path = DOCS / figure
        assert path.is_file() and path.stat().st_size < 300_000, figure


def test_the_readme_links_the_model_card_and_the_validation_report():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/model_card.md)" in readme and "(docs/validation.md)" in readme
