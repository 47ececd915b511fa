"""The Evidence tab inside the main window: optional inputs reach the case, files keep them, New clears them.

The ``window`` fixture (own settings file, prompts answered offscreen) is in tests/conftest.py.
"""

from __future__ import annotations

import json

from desktop.model import predict
from desktop.model.case import EVIDENCE_FIELDS
from tests.conftest import EXAMPLE_CASE


def open_case(window, tmp_path, data, name="case.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.load_case_file(path), window.errors
    return path


def test_evidence_tab_follows_the_form(window, tmp_path):
    panel = window.evidence_panel
    assert window.results_tabs.tabText(window.results_tabs.indexOf(window.evidence_tab)) == "&Evidence"
    assert window.evidence_tab.widget() is panel
    open_case(window, tmp_path, {**EXAMPLE_CASE, "primary_site": "other"})
    window.results_tabs.setCurrentWidget(window.evidence_tab)
    site = window.form.site
    site.setCurrentIndex(next(i for i in range(site.count()) if site.itemText(i) == "Lung"))
    assert window.current_case().primary_detail == "lung"  # the one form assembles the whole case
    assert panel.caution.isVisible()
    # the optional input changes no survival number
    plain = predict(window.current_case().replace(primary_detail=None), window.viewmodel.prediction.overall_survival.months)
    assert list(plain.overall_survival.survival) == list(window.current_prediction().overall_survival.survival)
    # switching the primary site away from 'other' drops the detail instead of blanking the estimate
    window.form.set_values({**window.form.values(), "primary_site": "pancreas"})
    assert window.current_case() is not None and window.current_case().primary_detail is None


def test_optional_inputs_are_saved_reopened_and_cleared_by_new(window, tmp_path):
    optional = window.form.optional
    open_case(window, tmp_path, {**EXAMPLE_CASE, "hormonal_syndrome": "carcinoid", "planned_hepatectomy": "minor"})
    assert optional["hormonal_syndrome"].currentData() == "carcinoid"
    assert optional["planned_hepatectomy"].currentData() == "minor"
    assert window.current_case().hormonal_syndrome == "carcinoid"
    assert not window.isWindowModified()
    optional["carcinoid_heart_disease"].set_value(True)
    assert window.isWindowModified()
    out = tmp_path / "saved.json"
    assert window.write_case_file(out)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["hormonal_syndrome"] == "carcinoid" and saved["carcinoid_heart_disease"] is True
    assert window.new_case(ask=False)
    assert all(window.form.values()[name] is None for name in EVIDENCE_FIELDS)
    open_case(window, tmp_path, EXAMPLE_CASE, "plain.json")  # a file without them: unknown, not inherited
    assert all(window.form.values()[name] is None for name in EVIDENCE_FIELDS)
    assert window.current_case().hormonal_syndrome is None


def test_appendix_is_offered_to_the_consult_note_only_when_ticked(window, tmp_path):
    panel = window.evidence_panel
    open_case(window, tmp_path, EXAMPLE_CASE)
    assert panel.appendix_for(window.current_case()) is None
    panel.appendix_box.setChecked(True)
    sections = panel.appendix_for(window.current_case())
    assert sections and sections[0].title.startswith("Appendix")
    assert window.report_actions.appendix_provider(window.current_case()) is not None


def test_the_view_model_computes_the_evidence_once_per_change_and_the_panel_only_renders(window, tmp_path, monkeypatch):
    import ast
    from pathlib import Path

    import desktop.model.evidence as model_evidence
    import desktop.report.evidence as report_evidence
    from desktop.qt import evidence_panel

    calls = {"evidence": 0, "era": 0}
    real_evidence, real_era = report_evidence.evidence_for, model_evidence.era_curves

    def counted_evidence(*args, **kwargs):
        calls["evidence"] += 1
        return real_evidence(*args, **kwargs)

    def counted_era(*args, **kwargs):
        calls["era"] += 1
        return real_era(*args, **kwargs)

    monkeypatch.setattr(report_evidence, "evidence_for", counted_evidence)
    monkeypatch.setattr(model_evidence, "era_curves", counted_era)
    open_case(window, tmp_path, EXAMPLE_CASE)
    window.results_tabs.setCurrentWidget(window.evidence_tab)
    panel = window.evidence_panel
    for row in range(panel.topics.count()):  # every page, the era plot included
        panel.topics.setCurrentRow(row)
    assert calls == {"evidence": 1, "era": 1}
    assert panel.era_plot.values["scenario"] is window.viewmodel.evidence.era_curves(window.current_case())[0].survival
    window.form.set_values({**window.form.values(), "age_years": 70})
    panel.topics.setCurrentRow(0)
    assert calls == {"evidence": 2, "era": 2}
    # the panel's module computes nothing itself
    tree = ast.parse(Path(evidence_panel.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.startswith("desktop.model") and m != "desktop.model.case"}, imported


def test_the_era_plot_reuses_the_estimate_on_screen_instead_of_predicting_again(window, tmp_path, monkeypatch):
    """Each form change with the Evidence tab open predicted the patient's OS a second time for
    the era plot; the view-model's curve is the same, bit for bit."""
    import numpy as np

    from desktop.model import survival

    open_case(window, tmp_path, EXAMPLE_CASE)
    window.results_tabs.setCurrentWidget(window.evidence_tab)
    window.form.age.setText("63")
    case = window.current_case()
    shown = window.viewmodel.prediction.overall_survival
    expected = predict(case, shown.months, with_bands=False).overall_survival.survival

    def no_second_prediction(*args, **kwargs):
        raise AssertionError("the era plot predicted the main curve again")

    monkeypatch.setattr(survival, "predict", no_second_prediction)
    source = window.viewmodel.evidence
    source._case = object()  # forget the cached case: the next call computes the era curves again
    _, main = source.era_curves(case)
    assert np.array_equal(main.survival, expected)
