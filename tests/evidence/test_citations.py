"""Citations a reader can follow (issue 13, point 7): users see author, journal, year, the place in
the paper and the verbatim words; seed files and lines stay in model_params/ as the developers'
provenance, where every quote of both parameter files is checked against the source text."""

from __future__ import annotations

import json
import re

import pytest

from desktop.cli import main
from desktop.model import validate_case
from desktop.model.evidence import load_evidence, quote_numbers
from desktop.report.evidence import evidence_for, evidence_sections
from tests.conftest import EXAMPLE_CASE, SEEDS, seed_lines

_OURS = re.compile(r"\d{3}_[0-9a-f]{16}|\.txt\b|\bseed\b|\bline \d+|\"line\"")


def _normalised(lines):
    return [" ".join(line.split()) for line in lines]


def _mayo_facts(published: dict):
    """(path, fact) for every quoted number of mayo2023.json."""
    for outcome, table in published["hazard_ratios"].items():
        for name, entry in table.items():
            if isinstance(entry, dict):
                yield f"hazard_ratios.{outcome}.{name}", entry
    for outcome in ("overall_survival", "progression_free_survival"):
        for entry in published["milestones"][outcome]:
            yield f"milestones.{outcome}.{entry['months']}", entry
    yield "milestones.overall_survival_median", published["milestones"]["overall_survival_median"]
    for outcome, groups in published["subgroup_medians"]["quotes"].items():
        for name, entry in groups.items():
            yield f"subgroup_medians.{outcome}.{name}", entry


def _printed_forms(key: str, value: float, entry: dict) -> set[float]:
    """How a stored number may be printed: as is, a proportion as a percent, a milestone month in years."""
    forms = {float(value)}
    if key in ("survival", "lower", "upper") and value < 1:
        forms.add(round(value * 100, 6))
    if key == "months" and "survival" in entry and entry["months"] % 12 == 0:
        forms.add(value / 12)
    return forms


def _is_median(key: str, value: float, entry: dict) -> bool:
    return key == "survival" and value == 0.5 and "median" in entry["quote"]


def test_every_number_of_the_model_file_has_a_verbatim_quote_on_its_line():
    """The same check as evidence.json's facts: the quote is on its seed line and holds every number."""
    published = load_evidence().mayo
    lines = _normalised(seed_lines(SEEDS / load_evidence().data["sources"]["mayo2023"]["seed"]))
    count = 0
    for path, entry in _mayo_facts(published):
        assert isinstance(entry.get("quote"), str), path
        assert entry["quote"] in lines[entry["line"] - 1], (path, entry["quote"])
        printed = set(quote_numbers(entry["quote"]))
        for key, value in entry.items():
            if key == "line" or isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if "printed" in entry and key == "upper":
                assert entry["printed"] in entry["quote"], path  # the corrected limit: the misprint is quoted
                continue
            assert _printed_forms(key, value, entry) & printed or _is_median(key, value, entry), \
                (path, key, value, entry["quote"])
        count += 1
    assert count == 22 + 7 + 6, count  # every HR of Tables 3 and 4, every milestone and subgroup median


@pytest.mark.parametrize("changes", [{}, {"primary_site": "other", "primary_detail": "lung", "ki67_percent": None,
                                         "hormonal_syndrome": "carcinoid", "years_primary_to_liver_mets": 5}])
def test_no_output_a_user_sees_names_a_seed_file_or_a_line(params, changes, case_file, capsys):
    case = validate_case({**EXAMPLE_CASE, **changes})
    evidence = evidence_for(case, params=params)
    assert not _OURS.search(json.dumps(evidence, ensure_ascii=False))
    for section in evidence_sections(evidence):
        text = " ".join([section.title, *section.paragraphs, *section.footnotes,
                         *(" ".join(q) for q in section.footnote_quotes)]
                        + ([" ".join(c for row in section.table.rows for c in row)] if section.table else []))
        assert not _OURS.search(text), (section.title, _OURS.search(text).group(0))
    assert main(["predict", str(case_file({**EXAMPLE_CASE, **changes})), "--no-ranges"]) == 0
    out = capsys.readouterr().out
    assert not _OURS.search(out), _OURS.search(out).group(0)


