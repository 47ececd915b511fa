"""Crash handling: an uncaught error leaves a log without patient data and a dialog with "Copy details";
a hard crash leaves a fault dump; a damaged parameter file stops the application with a dialog naming it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

SECRET = "age 61, label Mrs Example"  # stands for case values that an exception message might carry


@pytest.fixture
def handler(log_dir, qapp):
    from desktop.qt import crash

    crash.uninstall_crash_handler()
    installed = crash.install_crash_handler(qapp)
    yield installed
    crash.uninstall_crash_handler()


def _boom():
    raise RuntimeError(f"cannot draw the curve for {SECRET}")


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_error_in_a_slot_is_logged_and_shown(handler, qtbot, qapp, log_dir):
    from PySide6 import QtCore, QtWidgets

    assert sys.excepthook == handler.excepthook
    QtCore.QTimer.singleShot(0, _boom)  # raised inside the Qt event loop, as in a real slot
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible(), timeout=5000)

    logs = sorted(log_dir.glob("netlm-risk-2*.log"))
    assert len(logs) == 1
    log_text = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError" in log_text and "_boom" in log_text and "test_crash_handler.py" in log_text
    assert "age 61" not in log_text and "Mrs Example" not in log_text

    dialog = handler.dialog
    message = dialog.message.text()
    assert "internal error (RuntimeError)" in message and str(logs[0]) in message
    assert "may be incomplete" in message and SECRET not in message
    dialog.copy_button.click()
    assert QtWidgets.QApplication.clipboard().text() == log_text

    # a second error while the dialog is open is logged, without a second dialog
    QtCore.QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: len(list(log_dir.glob("netlm-risk-2*.log"))) == 2, timeout=5000)
    assert handler.dialog is dialog
    dialogs = [w for w in QtWidgets.QApplication.topLevelWidgets() if w.objectName() == "crashDialog" and w.isVisible()]
    assert dialogs == [dialog]

    dialog.close_button.click()
    assert handler.dialog is None


def test_uninstall_restores_the_previous_hooks(log_dir, qapp):
    import threading

    from desktop.qt import crash

    crash.uninstall_crash_handler()
    before, before_thread = sys.excepthook, threading.excepthook
    installed = crash.install_crash_handler("netlm-risk")
    assert crash.install_crash_handler("again") is installed  # once per process
    assert sys.excepthook == installed.excepthook
    crash.uninstall_crash_handler()
    assert sys.excepthook == before and threading.excepthook == before_thread


def test_an_error_in_a_worker_thread_is_logged(handler, log_dir):
    import threading

    thread = threading.Thread(target=_boom, name="worker")
    thread.start()
    thread.join()
    logs = list(log_dir.glob("netlm-risk-2*.log"))
    assert len(logs) == 1
    text = logs[0].read_text(encoding="utf-8")
    assert "context: thread worker" in text and "RuntimeError" in text and "age 61" not in text


CRASHING_APP = textwrap.dedent("""
    import faulthandler, sys
    from PySide6 import QtCore, QtWidgets
    app = QtWidgets.QApplication(["netlm-risk"])
    app.setApplicationName("netlm-risk")
    from desktop.qt.crash import install_crash_handler
    handler = install_crash_handler(app)
    print(handler.fault_log, flush=True)
    if sys.argv[1] == "segfault":
        QtCore.QTimer.singleShot(0, faulthandler._sigsegv)
    else:
        QtCore.QTimer.singleShot(0, app.quit)
    sys.exit(app.exec())
""")


@pytest.mark.parametrize("how", ["segfault", "normal exit"])
def test_a_hard_crash_leaves_a_fault_dump_and_a_normal_exit_leaves_nothing(tmp_path, how):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONFAULTHANDLER",)}
    env.update(PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen", NETLM_RISK_LOG_DIR=str(tmp_path / "logs"))
    result = subprocess.run([sys.executable, "-c", CRASHING_APP, how], capture_output=True, text=True, env=env,
                            timeout=120)
    fault_log = result.stdout.strip().splitlines()[0]
    assert fault_log.startswith(str(tmp_path / "logs" / "netlm-risk-fault-")), result.stdout
    if how == "segfault":
        assert result.returncode != 0
        dump = open(fault_log, encoding="utf-8").read()
        assert "Segmentation fault" in dump and "File " in dump, dump
    else:
        assert result.returncode == 0, result.stderr
        assert list((tmp_path / "logs").iterdir()) == []  # the empty fault log is removed


# ------------------------------------------------------------------ parameter error at start-up


def _close_modal_later(seen: list):
    from PySide6 import QtCore, QtWidgets

    def close():
        widget = QtWidgets.QApplication.activeModalWidget()
        if widget is None:
            QtCore.QTimer.singleShot(20, close)
            return
        seen.append((widget.objectName(), widget.message.text(), widget.details))
        widget.copy_button.click()
        widget.reject()

    QtCore.QTimer.singleShot(0, close)


def test_show_parameter_error_names_the_file(qapp):
    from PySide6 import QtWidgets

    from desktop.model import ParameterError
    from desktop.qt.crash import show_parameter_error

    seen = []
    _close_modal_later(seen)
    error = ParameterError("parameter file altered or corrupted: /x/model_params/mayo2023.json (sha256 ...)")
    assert show_parameter_error(error) == 3
    name, message, details = seen[0]
    assert name == "parameterErrorDialog"
    assert "mayo2023.json" in message and "will not estimate anything" in message
    assert QtWidgets.QApplication.clipboard().text() == details and "mayo2023.json" in details


@pytest.mark.parametrize("name", ["mayo2023.json", "mayo2023_derived.json"])
def test_the_application_refuses_to_start_on_a_damaged_parameter_file(tmp_path, monkeypatch, qapp, name, log_dir):
    from desktop import paths
    from desktop.model import params as params_module
    from desktop.qt import app as app_module

    folder = tmp_path / "model_params"
    shutil.copytree(paths.model_params_dir(), folder)
    (folder / name).write_bytes((folder / name).read_bytes()[:-10])
    monkeypatch.setattr(paths, "model_params_dir", lambda: folder)
    monkeypatch.setenv("NETLM_RISK_SETTINGS_DIR", str(tmp_path / "settings"))
    params_module.clear_cache()
    seen = []
    _close_modal_later(seen)
    try:
        assert app_module.run(None) == 3
    finally:
        params_module.clear_cache()
    assert seen and seen[0][0] == "parameterErrorDialog" and name in seen[0][1]
