"""The parameter files: every published number traced to its source line; integrity checks."""

from __future__ import annotations

import json
import math
import shutil
import subprocess

import numpy as np
import pytest

from desktop import paths
from desktop.model import params as params_module
from desktop.model.checksums import EXPECTED_SHA256
from desktop.model.params import (
    COVARIATES,
    DERIVED_ARRAYS_FILE,
    DERIVED_FILE,
    OUTCOMES,
    PUBLISHED_FILE,
    ParameterError,
    file_sha256,
    load_params,
    manifest_sha256,
)
from tests.conftest import line_holding, seed_lines


def table_row(lines: list[str], label: str, table: str = "TABLE 1 ") -> str:
    """The one row of ``table`` whose first cell is ``label`` (the table runs to the next title)."""
    start = lines.index(line_holding(lines, table))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("TABLE ")), len(lines))
    return line_holding([line for line in lines[start:end] if line.split("\t")[0] == label], label)


def _published():
    return json.loads((paths.model_params_dir() / PUBLISHED_FILE).read_text(encoding="utf-8"))


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_hazard_ratio_is_printed_on_its_source_line(outcome):
    lines = seed_lines()
    table = _published()["hazard_ratios"][outcome]
    for name in COVARIATES:
        entry = table[name]
        text = entry.get("printed", f"{entry['hr']:.2f} ({entry['lower']:.2f}–{entry['upper']:.2f})")
        line = lines[entry["line"] - 1]
        # the multivariable column is the last HR on the line
        assert line.rstrip().split("\t")[-2] == text, (outcome, name, line)


def test_the_one_corrected_interval_is_the_log_symmetric_one():
    entry = _published()["hazard_ratios"]["overall_survival"]["ki67_over_20"]
    assert entry["printed"] == "4.25 (2.35–97.66)"
    assert entry["upper"] == 7.66 and "97.66" in entry["correction"]
    # a Wald interval is symmetric on the log scale: the upper limit implied by 4.25 and 2.35
    implied = math.exp(2 * math.log(4.25) - math.log(2.35))
    assert abs(implied - entry["upper"]) < 0.05


def test_milestones_and_table1_match_the_paper():
    lines = seed_lines()
    published = _published()
    os_line = line_holding(lines, "In the entire cohort, overall survival from hepatectomy was")
    for m in published["milestones"]["overall_survival"]:
        assert f"{m['survival'] * 100:.0f}% (95% CI, {m['lower'] * 100:.0f}–{m['upper'] * 100:.0f}%)" in os_line
    pfs_line = line_holding(lines, "The progression-free survival from hepatectomy was")
    for m in published["milestones"]["progression_free_survival"]:
        if "months_lower" in m:
            assert f"{m['months']} months (95% CI, {m['months_lower']}–{m['months_upper']} months)" in pfs_line
        else:
            assert f"{m['survival'] * 100:.0f}% (95% CI, {m['lower'] * 100:.0f}–{m['upper'] * 100:.0f}%)" in pfs_line
    sites = published["cohort_table1"]["sites"]
    ki67_rows = [table_row(lines, label) for label in ("< 3", "3–20", "> 20")]
    for j, row in enumerate(ki67_rows):
        cells = row.split("\t")
        for k, site in enumerate(("small_intestine", "pancreas", "other")):
            assert cells[2 + k].startswith(f"{sites[site]['ki67_counts'][j]} ("), (row, site)
    cyto_rows = [table_row(lines, label) for label in ("Complete cytoreduction", "Incomplete debulking (> 90%)",
                                                    "Incomplete debulking (< 90%)")]
    for j, row in enumerate(cyto_rows):
        cells = row.split("\t")
        assert cells[1].startswith(f"{published['cohort_table1']['all']['cytoreduction_counts'][j]} (")
        for k, site in enumerate(("small_intestine", "pancreas", "other")):
            assert cells[2 + k].startswith(f"{sites[site]['cytoreduction_counts'][j]} (")
    for k, site in enumerate(("small_intestine", "pancreas", "other")):
        assert sum(sites[site]["lesion_counts"]) == sites[site]["n"]
        assert sum(sites[site]["cytoreduction_counts"]) == sites[site]["n"]
    assert sum(s["n"] for s in sites.values()) == 546
    age_cells = table_row(lines, "Median age: years (IQR)").split("\t")
    for k, site in enumerate(("small_intestine", "pancreas", "other")):
        q1, q3 = sites[site]["age_iqr"]
        assert age_cells[2 + k] == f"{sites[site]['age_median']} ({q1}–{q3})"
    size_cells = table_row(lines, "Median: mm (IQR)").split("\t")
    for k, site in enumerate(("small_intestine", "pancreas", "other")):
        q1, q3 = sites[site]["size_mm_iqr"]
        assert size_cells[2 + k] == f"{sites[site]['size_mm_median']} ({q1}–{q3})"


