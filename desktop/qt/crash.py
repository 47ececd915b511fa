"""What the user sees when something goes wrong; the logs themselves are desktop/logs.py.

* ``install_crash_handler(app)``: an exception that escapes a slot is logged and shown in a
  dialog saying the estimate on screen may be incomplete, where the log is, with "Copy details"
  (the log's text). The application keeps running; while that dialog is open further errors are
  only logged, so a failing repaint cannot open a storm of dialogs. Errors in worker threads are
  logged without a dialog. A hard crash leaves a fault dump (``desktop.logs.FaultLog``).
* ``report_previous_crash(window)``: once the main window is shown, a dump left by a crashed
  session is announced once, in plain words, with "Open folder" and "Copy details".
* ``show_parameter_error(exc)``: the start-up dialog when a parameter file is missing, damaged
  or altered.
"""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from desktop import logs

APP_TITLE = "netlm-risk"
MAX_LOGS_PER_SESSION = 20  # an error in a paint handler repeats every frame: log the first ones only


class Notice(QtWidgets.QDialog):
    """A message that can be selected, the details "Copy details" copies (shown in a box when
    ``show_details``), and "Open folder" when ``folder`` is given."""

    def __init__(self, title: str, text: str, details: str, show_details: bool = True,
                 folder: Path | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_TITLE}: {title}")
        self.details = details
        self.folder = folder
        layout = QtWidgets.QVBoxLayout(self)
        self.message = QtWidgets.QLabel(text)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        if show_details:
            box = QtWidgets.QPlainTextEdit(details)
            box.setObjectName("errorDetails")
            box.setReadOnly(True)
            box.setMinimumHeight(120)
            layout.addWidget(box)
        buttons = QtWidgets.QDialogButtonBox()
        role = QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        if folder is not None:
            self.open_button = buttons.addButton("Open folder", role)
            self.open_button.setObjectName("openLogFolder")
            self.open_button.clicked.connect(self.open_folder)
        self.copy_button = buttons.addButton("Copy details", role)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        layout.addWidget(buttons)
        self.buttons = buttons

    def message_text(self) -> str:
        return self.message.text()

    def copy_details(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied")

    def open_folder(self) -> bool:
        """The folder in the system's file manager (a local file URL: nothing leaves the computer)."""
        return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(self.folder)))


