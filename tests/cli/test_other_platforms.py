"""Windows and macOS behaviour that Linux CI never meets, tested with the platform branch forced.

What cannot be forced here (a real Windows file lock, Finder's open event on a real .app) runs in
the release workflow on those platforms (.github/workflows/release.yml) or is listed as unverified
in the README.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop import cli, fileio, logs
from tests.conftest import EXAMPLE_CASE


@pytest.fixture
def windows_replace(monkeypatch):
    """os.replace as Windows behaves when another program holds the target open: PermissionError
    (WinError 5/32) ``failures`` times, then success (or never, with failures=None)."""
    calls = []
    real_replace = os.replace

    def arrange(failures: int | None):
        def replace(src, dst):
            calls.append((src, dst))
            if failures is None or len(calls) <= failures:
                raise PermissionError(13, "The process cannot access the file because it is being used by another process")
            real_replace(src, dst)

        monkeypatch.setattr(fileio, "_WINDOWS", True)
        monkeypatch.setattr(fileio, "REPLACE_PAUSE_S", 0.0)
        monkeypatch.setattr(fileio.os, "replace", replace)
        return calls

    return arrange


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_file_held_open_on_windows_is_retried_then_refused_with_nothing_lost(tmp_path, windows_replace):
    target = tmp_path / "case.json"
    target.write_text("the old case")
    calls = windows_replace(None)
    with pytest.raises(fileio.FileBusyError) as raised:
        fileio.atomic_write_text(target, "the new case")
    assert len(calls) == fileio.REPLACE_ATTEMPTS
    assert raised.value.strerror == "it is open in another program; close it there, then save again"
    assert raised.value.filename == str(target)
    assert target.read_text() == "the old case" and _leftovers(tmp_path) == []


def test_a_brief_hold_on_windows_such_as_a_virus_scan_is_waited_out(tmp_path, windows_replace):
    target = tmp_path / "note.pdf"
    target.write_bytes(b"old")
    calls = windows_replace(2)
    fileio.atomic_write_bytes(target, b"new")
    assert len(calls) == 3 and target.read_bytes() == b"new" and _leftovers(tmp_path) == []


def test_on_posix_a_refused_rename_is_not_retried(tmp_path, windows_replace, monkeypatch):
    target = tmp_path / "case.json"
    target.write_text("old")
    calls = windows_replace(None)
    monkeypatch.setattr(fileio, "_WINDOWS", False)
    with pytest.raises(PermissionError) as raised:
        fileio.atomic_write_text(target, "new")
    assert not isinstance(raised.value, fileio.FileBusyError)
    assert len(calls) == 1 and target.read_text() == "old" and _leftovers(tmp_path) == []


def test_the_command_line_says_the_output_is_open_elsewhere_and_exits_2(tmp_path, windows_replace, capsys, case_file):
    case = case_file(EXAMPLE_CASE)
    out = tmp_path / "pred.json"
    out.write_text("previous prediction")
    windows_replace(None)
    assert cli.main(["predict", str(case), "--out", str(out)]) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert "open in another program; close it there, then save again" in err and "Traceback" not in err
    assert out.read_text() == "previous prediction"


@pytest.mark.skipif(os.name != "nt", reason="a real Windows lock: POSIX lets an open file be replaced")
def test_a_file_open_in_another_handle_on_windows_keeps_its_content(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio, "REPLACE_PAUSE_S", 0.0)
    target = tmp_path / "case.json"
    target.write_text("old")
    with open(target, "rb"):  # Python opens files without FILE_SHARE_DELETE on Windows
        with pytest.raises(fileio.FileBusyError):
            fileio.atomic_write_text(target, "new")
    assert target.read_text() == "old" and _leftovers(tmp_path) == []


def _record_opens(monkeypatch) -> list[str]:
    opened = []
    real_open = os.open

    def recording_open(path, flags, *args, **kwargs):
        if Path(path).is_dir():  # mkstemp opens the temporary file through os.open too
            opened.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(fileio.os, "open", recording_open)
    return opened


def test_the_folder_is_fsynced_on_posix_and_not_opened_on_windows(tmp_path, monkeypatch):
    opened = _record_opens(monkeypatch)
    fileio.atomic_write_text(tmp_path / "a.json", "{}")
    assert opened == [str(tmp_path)]  # POSIX: the rename made durable

    opened.clear()
    monkeypatch.setattr(fileio, "_WINDOWS", True)
    fileio.atomic_write_text(tmp_path / "b.json", "{}")
    assert opened == []  # Windows cannot open a folder as a file
    assert (tmp_path / "b.json").read_text() == "{}"


def test_log_folder_follows_each_platforms_convention(monkeypatch, tmp_path):
    monkeypatch.delenv("NETLM_RISK_LOG_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\dr\AppData\Local")
    windows = logs.log_dir()
    assert str(windows).startswith(r"C:\Users\dr\AppData\Local") and windows.parts[-2:] == ("netlm-risk", "Logs")
    monkeypatch.delenv("LOCALAPPDATA")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert logs.log_dir() == tmp_path / "AppData" / "Local" / "netlm-risk" / "Logs"

    monkeypatch.setattr(sys, "platform", "darwin")
    assert logs.log_dir() == tmp_path / "Library" / "Logs" / "netlm-risk"

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert logs.log_dir() == tmp_path / "state" / "netlm-risk" / "log"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="compares with Qt's Linux (XDG) location")
def test_linux_log_folder_is_where_qt_puts_per_user_state(monkeypatch, tmp_path, qapp):
    from PySide6.QtCore import QStandardPaths

    monkeypatch.delenv("NETLM_RISK_LOG_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    qt_state = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericStateLocation)
    assert logs.log_dir().parent == Path(qt_state) / "netlm-risk"


def test_windowed_exe_without_a_console_refuses_to_print_a_prediction(monkeypatch, capsys, case_file):
    """netlm-risk.exe (windowed) has sys.stdout None: predict without --out must say so, not crash."""
    case = case_file(EXAMPLE_CASE)
    monkeypatch.setattr(sys, "stdout", None)
    assert cli.main(["predict", str(case)]) == cli.EXIT_INPUT
    assert "no console to print to: use --out FILE, or netlm-risk-cli.exe" in capsys.readouterr().err


def test_windowed_exe_without_a_console_still_exits_0_on_version_and_smoke(monkeypatch, qapp):
    monkeypatch.setattr(sys, "stdout", None)
    assert cli.main(["--version"]) == 0
    assert cli.main(["--smoke"]) == 0


def test_a_case_file_handed_over_by_the_system_is_opened(window, qtbot, case_file):
    """macOS Finder gives a .json opened with the .app as a FileOpen event, not in argv."""
    from PySide6 import QtCore, QtGui, QtWidgets

    from desktop.qt.app import open_cases_from_the_system

    path = case_file({**EXAMPLE_CASE, "label": "from Finder"})
    app = QtWidgets.QApplication.instance()
    opener = open_cases_from_the_system(app, window)
    try:
        QtCore.QCoreApplication.sendEvent(app, QtGui.QFileOpenEvent(str(path)))
        qtbot.waitUntil(lambda: window.current_path == path, timeout=3000)
        assert window.form.label_edit.text() == "from Finder"
    finally:
        app.removeEventFilter(opener)


def test_the_missing_font_advice_fits_each_platform():
    """Debian/Fedora package names mean nothing on a Windows or macOS workstation."""
    from desktop.report.font_hint import missing_font_warning

    linux = missing_font_warning("中", text="中村", platform="linux")
    windows = missing_font_warning("中", text="中村", platform="win32")
    macos = missing_font_warning("中", text="中村", platform="darwin")
    assert "sudo apt install fonts-noto-cjk" in linux
    assert "Language & region" in windows and "apt" not in windows and "dnf" not in windows
    assert "Font Book" in macos and "apt" not in macos
    for warning in (linux, windows, macos):
        assert warning.startswith("no font on this computer can draw Chinese, Japanese or Korean characters")
        assert warning.endswith("then write the note again (restart netlm-risk first if it is open).")
