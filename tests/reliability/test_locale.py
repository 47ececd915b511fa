"""Decimal-comma locale (de_DE): the form reads and shows "38,5", files always hold "38.5".

* Files: ``predict`` (JSON and CSV) run in a process whose locale environment is German writes
  byte-identical output to one run under the C locale; the consult note is still produced.
* Form: with QLocale's default set to German before the window exists, numbers are shown with a
  comma, typed with a comma, and a saved case file holds '.' decimals that load back correctly.
"""

from __future__ import annotations

import json

import pytest
from PySide6 import QtCore

from tests.conftest import EXAMPLE_CASE, run_cli_process

GERMAN_ENV = {"LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8", "LC_NUMERIC": "de_DE.UTF-8", "LANGUAGE": "de"}
C_ENV = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LC_NUMERIC": "C.UTF-8", "LANGUAGE": ""}
CASE = dict(EXAMPLE_CASE, largest_lesion_mm=38.5, age_years=61.5)


def test_cli_outputs_do_not_depend_on_the_locale(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(",".join(CASE) + "\n" + ",".join(str(v).lower() for v in CASE.values()) + "\n", encoding="utf-8")
    outputs = {}
    for name, env in (("german", GERMAN_ENV), ("c", C_ENV)):
        json_run = run_cli_process("predict", case, "--months", "12,60.5", env=env)
        csv_run = run_cli_process("predict", cohort, "--months", "12,60.5", env=env)
        assert json_run.returncode == 0 and csv_run.returncode == 0, (json_run.stderr, csv_run.stderr)
        outputs[name] = (json_run.stdout, csv_run.stdout)
    assert outputs["german"] == outputs["c"]
    text_json, text_csv = outputs["german"]
    data = json.loads(text_json)
    assert data["case"]["largest_lesion_mm"] == 38.5 and data["overall_survival"]["months"] == [12, 60.5]
    assert "os_60.5" in text_csv.splitlines()[0] and ",38.5," in text_csv.splitlines()[1]


def test_the_consult_note_is_written_under_a_german_locale(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    note = tmp_path / "note.pdf"
    result = run_cli_process("report", case, "--out", note, env=GERMAN_ENV)
    assert result.returncode == 0, result.stderr
    assert note.read_bytes().startswith(b"%PDF")


@pytest.fixture
def german_locale():
    previous = QtCore.QLocale()
    QtCore.QLocale.setDefault(QtCore.QLocale(QtCore.QLocale.Language.German, QtCore.QLocale.Country.Germany))
    yield
    QtCore.QLocale.setDefault(previous)


@pytest.fixture
def german_window(german_locale, window):
    """The shared main window (tests/conftest.py), built under a German default locale."""
    return window


def _type(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    field.editingFinished.emit()


def test_the_form_reads_and_shows_decimal_commas_and_saves_points(german_window, qtbot, tmp_path):
    window = german_window
    form = window.form
    form.set_values(CASE)
    assert form.ki67.text() == "4,5" and form.size.text() == "38,5" and form.age.text() == "61,5"
    _type(qtbot, form.size, "42,5")
    _type(qtbot, form.ki67, "12,5")
    assert form.values()["largest_lesion_mm"] == 42.5 and form.values()["ki67_percent"] == 12.5
    assert window.current_prediction() is not None
    target = tmp_path / "case.json"
    assert window.write_case_file(target) is True, window.errors
    text = target.read_text(encoding="utf-8")
    saved = json.loads(text)
    assert saved["largest_lesion_mm"] == 42.5 and saved["ki67_percent"] == 12.5 and saved["age_years"] == 61.5
    assert "42,5" not in text and "12,5" not in text
    form.set_values(EXAMPLE_CASE)
    assert window.load_case_file(target) is not False
    assert form.size.text() == "42,5" and form.ki67.text() == "12,5"
