"""Crash handling: an uncaught error or a hard fault leaves a log without patient data and tells the user.

* ``install_crash_handler(app)`` (called by ``desktop.qt.app.run``):
  - ``sys.excepthook``: an exception that escapes a slot or an event handler is written to a new
    log in the user log folder (``desktop.logs.log_dir()``: code locations and the exception type
    only, never its message, which may hold case values) and shown in a dialog that says the
    estimate on screen may be incomplete, where the log is, and offers "Copy details" (the log's
    text, for a bug report). The application keeps running; while one dialog is open further
    errors are only logged, so a failing repaint cannot open a storm of dialogs.
  - ``faulthandler``: a hard crash (segmentation fault, abort) dumps the Python stacks (code
    locations only) into ``netlm-risk-fault-<time>-<pid>.log`` in the same folder; the file is
    removed at a normal exit when it is empty. (When faulthandler is already enabled, e.g. by
    ``python -X faulthandler`` or pytest, its existing target is kept.)
  - ``threading.excepthook``: errors in worker threads are logged (no dialog from a thread).
* ``report_previous_crash(window)`` (called by ``run`` once the main window is shown): a
  non-empty fault log left by an earlier process (``find_unreported_fault_logs``: not ours, not
  held open by a running process) means the last session crashed. The file is renamed
  ``...-reported.log`` (kept for IT, never deleted) and a window-modal notice that does not block
  says, in plain words, that netlm-risk closed unexpectedly and where the report is, with "Open
  folder" (a local file URL), "Copy details" (the dump: code locations only) and "OK". Each dump
  is announced once; start-up pays one directory listing when there is nothing to report.
* ``show_parameter_error(exc)``: the start-up dialog when a parameter file is missing, damaged or
  altered; it names the file and says nothing can be estimated (``run`` then exits with 3).

Nothing here writes the case: the log and the dialog's details hold code locations only.
"""

from __future__ import annotations

import atexit
import datetime as _dt
import faulthandler
import os
import re
import sys
import threading
import traceback
from pathlib import Path

from desktop.logs import log_dir, write_error_log

APP_TITLE = "netlm-risk"
MAX_LOGS_PER_SESSION = 20  # an error in a paint handler repeats every frame: log the first ones only


def details_text(exc_type, exc_tb, log_path: Path | None, context: str = "") -> str:
    """What "Copy details" copies: the log's text (code locations, exception type; no message)."""
    if log_path is not None:
        try:
            return log_path.read_text(encoding="utf-8")
        except OSError:
            pass
    lines = [f"{APP_TITLE} internal error", f"context: {context}" if context else "",
             f"exception type: {exc_type.__name__}", "traceback (messages omitted: they may contain patient values):"]
    lines += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in traceback.extract_tb(exc_tb)]
    return "\n".join(line for line in lines if line) + "\n"


