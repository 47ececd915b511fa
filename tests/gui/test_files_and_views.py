"""Files (save -> open round trip, bad file, unsaved changes, drag and drop), counselling, help."""

from __future__ import annotations

import json

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from desktop.fileio import read_case_file
from desktop.model import validate_case
from desktop.report import numbers
from tests.conftest import EXAMPLE_CASE, when_modal


def test_save_then_open_round_trip(qtbot, window, tmp_path):
    window.form.set_values(EXAMPLE_CASE)
    window.form.ki67_unknown.setChecked(True)
    assert window.is_modified()
    path = tmp_path / "patient.json"
    assert window.write_case_file(path)
    assert not window.is_modified() and window.windowTitle().startswith("patient.json")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == {**EXAMPLE_CASE, "ki67_percent": None}
    assert read_case_file(path) == window.current_case()
    before = window.current_prediction()
    assert window.new_case()
    assert window.current_prediction() is None
    assert window.load_case_file(path)
    assert window.current_case() == validate_case(saved)
    assert window.form.ki67_unknown.isChecked()
    assert (window.current_prediction().overall_survival.survival == before.overall_survival.survival).all()
    assert window.prompts == []  # nothing was unsaved at any point


def test_save_keeps_the_old_file_when_the_form_is_incomplete(window, tmp_path):
    path = tmp_path / "old.json"
    path.write_text("{\"keep\": true}", encoding="utf-8")
    window.form.set_values({**EXAMPLE_CASE, "age_years": None})
    assert not window.write_case_file(path)
    assert path.read_text(encoding="utf-8") == "{\"keep\": true}"
    assert window.errors and "not complete" in window.errors[0][0]


def test_bad_case_file_is_explained_and_changes_nothing(window, case_file):
    window.form.set_values(EXAMPLE_CASE)
    shown = window.current_case()
    bad = case_file({**EXAMPLE_CASE, "ki67": 4.5}, name="bad.json")
    assert not window.load_case_file(bad)
    title, text = window.errors[-1]
    assert "cannot be opened" in title and "unknown field 'ki67'" in text
    assert window.current_case() == shown
    assert not window.load_case_file(case_file("{not json", name="broken.json"))
    assert "not valid JSON" in window.errors[-1][1]


def test_unsaved_changes_prompt_before_replacing_the_case(window, case_file):
    window.form.set_values(EXAMPLE_CASE)
    other = case_file({**EXAMPLE_CASE, "age_years": 70}, name="other.json")
    window.ask_unsaved_changes = lambda: QtWidgets.QMessageBox.StandardButton.Cancel
    assert not window.open_case(other)
    assert window.current_case().age_years == 61
    window.ask_unsaved_changes = lambda: QtWidgets.QMessageBox.StandardButton.Discard
    assert window.open_case(other)
    assert window.current_case().age_years == 70
    assert not window.is_modified()


