"""On screen: who the estimate is for, the primary site as clinicians record it, the model's notes."""

from __future__ import annotations

import re

from PySide6 import QtWidgets

from desktop.model import validate_case
from tests.conftest import ELIGIBLE, EXAMPLE_CASE

POOR = {**EXAMPLE_CASE, "differentiation": "poor", "first_hepatectomy": True}


def _texts(widget: QtWidgets.QWidget) -> str:
    """Every visible label's text under ``widget`` (what a reader sees)."""
    labels = [w for w in widget.findChildren(QtWidgets.QLabel) if w.isVisibleTo(widget)]
    return " ".join(label.text() for label in labels)


def test_poorly_differentiated_case_shows_why_instead_of_any_number(window, qtbot):
    window.form.set_values(POOR)
    prediction = window.current_prediction()
    assert prediction is not None and not prediction.applicable
    assert window.plot_stack.currentWidget() is window.no_estimate and window.no_estimate.isVisible()
    assert "No survival estimate for this patient" in window.no_estimate.text()
    assert "poorly differentiated" in window.no_estimate.text()
    assert window.summary.text() == "" and "Of 100 people" not in _texts(window)
    assert window.form.messages["differentiation"].kind == "problem"
    assert window.notes.messages() and "poorly differentiated" in window.notes.messages()[0]
    assert not window.bands_box.isEnabled()
    window.results_tabs.setCurrentWidget(window.numbers)
    qtbot.wait(10)
    shown = _texts(window.numbers.widget())
    assert "No survival estimate" in shown
    assert not re.search(r"\d\s*%", shown) and not window.numbers.table.isVisible()
    # back in scope: the curves return
    window.form.set_values({**POOR, "differentiation": "well"})
    assert window.current_prediction().applicable and window.plot_stack.currentWidget() is window.plot
    assert "Of 100 people like this" in window.summary.text()


def test_poorly_differentiated_case_has_no_number_in_the_counselling_view(window, qtbot):
    window.form.set_values(POOR)
    window.set_counselling(True)
    view = window._counselling
    assert view is not None and not view.icons.isVisible()
    assert not re.search(r"\d\s*%|\d+ (out )?of 100", _texts(view))


def test_repeat_hepatectomy_is_flagged_prominently(window):
    window.form.set_values({**EXAMPLE_CASE, "differentiation": "well", "first_hepatectomy": False})
    assert window.current_prediction().applicable and window.plot_stack.currentWidget() is window.plot
    assert window.banner.isVisible() and "Outside the study population" in window.banner.text()
    assert window.form.messages["first_hepatectomy"].kind == "flag"
    window.form.set_values({**EXAMPLE_CASE, **ELIGIBLE})
    assert not window.banner.isVisible()


def test_the_form_asks_for_the_anatomical_site_and_shows_its_model_group(window):
    site = window.form.site
    labels = [site.itemText(i) for i in range(site.count())]
    for text in ("Jejunum / ileum", "Duodenum", "Stomach", "Appendix", "Colon", "Rectum", "Pancreas", "Lung",
                 "Thymus", "Genitourinary", "Unknown primary", "Other site"):
        assert text in labels
    window.form.set_values({**EXAMPLE_CASE, **ELIGIBLE})
    site.setCurrentIndex(labels.index("Duodenum"))
    case = window.current_case()
    assert (case.primary_site, case.primary_detail) == ("other", "duodenum")  # modelled as 'other primary'
    message = window.form.messages["primary_site"].message()
    assert "Duodenum counts as 'other primary' in the Mayo model" in message
    site.setCurrentIndex(labels.index("Jejunum / ileum"))
    assert (window.current_case().primary_site, window.current_case().primary_detail) == (
        "small_intestine", "jejunum_ileum")
    assert "counts as 'small intestine'" in window.form.messages["primary_site"].message()


def test_an_old_case_file_reads_back_unchanged_through_the_form(window):
    for data in (EXAMPLE_CASE, {**EXAMPLE_CASE, "primary_site": "other"},
                 {**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "lung"},
                 {**EXAMPLE_CASE, "primary_site": "pancreas", "primary_detail": "pancreas", **ELIGIBLE,
                  "mitoses_per_2mm2": 3}):
        window.form.set_values(data)
        assert window.current_case() == validate_case(data)
        assert window.current_case().to_dict() == data


def test_ten_lesions_say_beside_the_field_why_the_estimate_improves(window):
    window.form.set_values({**EXAMPLE_CASE, **ELIGIBLE, "liver_lesion_count": 9})
    nine = window.current_prediction().overall_survival.at(60)[0]
    assert window.form.messages["liver_lesion_count"].kind is None
    window.form.set_values({**EXAMPLE_CASE, **ELIGIBLE, "liver_lesion_count": 10})
    assert window.current_prediction().overall_survival.at(60)[0] > nine
    message = window.form.messages["liver_lesion_count"]
    assert message.kind == "info" and "slightly better than with 9 lesions" in message.message()
    assert "1.32 vs 1.58" in message.message()
