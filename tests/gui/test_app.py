"""Start-up: --smoke in a fresh process, and run() opening a case file."""

from __future__ import annotations

import re

from tests.conftest import run_cli_process


def test_smoke_draws_first_frame_and_exits_0(tmp_path):
    folder = tmp_path / "smoke-settings"
    folder.mkdir()
    result = run_cli_process("--smoke", env={"NETLM_RISK_SETTINGS_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ready in \d+\.\d\d s\n", result.stdout)
    assert result.stderr == ""
    assert list(folder.iterdir()) == []  # the smoke run stores no settings


def test_run_opens_the_given_case(qtbot, monkeypatch, case_file, log_dir):  # log_dir: never scan the user's
    from tests.conftest import EXAMPLE_CASE
    from desktop.qt import app as app_module
    from desktop.qt import crash
    from PySide6 import QtWidgets

    path = case_file(EXAMPLE_CASE)
    opened = {}

    def fake_exec(self=None):
        window = next(w for w in QtWidgets.QApplication.topLevelWidgets() if w.objectName() == "mainWindow"
                      and w.current_path == path)
        opened["case"] = window.current_case()
        opened["title"] = window.windowTitle()
        window.mark_saved()
        window.persist = False
        window.close()
        return 0

    monkeypatch.setattr(QtWidgets.QApplication, "exec", fake_exec)
    installed = []  # the real crash handler would replace sys.excepthook for the whole test session
    monkeypatch.setattr(crash, "install_crash_handler", installed.append)
    assert app_module.run(str(path)) == 0
    assert len(installed) == 1
    assert opened["case"].age_years == EXAMPLE_CASE["age_years"]
    assert opened["case"].label == EXAMPLE_CASE["label"]
    assert opened["title"].startswith("case.json")
