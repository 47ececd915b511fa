"""Shared fixtures. Qt runs headless everywhere (set before any Qt import)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No timed checks in the tests: hypothesis's per-example deadline and its "too slow" health check
# fail on a loaded 2-core machine without saying anything about the code.
from hypothesis import HealthCheck, settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow])
_hypothesis_settings.load_profile("untimed")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
MAYO_SEED = SEEDS / "000_8b1ffec0da104ca6.txt"

EXAMPLE_CASE = {
    "age_years": 61,
    "primary_site": "small_intestine",
    "ki67_percent": 4.5,
    "liver_lesion_count": 6,
    "largest_lesion_mm": 38,
    "extrahepatic_metastases": False,
    "cytoreduction": "complete",
    "label": "optional free text printed on the note",
}
# The two eligibility inputs confirmed (without them a prediction notes what the model assumes).
ELIGIBLE = {"differentiation": "well", "first_hepatectomy": True}


def seed_lines(path: Path = MAYO_SEED) -> list[str]:
    """Lines of a source paper; CI always has ../shared beside the clone, so never skip there."""
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"source paper missing in CI: {path}")
        pytest.skip(f"source papers not available here ({path}); provenance checks run in CI")
    return path.read_text(encoding="utf-8").splitlines()


def line_holding(lines: list[str], quote: str) -> str:
    """The one line of a source paper that holds ``quote`` (seed lines are found by what they
    say, so a renumbered or mistyped line fails loudly instead of checking the wrong line)."""
    found = [line for line in lines if quote in line]
    assert len(found) == 1, (quote, len(found))
    return found[0]


@pytest.fixture(scope="session")
def params():
    from desktop.model import load_params

    return load_params()


@pytest.fixture
def example_case():
    from desktop.model import validate_case

    return validate_case(EXAMPLE_CASE)


@pytest.fixture
def case_file(tmp_path):
    def write(data, name="case.json"):
        path = tmp_path / name
        path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
        return path

    return write


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv("NETLM_RISK_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def isolated_settings(tmp_path, monkeypatch):
    """The test reads and writes its own QSettings file, never the user's."""
    folder = tmp_path / "settings"
    folder.mkdir()
    monkeypatch.setenv("NETLM_RISK_SETTINGS_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot, isolated_settings):
    """A shown main window (1200 x 800, offscreen) with its own settings.

    The test answers every prompt (a modal one would hang offscreen): "unsaved changes" answers
    Discard and is recorded in ``win.prompts``; error messages are recorded in ``win.errors``.
    """
    from PySide6 import QtWidgets

    from desktop.qt.app import make_application
    from desktop.qt.main_window import MainWindow

    make_application()
    win = MainWindow(persist=False)
    win.prompts = []

    def answer_discard():
        win.prompts.append("unsaved")
        return QtWidgets.QMessageBox.StandardButton.Discard

    win.ask_unsaved_changes = answer_discard
    win.errors = []
    win.show_error = lambda title, text: win.errors.append((title, text))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def when_modal(act, kind=None) -> None:
    """Answer the next modal dialog (of type ``kind``) as a user would: ``act(dialog)`` runs inside
    its ``exec()``; a dialog that ``act`` left open is then rejected, so nothing waits."""
    from PySide6 import QtCore, QtWidgets

    def look():
        dialog = QtWidgets.QApplication.activeModalWidget()
        if dialog is None or (kind is not None and not isinstance(dialog, kind)):
            QtCore.QTimer.singleShot(20, look)
            return
        try:
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QtCore.QTimer.singleShot(0, look)


def print_to_pdf(out):
    """Answer the print preview as "Print" to a PDF file would; returns the printer it painted on."""
    from PySide6 import QtPrintSupport

    printed = []

    def press_print(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.paintRequested.emit(printer)  # what the dialog does on "Print"
        printed.append(printer)

    when_modal(press_print, QtPrintSupport.QPrintPreviewDialog)
    return printed


class UnansweredDialog(AssertionError):
    """A test reached a modal dialog that nothing answers: offscreen it would wait for ever."""


# Qt's static prompts run their own modal loop in C++: patched to raise before they open.
_STATIC_PROMPTS = {
    "QMessageBox": ("question", "warning", "critical", "information", "about"),
    "QFileDialog": ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"),
}
WATCHDOG_MS = 60_000  # a dialog that a test answers (by a timer) closes within milliseconds


class DialogGuard:
    """What ``dialog_guard`` refused (``unanswered``); ``allow(name)`` lets one static prompt open
    for a test that answers it itself (a timer that clicks the dialog)."""

    def __init__(self, monkeypatch):
        self.unanswered: list[str] = []
        self._monkeypatch = monkeypatch
        self._originals: dict[str, tuple[type, str, object]] = {}

    def refuse(self, cls, method: str) -> None:
        name = f"{cls.__name__}.{method}"
        self._originals[name] = (cls, method, getattr(cls, method))

        def prompt(*args, **kwargs):
            self.unanswered.append(name)
            raise UnansweredDialog(f"{name}() would block on a modal dialog that this test does not answer")

        self._monkeypatch.setattr(cls, method, staticmethod(prompt))

    def allow(self, name: str) -> None:
        cls, method, original = self._originals[name]
        self._monkeypatch.setattr(cls, method, original)


@pytest.fixture(autouse=True)
def dialog_guard(monkeypatch):
    """No test may block on a modal dialog: nobody can answer one offscreen, and CI would hang.

    A test answers a prompt explicitly: by replacing the method that asks (the ``window``
    fixture answers "unsaved changes" with Discard and records it) or with ``when_modal``. A static prompt (``QMessageBox.question``, ``QFileDialog.getSaveFileName``...)
    that a test did not replace raises ``UnansweredDialog``; a dialog's own ``exec()`` still
    open after ``WATCHDOG_MS`` is rejected. Either way the test fails: nothing is answered silently.
    """
    from PySide6 import QtCore, QtWidgets

    guard = DialogGuard(monkeypatch)
    for class_name, methods in _STATIC_PROMPTS.items():
        for method in methods:
            guard.refuse(getattr(QtWidgets, class_name), method)
    real_exec = QtWidgets.QDialog.exec

    def exec_(dialog, *args):
        def still_open():
            if dialog.isVisible():
                guard.unanswered.append(f"{type(dialog).__name__}.exec")
                dialog.reject()

        QtCore.QTimer.singleShot(WATCHDOG_MS, dialog, still_open)
        return real_exec(dialog, *args)

    monkeypatch.setattr(QtWidgets.QDialog, "exec", exec_)
    yield guard
    if guard.unanswered:
        pytest.fail(f"the test reached modal dialogs it does not answer: {guard.unanswered}", pytrace=False)


@pytest.fixture(autouse=True)
def _no_crash_handler_left_behind():
    """A test that runs the application (desktop.qt.app.run) installs the crash handler: remove it after."""
    yield
    crash = sys.modules.get("desktop.qt.crash")
    if crash is not None:
        crash.uninstall_crash_handler()


def run_cli_process(*args, cwd=None, env=None, timeout=300):
    """Run ``python -m desktop`` in a fresh process (real exit code, real streams)."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(REPO) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )
