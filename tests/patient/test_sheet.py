"""What the take-home sheet says: plain words, the counselling view's numbers, no jargon, reading level."""

from __future__ import annotations

import functools
import re
from datetime import date

import numpy as np
import pytest

from desktop.model import predict, validate_case
from desktop.report import follow_up, numbers
from desktop.report.patient_sheet import build_sheet, no_picture_reasons
from desktop.report.words import LANGUAGES, Words
from tests.patient.cases import CASES, case_of

GRID = np.arange(0, 181.0)
# what a patient must never be handed: model jargon, statistics, our file names
FORBIDDEN = re.compile(r"hazard|\bHR\b|\bcox\b|coefficient|confidence|seed|\.json|\.txt|model_params|sha256|"
                       r"p-value|baseline|Gudmundsdottir|Ann Surg", re.IGNORECASE)


def sheet_for(name: str, language: str = "en", years: int = 5, **kwargs):
    case = case_of(name)
    prediction = None if name == "out_of_scope" else predict(case, GRID)
    return build_sheet(case, prediction, years, words=Words.from_ts(language), today=date(2026, 12, 3), **kwargs)


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("name", list(CASES))
def test_the_sheet_has_no_jargon_and_no_label_unless_asked(name, language):
    sheet = sheet_for(name, language)
    text = sheet.text() + sheet.footer
    assert not FORBIDDEN.search(text), FORBIDDEN.search(text)
    assert CASES[name]["label"] not in text and sheet.label is None
    assert len(sheet.questions) in (3, 4)
    labelled = sheet_for(name, language, include_label=True)
    assert CASES[name]["label"] in labelled.label


@pytest.mark.parametrize("years", [1, 2, 5, 10])
def test_the_sheet_shows_the_counselling_views_numbers(years):
    case = case_of("unknown")
    prediction = predict(case, GRID)
    sheet = build_sheet(case, prediction, years)
    assert [(g.key, g.count) for g in sheet.groups] == numbers.icon_groups(prediction, years, True)
    assert sheet.sentences == [numbers.sentence(prediction, o, years)
                               for o in ("overall_survival", "progression_free_survival")]
    _, lower, upper = prediction.overall_survival.at(12 * years)
    assert sheet.alive_range == (numbers.per_hundred(lower), numbers.per_hundred(upper))
    alive = 100 - dict((g.key, g.count) for g in sheet.groups)["died"]
    assert sheet.alive_range[0] <= alive <= sheet.alive_range[1]
    only_survival = build_sheet(case, prediction, years, with_progression=False)
    assert [g.key for g in only_survival.groups] == ["alive", "died"] and len(only_survival.sentences) == 1
    # the extent is unknown: the sheet says the numbers average over the possible results
    assert any("not known yet" in line for line in sheet.limits)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_out_of_scope_sheet_says_why_there_is_no_estimate(language):
    sheet = sheet_for("out_of_scope", language)
    assert not sheet.estimate and not sheet.groups and not sheet.sentences
    assert not re.search(r"\d+ (of|de|von) 100", " ".join(sheet.no_estimate))
    reason = {"en": "poorly differentiated", "es": "poco diferenciado", "de": "schlecht differenziert"}[language]
    assert reason in " ".join(sheet.no_estimate)
    assert sheet.details[-1][1] == reason  # and the details say what the case is


def test_details_are_in_plain_words_and_numbers_follow_the_language():
    de = dict(sheet_for("unknown", "de").details)
    assert de["Größe des größten Herdes"] == "41,5 mm Durchmesser"
    assert de["Ki-67 (wie schnell sich die Tumorzellen teilen)"] == "nicht bekannt"
    en = dict(sheet_for("best", "en").details)
    assert en["Spots of tumour in the liver"] == "1 spot" and en["Age"] == "35 years"
    assert en["How much of the tumour the operation took out"] == "all the tumour that could be seen"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_sheet_at_a_follow_up_visit_says_how_long_since_the_operation(language):
    expected = {"en": [("3 years", "no"), ("8 months", "yes")], "es": [("3 años", "no"), ("8 meses", "sí")],
                "de": [("3 Jahre", "nein"), ("8 Monate", "ja")]}[language]
    for (since, progressed), visit in zip(expected, [(36, "none"), (8, "progressed")]):
        case = validate_case({**CASES["best"], "months_since_surgery": visit[0], "progression_so_far": visit[1]})
        sheet = build_sheet(case, predict(case, GRID), 5, words=Words.from_ts(language), today=date(2026, 12, 3))
        assert [value for _, value in sheet.details[-2:]] == [since, progressed]


