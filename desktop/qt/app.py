"""Application start-up: ``run(case_path)`` for the GUI, ``smoke()`` for ``netlm-risk --smoke``.

Imports stay lean: the consult-note (PDF) machinery, the counselling view and the help
dialogs are imported only when first used, so that start-up costs little more than a bare
PySide6 + pyqtgraph window (benchmarks/startup.py measures the ratio).
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

_T_IMPORT = time.perf_counter()

# The case drawn by --smoke (the README's example case).
SMOKE_CASE = {
    "age_years": 61,
    "primary_site": "small_intestine",
    "ki67_percent": 4.5,
    "liver_lesion_count": 6,
    "largest_lesion_mm": 38,
    "extrahepatic_metastases": False,
    "cytoreduction": "complete",
}


def headless_application():
    """The running QApplication, or an offscreen one: the command line draws the note without a display."""
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(["netlm-risk", "-platform", "offscreen"])
    return app


def process_seconds() -> float:
    """Seconds since this process started (Linux: from /proc), else since this module loaded."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5): starttime, in clock ticks since boot
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _T_IMPORT


def make_application(argv: list[str] | None = None):
    """The QApplication, with names, HiDPI policy, style sheet and font set once."""
    from PySide6 import QtCore, QtGui, QtWidgets

    app = QtWidgets.QApplication.instance()
    if app is None:
        QtGui.QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            QtCore.Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QtWidgets.QApplication(argv if argv is not None else [sys.argv[0] if sys.argv else "netlm-risk"])
    app.setApplicationName("netlm-risk")
    app.setOrganizationName("netlm-risk")
    app.setApplicationDisplayName("netlm-risk")
    from desktop import __version__

    app.setApplicationVersion(__version__)
    from desktop.qt import theme

    # no application-wide style sheet (see theme.py): fonts and palettes instead
    app.setPalette(theme.application_palette(app.palette()))
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def load_stylesheet() -> str:
    """resources/style.qss: applied to the counselling view only (see theme.py for why)."""
    from desktop.paths import resources_dir

    try:
        return (resources_dir() / "style.qss").read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return ""


def _app_icon():
    from PySide6 import QtGui

    from desktop.paths import resources_dir

    try:
        path = resources_dir() / "netlm-risk.png"
    except FileNotFoundError:
        return None
    return QtGui.QIcon(str(path)) if path.is_file() else None


def _platform_plugin_dirs() -> list[str]:
    """Where Qt looks for its platform plugins, in its order."""
    from PySide6 import QtCore

    dirs = [os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"]] if os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH") else []
    dirs += [os.path.join(p, "platforms") for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    dirs.append(os.path.join(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath), "platforms"))
    return dirs


@contextmanager
def _window_or_clear_exit():
    """While the QApplication starts: if Qt cannot load its platform plugin, say why in words a user
    can act on (desktop/display.py) and exit with EXIT_NO_WINDOW, instead of Qt's guess and an abort.

    Qt's own platform messages are held back meanwhile and printed only when the start succeeds.
    """
    from PySide6 import QtCore

    from desktop import display

    if QtCore.QCoreApplication.instance() is not None:  # the platform is loaded already
        yield
        return
    held: list[str] = []

    def handler(mode, context, message):
        if mode == QtCore.QtMsgType.QtFatalMsg:
            said = " ".join(held + [message])
            plugin = display.xcb_plugin(said, _platform_plugin_dirs())
            sys.stderr.write(display.plugin_load_failed_message(said, plugin, os.environ.get("DISPLAY")) + "\n")
            sys.stderr.flush()
            os._exit(display.EXIT_NO_WINDOW)  # Qt aborts after this handler returns
        if (context.category or "").startswith("qt.qpa"):
            held.append(message)
        else:
            sys.stderr.write(message + "\n")

    QtCore.qInstallMessageHandler(handler)
    try:
        yield
    finally:
        # a Python message handler left installed segfaults on any Qt message at interpreter exit
        QtCore.qInstallMessageHandler(None)
        for message in held:
            sys.stderr.write(message + "\n")


def run(case_path: str | None = None) -> int:
    """Open the main window (with ``case_path`` loaded when given) and run the event loop."""
    from desktop import display

    problem = display.no_display_message()
    if problem:
        print(problem, file=sys.stderr)
        return display.EXIT_NO_WINDOW
    with _window_or_clear_exit():
        app = make_application()
    from desktop.model import ParameterError
    from desktop.qt import crash

    # uncaught errors and hard faults leave a log without patient data and tell the user, not a silent exit
    crash.install_crash_handler(app)

    try:
        from desktop.qt.main_window import MainWindow

        window = MainWindow()
    except ParameterError as exc:
        return crash.show_parameter_error(exc)
    if case_path:
        window.load_case_file(case_path)
    opener = open_cases_from_the_system(app, window)  # noqa: F841  (kept alive with the window)
    window.show()
    crash.report_previous_crash(window)  # once, when the last session ended in a hard crash
    code = app.exec()
    # delete the window while the QApplication still exists (a clean exit, no teardown crash)
    window.deleteLater()
    from PySide6 import QtCore

    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    return code


def open_cases_from_the_system(app, window):
    """Open case files the operating system hands to the running application.

    macOS gives a file opened with the app from Finder (double-click with the .app's .json
    document type, "Open With", a drop on the Dock icon) as a FileOpen event to the application,
    not in argv; it is opened as a dropped file is, after the event returns. Returns the filter.
    """
    from PySide6 import QtCore

    class CaseOpener(QtCore.QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            if event.type() == QtCore.QEvent.Type.FileOpen and event.file():
                path = event.file()
                QtCore.QTimer.singleShot(0, lambda: window.open_case(path))
                return True
            return super().eventFilter(watched, event)

    opener = CaseOpener(app)
    app.installEventFilter(opener)
    return opener


# Said by Qt's offscreen platform plugin for every main window; meaningless there.
_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen_noise() -> None:
    from PySide6 import QtCore

    def handler(mode, context, message):
        if message != _OFFSCREEN_NOISE:
            sys.stderr.write(message + "\n")

    QtCore.qInstallMessageHandler(handler)


def smoke() -> int:
    """Start offscreen, draw the first frame with the default case, print the time, exit 0."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _quiet_offscreen_noise()
    app = make_application(["netlm-risk", "--smoke"])
    from desktop.qt.main_window import MainWindow

    window = MainWindow(persist=False)
    window.form.set_values(SMOKE_CASE)
    window.show()
    app.processEvents()
    window.grab()  # forces a full paint of the window and the plot
    if window.current_prediction() is None:
        print("netlm-risk: smoke test failed: no prediction drawn", file=sys.stderr)
        return 1
    print(f"ready in {process_seconds():.2f} s", flush=True)
    window.mark_saved()  # no unsaved-changes prompt on close
    window.close()
    window.deleteLater()
    app.processEvents()
    # a Python message handler left installed segfaults on any Qt message at interpreter exit
    from PySide6 import QtCore

    QtCore.qInstallMessageHandler(None)
    return 0
