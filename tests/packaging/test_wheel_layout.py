"""The installed-wheel layout: ``pip install .`` (not only ``-e``) must carry model_params/, resources/
and docs/ inside the package, and desktop/paths.py must find them there.

A real wheel is built from this checkout (``pip wheel --no-deps``), installed into a temporary folder
with pip, and run from another working directory with only that folder added to the path, so that
neither the source tree nor a copy installed in the venv can answer instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CASE, REPO, run_cli_process

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    wheels = list(out.glob("netlm_risk-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def site(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"pip install --target failed:\n{result.stdout}\n{result.stderr}"
    return target


def _run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(site)  # only the installed wheel, not the checkout
    env["PYTHONNOUSERSITE"] = "1"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_wheel_carries_the_data_folders(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for repo_dir in ("model_params", "resources", "docs"):
        expected = {
            f"desktop/_data/{repo_dir}/{p.relative_to(REPO / repo_dir).as_posix()}"
            for p in (REPO / repo_dir).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert expected, f"{repo_dir}/ is empty in the checkout"
        missing = sorted(expected - names)
        assert not missing, f"files of {repo_dir}/ missing from the wheel: {missing}"


def test_installed_wheel_finds_its_data_through_paths(site, tmp_path):
    probe = (
        "import json, desktop, desktop.paths as p;"
        "print(json.dumps({'package': desktop.__file__, 'model_params': str(p.model_params_dir()),"
        " 'resources': str(p.resources_dir()), 'docs': str(p.docs_dir())}))"
    )
    result = _run_installed(site, tmp_path, "-c", probe)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    package_dir = (site / "desktop").resolve()
    assert Path(found["package"]).resolve().parent == package_dir, "the checkout or the venv answered instead"
    for name in ("model_params", "resources", "docs"):
        assert Path(found[name]).resolve() == package_dir / "_data" / name


def test_installed_wheel_predicts_the_same_numbers_from_another_folder(site, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    case = work / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")

    installed = _run_installed(site, work, "-m", "desktop", "predict", "case.json")
    assert installed.returncode == 0, installed.stderr
    source = run_cli_process("predict", case, cwd=tmp_path)
    assert source.returncode == 0, source.stderr
    assert json.loads(installed.stdout) == json.loads(source.stdout)
    # The parameter checksum printed is the one of the files inside the wheel, verified at load.
    assert json.loads(installed.stdout)["model"]["params_sha256"]


def test_installed_wheel_writes_the_patient_sheet_in_german(wheel, site, tmp_path):
    """The compiled translations (.qm) and their .ts files travel in the wheel and are used from there."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in ("en", "es", "de"):
        assert {f"desktop/i18n/netlm_risk_{language}.qm", f"desktop/i18n/netlm_risk_{language}.ts"} <= names
    assert "desktop/i18n/review.json" in names
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    probe = ("import desktop.qt.language as l, sys; print(l.words_for('de').translator.filePath());"
             "from desktop.cli import main; sys.exit(main(sys.argv[1:]))")
    result = _run_installed(site, tmp_path, "-c", probe, "report", "case.json", "--patient", "--language", "de",
                            "--out", "sheet.pdf")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve().is_relative_to((site / "desktop").resolve())
    from tests.pdftools import pdf_text

    assert "Fragen für Ihren nächsten Termin" in pdf_text(out)
