"""A follow-up visit in the application: the form's fields, the plot from the visit, the numbers
from today, the counselling view with the range in the picture, and the consult note."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from desktop.model import predict, validate_case
from desktop.qt.viewmodel import MONTHS
from desktop.report import numbers, scenarios
from desktop.report.follow_up import NO_ESTIMATE, condition_sentence, sentence_from_today
from desktop.report.content import build_note, summary_text
from tests.pdftools import pdf_text

VISIT = {"months_since_surgery": 36, "progression_so_far": "none"}


def follow_up(window, **changes):
    from desktop.qt.app import SMOKE_CASE

    window.form.set_values({**SMOKE_CASE, **VISIT, **changes})
    return predict(validate_case({**SMOKE_CASE, **VISIT, **changes}), MONTHS)


def type_into(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_the_form_is_at_surgery_until_a_time_is_entered(qtbot, filled):
    form = filled.form
    values = form.values()
    assert values["months_since_surgery"] is None and values["progression_so_far"] is None
    assert not form.progression.isEnabled()
    assert filled.viewmodel.case is not None and not filled.viewmodel.case.conditional
    type_into(qtbot, form.since_years, "3")
    type_into(qtbot, form.since_months, "6")
    assert form.progression.isEnabled()
    form.progression.set_value("none")
    assert filled.viewmodel.case.months_since_surgery == 42
    assert filled.viewmodel.case.progression_so_far == "none"
    assert "Follow-up visit" in form.messages["months_since_surgery"].message()
    # more than the study's 15 years: at surgery until corrected, and said beside the field
    type_into(qtbot, form.since_years, "15")
    type_into(qtbot, form.since_months, "6")
    assert form.values()["months_since_surgery"] is None
    assert "At most 15 years" in form.messages["months_since_surgery"].message()
    type_into(qtbot, form.since_years, "")
    type_into(qtbot, form.since_months, "")
    assert form.values()["progression_so_far"] is None and not form.progression.isEnabled()


def test_a_saved_follow_up_case_fills_the_fields(filled):
    follow_up(filled, months_since_surgery=42.0)
    form = filled.form
    assert (form.since_years.value(), form.since_months.value()) == (3, 6)
    assert form.progression.value() == "none"


def test_the_plot_starts_at_the_visit_with_today_marked(filled):
    model = follow_up(filled)
    months, percent = filled.plot.plotted("overall_survival")
    keep = model.overall_survival.months >= 36
    np.testing.assert_allclose(months, model.overall_survival.months[keep])
    np.testing.assert_allclose(percent, 100 * model.overall_survival.survival[keep])
    assert months[0] == 36 and percent[0] == 100
    plot = filled.plot
    today = plot.today
    assert today.line.isVisible() and today.line.value() == 36
    assert today.before.isVisible() and tuple(today.before.getRegion()) == (0.0, 36.0)
    assert today.label.toPlainText().startswith("today, 3 y")
    # back at surgery: no marker
    follow_up(filled, months_since_surgery=None, progression_so_far=None)
    assert not today.line.isVisible() and not today.before.isVisible() and not today.label.isVisible()
    assert filled.plot.plotted("overall_survival")[0][0] == 0



@pytest.mark.parametrize("months", [12, 36, 42, 60, 100])
def test_at_a_visit_the_curve_labels_stay_right_of_today(filled, months):
    """At 42 months the "Progression-free survival" label sat across the "today" line, half in
    the greyed past: the labels' spots are now limited to the months from the visit on."""
    from desktop.qt.app import SMOKE_CASE

    filled.form.set_values({**SMOKE_CASE, "age_years": 62, "primary_site": "pancreas", "ki67_percent": 12,
                            "largest_lesion_mm": 45, "months_since_surgery": months, "progression_so_far": "none"})
    plot = filled.plot
    labels = [plot.outcomes[o].label for o in plot.outcomes] + [plot._extrapolation_note]
    shown = [label for label in labels if label.isVisible() and label.toPlainText()]
    assert plot.outcomes["overall_survival"].label in shown
    for label in shown:
        assert plot._box_of(label)[0] >= months, (label.toPlainText(), plot._box_of(label))
    # "today" sits low beside its line, clear of the curves and the milestone markers (at 42
    # months on the printed note it covered the 10-year marker)
    from desktop.qt import plot_labels

    today = plot._box_of(plot.today.label)
    assert today[2] == pytest.approx(4.0) and (today[0] == pytest.approx(months + 1) or today[1] == pytest.approx(months - 1))
    lines = [plot.plotted(o) for o in plot.outcomes] + [items.markers.getData() for items in plot.outcomes.values()]
    assert plot_labels.overlap(today, lines, [], (0.0, 180.0), pad=2.0) == 0

