"""Thresholds come from evidence.json, boundaries sit where the sources put them, and a fact
that runs over two source lines cites both."""

from __future__ import annotations

import ast
import json
import re
import shutil

import pytest

from desktop.model import validate_case
from desktop.report.evidence import evidence_for
from tests.conftest import EXAMPLE_CASE, REPO


def ev(params, **changes):
    return evidence_for(validate_case({**EXAMPLE_CASE, **changes}), params=params)


def by_key(items):
    return {i["key"]: i for i in items}


@pytest.mark.parametrize("ki67, low_grade, high_grade", [(19.9, "met", "met"), (20, "met", "met"),
                                                         (20.01, "not met", "borderline"), (None, "unknown", "unknown")])
def test_grade_criteria_at_the_g2_g3_boundary(params, ki67, low_grade, high_grade):
    """Ki-67 of exactly 20% is G2 (WHO 3-20%): low grade for the transplant criteria, not high grade."""
    criteria = ev(params, ki67_percent=ki67, mitoses_per_2mm2=1)["guideline_criteria"]
    assert by_key(criteria["transplant"])["low_grade"]["status"] == low_grade
    assert by_key(criteria["debulking"])["high_grade"]["status"] == high_grade


@pytest.mark.parametrize("ki67, status", [(9.9, "met"), (10, "not met")])
def test_enets_ki67_is_strictly_below_its_threshold(params, ki67, status):
    assert by_key(ev(params, ki67_percent=ki67)["guideline_criteria"]["transplant"])["ki67_under_10"]["status"] == status


@pytest.mark.parametrize("lesions, group", [(7, "fewer than 8"), (8, "8 or more")])
def test_tokyo_cut_off_counts_8_as_8_or_more(params, lesions, group):
    assert ev(params, liver_lesion_count=lesions)["tokyo"]["lesion_group"] == group


@pytest.mark.parametrize("age, milan, mazzaferro", [(54.9, "met", "met"), (55, "not met", "met"), (60, "not met", "not met")])
def test_transplant_age_limits_are_strict(params, age, milan, mazzaferro):
    t = by_key(ev(params, age_years=age)["guideline_criteria"]["transplant"])
    assert (t["age_under_55"]["status"], t["age_under_60"]["status"]) == (milan, mazzaferro)


def test_every_syndrome_rate_is_printed_beside_its_syndrome_on_the_cited_lines(params):
    """The carcinoid rate's sentence breaks across two source lines; both quotes must be cited, in order."""
    words = {"carcinoid": "carcinoid syndrome", "gastrinoma": "gastrinoma", "insulinoma": "insulinoma",
             "other_functional": "other syndromes"}
    for row in ev(params)["symptom_relief"]["by_syndrome"]:
        joined = " ".join(s["quote"] for s in row["sources"][:2])
        assert f"{row['text']} for {words[row['key']]}" in joined, (row["key"], row["sources"])


@pytest.fixture
def edited_evidence(tmp_path, monkeypatch):
    """A copy of model_params/ whose evidence.json the test edits (checksum updated)."""
    from desktop import paths
    from desktop.model import checksums, era, evidence, params
    from desktop.model.params import file_sha256

    folder = tmp_path / "model_params"
    shutil.copytree(paths.model_params_dir(), folder)
    monkeypatch.setattr(paths, "model_params_dir", lambda: folder)
    path = folder / "evidence.json"

    def edit(change):
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")
        monkeypatch.setitem(checksums.EXPECTED_SHA256, "evidence.json", file_sha256(path))
        for module in (params, evidence, era):
            module.clear_cache()

    yield edit
    for module in (params, evidence, era):
        module.clear_cache()


def test_displayed_thresholds_and_statuses_follow_the_file(edited_evidence):
    """Change the thresholds in the file (and their quotes): the words and the statuses follow."""
    def change(data):
        pf = data["criteria"]["precluding_factors"]
        pf.update(liver_low=45, lesions=40, ki67=30)
        pf["quote"] = pf["quote"].replace(">50–70%", ">45–70%").replace("(>50)", "(>40)").replace("excess of 20%", "excess of 30%")
        milan = data["criteria"]["transplant_milan_enets"]
        milan.update(age_below=52, ki67_enets_below=12)
        milan["quote"] = milan["quote"].replace("age <55", "age <52").replace("Ki-67% <10", "Ki-67% <12")

    edited_evidence(change)
    out = evidence_for(validate_case({**EXAMPLE_CASE, "age_years": 53, "ki67_percent": 11, "percent_liver_replaced": 48,
                                      "liver_lesion_count": 45}), with_scenario=False)["guideline_criteria"]
    d, t = by_key(out["debulking"]), by_key(out["transplant"])
    assert d["liver_replacement"]["label"] == "No liver replacement above 45–70%"
    assert d["liver_replacement"]["status"] == "borderline"
    assert "(> 40)" in d["bilobar"]["label"] and d["bilobar"]["status"] == "unknown"
    assert "in excess of 30%" in d["high_grade"]["text"]
    assert t["age_under_55"]["label"] == "Age below 52 (Milan/ENETS)" and t["age_under_55"]["status"] == "not met"
    assert t["ki67_under_10"]["label"] == "Ki-67 below 12% (ENETS)" and t["ki67_under_10"]["status"] == "met"


def test_no_threshold_is_retyped_in_the_evidence_code():
    """The evidence packages compare with no threshold literal and print no threshold of their own."""
    thresholds = {3, 8, 10, 20, 50, 55, 70, 90}
    for folder in ("model", "report"):
        for path in sorted((REPO / "desktop" / folder / "evidence").glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            compared = {c.value for n in ast.walk(tree) if isinstance(n, ast.Compare)
                        and any(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in n.ops)
                        for c in [n.left, *n.comparators] if isinstance(c, ast.Constant)}
            assert not compared & thresholds, (path.name, compared & thresholds)
            docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                          if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                          and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
            strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                       and id(n) not in docstrings]
            retyped = [s for s in strings if re.search(r"[<>≥≤] ?\d+(?:\.\d+)?%|\([<>] ?\d|\d+–\d+%|age < ?\d", s)]
            assert not retyped, (path.name, retyped)