class CrashHandler:
    """Installed hooks and their state; ``uninstall()`` restores what was there before."""

    def __init__(self, app_name: str = APP_TITLE):
        self.app_name = app_name
        self.dialog = None  # the open error dialog, if any
        self.logged = 0
        self.last_log: Path | None = None
        self.fault_log: Path | None = None
        self._fault_file = None
        self._previous_excepthook = None
        self._previous_threading_hook = None

    # -------------------------------------------------------------- install / uninstall

    def install(self) -> "CrashHandler":
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook
        self._enable_faulthandler()
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook and self._previous_excepthook is not None:
            sys.excepthook = self._previous_excepthook
        if threading.excepthook == self.threading_excepthook and self._previous_threading_hook is not None:
            threading.excepthook = self._previous_threading_hook
        self._disable_faulthandler()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    def _enable_faulthandler(self) -> None:
        if faulthandler.is_enabled():
            # Already pointed somewhere on purpose (python -X faulthandler, PYTHONFAULTHANDLER,
            # pytest): keep that target rather than hide a crash dump from whoever asked for it.
            return
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            folder = log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{APP_TITLE}-fault-{stamp}-{os.getpid()}.log"
            self._fault_file = open(path, "w", encoding="utf-8")  # noqa: SIM115 - must stay open for faulthandler
        except OSError:
            self._fault_file = None
            return
        self.fault_log = path
        faulthandler.enable(file=self._fault_file, all_threads=True)
        atexit.register(self._disable_faulthandler)

    def _disable_faulthandler(self) -> None:
        """Stop writing fault dumps to our file (only if we enabled them) and drop the file if empty."""
        if self._fault_file is None:
            return
        faulthandler.disable()
        self._fault_file.close()
        self._fault_file = None
        try:
            if self.fault_log is not None and self.fault_log.stat().st_size == 0:
                self.fault_log.unlink()
        except OSError:
            pass

    # -------------------------------------------------------------- hooks

    def excepthook(self, exc_type, exc_value, exc_tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            (self._previous_excepthook or sys.__excepthook__)(exc_type, exc_value, exc_tb)
            return
        try:
            path = self._log(exc_type, exc_value, exc_tb, "application")
            print(f"{self.app_name}: internal error ({exc_type.__name__}); "
                  f"{'details in ' + str(path) if path else 'no log could be written'}", file=sys.stderr)
            if threading.current_thread() is threading.main_thread():
                self.show_error_dialog(exc_type, exc_tb, path)
        except Exception:  # the handler itself must never raise
            try:
                traceback.print_exception(exc_type, exc_value, exc_tb)
            except Exception:
                pass

    def threading_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        try:
            self._log(args.exc_type, args.exc_value, args.exc_traceback, f"thread {getattr(args.thread, 'name', '?')}")
        except Exception:
            pass

    def _log(self, exc_type, exc_value, exc_tb, context: str) -> Path | None:
        self.logged += 1
        if self.logged > MAX_LOGS_PER_SESSION:
            return self.last_log
        path = write_error_log(exc_type, exc_value, exc_tb, context=context)
        self.last_log = path
        return path

    # -------------------------------------------------------------- dialog

    def show_error_dialog(self, exc_type, exc_tb, log_path: Path | None):
        """A non-blocking dialog; None when no QApplication runs or one is already open."""
        from PySide6 import QtWidgets

        if QtWidgets.QApplication.instance() is None:
            return None
        if self.dialog is not None and self.dialog.isVisible():
            return None  # one dialog at a time; the error is logged
        where = f"A log without patient data was written to:\n{log_path}" if log_path else (
            "No log could be written (the log folder is not writable).")
        text = (
            f"{self.app_name} hit an internal error ({exc_type.__name__}).\n\n"
            "The estimate on screen may be incomplete or out of date: check it, or restart "
            f"{self.app_name}, before relying on it.\n\n{where}"
        )
        dialog = ErrorDialog("Internal error", text, details_text(exc_type, exc_tb, log_path, "application"))
        dialog.setObjectName("crashDialog")
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


def _error_dialog_class():
    from PySide6 import QtGui, QtWidgets

    class _ErrorDialog(QtWidgets.QDialog):
        """Message, read-only details and the buttons "Copy details" and "Close"."""

        def __init__(self, title: str, text: str, details: str, parent=None):
            super().__init__(parent)
            self.setWindowTitle(f"{APP_TITLE}: {title}")
            self.details = details
            layout = QtWidgets.QVBoxLayout(self)
            message = QtWidgets.QLabel(text)
            message.setObjectName("errorMessage")
            message.setWordWrap(True)
            message.setTextInteractionFlags(QtGui.Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(message)
            box = QtWidgets.QPlainTextEdit(details)
            box.setObjectName("errorDetails")
            box.setReadOnly(True)
            box.setMinimumHeight(120)
            layout.addWidget(box)
            buttons = QtWidgets.QDialogButtonBox()
            self.copy_button = buttons.addButton("Copy details", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
            self.copy_button.setObjectName("copyDetails")
            self.close_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
            self.copy_button.clicked.connect(self.copy_details)
            buttons.rejected.connect(self.reject)
            layout.addWidget(buttons)
            self.resize(560, 360)

        def copy_details(self):
            QtWidgets.QApplication.clipboard().setText(self.details)
            self.copy_button.setText("Copied")

        def message_text(self) -> str:
            return self.findChild(QtWidgets.QLabel, "errorMessage").text()

    return _ErrorDialog


class _LazyDialog:
    """Builds the QDialog subclass on first use, so importing this module does not import Qt."""

    _cls = None

    def __call__(self, *args, **kwargs):
        if _LazyDialog._cls is None:
            _LazyDialog._cls = _error_dialog_class()
        return _LazyDialog._cls(*args, **kwargs)


ErrorDialog = _LazyDialog()

_INSTALLED: CrashHandler | None = None


def install_crash_handler(app=None) -> CrashHandler:
    """Install the hooks once per process (``app``: the QApplication or an application name)."""
    global _INSTALLED
    if _INSTALLED is not None:
        return _INSTALLED
    name = app if isinstance(app, str) else (app.applicationName() if app is not None else "") or APP_TITLE
    _INSTALLED = CrashHandler(name).install()
    return _INSTALLED


def uninstall_crash_handler() -> None:
    global _INSTALLED
    if _INSTALLED is not None:
        _INSTALLED.uninstall()
        _INSTALLED = None


def parameter_error_text(exc) -> str:
    return (
        "The model's parameter files are missing, damaged or altered, so netlm-risk will not "
        "estimate anything (it never falls back to other numbers).\n\n"
        f"{exc}\n\n"
        "Reinstall netlm-risk from its original package. If this keeps happening, send the details "
        "to whoever maintains netlm-risk at your site."
    )


def show_parameter_error(exc, parent=None) -> int:
    """The modal start-up dialog for a ParameterError; returns the exit code 3."""
    from PySide6 import QtWidgets

    if QtWidgets.QApplication.instance() is None:
        print(f"{APP_TITLE}: model parameters refused: {exc}", file=sys.stderr)
        return 3
    details = f"{APP_TITLE}: model parameters refused\n{exc}\n"
    dialog = ErrorDialog("cannot start", parameter_error_text(exc), details, parent)
    dialog.setObjectName("parameterErrorDialog")
    dialog.exec()
    return 3


# ------------------------------------------------------------------ a crash in an earlier session

# netlm-risk-fault-<YYYYmmdd-HHMMSS>-<pid>.log, as _enable_faulthandler names it; a reported one
# ends in "-reported.log" and no longer matches.
_FAULT_LOG_NAME = re.compile(rf"^{re.escape(APP_TITLE)}-fault-(\d{{8}}-\d{{6}})-(\d+)\.log$")
REPORTED_SUFFIX = "-reported"
MAX_DETAIL_CHARS = 100_000  # per dump, for "Copy details" (a dump is a few kB of code locations)


def _fault_log_pid(name: str) -> int | None:
    match = _FAULT_LOG_NAME.match(name)
    return int(match.group(2)) if match else None


def _maybe_still_written(path: Path, pid: int) -> bool:
    """Whether a running process may still hold ``path`` open (then it is not a crash yet).

    Linux: that process has the file among its open descriptors (so a reused pid does not hide
    a crash). Other POSIX systems: a process with that pid runs. Windows: not checked here; a
    file held open by a running process cannot be renamed there, so marking it fails and it is
    left for a later start.
    """
    if os.name != "posix":
        return False
    proc = Path("/proc")
    if proc.is_dir() and (proc / "self" / "fd").is_dir():
        fd_dir = proc / str(pid) / "fd"
        try:
            target = os.path.realpath(path)
            return any(os.path.realpath(fd_dir / fd) == target for fd in os.listdir(fd_dir))
        except FileNotFoundError:
            return False  # no such process (or it ended meanwhile)
        except OSError:
            return False  # another user's process: not the one that wrote our per-user log folder
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def find_unreported_fault_logs(folder: Path | None = None, current: Path | None = None) -> list[Path]:
    """Fault dumps left by an earlier process that crashed, oldest first; Qt-free, changes nothing.

    A dump counts when its name is ``netlm-risk-fault-<time>-<pid>.log`` (not yet marked
    ``-reported``), it is not empty (a normal exit removes the empty file; a killed or powered-off
    session leaves an empty one, which is no crash dump), it is not ``current`` nor from this
    process, and no running process still writes it. An unreadable or missing folder gives [].
    Cost: one directory listing, plus a stat of each fault log in it.
    """
    try:
        folder = log_dir() if folder is None else folder
        entries = list(os.scandir(folder))
    except OSError:
        return []
    own_pid = os.getpid()
    current_name = current.name if current is not None else None
    found = []
    for entry in entries:
        pid = _fault_log_pid(entry.name)
        if pid is None or pid == own_pid or entry.name == current_name:
            continue
        try:
            if not entry.is_file() or entry.stat().st_size == 0:
                continue
        except OSError:
            continue
        path = Path(entry.path)
        if _maybe_still_written(path, pid):
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.name)


def mark_reported(paths: list[Path]) -> list[Path]:
    """Rename each dump to ``...-reported.log`` so it is reported once; returns the new paths.

    The dump itself is kept (IT may need it). A dump that cannot be renamed (read-only folder,
    held open elsewhere, already taken by another starting instance) is left out of the result,
    so it is not announced now (announcing it on every start would be worse).
    """
    marked = []
    for path in paths:
        new = path.with_name(f"{path.stem}{REPORTED_SUFFIX}{path.suffix}")
        try:
            if new.exists():
                continue
            os.rename(path, new)
        except OSError:
            continue
        marked.append(new)
    return marked


def previous_crash_text(dumps: list[Path]) -> str:
    """The notice in plain words (Qt-free)."""
    if len(dumps) == 1:
        where = f"A technical report (no patient data) was kept here:\n{dumps[0]}"
    else:
        where = (f"{len(dumps)} technical reports (no patient data) were kept in:\n{dumps[-1].parent}\n"
                 f"(the newest is {dumps[-1].name})")
    return (
        f"{APP_TITLE} closed unexpectedly the last time it was used. "
        "If you were working on a case, check that it was saved.\n\n"
        f"{where}\n\n"
        "If this happens again, send it to your IT team."
    )


def previous_crash_details(dumps: list[Path]) -> str:
    """What "Copy details" copies: each dump's text (code locations only), with its file name."""
    parts = []
    for path in dumps:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read(MAX_DETAIL_CHARS + 1)
        except OSError as exc:
            text = f"(could not be read: {type(exc).__name__})\n"
        if len(text) > MAX_DETAIL_CHARS:
            text = text[:MAX_DETAIL_CHARS] + "\n(cut here; the whole dump is in the file)\n"
        parts.append(f"{APP_TITLE} fault dump {path}\n{text.rstrip()}\n")
    return "\n".join(parts)


def _previous_crash_dialog_class():
    from PySide6 import QtCore, QtGui, QtWidgets

    class _PreviousCrashNotice(QtWidgets.QDialog):
        """Plain message and the buttons "Open folder", "Copy details" and "OK" (the first two keep it open)."""

        def __init__(self, dumps: list[Path], parent=None):
            super().__init__(parent)
            self.dumps = list(dumps)
            self.setObjectName("previousCrashNotice")
            self.setWindowTitle(f"{APP_TITLE}: closed unexpectedly last time")
            layout = QtWidgets.QVBoxLayout(self)
            message = QtWidgets.QLabel(previous_crash_text(self.dumps))
            message.setObjectName("previousCrashMessage")
            message.setWordWrap(True)
            message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(message)
            buttons = QtWidgets.QDialogButtonBox()
            role = QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
            self.open_button = buttons.addButton("Open folder", role)
            self.open_button.setObjectName("openLogFolder")
            self.copy_button = buttons.addButton("Copy details", role)
            self.copy_button.setObjectName("copyDetails")
            self.ok_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Ok)
            self.ok_button.setDefault(True)
            self.open_button.clicked.connect(self.open_folder)
            self.copy_button.clicked.connect(self.copy_details)
            buttons.accepted.connect(self.accept)
            layout.addWidget(buttons)
            self.setMinimumWidth(480)

        def message_text(self) -> str:
            return self.findChild(QtWidgets.QLabel, "previousCrashMessage").text()

        def open_folder(self) -> bool:
            """The folder in the system's file manager (a local file URL: nothing leaves the computer)."""
            return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(self.dumps[-1].parent)))

        def copy_details(self) -> None:
            QtWidgets.QApplication.clipboard().setText(previous_crash_details(self.dumps))
            self.copy_button.setText("Copied")

    return _PreviousCrashNotice


