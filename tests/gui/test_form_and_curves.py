"""Typing into the form updates the curves, the table and the words to the model's numbers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

from desktop.model import predict, validate_case
from desktop.model.case import CYTOREDUCTION_EXTENTS, CYTOREDUCTION_LABELS
from desktop.report import numbers
from desktop.qt.viewmodel import MONTHS


def type_into(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def expected(case_dict):
    return predict(validate_case(case_dict), MONTHS)


def test_typing_updates_curves_table_and_sentences(qtbot, filled):
    window = filled
    form = window.form
    type_into(qtbot, form.age, "72")
    type_into(qtbot, form.lesions, "14")
    qtbot.keyClick(form.extrahepatic_yes, QtCore.Qt.Key.Key_Space)
    values = form.values()
    assert values["age_years"] == 72 and values["liver_lesion_count"] == 14 and values["extrahepatic_metastases"] is True
    model = expected(values)
    window.results_tabs.setCurrentWidget(window.numbers)  # the Numbers tab draws when shown
    for outcome in ("overall_survival", "progression_free_survival"):
        months, percent = window.plot.plotted(outcome)
        np.testing.assert_allclose(months, model.curve(outcome).months)
        np.testing.assert_allclose(percent, 100 * model.curve(outcome).survival)
        for m in numbers.milestones(model, outcome):
            assert window.numbers.table.cell_text(m.years, outcome) == m.text
    assert window.summary.sentences == [numbers.sentence(model, o, 5)
                                        for o in ("overall_survival", "progression_free_survival")]
    # with the Numbers tab in front, a change shows at once
    type_into(qtbot, form.age, "50")
    model50 = expected(form.values())
    for m in numbers.milestones(model50, "overall_survival"):
        assert window.numbers.table.cell_text(m.years, "overall_survival") == m.text
    # the change moved the curve (a worse profile than the example patient)
    baseline = expected({**values, "age_years": 61, "liver_lesion_count": 6, "extrahepatic_metastases": False})
    assert model.overall_survival.at(60)[0] < baseline.overall_survival.at(60)[0]


def test_default_window_has_no_estimate_until_required_fields(qtbot, window):
    assert window.current_prediction() is None
    assert "enter the age" in window.banner.text()
    form = window.form
    type_into(qtbot, form.age, "61")
    form.site.setCurrentIndex(form.site.findData("pancreas"))
    qtbot.keyClick(form.ki67_unknown, QtCore.Qt.Key.Key_Space)
    type_into(qtbot, form.lesions, "3")
    type_into(qtbot, form.size, "25")
    assert window.current_prediction() is None
    assert "extrahepatic disease" in window.banner.text()
    form.extrahepatic_no.click()
    prediction = window.current_prediction()
    assert prediction is not None and window.banner.isHidden()
    assert prediction.case.ki67_percent is None and prediction.case.cytoreduction is None


def test_unknown_ki67_toggling(qtbot, filled):
    window = filled
    form = window.form
    known = window.current_prediction()
    qtbot.keyClick(form.ki67_unknown, QtCore.Qt.Key.Key_Space)
    assert not form.ki67.isEnabled()
    unknown = window.current_prediction()
    assert unknown.case.ki67_percent is None
    assert any(w.text.startswith("Ki-67 unknown") for w in unknown.warnings)
    assert any(m.startswith("Ki-67 unknown") for m in window.notes.messages())
    assert form.messages["ki67_percent"].kind == "info"
    model = expected({**form.values()})
    np.testing.assert_allclose(window.plot.plotted("overall_survival")[1], 100 * model.overall_survival.survival)
    assert not np.allclose(unknown.overall_survival.survival, known.overall_survival.survival)
    qtbot.keyClick(form.ki67_unknown, QtCore.Qt.Key.Key_Space)
    assert form.ki67.isEnabled() and form.values()["ki67_percent"] == 4.5
    np.testing.assert_allclose(window.current_prediction().overall_survival.survival, known.overall_survival.survival)



def test_a_message_appearing_moves_the_rest_of_the_form_without_repainting_it(qtbot, filled):
    """Ticking "Unknown" shows a message under Ki-67 and pushes the rest of the form down. The
    rest is moved as copied pixels: none of the labels below Ki-67 is repainted (a single grid
    repainted all of them, about 30 labels and 15 fields, on every such keystroke). The form
    looks the same either way: checked pixel for pixel against the single grid."""
    from PySide6 import QtWidgets

    window = filled
    form = window.form
    window.grab()
    qtbot.wait(10)
    ki67_bottom = form.ki67.mapTo(form, QtCore.QPoint(0, form.ki67.height())).y()
    below = [label for label in form.findChildren(QtWidgets.QLabel, "fieldLabel")
             if label.mapTo(form, QtCore.QPoint(0, 0)).y() > ki67_bottom]
    assert len(below) >= 15
    top_before = [label.mapTo(form, QtCore.QPoint(0, 0)).y() for label in below]
    painted = []

    class Paints(QtCore.QObject):
        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() == QtCore.QEvent.Type.Paint:
                painted.append(watched.text())
            return False

    counter = Paints()
    for label in below:
        label.installEventFilter(counter)
    form.ki67_unknown.setChecked(True)
    QtWidgets.QApplication.processEvents()
    window.repaint()  # flushes the window's backing store: whatever needs painting is painted now
    moved = [label.mapTo(form, QtCore.QPoint(0, 0)).y() - y for label, y in zip(below, top_before)]
    assert form.messages["ki67_percent"].isVisible()
    assert min(moved) > 0 and len(set(moved)) == 1  # everything below moved down together
    assert painted == [], painted


def test_a_case_seen_a_moment_ago_is_drawn_again_without_predicting(filled, monkeypatch):
    """Unticking Unknown, flipping the extent back, typing the patient's label or an Evidence
    tab input redraw the prediction already made for that case (the last 16 are kept): the
    same numbers, carrying the case as it is now (its label, its evidence inputs), and no new
    prediction."""
    from desktop.qt import viewmodel

    window, form = filled, filled.form
    calls = []
    for name in ("predict", "predict_with_scenarios"):  # the latter while the scenarios are shown
        real = getattr(viewmodel, name)
        monkeypatch.setattr(viewmodel, name, lambda *a, real=real, **k: calls.append(a[0]) or real(*a, **k))
    known = window.current_prediction()
    form.ki67_unknown.setChecked(True)
    unknown = window.current_prediction()
    form.ki67_unknown.setChecked(False)
    assert len(calls) == 1 and window.current_prediction() == known
    form.cytoreduction.setCurrentIndex(form.cytoreduction.count() - 1)  # not known yet: scenarios shown
    assert len(calls) == 2 and set(window.viewmodel.scenarios) == set(CYTOREDUCTION_LABELS)
    form.ki67_unknown.setChecked(True)
    form.ki67_unknown.setChecked(False)
    assert len(calls) == 3 and window.viewmodel.scenarios  # the scenarios come back with their case
    form.cytoreduction.setCurrentIndex(form.cytoreduction.findData("complete"))
    assert len(calls) == 3 and window.current_prediction() == known and not window.viewmodel.scenarios
    form.label_edit.setText("JD")
    shown = window.current_prediction()
    assert len(calls) == 3 and shown.case.label == "JD" and shown.case.replace(label=None) == known.case
    np.testing.assert_array_equal(shown.overall_survival.lower, known.overall_survival.lower)
    form.ki67_unknown.setChecked(True)
    again = window.current_prediction()
    assert len(calls) == 3 and again.case.label == "JD"  # seen without the label: the label is not an input
    np.testing.assert_array_equal(again.overall_survival.survival, unknown.overall_survival.survival)
    form.optional["hormonal_syndrome"].setCurrentIndex(2)  # an Evidence tab input: not read by the model
    assert len(calls) == 3 and window.current_prediction().case.hormonal_syndrome is not None
    form.cytoreduction.setCurrentIndex(form.cytoreduction.count() - 1)
    assert len(calls) == 3 and all(s.case.hormonal_syndrome is not None and s.case.label == "JD"
                                   and s.case.cytoreduction == extent for extent, s in window.viewmodel.scenarios.items())
    form.age.setText("62")
    assert len(calls) == 4 and window.current_prediction().case.age_years == 62

def test_scenario_overlay_when_cytoreduction_unknown_and_on_request(qtbot, filled):
    window = filled
    assert window.plot.plotted_scenarios() == {}
    window.form.cytoreduction.setCurrentIndex(window.form.cytoreduction.findData(None))
    shown = window.plot.plotted_scenarios()
    assert set(shown) == {"complete", "incomplete_over_90", "incomplete_under_90"}
    case = window.current_case()
    for extent, (months, percent) in shown.items():
        model = predict(case.replace(cytoreduction=extent), MONTHS, with_bands=False)
        np.testing.assert_allclose(percent, 100 * model.overall_survival.survival)
    # complete resection looks better than <90%, as in the paper
    assert shown["complete"][1][60] > shown["incomplete_under_90"][1][60]
    window.scenario_outcome.setCurrentIndex(1)
    months, percent = window.plot.plotted_scenarios()["incomplete_over_90"]
    model = predict(case.replace(cytoreduction="incomplete_over_90"), MONTHS, with_bands=False)
    np.testing.assert_allclose(percent, 100 * model.progression_free_survival.survival)
    window.results_tabs.setCurrentWidget(window.numbers)
    assert window.numbers.scenario_table.rowCount() == 3
    # a known extent hides the overlay unless it is asked for
    window.form.cytoreduction.setCurrentIndex(window.form.cytoreduction.findData("complete"))
    assert window.plot.plotted_scenarios() == {}
    window.scenarios_box.setChecked(True)
    assert len(window.plot.plotted_scenarios()) == 3


@pytest.mark.parametrize("field_name, text, kept", [
    ("age", "150", "15"),
    ("ki67", "101", "10"),
    ("size", "4500", "450"[:2]),
    ("lesions", "2.", "2"),
])
def test_impossible_entry_is_blocked_with_a_message(qtbot, filled, field_name, text, kept):
    window = filled
    field = getattr(window.form, field_name)
    type_into(qtbot, field, text)
    assert field.text() == kept
    name = {"age": "age_years", "ki67": "ki67_percent", "size": "largest_lesion_mm", "lesions": "liver_lesion_count"}[field_name]
    message = window.form.messages[name]
    assert message.kind == "problem" and message.message().startswith("Not possible")
    assert not message.isHidden()


def test_unfinished_entry_pauses_the_estimate_with_a_message(qtbot, filled):
    window = filled
    type_into(qtbot, window.form.age, "6")  # on the way to 61..69, but not an age yet
    assert window.current_prediction() is None
    assert window.form.messages["age_years"].kind == "problem"
    assert window.plot.plotted("overall_survival")[0].size == 0
    qtbot.keyClicks(window.form.age, "5")
    assert window.current_prediction().case.age_years == 65
    assert window.form.messages["age_years"].kind is None


def test_value_outside_derivation_cohort_is_flagged_with_icon_and_words(qtbot, filled, params):
    window = filled
    high = params.derivation_range["age_years"][1]
    type_into(qtbot, window.form.age, str(high + 3))
    message = window.form.messages["age_years"]
    assert message.kind == "flag" and "usual range" in message.message()
    assert message.icon.pixmap() is not None and not message.icon.pixmap().isNull()
    assert any(w.text.startswith("Data quality: age") for w in window.current_prediction().warnings)
    type_into(qtbot, window.form.age, "60")
    assert message.kind is None


def test_numbers_parse_and_display_in_the_users_locale(qtbot, filled):
    german = QtCore.QLocale(QtCore.QLocale.Language.German, QtCore.QLocale.Country.Germany)
    form = filled.form
    form.ki67.setLocale(german)
    assert form.ki67.text() == "4,5"
    type_into(qtbot, form.ki67, "7,5")
    assert form.values()["ki67_percent"] == 7.5
    type_into(qtbot, form.ki67, "7.")  # '.' is not the German decimal mark: refused, explained
    assert form.ki67.text() == "7"
    assert form.messages["ki67_percent"].kind == "problem"
    assert "“7.”" in form.messages["ki67_percent"].message()
    qtbot.keyClicks(form.ki67, "5")  # the refusal stays beside the field while editing goes on
    assert form.ki67.text() == "75" and form.messages["ki67_percent"].kind == "problem"
    form.ki67.editingFinished.emit()
    assert form.messages["ki67_percent"].kind == "flag"  # 75% is above the cohort's usual range


def test_hover_readout_reads_both_curves(filled):
    plot = filled.plot
    plot.hover_at_month(55)
    prediction = filled.current_prediction()
    text = plot.readout.text
    assert "4 y 7 mo (55 months)" in text
    os_point = round(100 * prediction.overall_survival.survival[55])
    pfs_point = round(100 * prediction.progression_free_survival.survival[55])
    assert f"OS</span> {os_point}%" in text and f"PFS</span> {pfs_point}%" in text
    plot.hover_at_month(None)
    assert "Point at the curves" in plot.readout.text


def test_the_scenarios_shown_equal_single_predictions(filled, example_case):
    """The overlays the view-model hands the plot (made with the case's own prediction, in one
    pass) are each extent's own point estimate (to the last bits a matrix product's neighbouring
    rows may move), and the case's own range is predict()'s, bit for bit."""
    vm = filled.viewmodel
    for case in (example_case.replace(cytoreduction=None),
                 example_case.replace(ki67_percent=None, primary_site="pancreas", cytoreduction=None)):
        filled.form.set_values(case.to_dict())
        assert vm.scenarios_shown and set(vm.scenarios) == set(CYTOREDUCTION_EXTENTS)
        own = predict(case, MONTHS, with_bands=True)
        assert (vm.prediction.overall_survival.lower == own.overall_survival.lower).all()
        for extent, prediction in vm.scenarios.items():
            single = predict(case.replace(cytoreduction=extent), MONTHS, with_bands=False)
            assert prediction.case == single.case and prediction.warnings == single.warnings
            for outcome in ("overall_survival", "progression_free_survival"):
                a, b = prediction.curve(outcome), single.curve(outcome)
                np.testing.assert_allclose(a.survival, b.survival, rtol=1e-12)
                assert a.median_months == b.median_months
                assert (a.extrapolated == b.extrapolated).all()


def test_keyboard_moves_the_readout(qtbot, filled):
    plot = filled.plot
    plot.setFocus()
    qtbot.waitUntil(plot.hasFocus)
    assert "5 y (60 months)" in plot.readout.text
    qtbot.keyClick(plot, QtCore.Qt.Key.Key_Right)
    assert "5 y 1 mo (61 months)" in plot.readout.text
    assert "extrapolated" in plot.readout.text  # PFS beyond 5 years
    qtbot.keyClick(plot, QtCore.Qt.Key.Key_Left, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert "4 y 1 mo (49 months)" in plot.readout.text
    qtbot.keyClick(plot, QtCore.Qt.Key.Key_End)
    assert "15 y (180 months)" in plot.readout.text
    qtbot.keyClick(plot, QtCore.Qt.Key.Key_Escape)
    assert "Point at the curves" in plot.readout.text


def test_print_mode_plot_caches_nothing_as_a_bitmap(qtbot):
    """Anything cached as a pixmap would reach the consult note's PDF rasterised."""
    from PySide6 import QtWidgets as W

    from desktop.qt.plot_style import PRINT
    from desktop.qt.plots import SurvivalPlot

    printed = SurvivalPlot(style=PRINT)
    qtbot.addWidget(printed)
    cached = [item for item in printed.scene().items()
              if item.cacheMode() != W.QGraphicsItem.CacheMode.NoCache]
    assert cached == []
    screen = SurvivalPlot()
    qtbot.addWidget(screen)
    assert any(item.cacheMode() != W.QGraphicsItem.CacheMode.NoCache for item in screen.scene().items())