def test_a_late_visit_counts_from_today_within_the_models_15_years():
    """10 years 10 months after surgery, 5 years from today is past the model's 15 years: the
    sheet showed the 15-year value as "5 years from now" and said "about 100 are alive 5 years
    after surgery; the range is 100 to 100". The picture now takes the longest horizon that fits
    (2 years: 154 months) and every sentence counts from today."""
    case = validate_case({**CASES["best"], "months_since_surgery": 130, "progression_so_far": "progressed"})
    prediction = predict(case, GRID)
    sheet = build_sheet(case, prediction, 5, words=Words.from_ts("en"), today=date(2026, 12, 3))
    assert sheet.estimate and "2 years from now" in sheet.picture_title and "5 years" not in sheet.picture_title
    alive = dict((group.key, group.count) for group in sheet.groups)["alive"]
    point, lower, upper = numbers.at_month(prediction.overall_survival, 130 + 24)
    assert alive == numbers.per_hundred(point)
    assert sheet.alive_range == (numbers.per_hundred(lower), numbers.per_hundred(upper))
    said = " ".join(sheet.sentences)
    assert "after surgery" not in said and "100 to 100" not in said
    assert f"about {alive} are alive 2 years from now" in said
    assert sheet.details[-2][1] == "10 years and 10 months"  # not rounded to "11 years"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_visit_where_even_one_year_is_past_the_model_gives_no_picture(language):
    """At 14 years 11 months even "1 year from now" is past the model's end: no picture (it
    showed 97 of 100 alive "5 years from now"), and why, in the patient's language."""
    case = validate_case({**CASES["best"], "months_since_surgery": 179, "progression_so_far": "none"})
    prediction = predict(case, GRID)
    assert numbers.horizons_within(prediction) == []
    sheet = build_sheet(case, prediction, 5, words=Words.from_ts(language), today=date(2026, 12, 3))
    assert not sheet.estimate and not sheet.groups
    reason = {"en": "followed people for 15 years", "es": "durante 15 años", "de": "15 Jahre lang"}[language]
    assert any(reason in line for line in sheet.no_estimate), sheet.no_estimate


def test_the_horizon_is_kept_when_it_fits_and_shortened_only_as_far_as_needed():
    at_surgery = predict(validate_case(CASES["best"]), GRID)
    assert numbers.horizons_within(at_surgery) == list(numbers.HORIZONS)
    assert [numbers.fitting_horizon(at_surgery, y) for y in numbers.HORIZONS] == list(numbers.HORIZONS)
    visit = predict(validate_case({**CASES["best"], "months_since_surgery": 100, "progression_so_far": "none"}), GRID)
    assert numbers.horizons_within(visit) == [1, 2, 5]  # 100 + 60 = 160 <= 180 < 100 + 120
    assert [numbers.fitting_horizon(visit, y) for y in (1, 2, 5, 10)] == [1, 2, 5, 5]



def test_the_sheet_and_the_counselling_view_share_one_no_picture_rule():
    """``no_picture_reasons`` decides for both: a case at surgery has a picture; a visit at 179
    months has none (even one year from today is past the model's end); a poorly
    differentiated tumour has none, for that reason alone."""
    at_surgery = validate_case(CASES["best"])
    assert no_picture_reasons(at_surgery, predict(at_surgery, GRID), 5) == []
    late = validate_case({**CASES["best"], "months_since_surgery": 179, "progression_so_far": "none"})
    assert no_picture_reasons(late, predict(late, GRID), 5) == ["beyond_follow_up"]
    at_100 = validate_case({**CASES["best"], "months_since_surgery": 100, "progression_so_far": "none"})
    assert no_picture_reasons(at_100, predict(at_100, GRID), 10) == []  # shortened to 5 years, not refused
    poor = case_of("out_of_scope")
    assert no_picture_reasons(poor, None, 5) == ["differentiation"]
    assert no_picture_reasons(poor, predict(poor, GRID), 5) == ["differentiation"]