def test_after_progression_there_is_no_pfs_curve_and_the_numbers_say_so(filled):
    model = follow_up(filled, progression_so_far="progressed")
    assert model.progression_free_survival is None
    assert filled.plot.plotted("progression_free_survival")[0].size == 0
    assert not filled.plot.outcomes["progression_free_survival"].label.isVisible()
    filled.results_tabs.setCurrentWidget(filled.numbers)
    table = filled.numbers.table
    assert table.cell_text(5, "progression_free_survival") == NO_ESTIMATE
    assert table.cell_text(1, "overall_survival") == "–"  # before today
    assert table.verticalHeaderItem(2).text() == "5 years (2 y from today)"
    assert table.cell_text(5, "overall_survival") == numbers.milestone(model.overall_survival,
                                                                        "overall_survival", 5).text
    filled.plot.hover_at_month(60)  # the read-out copes with one curve
    assert "PFS" not in filled.plot.readout.text


def test_words_state_the_condition_first_and_count_from_today(filled):
    model = follow_up(filled)
    sentences = filled.summary.sentences
    assert sentences[0] == condition_sentence(model)
    assert "alive 3 years after surgery" in sentences[0]
    assert sentences[1] == sentence_from_today(model, "overall_survival", 5)
    # "5 years from now" is 96 months after surgery
    point = float(np.interp(96, model.overall_survival.months, model.overall_survival.survival))
    assert f"about {numbers.per_hundred(point)} are alive 5 years from now" in sentences[1]


def test_best_typical_and_worst_case_in_the_numbers_tab(filled):
    model = follow_up(filled)
    filled.results_tabs.setCurrentWidget(filled.numbers)
    text = filled.numbers.outlook.text()
    for _, line in scenarios.scenario_lines(model):
        assert line.replace('"', "&quot;") in text or line in text
    worst = model.scenarios["worst"]
    assert f"within {scenarios._span(worst['months'] - 36)} from now" in text


def test_counselling_view_counts_from_today_and_shows_the_range(qtbot, filled):
    model = follow_up(filled)
    filled.set_counselling(True)
    view = filled.counselling_view()
    assert view.title.text().startswith("Out of 100 people like you who are alive 3 years after surgery")
    assert view.horizon_label.text() == "Time from today:"
    low, high = numbers.icon_range(model, view.years)
    assert view.icons.range == (low, high) and sum(view.icons.in_range()) == high - low
    alive = dict(view.icons.groups)
    assert alive["died"] == 100 - numbers.per_hundred(
        np.interp(36 + 12 * view.years, model.overall_survival.months, model.overall_survival.survival))
    assert f"Somewhere between {low} and {high} are alive" in view.range_text.text()
    assert not view.outlook.isVisibleTo(view) and view.sentences.isVisibleTo(view)
    view.outlook_button.setChecked(True)  # best / typical / worst case instead of the sentences
    assert view.outlook.isVisibleTo(view) and not view.sentences.isVisibleTo(view)
    assert view.outlook.text().startswith("Worst case: about 1 in 10 people like you die within")
    assert "Typical: half of people like you live between" in view.outlook.text()
    view.outlook_button.setChecked(False)
    view.range_box.setChecked(False)  # for a patient who finds it confusing
    assert view.icons.range is None and not view.range_row.isVisible()
    view.range_box.setChecked(True)
    assert view.icons.range == (low, high)


def test_counselling_horizons_stop_at_the_modelled_fifteen_years(filled):
    follow_up(filled, months_since_surgery=100)
    view = filled.counselling_view()
    assert not view.horizon_buttons[10].isEnabled() and view.horizon_buttons[5].isEnabled()
    view.set_years(10)
    assert view.years != 10


