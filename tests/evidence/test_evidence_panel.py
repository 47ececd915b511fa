"""The Evidence panel (pytest-qt, offscreen): live updates, sources on hover, unknown shown as unknown.

Its optional inputs are entered in the patient form's last section; the form tests here check
that they reach the case the panel shows."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

from desktop.model import predict, validate_case
from desktop.model.case import EVIDENCE_FIELDS
from desktop.model.era import era_scenario
from desktop.qt.evidence_panel import TOPICS, EvidencePanel, footnote_texts, section_html
from desktop.qt.form import PatientForm
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


@pytest.fixture
def form(qtbot):
    from desktop.qt.app import make_application

    make_application()
    widget = PatientForm()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def show_form_case(form, panel, values):
    """Fill the form and show its case on the panel, as the main window does."""
    form.set_values(values)
    case = validate_case(form.values())
    panel.set_case(case)
    return case


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


def test_unknown_optional_inputs_show_unknown(panel, form):
    show_form_case(form, panel, {**EXAMPLE_CASE, "primary_site": "other", "ki67_percent": None})
    optional = form.optional
    assert optional["hormonal_syndrome"].currentText() == "Unknown"
    assert form.site.currentText() == "Other / unknown primary (site not recorded)"
    years = optional["years_primary_to_liver_mets"]
    assert years.text() == "" and years.placeholderText() == "unknown"
    sources = topic_text(panel, "sources")
    assert "Hormonal syndrome: unknown" in sources and "Primary site detail: unknown" in sources
    criteria = topic_text(panel, "criteria")
    assert "Carcinoid heart disease: unknown (not entered)" in criteria and "Unknown" in criteria
    form.set_values(EXAMPLE_CASE)  # small intestine: the detail does not apply
    assert form.site.currentText() == "Small intestine (site not recorded)"


def test_optional_inputs_form_emits_and_updates(panel, form, qtbot):
    show_form_case(form, panel, {**EXAMPLE_CASE, "primary_site": "other"})
    form.values_changed.connect(lambda values: panel.set_case(validate_case(values)))
    optional = form.optional
    with qtbot.waitSignal(form.values_changed) as signal:
        optional["hormonal_syndrome"].setCurrentIndex(optional["hormonal_syndrome"].findData("insulinoma"))
    assert signal.args[0]["hormonal_syndrome"] == "insulinoma"
    assert set(EVIDENCE_FIELDS) <= set(signal.args[0])
    assert "Insulinoma ◀ this patient" in topic_text(panel, "symptoms")
    choose_site(form, "Thymus")
    assert panel.caution.isVisible() and "thymus" in panel.caution.text()
    assert "caution" in panel.topics.item([k for k, _, _ in TOPICS].index("mdanderson")).text()
    qtbot.keyClicks(optional["years_primary_to_liver_mets"], "7")
    assert form.values()["years_primary_to_liver_mets"] == 7
    assert "1.11^7" in str(panel.evidence()["md_anderson"]["cautions"][1]["derived"])
    choose_site(form, "Other / unknown primary (site not recorded)")
    optional["years_primary_to_liver_mets"].clear()
    assert not panel.caution.isVisible()


def test_a_case_carrying_optional_inputs_fills_the_form(form):
    case = validate_case({**EXAMPLE_CASE, "hormonal_syndrome": "gastrinoma", "carcinoid_heart_disease": True,
                          "percent_liver_replaced": 35})
    form.set_case(case)
    assert form.optional["hormonal_syndrome"].currentData() == "gastrinoma"
    assert form.optional["carcinoid_heart_disease"].currentText() == "Yes"
    assert form.optional["percent_liver_replaced"].value() == 35
    assert validate_case(form.values()) == case
    form.set_case(validate_case(EXAMPLE_CASE))  # a new patient without them: back to unknown
    assert all(form.values()[name] is None for name in EVIDENCE_FIELDS)


def choose_site(form, text: str) -> None:
    """Pick the primary-site entry that reads ``text`` (the anatomical site sets the model group)."""
    form.site.setCurrentIndex(next(i for i in range(form.site.count()) if form.site.itemText(i) == text))


def test_the_form_drops_what_the_case_cannot_take(form):
    form.set_values({**EXAMPLE_CASE, "primary_site": "other", "age_years": 40})
    choose_site(form, "Lung")
    form.optional["years_primary_to_liver_mets"].setText("30")
    values = form.values()
    assert values["primary_detail"] == "lung" and values["years_primary_to_liver_mets"] == 30
    validate_case(values)
    form.site.setCurrentIndex(form.site.findData("pancreas"))
    form.age.setValue(25)
    values = form.values()
    assert values["primary_detail"] == "pancreas" and values["years_primary_to_liver_mets"] is None
    validate_case(values)  # never a contradiction that would blank the main window's estimate
    message = form.messages["years_primary_to_liver_mets"]
    assert message.isVisible() and "more than the age" in message.message()


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
            note = panel.source_tip_text(key, QtCore.QUrl(f"#{anchor}"))
            assert note and "“" in note and ".txt" not in note and " line " not in note, (key, anchor)
    # hovering a marker (the browser's highlighted(url) signal) shows the citation and the words it quotes
    topic_text(panel, "perioperative")
    sections = TOPICS[0][2](panel.evidence())
    table_2 = next(n for n in sections[0].footnotes if n.endswith("Gudmundsdottir et al., Ann Surg Oncol 2023, Table 2"))
    tip = panel.source_tip_text("perioperative", QtCore.QUrl(f"#s0fn{table_2[1:table_2.index(']')]}"))
    assert tip.startswith(table_2) and "“Any major complication 108 (20) 66 (17) 42 (29) 0.002”" in tip
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
