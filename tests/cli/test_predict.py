"""``netlm-risk predict``: outputs per design/interface.md, and every bad input gives exit 2."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from desktop.cli import main
from desktop.model import predict, validate_case
from tests.conftest import EXAMPLE_CASE, run_cli_process

HEADER = ["age_years", "primary_site", "ki67_percent", "liver_lesion_count", "largest_lesion_mm",
          "extrahepatic_metastases", "cytoreduction", "label"]
GOOD_ROWS = [
    ["61", "small_intestine", "4.5", "6", "38", "false", "complete", "A"],
    ["70", "pancreas", "", "12", "55", "yes", "", "B"],
    ["45", "other", "25", "2", "20", "0", "incomplete_over_90", ""],
]


def write_csv(path, rows, header=HEADER, newline="\n", prefix=""):
    text = prefix + newline.join(",".join(r) for r in [header, *rows]) + newline
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_json_case_prints_the_documented_structure(case_file, capsys, params):
    assert main(["predict", str(case_file(EXAMPLE_CASE))]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"model", "case", "overall_survival", "progression_free_survival", "warnings"}
    assert out["model"]["params_sha256"] == params.sha256
    assert out["overall_survival"]["months"] == [12, 24, 36, 60, 120, 180]
    for key in ("survival", "lower", "upper", "extrapolated"):
        assert len(out["overall_survival"][key]) == 6
    expected = predict(validate_case(EXAMPLE_CASE))
    np.testing.assert_allclose(out["overall_survival"]["survival"], expected.overall_survival.survival, atol=1e-6)
    np.testing.assert_allclose(out["progression_free_survival"]["lower"],
                               expected.progression_free_survival.lower, atol=1e-6)
    assert out["overall_survival"]["median_months"] == expected.overall_survival.median_months
    assert out["case"]["label"] == EXAMPLE_CASE["label"]


def test_json_case_with_months_and_out_file(case_file, tmp_path, capsys):
    out_path = tmp_path / "pred.json"
    assert main(["predict", str(case_file(EXAMPLE_CASE)), "--months", "12,60", "--out", str(out_path)]) == 0
    assert capsys.readouterr().out == ""
    data = json.loads(out_path.read_text(encoding="utf-8"))
    assert data["overall_survival"]["months"] == [12, 60]


def test_csv_cohort_has_the_documented_columns(tmp_path, params):
    source = write_csv(tmp_path / "cohort.csv", GOOD_ROWS)
    out_path = tmp_path / "p.csv"
    assert main(["predict", str(source), "--months", "12,60", "--out", str(out_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(out_path.read_text(encoding="utf-8"))))
    columns = list(rows[0])
    expected = HEADER + [f"{p}_{m}{s}" for m in (12, 60) for p in ("os", "pfs") for s in ("", "_lower", "_upper")]
    assert columns == expected + ["os_median_months", "pfs_median_months", "warnings", "scope"]
    assert [r["label"] for r in rows] == ["A", "B", ""]
    one = predict(validate_case(EXAMPLE_CASE), [12, 60])
    assert float(rows[0]["os_60"]) == pytest.approx(one.overall_survival.survival[1], abs=1e-6)
    assert float(rows[0]["pfs_12_upper"]) == pytest.approx(one.progression_free_survival.upper[0], abs=1e-6)
    assert "Ki-67 unknown" in rows[1]["warnings"] and "cytoreduction not known" in rows[1]["warnings"]
    assert "Differentiation not entered" in rows[0]["warnings"] and rows[0]["scope"] == ""


def test_csv_accepts_bom_and_crlf(tmp_path):
    source = write_csv(tmp_path / "c.csv", GOOD_ROWS, newline="\r\n", prefix="\ufeff")
    out_path = tmp_path / "p.csv"
    assert main(["predict", str(source), "--out", str(out_path)]) == 0
    assert len(list(csv.DictReader(io.StringIO(out_path.read_text(encoding="utf-8"))))) == 3


def _assert_input_error(capsys, argv, *fragments, out_file=None):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert captured.out == ""
    assert "Traceback" not in captured.err
    for fragment in fragments:
        assert fragment in captured.err, captured.err
    if out_file is not None:
        assert not out_file.exists()
    return captured.err


BAD_CASES = [
    ({k: v for k, v in EXAMPLE_CASE.items() if k != "age_years"}, "'age_years' is required"),
    (dict(EXAMPLE_CASE, ki67=4), "unknown field 'ki67'"),
    (dict(EXAMPLE_CASE, age_years="sixty"), "'age_years' must be a number"),
    (dict(EXAMPLE_CASE, age_years=17), "'age_years' must be between 18 and 100"),
    (dict(EXAMPLE_CASE, age_years=101), "'age_years' must be between 18 and 100"),
    (dict(EXAMPLE_CASE, age_years=True), "'age_years' must be a number"),
    (dict(EXAMPLE_CASE, primary_site="colon"), "'primary_site' must be one of"),
    (dict(EXAMPLE_CASE, ki67_percent=101), "'ki67_percent' must be between 0 and 100"),
    (dict(EXAMPLE_CASE, ki67_percent=-1), "'ki67_percent' must be between 0 and 100"),
    (dict(EXAMPLE_CASE, liver_lesion_count=0), "'liver_lesion_count' must be at least 1"),
    (dict(EXAMPLE_CASE, liver_lesion_count=2.5), "'liver_lesion_count' must be a whole number"),
    (dict(EXAMPLE_CASE, largest_lesion_mm=0), "'largest_lesion_mm' must be more than 0"),
    (dict(EXAMPLE_CASE, largest_lesion_mm=401), "'largest_lesion_mm' must be more than 0 and at most 400"),
    (dict(EXAMPLE_CASE, extrahepatic_metastases="no"), "'extrahepatic_metastases' must be true or false"),
    (dict(EXAMPLE_CASE, extrahepatic_metastases=None), "'extrahepatic_metastases' is required"),
    (dict(EXAMPLE_CASE, cytoreduction="partial"), "'cytoreduction' must be one of"),
    (dict(EXAMPLE_CASE, label=5), "'label' must be text"),
    ([1, 2], "must be a JSON object"),
]


@pytest.mark.parametrize("data,message", BAD_CASES)
def test_bad_json_case_exits_2_naming_the_field(case_file, tmp_path, capsys, data, message):
    out_file = tmp_path / "never.json"
    _assert_input_error(capsys, ["predict", str(case_file(data)), "--out", str(out_file)], message, out_file=out_file)


def test_every_problem_is_listed_one_per_line(case_file, capsys):
    err = _assert_input_error(capsys, ["predict", str(case_file(dict(EXAMPLE_CASE, age_years=5, ki67=1)))])
    assert len(err.strip().splitlines()) == 2


@pytest.mark.parametrize("text,message", [
    ("{not json", "not valid JSON"),
    ('{"age_years": NaN}', "not valid JSON"),
    ("", "not valid JSON"),
])
def test_invalid_json_exits_2(case_file, capsys, text, message):
    _assert_input_error(capsys, ["predict", str(case_file(text))], message)


def test_missing_file_exits_2(tmp_path, capsys):
    _assert_input_error(capsys, ["predict", str(tmp_path / "nope.json")], "file not found")


def test_wrong_extension_exits_2(tmp_path, capsys):
    path = tmp_path / "case.txt"
    path.write_text("{}", encoding="utf-8")
    _assert_input_error(capsys, ["predict", str(path)], "expected a .json case or a .csv cohort")


@pytest.mark.parametrize("months,message", [
    ("12,abc", "'abc' is not a number"), ("-1", "out of range"), ("12,12", "listed twice"),
    ("", "is not a number"), ("nan", "out of range"), ("9999", "out of range"),
])
def test_bad_months_exit_2(case_file, capsys, months, message):
    _assert_input_error(capsys, ["predict", str(case_file(EXAMPLE_CASE)), "--months", months], message)


def test_unknown_option_exits_2(case_file, capsys):
    _assert_input_error(capsys, ["predict", str(case_file(EXAMPLE_CASE)), "--frobnicate"], "unrecognized arguments")


def test_bad_csv_row_fails_the_whole_file_and_names_every_bad_row(tmp_path, capsys):
    rows = GOOD_ROWS + [["17", "pancreas", "5", "2", "20", "true", "complete", ""],
                        ["50", "pancreas", "5", "2", "20", "maybe", "complete", ""]]
    source = write_csv(tmp_path / "c.csv", rows)
    out_file = tmp_path / "p.csv"
    err = _assert_input_error(capsys, ["predict", str(source), "--out", str(out_file)],
                              "line 5: field 'age_years'", "line 6: field 'extrahepatic_metastases'",
                              out_file=out_file)
    assert len(err.strip().splitlines()) == 2


def test_bad_csv_leaves_an_existing_output_untouched(tmp_path, capsys):
    source = write_csv(tmp_path / "c.csv", [["61", "small_intestine", "\"4,5\"", "6", "38", "false", "complete", ""]])
    out_file = tmp_path / "p.csv"
    out_file.write_text("precious", encoding="utf-8")
    _assert_input_error(capsys, ["predict", str(source), "--out", str(out_file)], "decimal point")
    assert out_file.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("header,rows,message", [
    (HEADER[:-1] + ["ki67"], GOOD_ROWS, "unknown column(s): 'ki67'"),
    (HEADER + ["age_years"], [r + ["1"] for r in GOOD_ROWS], "duplicated column(s): age_years"),
    (HEADER[1:], [r[1:] for r in GOOD_ROWS], "missing required column(s): age_years"),
    (HEADER, [], "no patient rows"),
    (HEADER, [GOOD_ROWS[0][:-2]], "expected 8 cells, found 6"),
])
def test_bad_csv_structure_exits_2(tmp_path, capsys, header, rows, message):
    source = write_csv(tmp_path / "c.csv", rows, header=header)
    _assert_input_error(capsys, ["predict", str(source)], message)


def test_semicolon_csv_gets_a_clear_message(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(";".join(HEADER) + "\n" + ";".join(GOOD_ROWS[0]) + "\n", encoding="utf-8")
    _assert_input_error(capsys, ["predict", str(path)], "semicolon-separated")


def test_empty_csv_exits_2(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("", encoding="utf-8")
    _assert_input_error(capsys, ["predict", str(path)], "empty")


def test_out_equal_to_input_is_refused(case_file, capsys):
    path = case_file(EXAMPLE_CASE)
    before = path.read_text(encoding="utf-8")
    _assert_input_error(capsys, ["predict", str(path), "--out", str(path)], "is the input file")
    assert path.read_text(encoding="utf-8") == before


def test_out_in_missing_folder_exits_2(case_file, tmp_path, capsys):
    _assert_input_error(capsys, ["predict", str(case_file(EXAMPLE_CASE)), "--out", str(tmp_path / "no" / "p.json")],
                        "does not exist")


def test_real_process_exit_codes_and_streams(case_file, tmp_path):
    good = run_cli_process("predict", case_file(EXAMPLE_CASE), "--months", "60")
    assert good.returncode == 0 and good.stderr == ""
    assert json.loads(good.stdout)["overall_survival"]["months"] == [60]
    bad = run_cli_process("predict", case_file(dict(EXAMPLE_CASE, ki67=3), name="bad.json"))
    assert bad.returncode == 2 and bad.stdout == "" and "unknown field 'ki67'" in bad.stderr
    assert "Traceback" not in bad.stderr
    version = run_cli_process("--version")
    assert version.returncode == 0 and version.stdout.startswith("netlm-risk ")


def test_altered_parameters_exit_3_and_predict_nothing(case_file, tmp_path, monkeypatch, capsys):
    import shutil

    from desktop import paths
    from desktop.model import params as params_module

    folder = tmp_path / "model_params"
    shutil.copytree(paths.model_params_dir(), folder)
    path = folder / "mayo2023.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"hr": 1.68', '"hr": 1.86'), encoding="utf-8")
    monkeypatch.setattr(paths, "model_params_dir", lambda: folder)
    params_module.clear_cache()
    try:
        code = main(["predict", str(case_file(EXAMPLE_CASE))])
    finally:
        params_module.clear_cache()
    captured = capsys.readouterr()
    assert code == 3 and captured.out == ""
    assert "mayo2023.json" in captured.err and "altered or corrupted" in captured.err


def test_internal_error_exits_1_with_a_log_and_no_patient_data(case_file, monkeypatch, capsys, log_dir):
    from desktop.model import survival

    def broken(*args, **kwargs):
        raise RuntimeError("boom with age 61")

    monkeypatch.setattr(survival, "predict_batch", broken)
    code = main(["predict", str(case_file(EXAMPLE_CASE))])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert "internal error" in captured.err and str(log_dir) in captured.err
    logs = list(log_dir.glob("*.log"))
    assert len(logs) == 1
    text = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError" in text and "age 61" not in text and "optional free text" not in text