_NOTICE_CLASS = None
_PARENTLESS: list = []


def report_previous_crash(parent, folder: Path | None = None):
    """After the main window is shown: tell the user, once, that the last session crashed.

    Finds unreported fault dumps (``find_unreported_fault_logs``), marks them reported, and opens a
    window-modal notice on ``parent`` without blocking (``open()``, never ``exec()``, so an
    offscreen start cannot hang). Returns the notice, or None when there is nothing to report.
    Never raises: a problem here must not stop the application from starting.
    """
    global _NOTICE_CLASS
    try:
        current = _INSTALLED.fault_log if _INSTALLED is not None else None
        dumps = mark_reported(find_unreported_fault_logs(folder, current))
        if not dumps:
            return None
        from PySide6 import QtCore, QtWidgets

        if QtWidgets.QApplication.instance() is None:
            return None
        if _NOTICE_CLASS is None:
            _NOTICE_CLASS = _previous_crash_dialog_class()
        notice = _NOTICE_CLASS(dumps, parent)
        notice.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        notice.open()  # window-modal on its parent; returns at once
        if parent is None:
            _PARENTLESS.append(notice)  # keep it alive: no parent owns it
            notice.destroyed.connect(lambda *_: _PARENTLESS.clear())
        return notice
    except Exception:  # noqa: BLE001 - the notice is a courtesy; starting matters more
        return None