# ------------------------------------------------------------------ reading level


@functools.lru_cache(maxsize=None)
def _hyphenation():
    import pyphen

    return pyphen.Pyphen(lang="en_US", left=1, right=1)


def syllables(word: str) -> int:
    """Syllables of an English word: pyphen's hyphenation points undercount (it never breaks
    "surgery" or "alive"), so take the larger of its count and the count of vowel groups."""
    by_pyphen = len(_hyphenation().positions(word)) + 1
    lower = word.lower()
    groups = len(re.findall(r"[aeiouy]+", lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and groups > 1:
        groups -= 1  # silent final e
    return max(by_pyphen, groups, 1)


def flesch_kincaid_grade(text: str) -> float:
    """0.39 words/sentence + 11.8 syllables/word - 15.59. Each line is at least one sentence
    (a list item or heading ends where its line does); a number counts as one word of two syllables."""
    sentences = [s for line in text.splitlines() for s in re.split(r"[.!?;:]+\s", line + " ") if re.search(r"\w", s)]
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)?", text)
    total = sum(2 if w[0].isdigit() else syllables(w.replace("’", "'")) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * total / len(words) - 15.59


def test_syllable_counts_are_sane():
    assert [syllables(w) for w in ("the", "alive", "surgery", "people", "operation", "extrapolation")] == [
        1, 2, 3, 2, 4, 5]


@pytest.mark.parametrize("name", list(CASES))
def test_english_sheet_reads_at_grade_8_or_below(name):
    sheet = sheet_for(name)
    grade = flesch_kincaid_grade(sheet.text())
    print(f"Flesch-Kincaid grade of the English sheet ({name}): {grade:.1f}")
    assert grade <= 8.0


def test_english_counselling_view_words_read_at_grade_8_or_below(qtbot):
    from desktop.qt.counselling import CounsellingView

    view = CounsellingView(5, language="en")
    qtbot.addWidget(view)
    worst = []
    for name in ("best", "worst", "unknown"):
        view.show_prediction(predict(case_of(name), GRID))
        for years in (1, 10):
            view.set_years(years)
            shown = [view.title.text(), view.horizon_label.text(), view.progression_box.text(),
                     *(text.text() for row, text in view.legend_rows.values() if not row.isHidden()),
                     view.sentences.text(), view.footer.text()]
            text = "\n".join(re.sub(r"<br>|<br/>", "\n", re.sub(r"</?b>", "", t)) for t in shown)
            worst.append((flesch_kincaid_grade(text), name, years))
    grade, name, years = max(worst)
    print(f"Flesch-Kincaid grade of the English counselling view: at most {grade:.1f} ({name}, {years} years)")
    assert grade <= 8.0


def test_best_typical_and_worst_case_are_the_counselling_views():
    case = case_of("worst")
    prediction = predict(case, GRID)
    sheet = build_sheet(case, prediction, 5, words=Words.from_ts("es"))
    assert sheet.scenarios == follow_up.FollowUpWords(Words.from_ts("es")).outlook(prediction)
    assert len(sheet.scenarios) == 3 and sheet.scenarios[0].startswith("En el peor caso")
    # a long-lived case: the best case lies beyond the study's 15 years and is said so, not guessed
    good = case_of("best")
    assert predict(good, GRID).scenarios["best"]["months"] is None
    assert build_sheet(good, predict(good, GRID), 5).scenarios[-1].startswith("Best case: more than 1 in 10")


def test_the_range_is_worded_and_drawn_as_in_the_counselling_view():
    case = case_of("unknown")
    prediction = predict(case, GRID)
    sheet = build_sheet(case, prediction, 2)
    assert sheet.alive_range == numbers.icon_range(prediction, 2)
    assert sheet.range_text == follow_up.FollowUpWords().range_words(*sheet.alive_range)