def test_a_record_names_author_journal_year_place_and_quote(params):
    evidence = evidence_for(validate_case({**EXAMPLE_CASE, "planned_hepatectomy": "major"}), params=params)
    row = next(r for r in evidence["perioperative"]["rows"] if r["key"] == "major_complication")
    assert row["sources"] == [{"paper": "mayo2023", "cite": "Gudmundsdottir et al., Ann Surg Oncol 2023", "where": "Table 2",
                               "quote": "Any major complication 108 (20) 66 (17) 42 (29) 0.002"}]
    lung = next(c for c in evidence["md_anderson"]["cautions"] if c["key"] == "lung_thymus")
    assert {(s["cite"], s["where"]) for s in lung["sources"]} >= {("Glazer et al., HPB 2010", "Table 5"),
                                                                  ("Gudmundsdottir et al., Ann Surg Oncol 2023", "Table 3")}


def test_places_in_the_papers_start_where_their_headings_are():
    data = load_evidence().data
    for key, source in data["sources"].items():
        lines = seed_lines(SEEDS / source["seed"])
        firsts = [p[0] for p in source["places"]]
        assert firsts == sorted(firsts) and firsts[0] == 1 or firsts[0] <= 12, key
        for first, name, heading in source["places"]:
            if heading:
                assert heading in lines[first - 1], (key, name, heading)


def test_details_from_outside_the_source_text_are_marked(params):
    evidence = evidence_for(validate_case(EXAMPLE_CASE), params=params)
    assert "added from outside the source text" in evidence["sources"]["mdanderson"]["outside_source_text"]
    sources = next(s for s in evidence_sections(evidence) if s.title == "Sources of the appendix")
    assert any("Glazer et al., HPB 2010" in p and "outside the source text" in p for p in sources.paragraphs)
    assert "Calgary" not in json.dumps(evidence["symptom_relief"]["other_series"])


def test_every_table_1_number_of_the_model_file_is_in_its_quoted_row():
    """Table 1 of mayo2023.json: each row is quoted verbatim, and every count, median and IQR the model
    uses stands in its column of that row (all patients, small intestine, pancreas, other)."""
    published = load_evidence().mayo["cohort_table1"]
    lines = seed_lines(SEEDS / load_evidence().data["sources"]["mayo2023"]["seed"])
    columns = [published["all"]] + [published["sites"][s] for s in ("small_intestine", "pancreas", "other")]
    cell_text = {
        "n": lambda c, _: f"(n = {c['n']})",
        "age": lambda c, _: f"{c['age_median']} ({c['age_iqr'][0]}–{c['age_iqr'][1]})",
        "size_mm": lambda c, _: f"{c['size_mm_median']} ({c['size_mm_iqr'][0]}–{c['size_mm_iqr'][1]})",
        "extrahepatic_yes": lambda c, _: f"{c['extrahepatic_yes']} (",
    }
    for j, key in enumerate(("ki67_under_3", "ki67_3_20", "ki67_over_20")):
        cell_text[key] = lambda c, _, j=j: f"{c['ki67_counts'][j]} ("
    for j, key in enumerate(("lesions_1_3", "lesions_4_9", "lesions_10_plus")):
        cell_text[key] = lambda c, _, j=j: f"{c['lesion_counts'][j]} ("
    for j, key in enumerate(("cytoreduction_complete", "cytoreduction_incomplete_over_90", "cytoreduction_incomplete_under_90")):
        cell_text[key] = lambda c, _, j=j: f"{c['cytoreduction_counts'][j]} ("
    assert set(published["quotes"]) == set(cell_text)
    checked = 0
    for key, entry in published["quotes"].items():
        line = lines[entry["line"] - 1]
        assert entry["quote"] == " ".join(line.split()), key
        cells = line.split("\t")[1:5]
        for column, cell in zip(columns, cells):
            expected = cell_text[key](column, key)
            assert expected in cell if key == "n" else cell.startswith(expected), (key, expected, cell)
            checked += 1
    assert checked == 13 * 4
