"""The patient's languages: complete after lupdate, plural forms right, .qm files as their .ts say."""

from __future__ import annotations

import importlib.util
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from desktop.report.words import I18N_DIR, LANGUAGES, Words, is_reviewed, qm_path, read_ts, ts_path
from tests.conftest import REPO

COUNTS = (0, 1, 2, 5, 21)


def _tools():
    spec = importlib.util.spec_from_file_location("translations_tool", REPO / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    """The .ts files as pyside6-lupdate leaves them after scanning today's sources (in a copy)."""
    folder = tmp_path_factory.mktemp("ts")
    for language in LANGUAGES:
        shutil.copy(ts_path(language), folder)
    _tools().update(folder)
    return folder


@pytest.mark.parametrize("language", ["es", "de", "en"])
def test_every_patient_facing_string_is_translated_after_lupdate(refreshed, language):
    """No unfinished, vanished or obsolete entry: a new or changed patient-facing string fails
    here until it is translated (python tools/translations.py update, then translate and release)."""
    root = ElementTree.parse(refreshed / f"netlm_risk_{language}.ts").getroot()
    problems, count = [], 0
    for context in root.iter("context"):
        for message in context.iter("message"):
            count += 1
            translation = message.find("translation")
            source = message.findtext("source")
            if translation.get("type"):
                problems.append(f"{translation.get('type')}: {context.findtext('name')}: {source!r}")
            forms = ([f.text for f in translation.iter("numerusform")] if message.get("numerus") == "yes"
                     else [translation.text])
            if not all(f and f.strip() for f in forms):
                problems.append(f"empty: {context.findtext('name')}: {source!r}")
            elif any(f.count("{") != source.count("{") for f in forms):
                problems.append(f"placeholders differ: {source!r}")
            elif "%n" in source and not all("%n" in f for f in forms):
                problems.append(f"count missing: {source!r}")
    assert not problems, "\n".join(problems)
    # English holds only the counted phrases (-pluralonly); the other two hold every string
    assert count >= (8 if language == "en" else 60)


def test_the_committed_qm_files_are_what_lrelease_makes_of_the_ts_files(tmp_path):
    """The wheel ships the committed .qm files (hatchling does not run lrelease): they must be current."""
    for made in _tools().release(tmp_path):
        committed = I18N_DIR / made.name
        assert committed.read_bytes() == made.read_bytes(), (
            f"{committed.name} is stale: run python tools/translations.py release")


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_qt_translator_says_what_the_ts_file_says(qapp, language):
    from desktop.qt.language import QtWords

    qt, ts = QtWords(language), Words.from_ts(language)
    catalog = read_ts(ts_path(language))
    assert catalog
    for context, source, comment in catalog:
        for n in (COUNTS if "%n" in source else (-1,)):
            assert qt.translate(context, source, comment, n) == ts.translate(context, source, comment, n), source


PEOPLE = {
    "en": ["0 people have died", "1 person has died", "2 people have died", "5 people have died",
           "21 people have died"],
    "es": ["0 personas han fallecido", "1 persona ha fallecido", "2 personas han fallecido",
           "5 personas han fallecido", "21 personas han fallecido"],
    "de": ["0 Menschen sind gestorben", "1 Mensch ist gestorben", "2 Menschen sind gestorben",
           "5 Menschen sind gestorben", "21 Menschen sind gestorben"],
}
YEARS = {
    "en": ["0 years", "1 year", "2 years", "5 years", "21 years"],
    "es": ["0 años", "1 año", "2 años", "5 años", "21 años"],
    "de": ["0 Jahre", "1 Jahr", "2 Jahre", "5 Jahre", "21 Jahre"],
}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_plural_forms_at_0_1_2_5_21(qapp, language):
    from desktop.qt.language import QtWords
    from desktop.report.numbers import PlainWords

    for words in (QtWords(language), Words.from_ts(language)):
        plain = PlainWords(words)
        assert [plain.legend("died", n) for n in COUNTS] == PEOPLE[language]
        assert [words.translate("CounsellingView", "%n years", "", n) for n in COUNTS] == YEARS[language]


def test_numbers_follow_the_language_not_the_workstation(qapp):
    from PySide6 import QtCore

    from desktop.qt.language import words_for

    for language in LANGUAGES:
        expected = QtCore.QLocale(language).toString(4.5, "f", 1)
        assert words_for(language).number(4.5, 1) == expected
    assert words_for("de").number(4.5, 1) == "4,5" and words_for("en").number(4.5, 1) == "4.5"


def test_review_status_is_shown_until_a_clinician_reviews_the_language(monkeypatch, tmp_path):
    import desktop.report.words as words

    assert words.english().unreviewed_note == ""
    for language in ("es", "de"):
        note = Words.from_ts(language).unreviewed_note
        assert not is_reviewed(language)
        assert note.endswith("Translation not yet reviewed by a clinician") and " · " in note
    reviewed = tmp_path / "i18n"
    reviewed.mkdir()
    (reviewed / "review.json").write_text('{"es": {"reviewed": true, "reviewer": "Dra. A. B.", "date": "2026-12-01"},'
                                          ' "de": {"reviewed": true, "reviewer": ""}}', encoding="utf-8")
    monkeypatch.setattr(words, "I18N_DIR", reviewed)
    assert Words("es").unreviewed_note == ""
    assert Words("de").unreviewed_note != ""  # "reviewed" without a reviewer's name does not count


def test_every_language_has_its_files():
    for language in LANGUAGES:
        assert ts_path(language).is_file() and qm_path(language).is_file()
    assert Path(I18N_DIR, "review.json").is_file()
