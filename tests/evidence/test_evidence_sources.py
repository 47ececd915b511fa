"""Every number of the evidence panels is tied to its source line in the seed texts.

Two levels:
* the data file: each fact's verbatim quote is on its seed line, and every number the fact
  states is printed in that quote (``model_params/evidence.json``);
* the output: for several cases, every number displayed by ``evidence_for`` (labels, texts,
  table cells) is printed on one of the seed lines the item cites. Patient-specific words
  (inputs, derived numbers) live in ``patient`` fields, which are checked separately.
"""

from __future__ import annotations

import json
import re

import pytest

from desktop.model import validate_case
from desktop.model.evidence import fact_numbers, iter_facts, load_evidence, quote_numbers
from desktop.report.evidence import evidence_for
from tests.conftest import EXAMPLE_CASE, SEEDS, seed_lines

# Names and descriptors that hold digits but are not data: trial names, "Ki-67", "5-year", "Table 2", "95% CI".
_NAMES = ("Ki-67", "Ki\u201067", "RADIANT-4", "Radiant-4", "NETTER-1", "ECOG 2211", "ECOG2211", "177Lu")
_TOKEN = re.compile(r"(?<![A-Za-z\d./])\d+(?:\.\d+)?")


def display_numbers(text: str) -> list[float]:
    for name in _NAMES:
        text = text.replace(name, " ")
    text = re.sub(r"\b\d+-(?:year|month|day|week)s?\b", " ", text)
    text = re.sub(r"\b(?:Table|Figure)\s*\d+", " ", text)
    text = text.replace("95% CI", " ")
    out = []
    for token in _TOKEN.findall(text):
        if "." not in token and len(token) == 4 and 1970 <= int(token) <= 2030:
            continue  # a year: of publication or of a study period
        out.append(float(token))
    return out


@pytest.fixture(scope="module")
def evidence():
    return load_evidence()


@pytest.fixture(scope="module")
def seeds():
    from desktop.model.evidence import load_evidence as load

    data = load().data
    return {key: seed_lines(SEEDS / source["seed"]) for key, source in data["sources"].items()}


# ------------------------------------------------------------------ the data file


def test_every_fact_quotes_its_seed_line_verbatim_and_holds_only_printed_numbers(evidence, seeds):
    count = 0
    for path, source, fact in iter_facts(evidence.data):
        line = seeds[source][fact["line"] - 1]
        assert fact["quote"] in line, (path, source, fact["line"], fact["quote"], line[:200])
        printed = quote_numbers(fact["quote"])
        for number in fact_numbers(fact):
            assert number in printed, (path, number, fact["quote"])
        count += 1
    assert count > 150, count  # the whole file is covered, not a sample


def test_table_2_cells_sit_in_their_columns(evidence, seeds):
    """Minor and major hepatectomy must not be swapped: each cell is the printed text of its column."""
    sec = evidence.data["perioperative"]
    header = seeds["mayo2023"][sec["columns"]["all"]["line"] - 1].split("\t")
    assert "All patients" in header[1] and "Minor" in header[2] and "Major" in header[3]
    assert len(sec["rows"]) == 10
    for row in sec["rows"]:
        cells = seeds["mayo2023"][row["line"] - 1].split("\t")
        assert cells[0] == row["printed_label"]
        assert [row["all"]["quote"], row["minor"]["quote"], row["major"]["quote"], row["p"]] == [c.strip() for c in cells[1:5]]


def test_era_rows_are_the_three_published_periods(evidence, seeds):
    rows = {r["key"]: r for r in evidence.data["era"]["rows"]}
    assert (rows["2000_2006"]["os_5y"]["percent"], rows["2007_2013"]["os_5y"]["percent"],
            rows["2014_2020"]["os_5y"]["percent"]) == (71, 78, 81)
    assert rows["2014_2020"]["os_10y"] is None  # not published: never invented
    assert "(2000–2006; 2007–2013; 2014–2020)" in seeds["mayo2023"][evidence.data["era"]["periods"]["line"] - 1]


def test_corrections_and_disagreements_are_recorded(evidence):
    clarinet = next(r for r in evidence.data["trials"]["rows"] if r["key"] == "clarinet")
    assert "wrong order" in clarinet["effect"]["correction"]
    assert clarinet["effect_text"].startswith("median PFS not reached vs 18.0 months (placebo)")
    notes = json.dumps(evidence.data["conversion_notes"])
    assert "Male 83" in notes and "langle" in notes
    for section in ("symptom_relief", "tokyo", "mdanderson", "criteria"):
        assert evidence.data[section]["disagreements"], section


def test_every_reference_resolves_to_a_fact_or_a_model_number(evidence):
    from desktop.model.evidence import is_fact

    refs = evidence.index.all_refs()
    assert len(refs) > 20
    for ref in refs:
        target = evidence.resolve(ref)
        assert is_fact(target) or ref.startswith("mayo2023.json:"), ref


# ------------------------------------------------------------------ the output

CASES = [
    EXAMPLE_CASE,
    {**EXAMPLE_CASE, "ki67_percent": None, "cytoreduction": None},
    {**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "lung", "years_primary_to_liver_mets": 6,
     "planned_hepatectomy": "major", "hormonal_syndrome": "insulinoma", "percent_liver_replaced": 65,
     "ki67_percent": 35, "liver_lesion_count": 60, "bilobar_metastases": True, "carcinoid_heart_disease": True,
     "primary_resected": False, "stable_disease_6_months": False, "cytoreduction": "incomplete_under_90", "age_years": 58},
    {**EXAMPLE_CASE, "primary_site": "other", "primary_detail": "rectum", "years_primary_to_liver_mets": 0,
     "planned_hepatectomy": "minor", "hormonal_syndrome": "none", "percent_liver_replaced": 20, "age_years": 45},
    {**EXAMPLE_CASE, "primary_site": "pancreas", "hormonal_syndrome": "gastrinoma", "cytoreduction": "incomplete_over_90",
     "ki67_percent": 1},
]
_NOT_CHECKED = {"patient", "derived", "check", "key", "status", "kind", "name", "paper", "short", "cite", "where", "quote"}


def _displayed_strings(item: dict):
    """Strings of an item and of nested dicts without sources of their own."""
    for key, value in item.items():
        if key in _NOT_CHECKED:
            continue
        if isinstance(value, str):
            yield key, value
        elif isinstance(value, dict) and "sources" not in value:
            yield from _displayed_strings(value)


def _items_with_sources(node, path=""):
    if isinstance(node, dict):
        if isinstance(node.get("sources"), list) and path != "":
            yield path, node
        for key, value in node.items():
            if key != "sources" or path == "":
                yield from _items_with_sources(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _items_with_sources(value, f"{path}[{i}]")


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_every_displayed_number_is_in_a_cited_quote_found_in_its_paper(data, params, seeds):
    """Displayed numbers are printed in the quotes the item cites, and every quote is the paper's own words."""
    output = evidence_for(validate_case(data), params=params)
    papers = {key: [" ".join(line.split()) for line in lines] for key, lines in seeds.items()}
    checked = 0
    for path, item in _items_with_sources(output):
        printed = set()
        for source in item["sources"]:
            assert set(source) == {"paper", "cite", "where", "quote"}, source  # no seed file, no line number
            assert any(source["quote"] in line for line in papers[source["paper"]]), (path, source)
            printed.update(quote_numbers(source["quote"]))
        for key, text in _displayed_strings(item):
            for number in display_numbers(text):
                assert number in printed, (path, key, number, text, item["sources"])
                checked += 1
    assert checked > 250, checked


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_every_table_cell_and_statement_cites_a_source(data, params):
    output = evidence_for(validate_case(data), params=params)
    for section in ("perioperative", "symptom_relief", "tokyo", "md_anderson", "guideline_criteria", "therapy_trials"):
        for path, item in _items_with_sources(output[section]):
            if any(display_numbers(t) for _, t in _displayed_strings(item)):
                assert item["sources"], (section, path)


def test_display_numbers_skips_names_and_descriptors_but_not_data():
    assert display_numbers("RADIANT-4: 5-year OS 36% (95% CI 1.04-1.18) in Ki-67 G1/G2, 2014–2020, Table 2") == [36, 1.04, 1.18]
