"""No lost data: a failed write (full disk, read-only folder) keeps the previous file and says so.

Three levels:
* in-process faults injected into every step of the atomic write (temporary file creation,
  write, fsync, rename) for ``netlm-risk predict --out``: exit 2 with the system's reason, the
  previous file byte-identical, no temporary file left behind;
* a real full disk and a real read-only file system (a small tmpfs in a private mount namespace:
  needs root, which CI has; elsewhere the test is skipped and says why);
* the application: Save case and Export PDF with the same faults show an error and keep the file.
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from desktop import fileio
from desktop.cli import main
from tests.conftest import EXAMPLE_CASE, REPO
from tests.pdftools import package_hint

PREVIOUS = b"the previous file: it must survive every failed write\n"


def _raise(code):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


class _FullDiskFile:
    """A file object whose write fails half-way, as on a full disk."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _full_disk_fdopen(real_fdopen):
    def fdopen(fd, *args, **kwargs):
        return _FullDiskFile(real_fdopen(fd, *args, **kwargs))

    return fdopen


FAULTS = {
    # where the atomic write fails -> (what to patch, replacement, the reason the user reads)
    "read-only folder (creating the temporary file)": ("tempfile.mkstemp", lambda real: _raise(errno.EROFS),
                                                       "Read-only file system"),
    "permission denied (creating the temporary file)": ("tempfile.mkstemp", lambda real: _raise(errno.EACCES),
                                                        "Permission denied"),
    "full disk while writing": ("os.fdopen", _full_disk_fdopen, "No space left on device"),
    "full disk at fsync": ("os.fsync", lambda real: _raise(errno.ENOSPC), "No space left on device"),
    "quota exceeded at fsync": ("os.fsync", lambda real: _raise(errno.EDQUOT), os.strerror(errno.EDQUOT)),
    "rename fails": ("os.replace", lambda real: _raise(errno.EIO), "Input/output error"),
}


def _patch(monkeypatch, target: str, make):
    module_name, attribute = target.split(".")
    module = {"os": fileio.os, "tempfile": importlib.import_module("tempfile")}[module_name]
    monkeypatch.setattr(module, attribute, make(getattr(module, attribute)))


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("kind", ["case", "cohort"])
def test_a_failed_cli_write_keeps_the_previous_file(tmp_path, capsys, monkeypatch, fault, kind, log_dir):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    source = case
    if kind == "cohort":
        source = tmp_path / "cohort.csv"
        source.write_text(",".join(EXAMPLE_CASE) + "\n" + ",".join(str(v).lower() for v in EXAMPLE_CASE.values())
                          + "\n", encoding="utf-8")
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    target = out_folder / ("prediction.json" if kind == "case" else "prediction.csv")
    target.write_bytes(PREVIOUS)
    what, make, reason = FAULTS[fault]
    _patch(monkeypatch, what, make)
    code = main(["predict", str(source), "--out", str(target)])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert captured.out == "" and "Traceback" not in captured.err and not log_dir.exists()
    assert f"cannot write {target}" in captured.err and reason in captured.err, captured.err
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in out_folder.iterdir()) == [target.name]  # no temporary file left