def test_drop_of_a_case_file_opens_it(qtbot, window, case_file):
    path = case_file({**EXAMPLE_CASE, "age_years": 55}, name="dropped.json")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    position = QtCore.QPointF(window.width() / 2, window.height() / 2)
    enter = QtGui.QDragEnterEvent(position.toPoint(), QtCore.Qt.DropAction.CopyAction, mime,
                                  QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(position, QtCore.Qt.DropAction.CopyAction, mime,
                            QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.current_case() is not None and window.current_case().age_years == 55)
    text = QtCore.QMimeData()
    text.setUrls([QtCore.QUrl.fromLocalFile(str(path.with_suffix(".txt")))])
    refused = QtGui.QDragEnterEvent(position.toPoint(), QtCore.Qt.DropAction.CopyAction, text,
                                    QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    refused.setAccepted(False)
    window.dragEnterEvent(refused)
    assert not refused.isAccepted()


@pytest.mark.parametrize("years", [1, 2, 5, 10])
def test_counselling_view_shows_the_same_numbers(qtbot, filled, years):
    window = filled
    window.counselling_action.trigger()
    assert window.is_counselling()
    view = window.counselling_view()
    view.set_years(years)
    prediction = window.current_prediction()
    month = 12 * years
    alive = numbers.per_hundred(prediction.overall_survival.at(month)[0])
    free = numbers.per_hundred(prediction.progression_free_survival.at(month)[0])
    assert view.icons.groups == [("alive_no_progression", free), ("alive_progressed", alive - free), ("died", 100 - alive)]
    kinds = view.icons.kinds()
    assert len(kinds) == 100 and kinds.count("died") == 100 - alive
    assert numbers.sentence(prediction, "overall_survival", years) in view.sentences.text()
    assert "hazard" not in (view.sentences.text() + view.footer.text() + view.title.text()).lower()
    assert EXAMPLE_CASE["label"] not in view.title.text()  # no patient label on a shared screen
    view.progression_box.setChecked(False)
    assert view.icons.groups == [("alive", alive), ("died", 100 - alive)]


def test_counselling_follows_the_form_and_escape_returns(qtbot, filled):
    window = filled
    window.set_counselling(True)
    view = window.counselling_view()
    first = view.icons.groups
    window.form.set_values({**window.form.values(), "cytoreduction": "incomplete_under_90"})
    assert view.icons.groups != first
    assert "not known yet" not in view.footer.text()
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Escape)
    assert not window.is_counselling()


def test_full_screen_toggle_shows_counselling(filled):
    window = filled
    window.full_screen_action.trigger()
    assert window.is_counselling() and window.full_screen_action.isChecked()
    window.full_screen_action.trigger()
    assert not window.full_screen_action.isChecked()
    assert not window.is_counselling()


def test_about_names_version_parameter_hash_and_citation(window, params):
    from desktop import __version__
    from desktop.qt.help import AboutDialog

    dialog = AboutDialog(params, window)
    text = dialog.text.text()
    assert __version__ in text and params.sha256 in text and params.citation in text
    dialog.deleteLater()


def test_limitations_open_in_an_offline_viewer(qtbot, window):
    from desktop.qt.help import show_document

    viewer = show_document(window, "limitations")
    qtbot.addWidget(viewer)
    assert "cannot tell you" in viewer.browser.toPlainText()
    assert not viewer.browser.openExternalLinks()
    viewer.close()


def test_every_control_has_an_accessible_name(filled):
    kinds = (QtWidgets.QLineEdit, QtWidgets.QComboBox, QtWidgets.QCheckBox, QtWidgets.QRadioButton,
             QtWidgets.QPushButton, QtWidgets.QTableWidget)
    unnamed = [w.objectName() or type(w).__name__ for w in filled.findChildren(QtWidgets.QWidget)
               if isinstance(w, kinds) and w.isVisibleTo(filled) and not w.accessibleName()
               and not (isinstance(w, QtWidgets.QLineEdit) and isinstance(w.parent(), QtWidgets.QComboBox))]
    assert unnamed == []


def test_tab_order_follows_the_form_top_to_bottom(filled):
    form = filled.form
    order = [form.label_edit, form.age, form.site, form.differentiation, form.first_hepatectomy, form.ki67, form.ki67_unknown, form.lesions, form.size,
             form.extrahepatic_no]
    for current, following in zip(order, order[1:]):
        assert current.nextInFocusChain() is following or _next_focusable(current) is following


def _next_focusable(widget):
    w = widget.nextInFocusChain()
    while w is not widget and not (w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus):
        w = w.nextInFocusChain()
    return w


def test_preferences_persist_apart_from_window_state(qtbot, isolated_settings):
    from desktop.qt.main_window import MainWindow
    from desktop.qt.settings import Preferences, qsettings

    window = MainWindow(persist=True)
    qtbot.addWidget(window)
    window.bands_box.setChecked(False)
    window.reference_box.setChecked(True)
    window.resize(1000, 700)
    window.close()
    settings = qsettings()
    assert settings.value("persist/geometry") is not None
    prefs = Preferences.load(settings)
    assert prefs.show_bands is False and prefs.show_reference is True
    again = MainWindow(persist=True)
    qtbot.addWidget(again)
    assert not again.bands_box.isChecked() and again.reference_box.isChecked()
    again.persist = False


def test_a_case_with_optional_evidence_inputs_opens_unmodified_and_round_trips(window, case_file, tmp_path):
    path = case_file({**EXAMPLE_CASE, "bilobar_metastases": True}, name="with_optional.json")
    assert window.load_case_file(path)
    assert not window.is_modified()
    assert window.current_case().bilobar_metastases is True
    out = tmp_path / "again.json"
    assert window.write_case_file(out)
    assert json.loads(out.read_text(encoding="utf-8"))["bilobar_metastases"] is True


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, window):
    window.form.set_values(EXAMPLE_CASE)
    window.ask_unsaved_changes = lambda: QtWidgets.QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    window.ask_unsaved_changes = lambda: QtWidgets.QMessageBox.StandardButton.Discard
    assert window.close()