def test_counselling_view_gives_no_picture_when_even_one_year_is_past_the_fifteen_years(filled):
    """At 14 years 11 months no horizon fits: the picture showed the 15-year value as "1 year
    from now". Now the view says why there is no picture, as the take-home sheet does."""
    follow_up(filled, months_since_surgery=179)
    filled.set_counselling(True)
    view = filled.counselling_view()
    assert view.title.text() == "This sheet gives no estimate."
    assert "followed people for 15 years" in view.sentences.text()
    assert not view.icons.isVisibleTo(view) and not any(b.isVisibleTo(view) for b in view.horizon_buttons.values())
    follow_up(filled, months_since_surgery=100)  # back within the model: the picture and the times return
    assert view.icons.isVisibleTo(view) and view.title.text().startswith("Out of 100 people like you")
    assert view.horizon_buttons[5].isVisibleTo(view) and not view.horizon_buttons[10].isEnabled()


def test_range_icons_are_paler_in_greyscale(qtbot):
    from desktop.qt.icon_array import IconArray

    icons = IconArray()
    qtbot.addWidget(icons)
    icons.resize(400, 400)
    icons.set_groups([("alive", 80), ("died", 20)])
    icons.set_range((70, 90))
    image = icons.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_Grayscale8)

    def mean_grey(index):
        row, column = divmod(index, 10)
        cell = 40
        values = [QtGui.QColor(image.pixel(column * cell + x, row * cell + y)).value()
                  for x in range(12, 28) for y in range(22, 36)]
        return float(np.mean(values))

    solid, pale, died, died_pale = mean_grey(5), mean_grey(75), mean_grey(95), mean_grey(85)
    assert pale - solid > 40  # the alive people in the range are clearly lighter
    assert died - died_pale > 8  # and the died ones inside it are shaded, unlike hollow ones


@pytest.mark.parametrize("progression", ["none", "progressed"])
def test_the_note_and_the_copied_summary_say_the_condition_first(tmp_path, progression):
    from desktop.qt.app import SMOKE_CASE
    from desktop.qt.pdf import note_pdf_bytes

    model = predict(validate_case({**SMOKE_CASE, **VISIT, "progression_so_far": progression}), MONTHS)
    note = build_note(model)
    assert "follow-up visit" in note.header.subtitle and "alive 3 years after surgery" in note.header.subtitle
    first_line = summary_text(note).splitlines()[0]
    assert "alive 3 years after surgery" in first_line
    assert note.patient.paragraphs[0] == condition_sentence(model)
    rows = {row[0]: row[1:] for row in note.survival.table.rows}
    assert rows["1 year (before today)"] == ["–", "–" if progression == "none" else NO_ESTIMATE]
    path = tmp_path / "note.pdf"
    path.write_bytes(note_pdf_bytes(model, "a4"))
    text = " ".join(pdf_text(path).split())
    assert "Consult note at a follow-up visit" in text
    assert "today, 3 y after surgery" in text
    pfs_cells = [row[2] for row in note.survival.table.rows]
    assert all(cell == NO_ESTIMATE for cell in pfs_cells) == (progression == "progressed")
    assert ("Progressed" in text) == (progression == "progressed")
    assert "Best, typical and worst case" in text


def test_the_sentences_under_the_plot_count_from_today_within_the_fifteen_years(filled):
    """10 years 10 months after surgery the 5-year sentence fell back to 'about 100 are alive 5
    years after surgery; the range is 100 to 100' (the conditional curve is 1 before the visit)."""
    model = follow_up(filled, months_since_surgery=130, progression_so_far="progressed")
    said = filled.summary.sentences
    assert said[0] == condition_sentence(model)
    assert said[1:] == [sentence_from_today(model, "overall_survival", 2)] and "2 years from now" in said[1]
    assert not any("after surgery;" in s or "100 to 100" in s for s in said)
    follow_up(filled, months_since_surgery=179)
    assert filled.summary.sentences[1:] == [
        "No estimate counted from today: the model ends 15 years after surgery, 1 month from now."]
