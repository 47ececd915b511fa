"""After a hard crash, the next start says so once, names the kept fault dump, and never blocks or crashes.

A fault dump is the file faulthandler writes (desktop/logs.py): ``netlm-risk-fault-<time>-<pid>.log``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO

# What faulthandler writes on a segmentation fault (code locations only).
DUMP = (
    "Fatal Python error: Segmentation fault\n\n"
    "Current thread 0x00007f0000000000 (most recent call first):\n"
    '  File "/opt/netlm-risk/desktop/qt/plots.py", line 412 in _redraw\n'
    '  File "/opt/netlm-risk/desktop/qt/app.py", line 140 in run\n'
)


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _fault_log(folder: Path, pid: int, text: str = DUMP, stamp: str = "20261127-101500") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"netlm-risk-fault-{stamp}-{pid}.log"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ finding dumps (Qt-free)


def test_a_non_empty_dump_from_an_ended_process_is_found_and_nothing_else(log_dir):
    from desktop.logs import find_unreported_fault_logs

    dead = _dead_pid()
    dump = _fault_log(log_dir, dead)
    _fault_log(log_dir, dead, text="", stamp="20261127-090000")  # killed or powered off: empty, no dump
    _fault_log(log_dir, os.getpid(), stamp="20261127-110000")  # this process's own
    _fault_log(log_dir, dead, stamp="20261126-080000").rename(
        log_dir / f"netlm-risk-fault-20261126-080000-{dead}-reported.log")  # already reported
    (log_dir / f"netlm-risk-20261127-101500-{dead}.log").write_text("internal error log\n")  # not a fault dump
    (log_dir / "netlm-risk-fault-notes.txt").write_text("x")
    before = sorted(p.name for p in log_dir.iterdir())
    assert find_unreported_fault_logs() == [dump]
    assert sorted(p.name for p in log_dir.iterdir()) == before  # finding changes nothing


def test_the_current_fault_log_is_never_reported(log_dir):
    from desktop.logs import find_unreported_fault_logs

    current = _fault_log(log_dir, _dead_pid())
    assert find_unreported_fault_logs(current=current) == []
    assert find_unreported_fault_logs() == [current]


@pytest.mark.skipif(os.name != "posix", reason="the running-writer check is POSIX only (Windows: the rename fails)")
def test_a_dump_a_running_process_still_holds_open_is_left_for_later(log_dir):
    from desktop.logs import find_unreported_fault_logs

    log_dir.mkdir()
    path = log_dir / "netlm-risk-fault-20261127-101500-{pid}.log"
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import os, sys
            path = sys.argv[1].replace("{pid}", str(os.getpid()))
            handle = open(path, "w")
            handle.write("Fatal Python error: Aborted\\n")
            handle.flush()
            print(path, flush=True)
            sys.stdin.read()
        """), str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        held = Path(writer.stdout.readline().strip())
        assert held.stat().st_size > 0
        assert find_unreported_fault_logs() == []  # its writer still runs: not a crash (yet)
    finally:
        writer.communicate("")
    assert find_unreported_fault_logs() == [held]


def test_a_missing_or_unreadable_log_folder_gives_nothing(tmp_path, monkeypatch):
    from desktop import logs

    assert logs.find_unreported_fault_logs(tmp_path / "missing") == []
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert logs.find_unreported_fault_logs(not_a_folder) == []

    # unreadable (chmod 000 does not stop root, so the listing itself is refused)
    folder = tmp_path / "logs"
    _fault_log(folder, _dead_pid())
    assert len(logs.find_unreported_fault_logs(folder)) == 1

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(logs.os, "scandir", refuse)
    assert logs.find_unreported_fault_logs(folder) == []


def test_marking_keeps_the_dump_and_reports_it_once(log_dir):
    from desktop.logs import find_unreported_fault_logs, mark_reported

    dump = _fault_log(log_dir, _dead_pid())
    (marked,) = mark_reported(find_unreported_fault_logs())
    assert marked == dump.with_name(dump.stem + "-reported.log")
    assert not dump.exists() and marked.read_text(encoding="utf-8") == DUMP
    assert find_unreported_fault_logs() == []


def test_a_dump_that_cannot_be_marked_is_not_announced(log_dir, monkeypatch):
    from desktop import logs

    dump = _fault_log(log_dir, _dead_pid())

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(src))

    monkeypatch.setattr(logs.os, "rename", refuse)
    assert logs.mark_reported([dump]) == []  # else it would be announced again on every start
    assert dump.read_text(encoding="utf-8") == DUMP


# ------------------------------------------------------------------ the notice at start-up (run())


@pytest.fixture
def start(log_dir, tmp_path, monkeypatch, qapp):
    """``start()`` runs desktop.qt.app.run(None) with a stand-in event loop; returns what was on screen."""
    from PySide6 import QtGui, QtWidgets

    from desktop.qt import app as app_module

    monkeypatch.setenv("NETLM_RISK_SETTINGS_DIR", str(tmp_path / "settings"))
    opened_urls = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", lambda url: opened_urls.append(url) or True)

    def start(act=None):
        seen = {}

        def fake_exec(self=None):
            window = next(w for w in QtWidgets.QApplication.topLevelWidgets() if w.objectName() == "mainWindow"
                          and w.isVisible())
            notices = [w for w in QtWidgets.QApplication.topLevelWidgets()
                       if w.objectName() == "previousCrashNotice" and w.isVisible()]
            seen["notices"] = [(n.message.text(), n.parent() is window, n.windowModality()) for n in notices]
            if notices and act is not None:
                act(notices[0])
            for notice in notices:
                notice.close_button.click()
            window.mark_saved()
            window.persist = False
            window.close()
            return 0

        monkeypatch.setattr(QtWidgets.QApplication, "exec", fake_exec)
        assert app_module.run(None) == 0
        return seen["notices"]

    start.opened_urls = opened_urls
    return start