class CrashHandler:
    """Installed hooks and their state; ``uninstall()`` restores what was there before."""

    def __init__(self, app_name: str = APP_TITLE):
        self.app_name = app_name
        self.dialog: Notice | None = None
        self.logged = 0
        self.last_log: Path | None = None
        self.faults = logs.FaultLog()
        self._previous_hooks = None

    @property
    def fault_log(self) -> Path | None:
        return self.faults.path

    def install(self) -> "CrashHandler":
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook
        self.faults.enable()
        return self

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            if sys.excepthook == self.excepthook:
                sys.excepthook = self._previous_hooks[0]
            if threading.excepthook == self.threading_excepthook:
                threading.excepthook = self._previous_hooks[1]
        self.faults.disable()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    def excepthook(self, exc_type, exc_value, exc_tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            (self._previous_hooks[0] if self._previous_hooks else sys.__excepthook__)(exc_type, exc_value, exc_tb)
            return
        try:
            text, path = self._log(exc_type, exc_tb, "application")
            print(f"{self.app_name}: internal error ({exc_type.__name__}); "
                  f"{'details in ' + str(path) if path else 'no log could be written'}", file=sys.stderr)
            if threading.current_thread() is threading.main_thread():
                self.show_error_dialog(exc_type, text, path)
        except Exception:  # the handler itself must never raise
            try:
                traceback.print_exception(exc_type, exc_value, exc_tb)
            except Exception:
                pass

    def threading_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        try:
            self._log(args.exc_type, args.exc_traceback, f"thread {getattr(args.thread, 'name', '?')}")
        except Exception:
            pass

    def _log(self, exc_type, exc_tb, context: str) -> tuple[str, Path | None]:
        text = logs.error_log_text(exc_type, exc_tb, context)
        self.logged += 1
        if self.logged <= MAX_LOGS_PER_SESSION:
            self.last_log = logs.write_log_text(text)
        return text, self.last_log

    def show_error_dialog(self, exc_type, details: str, log_path: Path | None):
        """A non-blocking dialog; None when no QApplication runs or one is already open."""
        if QtWidgets.QApplication.instance() is None:
            return None
        if self.dialog is not None and self.dialog.isVisible():
            return None
        where = f"A log without patient data was written to:\n{log_path}" if log_path else (
            "No log could be written (the log folder is not writable).")
        text = (f"{self.app_name} hit an internal error ({exc_type.__name__}).\n\n"
                "The estimate on screen may be incomplete or out of date: check it, or restart "
                f"{self.app_name}, before relying on it.\n\n{where}")
        dialog = Notice("Internal error", text, details)
        dialog.setObjectName("crashDialog")
        dialog.close_button = dialog.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        dialog.buttons.rejected.connect(dialog.reject)
        dialog.resize(560, 360)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.show()
        if QtWidgets.QApplication.platformName() != "offscreen":  # offscreen warns that it cannot raise()
            dialog.raise_()
        return dialog

    def _dialog_closed(self, *_):
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None


_INSTALLED: CrashHandler | None = None


def install_crash_handler(app=None) -> CrashHandler:
    """Install the hooks once per process (``app``: the QApplication or an application name)."""
    global _INSTALLED
    if _INSTALLED is None:
        name = app if isinstance(app, str) else (app.applicationName() if app is not None else "") or APP_TITLE
        _INSTALLED = CrashHandler(name).install()
    return _INSTALLED


def uninstall_crash_handler() -> None:
    global _INSTALLED
    if _INSTALLED is not None:
        _INSTALLED.uninstall()
        _INSTALLED = None


def show_parameter_error(exc, parent=None) -> int:
    """The modal start-up dialog for a ParameterError; returns the exit code 3."""
    if QtWidgets.QApplication.instance() is None:
        print(f"{APP_TITLE}: model parameters refused: {exc}", file=sys.stderr)
        return 3
    text = ("The model's parameter files are missing, damaged or altered, so netlm-risk will not "
            f"estimate anything (it never falls back to other numbers).\n\n{exc}\n\n"
            "Reinstall netlm-risk from its original package. If this keeps happening, send the details "
            "to whoever maintains netlm-risk at your site.")
    dialog = Notice("cannot start", text, f"{APP_TITLE}: model parameters refused\n{exc}\n", parent=parent)
    dialog.setObjectName("parameterErrorDialog")
    close = dialog.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
    close.clicked.connect(dialog.reject)
    dialog.resize(560, 360)
    dialog.exec()
    return 3


def previous_crash_text(dumps: list[Path]) -> str:
    if len(dumps) == 1:
        where = f"A technical report (no patient data) was kept here:\n{dumps[0]}"
    else:
        where = (f"{len(dumps)} technical reports (no patient data) were kept in:\n{dumps[-1].parent}\n"
                 f"(the newest is {dumps[-1].name})")
    return (f"{APP_TITLE} closed unexpectedly the last time it was used. "
            "If you were working on a case, check that it was saved.\n\n"
            f"{where}\n\nIf this happens again, send it to your IT team.")


def report_previous_crash(parent, folder: Path | None = None) -> Notice | None:
    """Tell the user, once, that the last session crashed: a window-modal notice on ``parent``
    opened without blocking (``open()``, never ``exec()``, so an offscreen start cannot hang).
    Never raises: a problem here must not stop the application from starting."""
    try:
        current = _INSTALLED.fault_log if _INSTALLED is not None else None
        dumps = logs.mark_reported(logs.find_unreported_fault_logs(folder, current))
        if not dumps or QtWidgets.QApplication.instance() is None:
            return None
        notice = Notice("closed unexpectedly last time", previous_crash_text(dumps), logs.fault_dumps_text(dumps),
                        show_details=False, folder=dumps[-1].parent, parent=parent)
        notice.setObjectName("previousCrashNotice")
        notice.ok_button = notice.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        notice.ok_button.setDefault(True)
        notice.buttons.accepted.connect(notice.accept)
        notice.setMinimumWidth(480)
        notice.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        notice.open()  # window-modal on its parent; returns at once
        return notice
    except Exception:  # noqa: BLE001 - the notice is a courtesy; starting matters more
        return None
