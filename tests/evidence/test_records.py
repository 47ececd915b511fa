"""Evidence records (issue 13, point 5): one encoding for p values, Tokyo's two RFS models told apart,
Iowa's grade 3-4 rate beside Mayo's, MD Anderson's interval rule marked as this tool's reading and its
liver-complication HR shown with the 4 patients it rests on."""

from __future__ import annotations

import pytest

from desktop.model import ParameterError, validate_case
from desktop.model.evidence import iter_facts, load_evidence
from desktop.report.evidence import evidence_for, evidence_sections
from tests.conftest import EXAMPLE_CASE
from tests.evidence.test_thresholds import edited_evidence  # noqa: F401  (fixture)


def ev(params, **changes):
    return evidence_for(validate_case({**EXAMPLE_CASE, **changes}), params=params, with_scenario=False)


def test_every_p_value_is_stored_as_printed():
    facts = list(iter_facts(load_evidence().data))
    p_values = {(path, key): value for path, _, fact in facts for key, value in fact.items()
                if key in ("p", "p_value") or key.startswith("p_")}
    assert len(p_values) > 20
    assert all(isinstance(v, str) for v in p_values.values()), p_values
    assert p_values[("tokyo.rfs.by_lesions", "p_value")] == "< 0.001"  # printed "p < 0.001"
    assert p_values[("tokyo.os.by_lesions", "p_value")] == "0.839"
    assert p_values[("era.p_values", "p_pfs")] == "0.80"


def test_a_p_value_stored_without_its_less_than_sign_is_refused(edited_evidence):  # noqa: F811
    def change(data):
        data["tokyo"]["rfs"]["by_lesions"]["p_value"] = "0.001"

    edited_evidence(change)
    with pytest.raises(ParameterError, match="p_value"):
        load_evidence()


@pytest.mark.parametrize("value, quote, printed", [
    ("< 0.001", "p < 0.001", True),
    ("0.001", "p < 0.001", False),  # the quote has the sign: stored without it is refused
    ("< 0.001", "p $\\langle$ 0.001", True),  # TeX's less-than in the seed text
    ("0.001", "p = 0.001", True),
    ("0.001", "p = 0.0010", False),  # a digit after: another number
    ("0.001", "p = 10.001", False),  # a digit before: another number
    ("0.06", "p=.06 or 0.06", True),
    ("0.06", "p=.06", False),  # '.' before: not the number as stored
    ("0.83", "p = 0.839; p = 0.83", True),  # a later occurrence counts
])
def test_a_p_value_counts_only_where_the_quote_prints_that_number_alone(value, quote, printed):
    from desktop.model.evidence.load import _p_printed_so

    assert _p_printed_so(value, quote) is printed


def test_p_values_read_as_printed(params):
    out = ev(params)
    notes = {n["label"]: n["text"] for n in out["tokyo"]["notes"]}
    assert "p < 0.001" in notes["Hazard ratios, RFS"]
    os_rows = {r["key"]: r["text"] for r in out["tokyo"]["os_rows"]}
    assert os_rows["os_8_plus"].endswith("(p = 0.839)")
    assert "PFS p = 0.80" in out["era"]["difference"]["text"]


def test_tokyo_per_lesion_hr_comes_from_the_table_3_model_with_its_g3_hr(params):
    notes = {n["label"]: n for n in ev(params)["tokyo"]["notes"]}
    table_4, table_3 = notes["Hazard ratios, RFS"], notes["Hazard ratios, RFS (count as a number)"]
    assert "Table 4" in table_4["text"] and "per additional" not in table_4["text"]
    assert "Table 3" in table_3["text"]
    assert "HR 3.1 (95% CI 1.4–7.2), p = 0.007" in table_3["text"]
    assert "per additional metastasis: HR 1.1 (95% CI 1.0–1.1), p < 0.001" in table_3["text"]


def test_iowa_grade_3_4_rate_is_shown_beside_mayos_major_complications(params):
    out = ev(params)["perioperative"]
    text = out["comparable"]["text"]
    assert "grade 3 or higher within 90 days: 20% of all patients" in text and "grade 3 or 4: 15%" in text
    section = next(s for s in evidence_sections(ev(params)) if s.title.startswith("Perioperative risk (Mayo"))
    assert any(p.startswith("Major complications in another series:") for p in section.paragraphs)
    note = next(n for n in out["notes"] if n.get("kind") == "disagreement")
    assert "15% of grade 3 or 4" in note["text"]


def test_md_anderson_marks_its_interval_reading_and_the_four_patients(params):
    out = ev(params, years_primary_to_liver_mets=0)
    interval = next(c for c in out["md_anderson"]["cautions"] if c["key"] == "interval")
    assert "this tool's reading" in interval["patient"] and "tool's reading, not the paper's" in interval["reading"]["text"]
    liver = next(o for o in out["perioperative"]["other_series"] if o["key"] == "mdanderson_liver_complication_hr")
    assert liver["text"].endswith("it rests on 4 patients with such a complication")