def test_the_next_start_tells_once_where_the_dump_is(start, log_dir, qapp):
    from PySide6 import QtCore, QtWidgets

    dump = _fault_log(log_dir, _dead_pid())
    kept = dump.with_name(dump.stem + "-reported.log")
    copied = {}

    def press_buttons(notice):
        notice.open_button.click()
        notice.copy_button.click()
        copied["text"] = QtWidgets.QApplication.clipboard().text()
        copied["button"] = notice.copy_button.text()
        copied["still_open"] = notice.isVisible()

    notices = start(press_buttons)
    assert len(notices) == 1
    message, on_main_window, modality = notices[0]
    assert on_main_window and modality == QtCore.Qt.WindowModality.WindowModal
    assert "closed unexpectedly" in message and str(kept) in message and "no patient data" in message
    assert "IT team" in message
    # the dump is kept, marked, unchanged
    assert not dump.exists() and kept.read_text(encoding="utf-8") == DUMP
    # "Copy details": the dump's text; "Open folder": the log folder as a local file URL
    assert DUMP.strip() in copied["text"] and str(kept) in copied["text"]
    assert copied["button"] == "Copied" and copied["still_open"]
    (url,) = start.opened_urls
    assert url.isLocalFile() and Path(url.toLocalFile()) == log_dir

    assert start() == []  # the second start does not repeat it
    assert kept.read_text(encoding="utf-8") == DUMP


def test_no_notice_for_an_empty_leftover_or_our_own_fault_log(start, log_dir):
    empty = _fault_log(log_dir, _dead_pid(), text="")
    own = _fault_log(log_dir, os.getpid(), stamp="20261127-110000")
    assert start() == []
    assert empty.exists() and own.read_text(encoding="utf-8") == DUMP  # both left as they were


def test_several_dumps_give_one_notice_naming_the_folder(start, log_dir):
    first = _fault_log(log_dir, _dead_pid(), stamp="20261120-080000")
    second = _fault_log(log_dir, _dead_pid(), stamp="20261127-101500")
    (notice,) = start()
    message = notice[0]
    assert "2 technical reports" in message and str(log_dir) in message
    assert second.stem + "-reported.log" in message
    assert not first.exists() and not second.exists()
    assert len(list(log_dir.glob("*-reported.log"))) == 2


def test_an_unreadable_log_folder_starts_without_a_notice(start, log_dir, monkeypatch):
    from desktop import logs

    _fault_log(log_dir, _dead_pid())

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(logs.os, "scandir", refuse)
    assert start() == []


def test_a_log_folder_that_is_a_file_starts_without_a_notice(start, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("NETLM_RISK_LOG_DIR", str(blocker))
    assert start() == []


# ------------------------------------------------------------------ end to end: a real crash, then two starts

# The real desktop.qt.app.run(); the test drives it from outside (a timer set before run()), so the
# application carries no test hook.
START_APP = textwrap.dedent("""
    import faulthandler, sys
    from PySide6 import QtCore, QtWidgets
    from desktop.qt import app as app_module

    app = app_module.make_application(["netlm-risk"])

    def look():
        notices = [w for w in QtWidgets.QApplication.topLevelWidgets()
                   if w.objectName() == "previousCrashNotice" and w.isVisible()]
        for notice in notices:
            print("NOTICE " + notice.message.text().replace("\\n", " | "), flush=True)
        window = next(w for w in QtWidgets.QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
        print("WINDOW " + str(window.isVisible()), flush=True)
        if sys.argv[1] == "crash":
            faulthandler._sigsegv()
        app.quit()

    QtCore.QTimer.singleShot(0, look)
    sys.exit(app_module.run(None))
""")


def test_a_real_crash_is_announced_once_at_the_next_start(tmp_path):
    logs = tmp_path / "logs"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    env.update(PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen", NETLM_RISK_LOG_DIR=str(logs),
               NETLM_RISK_SETTINGS_DIR=str(tmp_path / "settings"))

    def start(how):
        result = subprocess.run([sys.executable, "-c", START_APP, how], capture_output=True, text=True, env=env,
                                timeout=180)
        return result, [line for line in result.stdout.splitlines() if line.startswith("NOTICE ")]

    crashed, notices = start("crash")
    assert crashed.returncode != 0 and "WINDOW True" in crashed.stdout, crashed.stderr
    assert notices == []
    (dump,) = list(logs.glob("netlm-risk-fault-*.log"))
    dump_text = dump.read_text(encoding="utf-8")
    assert "Segmentation fault" in dump_text and "File " in dump_text

    second, notices = start("look")
    assert second.returncode == 0, second.stderr
    kept = dump.with_name(dump.stem + "-reported.log")
    assert len(notices) == 1 and "closed unexpectedly" in notices[0] and str(kept) in notices[0]
    assert kept.read_text(encoding="utf-8") == dump_text  # kept for IT, unchanged
    assert sorted(logs.iterdir()) == [kept]  # the second session's empty fault log was removed at exit

    third, notices = start("look")
    assert third.returncode == 0 and "WINDOW True" in third.stdout, third.stderr
    assert notices == []
    assert sorted(logs.iterdir()) == [kept]
