"""Parameter integrity: every shipped parameter file, damaged in every way, stops every command.

For each file listed in ``desktop/model/checksums.py`` (the sha256 sums inside the package), each
damage (missing, empty, truncated, one digit edited, one trailing space, not JSON, a folder in
its place) and each command that predicts (``predict`` on a case and on a cohort, ``report``,
``--smoke``), the command exits 3, names the file, prints nothing on stdout and writes no output
file: never a silent fallback. A few of the combinations also run as real processes from a copy
of the package.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop import paths
from desktop.cli import main
from desktop.model.checksums import EXPECTED_SHA256
from tests.conftest import EXAMPLE_CASE, REPO

FILES = sorted(EXPECTED_SHA256)
CACHED_MODULES = ("desktop.model.params", "desktop.model.evidence", "desktop.model.era")


def _edit_one_digit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    if path.suffix == ".npy":  # the binary copy of the derived numbers: one bit of one number
        data[middle] ^= 1
        path.write_bytes(bytes(data))
        np.load(path)  # still a valid array: only the checksum can tell
        return
    i = next(i for i in range(middle, len(data)) if chr(data[i]).isdigit())
    data[i] = ord("7") if data[i] != ord("7") else ord("3")
    path.write_bytes(bytes(data))
    json.loads(data)  # still valid JSON: only the checksum can tell


def _folder_instead(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGES = {
    "missing": Path.unlink,
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "one digit edited": _edit_one_digit,
    "trailing space": lambda p: p.write_bytes(p.read_bytes() + b" "),
    "not JSON": lambda p: p.write_bytes(b"<html>this is not a parameter file</html>\n"),
    "a folder": _folder_instead,
}


def clear_parameter_caches() -> None:
    for name in CACHED_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "clear_cache"):
            module.clear_cache()


@pytest.fixture
def params_copy(tmp_path, monkeypatch):
    folder = tmp_path / "model_params"
    shutil.copytree(paths.model_params_dir(), folder)
    monkeypatch.setattr(paths, "model_params_dir", lambda: folder)
    clear_parameter_caches()
    yield folder
    clear_parameter_caches()


def command_argv(command: str, folder: Path) -> tuple[list[str], Path | None]:
    case = folder.parent / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    if command == "predict case":
        out = folder.parent / "prediction.json"
        return ["predict", str(case), "--out", str(out)], out
    if command == "predict cohort":
        cohort = folder.parent / "cohort.csv"
        cohort.write_text(",".join(EXAMPLE_CASE) + "\n" + ",".join(str(v).lower() for v in EXAMPLE_CASE.values())
                          + "\n", encoding="utf-8")
        out = folder.parent / "prediction.csv"
        return ["predict", str(cohort), "--out", str(out)], out
    if command == "report":
        out = folder.parent / "note.pdf"
        return ["report", str(case), "--out", str(out)], out
    if command == "smoke":
        return ["--smoke"], None
    raise AssertionError(command)


COMMANDS = ("predict case", "predict cohort", "report", "smoke")


@pytest.mark.parametrize("command", COMMANDS)
def test_intact_files_work(params_copy, capsys, command, qapp):
    argv, out = command_argv(command, params_copy)
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert out is None or out.stat().st_size > 0


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("name", FILES)
def test_a_damaged_parameter_file_stops_the_command(params_copy, capsys, command, damage, name, qapp):
    DAMAGES[damage](params_copy / name)
    argv, out = command_argv(command, params_copy)
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 3, (code, captured.err)
    assert captured.out == ""
    assert name in captured.err, captured.err
    assert "model parameters refused" in captured.err and "nothing was predicted" in captured.err
    assert "Traceback" not in captured.err
    assert out is None or not out.exists()


def test_every_shipped_parameter_file_is_covered():
    """The checksum table lists every file in model_params/, so no file escapes the check."""
    shipped = sorted(p.name for p in paths.model_params_dir().iterdir() if p.is_file())
    assert shipped == FILES


# ------------------------------------------------------------------ real processes


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory):
    """A copy of the package with its data folders (the source-tree layout of desktop/paths.py)."""
    root = tmp_path_factory.mktemp("installed")
    shutil.copytree(REPO / "desktop", root / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("model_params", "resources", "docs"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


def run_copy(root: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen", NETLM_RISK_LOG_DIR=str(cwd / "logs"))
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


@pytest.mark.parametrize("command", ["predict", "report", "--smoke"])
def test_a_real_process_exits_3_naming_the_file(package_copy, tmp_path, command):
    name = FILES[0]
    target = package_copy / "model_params" / name
    original = target.read_bytes()
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    argv = {"predict": ["predict", case], "report": ["report", case, "--out", tmp_path / "note.pdf"],
            "--smoke": ["--smoke"]}[command]
    try:
        target.write_bytes(original.replace(b"1", b"2", 1))
        result = run_copy(package_copy, *argv, cwd=tmp_path)
    finally:
        target.write_bytes(original)
    assert result.returncode == 3, result.stderr
    assert result.stdout == "" and name in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "note.pdf").exists()
    # and the same copy, repaired, works: the refusal came from the damage alone
    result = run_copy(package_copy, *argv, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