def test_shipped_files_match_the_expected_checksums():
    folder = paths.model_params_dir()
    for name, digest in EXPECTED_SHA256.items():
        assert file_sha256(folder / name) == digest, name


def test_params_sha256_is_the_sha256sum_manifest(params):
    folder = paths.model_params_dir()
    names = sorted([PUBLISHED_FILE, DERIVED_FILE])
    if shutil.which("sha256sum"):
        manifest = subprocess.run(["sha256sum", *names], cwd=folder, capture_output=True, check=True).stdout
        import hashlib

        assert hashlib.sha256(manifest).hexdigest() == params.sha256
    assert manifest_sha256({n: file_sha256(folder / n) for n in names}) == params.sha256


def test_log_hr_and_se_come_from_the_table(params):
    entry = params.hazard_ratio("progression_free_survival", "primary_pancreas")
    i = COVARIATES.index("primary_pancreas")
    assert params.log_hr["progression_free_survival"][i] == pytest.approx(math.log(1.80))
    assert params.log_hr_se["progression_free_survival"][i] == pytest.approx(
        (math.log(entry["upper"]) - math.log(entry["lower"])) / 3.919927969
    )


@pytest.fixture
def params_copy(tmp_path):
    folder = tmp_path / "model_params"
    shutil.copytree(paths.model_params_dir(), folder)
    params_module.clear_cache()
    yield folder
    params_module.clear_cache()


def test_missing_file_is_refused(params_copy):
    (params_copy / DERIVED_FILE).unlink()
    with pytest.raises(ParameterError, match="missing.*mayo2023_derived.json"):
        load_params(params_copy)


def test_edited_file_is_refused_even_if_still_valid(params_copy):
    path = params_copy / PUBLISHED_FILE
    path.write_text(path.read_text(encoding="utf-8").replace('"hr": 4.25', '"hr": 3.25'), encoding="utf-8")
    with pytest.raises(ParameterError, match="altered or corrupted.*mayo2023.json"):
        load_params(params_copy)


def test_missing_binary_copy_is_refused(params_copy):
    (params_copy / DERIVED_ARRAYS_FILE).unlink()
    with pytest.raises(ParameterError, match="missing.*mayo2023_derived.npy"):
        load_params(params_copy)


def test_altered_binary_copy_is_refused(params_copy):
    path = params_copy / DERIVED_ARRAYS_FILE
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # the last bit of the last number
    path.write_bytes(bytes(data))
    with pytest.raises(ParameterError, match="altered or corrupted.*mayo2023_derived.npy"):
        load_params(params_copy)


@pytest.mark.parametrize("damage", ["truncated", "stale", "shape", "non-finite"])
def test_binary_copy_is_checked_when_checksums_are_off(params_copy, damage):
    from desktop.model.params import derived_arrays_bytes

    path = params_copy / DERIVED_ARRAYS_FILE
    arrays = np.load(path)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    else:
        if damage == "stale":  # made from another mayo2023.json: its published ln HRs differ
            arrays[0, 0, 6] += 0.01
        elif damage == "shape":
            arrays = arrays[:, :, :-1]
        else:
            arrays[1, 5, 2] = np.nan
        path.write_bytes(derived_arrays_bytes(arrays))
    message = {"truncated": "unreadable", "stale": "derived from a different mayo2023.json",
               "shape": "shape", "non-finite": "non-finite"}[damage]
    with pytest.raises(ParameterError, match=message) as refused:
        load_params(params_copy, verify=False)
    assert DERIVED_ARRAYS_FILE in str(refused.value)


def test_truncated_file_is_refused(params_copy):
    path = params_copy / DERIVED_FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ParameterError, match="mayo2023_derived.json"):
        load_params(params_copy)


def test_schema_check_catches_a_malformed_file_when_checksums_are_off(params_copy):
    path = params_copy / PUBLISHED_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["hazard_ratios"]["overall_survival"]["extrahepatic"]["lower"] = 2.0  # above the HR
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ParameterError, match="lower <= hr <= upper"):
        load_params(params_copy, verify=False)


def test_draws_have_the_documented_shape(params):
    assert params.n_draws >= 200
    for outcome in OUTCOMES:
        assert params.draw_log_hr[outcome].shape == (params.n_draws, len(COVARIATES))
        assert np.all(np.diff(params.draw_baseline[outcome].cumulative_hazard, axis=1) > 0)