def test_without_a_fault_the_same_write_replaces_the_file(tmp_path, capsys):
    """The control: the faults above are what kept the file, not a write that never happens."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    target = tmp_path / "prediction.json"
    target.write_bytes(PREVIOUS)
    assert main(["predict", str(case), "--out", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["case"]["age_years"] == 61


# ------------------------------------------------------------------ a real full disk and read-only file system


def _can_mount() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt 2>/dev/null"],
                           capture_output=True)
    return probe.returncode == 0


REAL_FS_SCRIPT = r"""
set -u
mount -t tmpfs -o size=4m tmpfs "$OUT"
printf '%s' "$PREVIOUS" > "$OUT/prediction.csv"
dd if=/dev/zero of="$OUT/filler" bs=64k count=100 2>/dev/null
"$PYTHON" -m desktop predict "$COHORT" --out "$OUT/prediction.csv" 2>"$WORK/full.err"
echo "full_rc=$?"
echo "full_content=$(cat "$OUT/prediction.csv")"
echo "full_files=$(ls -A "$OUT" | tr '\n' ' ')"
rm "$OUT/filler"
mount -o remount,ro "$OUT"
"$PYTHON" -m desktop predict "$COHORT" --out "$OUT/prediction.csv" 2>"$WORK/ro.err"
echo "ro_rc=$?"
echo "ro_content=$(cat "$OUT/prediction.csv")"
echo "ro_files=$(ls -A "$OUT" | tr '\n' ' ')"
mount -o remount,rw "$OUT"
"$PYTHON" -m desktop predict "$COHORT" --out "$OUT/prediction.csv" 2>"$WORK/ok.err"
echo "ok_rc=$?"
echo "ok_lines=$(wc -l < "$OUT/prediction.csv")"
"""


@pytest.mark.skipif(not _can_mount(), reason=package_hint("unshare") if shutil.which("unshare") is None else
                    "needs root for a private tmpfs (unshare -m); CI runs as root")
def test_a_real_full_disk_and_a_real_read_only_file_system_keep_the_previous_file(tmp_path):
    rows = [",".join(str(v).lower() for v in dict(EXAMPLE_CASE, label=f"patient {i}").values()) for i in range(2000)]
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(",".join(EXAMPLE_CASE) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "mounted"
    out.mkdir()
    env = dict(os.environ, OUT=str(out), WORK=str(tmp_path), COHORT=str(cohort), PYTHON=sys.executable,
               PREVIOUS=PREVIOUS.decode().strip(), PYTHONPATH=str(REPO), NETLM_RISK_LOG_DIR=str(tmp_path / "logs"))
    result = subprocess.run(["unshare", "-m", "bash", "-c", REAL_FS_SCRIPT], capture_output=True, text=True,
                            env=env, timeout=600)
    facts = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    full_err = (tmp_path / "full.err").read_text(encoding="utf-8")
    ro_err = (tmp_path / "ro.err").read_text(encoding="utf-8")
    assert facts["full_rc"] == "2" and "No space left on device" in full_err, (facts, full_err)
    assert facts["full_content"] == PREVIOUS.decode().strip()
    assert facts["full_files"].split() == ["filler", "prediction.csv"]
    assert facts["ro_rc"] == "2" and "Read-only file system" in ro_err, (facts, ro_err)
    assert facts["ro_content"] == PREVIOUS.decode().strip()
    assert facts["ro_files"].split() == ["prediction.csv"]
    assert facts["ok_rc"] == "0" and facts["ok_lines"].strip() == "2001", (facts, result.stderr)  # the control
    assert not (tmp_path / "logs").exists()


# ------------------------------------------------------------------ the application


@pytest.fixture
def window(window):
    """The shared main window (tests/conftest.py) with the example case entered."""
    window.form.set_values(EXAMPLE_CASE)
    return window


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_save_case_in_the_application_keeps_the_previous_file(window, tmp_path, monkeypatch, fault):
    target = tmp_path / "case.json"
    target.write_bytes(PREVIOUS)
    what, make, reason = FAULTS[fault]
    _patch(monkeypatch, what, make)
    assert window.write_case_file(target) is False
    assert target.read_bytes() == PREVIOUS
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert len(window.errors) == 1
    title, text = window.errors[0]
    assert "not saved" in title and reason in text and str(target) in text
    assert window.is_modified()  # the form still holds the unsaved case
    monkeypatch.undo()
    assert window.write_case_file(target) is True  # the control: without the fault it saves
    assert json.loads(target.read_text(encoding="utf-8"))["age_years"] == 61


@pytest.mark.parametrize("fault", ["full disk at fsync", "rename fails", "read-only folder (creating the temporary file)"])
def test_export_pdf_in_the_application_keeps_the_previous_file(window, tmp_path, monkeypatch, fault):
    target = tmp_path / "note.pdf"
    target.write_bytes(PREVIOUS)
    what, make, reason = FAULTS[fault]
    _patch(monkeypatch, what, make)
    assert window.report_actions.export_pdf(target, paper="a4") is None
    assert target.read_bytes() == PREVIOUS
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert len(window.errors) == 1 and reason in window.errors[0][1], window.errors
