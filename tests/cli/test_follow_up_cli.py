"""``netlm-risk predict`` at a follow-up visit: conditional curves, scenarios, the CSV columns."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from desktop.cli import main
from desktop.model import predict, validate_case
from tests.cli.test_predict import GOOD_ROWS, HEADER, write_csv
from tests.conftest import EXAMPLE_CASE

FOLLOW_UP = dict(EXAMPLE_CASE, months_since_surgery=36, progression_so_far="none")


def test_json_states_the_condition_and_the_scenarios(case_file, capsys):
    assert main(["predict", str(case_file(FOLLOW_UP)), "--months", "12,36,60"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["conditional_on"] == {"months_since_surgery": 36, "progression_free": True}
    assert out["case"]["months_since_surgery"] == 36 and out["case"]["progression_so_far"] == "none"
    assert out["overall_survival"]["months"] == [12, 36, 60]  # still months after surgery
    assert out["overall_survival"]["survival"][:2] == [1.0, 1.0]
    expected = predict(validate_case(FOLLOW_UP), [12, 36, 60])
    np.testing.assert_allclose(out["progression_free_survival"]["survival"],
                               expected.progression_free_survival.survival, atol=1e-6)
    assert out["scenarios"] == expected.scenarios


def test_json_after_progression_has_no_pfs_and_says_why(case_file, capsys):
    data = dict(FOLLOW_UP, progression_so_far="progressed")
    assert main(["predict", str(case_file(data))]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["progression_free_survival"] is None
    assert out["conditional_on"]["progression_free"] is False
    assert any("No progression-free survival estimate" in w for w in out["warnings"])


def test_json_at_surgery_is_identical_with_zero_or_absent(case_file, capsys):
    assert main(["predict", str(case_file(EXAMPLE_CASE))]) == 0
    absent = capsys.readouterr().out
    assert main(["predict", str(case_file(dict(EXAMPLE_CASE, months_since_surgery=0)))]) == 0
    assert capsys.readouterr().out == absent
    assert "conditional_on" not in json.loads(absent)


def test_contradiction_exits_2_naming_both_fields_and_prints_nothing(case_file, capsys):
    assert main(["predict", str(case_file(dict(EXAMPLE_CASE, progression_so_far="progressed")))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "'progression_so_far'" in captured.err and "'months_since_surgery'" in captured.err


def test_csv_takes_the_two_columns_and_leaves_pfs_empty_without_an_estimate(tmp_path):
    header = HEADER + ["months_since_surgery", "progression_so_far"]
    rows = [GOOD_ROWS[0] + ["", ""], GOOD_ROWS[1] + ["24", "progressed"], GOOD_ROWS[2] + ["24", "none"],
            GOOD_ROWS[0] + ["0", ""]]
    source = write_csv(tmp_path / "cohort.csv", rows, header=header)
    out_path = tmp_path / "p.csv"
    assert main(["predict", str(source), "--months", "12,60", "--out", str(out_path)]) == 0
    result = list(csv.DictReader(io.StringIO(out_path.read_text(encoding="utf-8"))))
    assert list(result[0])[:len(header)] == header
    assert result[1]["pfs_60"] == result[1]["pfs_60_lower"] == result[1]["pfs_median_months"] == ""
    assert "No progression-free survival estimate" in result[1]["warnings"]
    assert result[1]["os_12"] == "1.000000" and float(result[1]["os_60"]) < 1
    assert result[2]["pfs_60"] != "" and result[2]["os_12"] == "1.000000"
    at_surgery = {k: v for k, v in result[0].items() if k not in ("label",)}
    zero = {k: v for k, v in result[3].items() if k not in ("label", "months_since_surgery")}
    assert {k: v for k, v in at_surgery.items() if k != "months_since_surgery"} == zero
    expected = predict(validate_case(dict(zip(header, rows[2])), from_text=True), [60])
    assert float(result[2]["os_60"]) == round(float(expected.overall_survival.survival[0]), 6)


def test_csv_without_the_columns_is_unchanged_by_them(tmp_path):
    plain = write_csv(tmp_path / "a.csv", GOOD_ROWS)
    with_empty = write_csv(tmp_path / "b.csv", [r + ["", ""] for r in GOOD_ROWS],
                           header=HEADER + ["months_since_surgery", "progression_so_far"])
    assert main(["predict", str(plain), "--out", str(tmp_path / "a.out")]) == 0
    assert main(["predict", str(with_empty), "--out", str(tmp_path / "b.out")]) == 0
    a = list(csv.reader(io.StringIO((tmp_path / "a.out").read_text(encoding="utf-8"))))
    b = list(csv.reader(io.StringIO((tmp_path / "b.out").read_text(encoding="utf-8"))))
    n = len(HEADER)
    assert [r[:n] + r[n + 2:] for r in b] == a
