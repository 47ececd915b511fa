"""The Evidence panel (pytest-qt, offscreen): live updates, sources on hover, unknown shown as unknown."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

from desktop.model import predict, validate_case
from desktop.model.case import EVIDENCE_FIELDS
from desktop.model.era import era_scenario
from desktop.qt.evidence_panel import TOPICS, EvidencePanel, footnote_texts, section_html
from desktop.report.evidence import evidence_sections
from tests.conftest import EXAMPLE_CASE


@pytest.fixture
def panel(qtbot):
    from desktop.qt.app import make_application

    make_application()
    widget = EvidencePanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 850)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def topic_text(panel, key):
    panel.topics.setCurrentRow([k for k, _, _ in TOPICS].index(key))
    return panel.browsers[key].toPlainText()


def test_set_case_updates_the_panel_live(panel):
    assert "Complete the patient form" in panel.status.text() and panel.status.isVisible()
    panel.set_case(validate_case({**EXAMPLE_CASE, "planned_hepatectomy": "major"}))
    text = topic_text(panel, "perioperative")
    assert "Major hepatectomy (n = 146)" in text and "Minor hepatectomy (n = 400)" not in text
    assert "29% (42)" in text  # Table 2, seed 000 line 143
    panel.set_case(validate_case({**EXAMPLE_CASE, "planned_hepatectomy": "minor"}))
    text = topic_text(panel, "perioperative")
    assert "Minor hepatectomy (n = 400)" in text and "17% (66)" in text and "29% (42)" not in text
    panel.set_case(None)
    assert panel.browsers["perioperative"].toPlainText() == "" and panel.status.isVisible()


def test_unknown_optional_inputs_show_unknown(panel):
    panel.set_case(validate_case({**EXAMPLE_CASE, "primary_site": "other", "ki67_percent": None}))
    assert panel.inputs.syndrome.currentText() == "Unknown"
    assert panel.inputs.detail.currentText() == "Unknown" and panel.inputs.detail.isEnabled()
    assert panel.inputs.years.text() == "" and panel.inputs.years.placeholderText() == "unknown"
    sources = topic_text(panel, "sources")
    assert "Hormonal syndrome: unknown" in sources and "Primary site detail: unknown" in sources
    criteria = topic_text(panel, "criteria")
    assert "Carcinoid heart disease: unknown (not entered)" in criteria and "Unknown" in criteria
    panel.set_case(validate_case(EXAMPLE_CASE))  # small intestine: the detail does not apply
    assert not panel.inputs.detail.isEnabled() and panel.inputs.detail.currentText() == "Not applicable"


def test_optional_inputs_form_emits_and_updates(panel, qtbot):
    panel.set_case(validate_case({**EXAMPLE_CASE, "primary_site": "other"}))
    with qtbot.waitSignal(panel.optional_inputs_changed) as signal:
        panel.inputs.syndrome.setCurrentIndex(panel.inputs.syndrome.findData("insulinoma"))
    assert signal.args[0]["hormonal_syndrome"] == "insulinoma"
    assert set(signal.args[0]) == set(EVIDENCE_FIELDS)
    assert "Insulinoma ◀ this patient" in topic_text(panel, "symptoms")
    panel.inputs.detail.setCurrentIndex(panel.inputs.detail.findData("thymus"))
    assert panel.caution.isVisible() and "thymus" in panel.caution.text()
    assert "caution" in panel.topics.item(3).text()
    qtbot.keyClicks(panel.inputs.years, "7")
    assert panel.current_case().years_primary_to_liver_mets == 7
    assert "1.11^7" in str(panel.evidence()["md_anderson"]["cautions"][1]["derived"])
    panel.inputs.detail.setCurrentIndex(0)
    panel.inputs.years.clear()
    assert not panel.caution.isVisible()


def test_a_case_carrying_optional_inputs_fills_the_form(panel):
    case = validate_case({**EXAMPLE_CASE, "hormonal_syndrome": "gastrinoma", "carcinoid_heart_disease": True,
                          "percent_liver_replaced": 35})
    panel.load_case(case)
    assert panel.inputs.syndrome.currentData() == "gastrinoma"
    assert panel.inputs.heart.currentText() == "Yes"
    assert panel.inputs.percent.value() == 35
    panel.load_case(validate_case(EXAMPLE_CASE))  # a new patient without them: back to unknown
    assert all(v is None for v in panel.optional_inputs().values())


def test_merge_into_drops_what_the_case_cannot_take(panel):
    panel.set_case(validate_case({**EXAMPLE_CASE, "primary_site": "other", "age_years": 40}))
    panel.inputs.detail.setCurrentIndex(panel.inputs.detail.findData("lung"))
    panel.inputs.years.setText("30")
    values = {**EXAMPLE_CASE, "primary_site": "other", "age_years": 40}
    merged = panel.merge_into(values)
    assert merged["primary_detail"] == "lung" and merged["years_primary_to_liver_mets"] == 30
    validate_case(merged)
    merged = panel.merge_into({**values, "primary_site": "pancreas", "age_years": 25})
    assert merged["primary_detail"] is None and merged["years_primary_to_liver_mets"] is None
    validate_case(merged)  # never a contradiction that would blank the main window's estimate
    panel.set_case(validate_case({**EXAMPLE_CASE, "primary_site": "other", "age_years": 25}))
    assert panel.status.isVisible() and "more than the age" in panel.status.text()


def test_every_marker_has_its_source_as_tooltip_text(panel):
    panel.set_case(validate_case(EXAMPLE_CASE))
    for key, _, build in TOPICS:
        topic_text(panel, key)
        sections = build(panel.evidence())
        expected = footnote_texts(sections)
        html = "".join(section_html(s, i) for i, s in enumerate(sections))
        anchors = set(__import__("re").findall(r'href="#(s\d+fn\d+)"', html))
        assert anchors <= set(expected), key
        for anchor in anchors:
            note = panel.footnote_for(key, anchor)
            assert note and ".txt, line " in note, (key, anchor)
    # hovering a marker (the browser's highlighted(url) signal) shows that footnote
    topic_text(panel, "perioperative")
    tip = panel.source_tip_text("perioperative", QtCore.QUrl("#s0fn4"))
    assert tip.endswith("000_8b1ffec0da104ca6.txt, line 143")  # the major-complication row of Table 2
    assert panel.source_tip_text("perioperative", QtCore.QUrl("#s0fn999")) is None


def test_screen_shows_the_same_sections_as_paper(panel):
    case = validate_case({**EXAMPLE_CASE, "hormonal_syndrome": "carcinoid"})
    panel.set_case(case)
    sections = evidence_sections(panel.evidence())
    screen = "".join(topic_text(panel, key) for key, _, _ in TOPICS)
    for section in sections:
        assert section.title in screen
        if section.table:
            for row in section.table.rows:
                assert row[0] in screen


def test_era_page_plots_the_scenario_beside_the_main_estimate(panel):
    case = validate_case(EXAMPLE_CASE)
    panel.set_case(case)
    text = topic_text(panel, "era")
    assert "Scenario, not the main estimate" in text and "Scenario, not the main estimate" in panel.era_plot.title.text()
    values = panel.era_plot.values
    months = values["months"]
    np.testing.assert_allclose(values["scenario"], era_scenario(case, months).survival)
    np.testing.assert_allclose(values["main"], predict(case, months, with_bands=False).overall_survival.survival)


def test_hidden_panel_renders_when_shown(qtbot):
    from desktop.qt.app import make_application

    make_application()
    widget = EvidencePanel()
    qtbot.addWidget(widget)
    widget.set_case(validate_case(EXAMPLE_CASE))
    assert widget.browsers["perioperative"].toPlainText() == ""  # nothing computed while hidden
    widget.show()
    qtbot.waitExposed(widget)
    assert "Perioperative risk" in widget.browsers["perioperative"].toPlainText()
