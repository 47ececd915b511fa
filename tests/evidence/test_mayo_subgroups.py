"""The Mayo paper's subgroup medians (issue 13, point 8): shown as observed values of whole subgroups,
beside the patient's own subgroup, never as the patient's estimate; on screen, on paper and in JSON."""

from __future__ import annotations

import json

import pytest
from PySide6 import QtCore

from desktop.model import validate_case
from desktop.model.evidence import load_evidence
from desktop.model.survival import ki67_class
from desktop.qt.evidence_panel import TOPICS
from desktop.report.evidence import (
    THIS_PATIENTS_SUBGROUP,
    appendix_sections,
    evidence_for,
    mayo_subgroup_sections,
)
from tests.conftest import EXAMPLE_CASE, SEEDS, seed_lines
from tests.evidence.test_evidence_panel import panel, topic_text  # noqa: F401 (fixture)

TITLE = "Mayo cohort: observed median survival by subgroup (not this patient's estimate)"


def _section(changes: dict, params=None):
    evidence = evidence_for(validate_case({**EXAMPLE_CASE, **changes}), params=params, with_scenario=False)
    (section,) = mayo_subgroup_sections(evidence)
    return evidence, section


def _marked(section) -> list[str]:
    return [row[0].removesuffix(THIS_PATIENTS_SUBGROUP) for row in section.table.rows
            if row[0].endswith(THIS_PATIENTS_SUBGROUP)]


def _published():
    """(outcome, subgroup key, entry) for every subgroup median of mayo2023.json."""
    quotes = load_evidence().mayo["subgroup_medians"]["quotes"]
    for outcome, groups in quotes.items():
        for key, entry in groups.items():
            yield outcome, key, entry


def test_every_published_subgroup_median_is_shown_with_its_quote_from_the_discussion():
    evidence, section = _section({})
    rows = {r["key"]: r for r in evidence["mayo_subgroups"]["rows"]}
    lines = seed_lines(SEEDS / load_evidence().data["sources"]["mayo2023"]["seed"])
    count = 0
    for outcome, key, entry in _published():
        column = "os" if outcome == "overall_survival_months" else "pfs"
        assert rows[key][column] == f"{entry['months']} months", (key, column)
        assert str(entry["months"]) in entry["quote"] and entry["quote"] in lines[entry["line"] - 1]
        record = next(s for s in rows[key]["sources"] if s["quote"] == entry["quote"])
        assert (record["cite"], record["where"]) == ("Gudmundsdottir et al., Ann Surg Oncol 2023", "Discussion")
        table_row = next(r for r in section.table.rows if r[0].startswith(rows[key]["label"]))
        assert f"{entry['months']} months" in table_row
        marker = int(table_row[-1].strip("[]").split(", ")[0])
        assert section.footnotes[marker - 1].endswith("Gudmundsdottir et al., Ann Surg Oncol 2023, Discussion")
        assert entry["quote"] in section.footnote_quotes[marker - 1]
        count += 1
    assert count == 6
    assert rows["other"]["pfs"] == rows["ki67_over_20"]["pfs"] == "not reported"  # never invented


def test_the_section_says_observed_whole_subgroup_and_not_this_patients_estimate():
    _, section = _section({})
    assert section.title == TITLE
    assert section.table.columns[1:3] == ["Median overall survival (observed)", "Median progression-free survival (observed)"]
    text = " ".join(section.paragraphs)
    assert "observed in a whole subgroup" in text and "not adjusted" in text
    assert "The estimate for this patient" in text and "multiple imputation" in text


@pytest.mark.parametrize("changes, marked", [
    ({}, ["Small-intestine primary (not duodenum)"]),
    ({"primary_site": "pancreas", "ki67_percent": None}, ["Pancreatic primary"]),
    ({"primary_site": "other", "primary_detail": "duodenum", "ki67_percent": 35},
     ["Other primary sites (duodenum included)", "Ki-67 > 20% (all primary sites)"]),
    ({"primary_site": "small_intestine", "primary_detail": "jejunum_ileum", "ki67_percent": 21},
     ["Small-intestine primary (not duodenum)", "Ki-67 > 20% (all primary sites)"]),
])
def test_the_patients_own_subgroups_are_marked(changes, marked):
    _, section = _section(changes)
    assert _marked(section) == marked


def test_the_ki67_subgroup_follows_the_papers_category_read_from_the_data():
    categories = load_evidence().resolve("tokyo.grading.categories")
    threshold = categories["g3_above"]
    assert categories["source"] == "mayo2023" and f"> {threshold}%" in categories["quote"]
    label = f"Ki-67 > {threshold}% (all primary sites)"
    for ki67 in (0, 3, threshold - 0.1, threshold, threshold + 0.1, 55, 100):
        evidence, section = _section({"ki67_percent": ki67})
        assert (label in _marked(section)) == (ki67_class(ki67) == 2), ki67  # the model's own > 20% class
    evidence, section = _section({"ki67_percent": None})
    assert label not in _marked(section) and "Ki-67 not entered" in evidence["mayo_subgroups"]["patient"]


def test_a_poorly_differentiated_tumour_is_in_no_subgroup():
    evidence, section = _section({"differentiation": "poor", "ki67_percent": 35})
    assert _marked(section) == [] and not any(r["selected"] for r in evidence["mayo_subgroups"]["rows"])


def test_the_appendix_and_predict_json_carry_the_subgroups(params, tmp_path, capsys):
    titles = [s.title for s in appendix_sections(validate_case(EXAMPLE_CASE), params=params)]
    assert titles.index(TITLE) == titles.index("Tokyo cohort (Asano et al.): recurrence after R0/1 resection and "
                                               "survival by grade") - 1
    from desktop.cli import main

    path = tmp_path / "case.json"
    path.write_text(json.dumps({**EXAMPLE_CASE, "primary_site": "pancreas"}), encoding="utf-8")
    assert main(["predict", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)["evidence"]["mayo_subgroups"]
    pancreas = next(r for r in out["rows"] if r["key"] == "pancreas")
    assert pancreas["selected"] and pancreas["os"] == "113 months" and pancreas["pfs"] == "10 months"
    assert {"113 months for those with pancreatic tumors", "10 months for those with pancreatic NETs"} <= {
        s["quote"] for s in pancreas["sources"]}


def test_the_evidence_tab_shows_the_subgroups_with_the_patients_marked_and_quotes_on_hover(panel):  # noqa: F811
    panel.set_case(validate_case({**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "duodenum"}))
    assert "mayo" in [k for k, _, _ in TOPICS]
    text = topic_text(panel, "mayo")
    assert TITLE in text and "Other primary sites (duodenum included)" + THIS_PATIENTS_SUBGROUP in text
    assert "98 months" in text and "135 months" in text
    html = panel.browsers["mayo"].toHtml()
    assert html.count("font-weight:600") == 1  # the marked row's cell, emphasised
    assert '<span style=" font-weight:600;">Other primary sites (duodenum included)' in html
    tip = panel.source_tip_text("mayo", QtCore.QUrl("#s0fn3"))
    assert tip.startswith("[3] Gudmundsdottir et al., Ann Surg Oncol 2023, Discussion")
    assert "“98 months for the patients with other primary tumor sites”" in tip