def _click_in_next_message_box(button, seen: list):
    """Record what the next message box asks, then click ``button``."""
    def answer(box):
        seen.append((box.windowTitle(), box.text(), box.standardButtons(), box.standardButton(box.defaultButton())))
        box.button(button).click()

    when_modal(answer, QtWidgets.QMessageBox)


def _unstubbed_window(qtbot):
    from desktop.qt.main_window import MainWindow

    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    win.show()
    win.form.set_values(EXAMPLE_CASE)
    assert win.is_modified()
    return win


def test_without_stubs_errors_never_block_and_unsaved_changes_ask_the_user(qtbot, case_file, dialog_guard):
    """The real prompt: Save / Discard / Cancel with Save the default; Cancel keeps the window.
    An error message opens without a modal loop (``open()``), so nothing waits for an answer."""
    win = _unstubbed_window(qtbot)
    assert not win.load_case_file(case_file("{broken", name="broken.json"))  # returns: no modal loop
    box = win.findChild(QtWidgets.QMessageBox, "errorBox")
    assert box is not None and "not valid JSON" in box.text()
    box.close()

    dialog_guard.allow("QMessageBox.question")
    buttons = QtWidgets.QMessageBox.StandardButton
    seen = []
    _click_in_next_message_box(buttons.Cancel, seen)
    assert not win.close() and win.isVisible()
    (title, text, offered, default), = seen
    assert title == "Unsaved changes" and "not saved" in text
    assert offered == buttons.Save | buttons.Discard | buttons.Cancel
    assert default == buttons.Save
    _click_in_next_message_box(buttons.Discard, seen)
    assert win.close()
    assert len(seen) == 2


def test_a_prompt_that_the_test_does_not_answer_fails_it_instead_of_hanging(qtbot, dialog_guard):
    from tests.conftest import UnansweredDialog

    win = _unstubbed_window(qtbot)
    with pytest.raises(UnansweredDialog):
        win.ask_unsaved_changes()
    assert dialog_guard.unanswered == ["QMessageBox.question"]  # fails the test at teardown...
    dialog_guard.unanswered.clear()  # ...except this one, which checks the guard
    win.mark_saved()


def test_the_window_fits_a_small_laptop_screen(filled):
    """1366 x 768 at 125% scaling leaves about 1093 x 580 logical pixels under a taskbar: the
    window's minimum must fit, every tab included (the evidence tab scrolls instead of
    widening the window)."""
    window = filled
    window.form.cytoreduction.setCurrentIndex(window.form.cytoreduction.findData(None))  # notes + overlay
    for index in range(window.results_tabs.count()):
        window.results_tabs.setCurrentIndex(index)
        minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert minimum.width() <= 1093 and minimum.height() <= 580, (window.results_tabs.tabText(index), minimum)
    window.set_counselling(True)  # the patient-facing view too (its words scroll when short of room)
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1093 and minimum.height() <= 580, ("counselling", minimum)
