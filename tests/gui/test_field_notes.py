"""Notes from the literature beside a form field (issue 13, point 8): imaging finds fewer than half of
the liver lesions, shown beside the lesion count, its words from evidence.json and its source on hover."""

from __future__ import annotations

import re

from desktop.model.evidence import load_evidence
from desktop.report.field_notes import field_notes
from tests.conftest import EXAMPLE_CASE


def test_the_lesion_count_has_the_imaging_note_from_the_evidence_file(window):
    window.form.set_values(EXAMPLE_CASE)
    note = window.form.field_notes["liver_lesion_count"]
    imaging = load_evidence().resolve("criteria.imaging_detection")
    assert note.isVisibleTo(window.form) and note.message() == imaging["text"]
    assert "fewer than half" in note.message()
    tip = note.toolTip()
    assert tip.startswith("Gangi & Howe, Ann Surg Oncol 2020, Surgical Management, 'Surgical Cytoreduction'")
    assert f"“{imaging['quote']}”" in tip
    assert not re.search(r"\.txt|\bline\b|\bseed\b", tip)  # a reader's citation, no file of ours
    assert note.accessibleDescription() == tip


def test_the_note_sits_between_the_lesion_count_and_the_next_field(window, qtbot):
    window.form.set_values({**EXAMPLE_CASE, "liver_lesion_count": 10})  # with the model's 9 -> 10 note too
    window.show()
    qtbot.waitExposed(window)
    form = window.form
    note, model_note = form.field_notes["liver_lesion_count"], form.messages["liver_lesion_count"]
    assert model_note.isVisible() and "10 or more liver lesions" in model_note.message()
    top = lambda w: w.mapTo(form, w.rect().topLeft()).y()  # noqa: E731
    bottom = lambda w: w.mapTo(form, w.rect().bottomLeft()).y()  # noqa: E731
    assert bottom(form.lesions) < top(model_note) < bottom(model_note) <= top(note) < bottom(note) < top(form.size)
    # the field's own messages never replace the note
    form.lesions.setText("150")
    assert form.messages["liver_lesion_count"].kind == "flag" and note.isVisible()


def test_no_note_and_no_failure_when_the_evidence_file_cannot_be_read(window, monkeypatch, qtbot):
    from desktop.model import ParameterError
    from desktop.qt import main_window

    def broken(directory=None):
        raise ParameterError("parameter file altered: evidence.json")

    monkeypatch.setattr("desktop.report.field_notes.field_notes", broken)
    other = main_window.MainWindow(persist=False)
    qtbot.addWidget(other)
    assert not other.form.field_notes["liver_lesion_count"].isVisibleTo(other.form)
    assert field_notes()["liver_lesion_count"]["sources"][0]["paper"] == "review2020"


def test_the_note_is_read_without_the_evidence_machinery(tmp_path):
    """The form is built at start-up: its note must not import what the Evidence tab needs later."""
    import subprocess
    import sys

    from tests.conftest import REPO

    code = ("import sys; from desktop.report.field_notes import field_notes; field_notes(); "
            "print(sorted(m for m in sys.modules if m.startswith(('desktop.model.evidence', 'desktop.report.evidence'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_missing_evidence_file_is_refused(tmp_path):
    import pytest

    from desktop.model import ParameterError

    with pytest.raises(ParameterError, match="missing"):
        field_notes(tmp_path)
