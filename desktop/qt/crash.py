"""What the user sees when something goes wrong; the logs, and the hooks that write them, are
desktop/logs.py.

* ``install_crash_handler(app)``: an exception that escapes a slot is logged and shown in a
  dialog saying the estimate on screen may be incomplete, where the log is, with "Copy details"
  (the log's text). The application keeps running; while that dialog is open further errors are
  only logged, so a failing repaint cannot open a storm of dialogs.
* ``report_previous_crash(window)``: a fault dump left by a crashed session is announced once,
  in plain words, with "Open folder" and "Copy details".
* ``show_parameter_error(exc)``: the start-up dialog when a parameter file is missing, damaged
  or altered.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from desktop import logs

APP_TITLE = logs.APP_DIR_NAME


class Notice(QtWidgets.QDialog):
    """A message that can be selected, the details "Copy details" copies (shown in a box when
    ``show_details``), "Open folder" when ``folder`` is given, and one ``button`` that closes it."""

    def __init__(self, title: str, text: str, details: str, button: QtWidgets.QDialogButtonBox.StandardButton,
                 show_details: bool = True, folder: Path | None = None, parent=None):
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
        self.buttons = QtWidgets.QDialogButtonBox()
        role = QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        if folder is not None:
            self.open_button = self.buttons.addButton("Open folder", role)
            self.open_button.setObjectName("openLogFolder")
            self.open_button.clicked.connect(self.open_folder)
        self.copy_button = self.buttons.addButton("Copy details", role)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = self.buttons.addButton(button)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def copy_details(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied")

    def open_folder(self) -> bool:
        """The folder in the system's file manager (a local file URL: nothing leaves the computer)."""
        return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(self.folder)))


class CrashHandler(logs.ErrorHooks):
    """The hooks of desktop.logs; an error on the main thread is told in a dialog."""

    def __init__(self, app_name: str = APP_TITLE):
        super().__init__(app_name)
        self.dialog: Notice | None = None

    def uninstall(self) -> None:
        super().uninstall()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    def tell_user(self, exc_type, details: str, log_path: Path | None) -> None:
        """A non-blocking dialog, unless no QApplication runs or one is already open."""
        if QtWidgets.QApplication.instance() is None or self.dialog is not None:
            return
        where = f"A log without patient data was written to:\n{log_path}" if log_path else (
            "No log could be written (the log folder is not writable).")
        text = (f"{self.app_name} hit an internal error ({exc_type.__name__}).\n\n"
                "The estimate on screen may be incomplete or out of date: check it, or restart "
                f"{self.app_name}, before relying on it.\n\n{where}")
        self.dialog = Notice("Internal error", text, details, QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.dialog.setObjectName("crashDialog")
        self.dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.resize(560, 360)
        self.dialog.show()
        if QtWidgets.QApplication.platformName() != "offscreen":  # offscreen warns that it cannot raise()
            self.dialog.raise_()

    def _dialog_closed(self, *_) -> None:
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
    dialog = Notice("cannot start", text, f"{APP_TITLE}: model parameters refused\n{exc}\n",
                    QtWidgets.QDialogButtonBox.StandardButton.Close, parent=parent)
    dialog.setObjectName("parameterErrorDialog")
    dialog.resize(560, 360)
    dialog.exec()
    return 3


def report_previous_crash(parent, folder: Path | None = None) -> Notice | None:
    """Tell the user, once, that the last session crashed: a window-modal notice on ``parent``
    opened without blocking (``open()``, never ``exec()``, so an offscreen start cannot hang).
    Never raises: a problem here must not stop the application from starting."""
    try:
        current = _INSTALLED.fault_log if _INSTALLED is not None else None
        dumps = logs.mark_reported(logs.find_unreported_fault_logs(folder, current))
        if not dumps or QtWidgets.QApplication.instance() is None:
            return None
        notice = Notice("closed unexpectedly last time", logs.previous_crash_text(dumps),
                        logs.fault_dumps_text(dumps), QtWidgets.QDialogButtonBox.StandardButton.Ok,
                        show_details=False, folder=dumps[-1].parent, parent=parent)
        notice.setObjectName("previousCrashNotice")
        notice.close_button.setDefault(True)
        notice.setMinimumWidth(480)
        notice.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        notice.open()  # window-modal on its parent; returns at once
        return notice
    except Exception:  # noqa: BLE001 - the notice is a courtesy; starting matters more
        return None
