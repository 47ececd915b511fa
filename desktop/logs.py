"""Logs without patient data: where they go, the internal-error log, the hooks that write it for
an uncaught error (``ErrorHooks``; desktop/qt/crash.py adds the dialog), and the fault dump that
a hard crash leaves for the next start to announce. Qt-free (the command line uses it too).

An internal-error log holds code locations and the exception type, never the exception's
message, which may hold case values. A fault dump is what ``faulthandler`` writes on a
segmentation fault or an abort: ``netlm-risk-fault-<time>-<pid>.log``, removed at a normal
exit when empty, renamed ``...-reported.log`` once announced (kept for IT, never deleted).
"""

from __future__ import annotations

import atexit
import datetime as _dt
import faulthandler
import os
import platform
import re
import sys
import threading
import traceback
from pathlib import Path

from desktop import __version__

APP_DIR_NAME = "netlm-risk"
_FAULT_LOG_NAME = re.compile(rf"^{re.escape(APP_DIR_NAME)}-fault-(\d{{8}}-\d{{6}})-(\d+)\.log$")
REPORTED_SUFFIX = "-reported"
MAX_DETAIL_CHARS = 100_000  # per dump, for "Copy details" (a dump is a few kB of code locations)


def log_dir() -> Path:
    """The platform's per-user log folder (created on demand).

    NETLM_RISK_LOG_DIR overrides it (tests, locked-down sites).
    """
    override = os.environ.get("NETLM_RISK_LOG_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_DIR_NAME / "Logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / APP_DIR_NAME
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / APP_DIR_NAME / "log"


def _stamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def error_log_text(exc_type, exc_tb, context: str = "") -> str:
    """The internal-error log: code locations and the exception type only, no message."""
    lines = [
        f"netlm-risk {__version__} internal error {_stamp()}",
        f"python {platform.python_version()} on {platform.platform()}",
        f"context: {context}" if context else "",
        f"exception type: {exc_type.__name__}",
        "traceback (most recent call last; messages are omitted because they may contain patient values):",
    ]
    lines += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in traceback.extract_tb(exc_tb)]
    return "\n".join(line for line in lines if line) + "\n"


def write_log_text(text: str) -> Path | None:
    """``text`` in a new file of the log folder; None when no log could be written."""
    stamp = _stamp()
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1, 1000):  # a second error in the same second gets its own file
            path = folder / f"netlm-risk-{stamp}-{os.getpid()}{'' if n == 1 else f'-{n}'}.log"
            try:
                with open(path, "x", encoding="utf-8") as handle:
                    handle.write(text)
                return path
            except FileExistsError:
                continue
        return None
    except OSError:
        return None


def write_error_log(exc_type, exc_value, exc_tb, context: str = "") -> Path | None:
    """Write the internal-error log of an exception (``exc_value`` is never written)."""
    return write_log_text(error_log_text(exc_type, exc_tb, context))


class FaultLog:
    """This process's fault dump file while ``faulthandler`` writes to it."""

    def __init__(self):
        self.path: Path | None = None
        self._file = None

    def enable(self) -> None:
        if faulthandler.is_enabled():
            # already pointed somewhere on purpose (python -X faulthandler, PYTHONFAULTHANDLER,
            # pytest): keep that target rather than hide a crash dump from whoever asked for it
            return
        try:
            folder = log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{APP_DIR_NAME}-fault-{_stamp()}-{os.getpid()}.log"
            self._file = open(path, "w", encoding="utf-8")  # noqa: SIM115 - must stay open for faulthandler
        except OSError:
            self._file = None
            return
        self.path = path
        faulthandler.enable(file=self._file, all_threads=True)
        atexit.register(self.disable)

    def disable(self) -> None:
        """Stop writing dumps to our file (only if we enabled them) and drop the file if empty."""
        if self._file is None:
            return
        faulthandler.disable()
        self._file.close()
        self._file = None
        try:
            if self.path is not None and self.path.stat().st_size == 0:
                self.path.unlink()
        except OSError:
            pass


MAX_LOGS_PER_SESSION = 20  # an error in a paint handler repeats every frame: log the first ones only


class ErrorHooks:
    """``sys.excepthook`` and ``threading.excepthook`` that log an uncaught error and say on
    stderr where, plus the fault dump of a hard crash (``FaultLog``). An error on the main thread
    is then passed to ``tell_user`` (the application shows a dialog; here it does nothing).
    ``uninstall()`` restores the hooks that were there before."""

    def __init__(self, app_name: str = APP_DIR_NAME):
        self.app_name = app_name
        self.logged = 0
        self.last_log: Path | None = None
        self.faults = FaultLog()
        self._previous_hooks = None

    @property
    def fault_log(self) -> Path | None:
        return self.faults.path

    def install(self) -> "ErrorHooks":
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

    def tell_user(self, exc_type, details: str, log_path: Path | None) -> None:
        """Called for an error on the main thread, after it was logged."""

    def excepthook(self, exc_type, exc_value, exc_tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            (self._previous_hooks[0] if self._previous_hooks else sys.__excepthook__)(exc_type, exc_value, exc_tb)
            return
        try:
            text, path = self._log(exc_type, exc_tb, "application")
            print(f"{self.app_name}: internal error ({exc_type.__name__}); "
                  f"{'details in ' + str(path) if path else 'no log could be written'}", file=sys.stderr)
            if threading.current_thread() is threading.main_thread():
                self.tell_user(exc_type, text, path)
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
        text = error_log_text(exc_type, exc_tb, context)
        self.logged += 1
        if self.logged <= MAX_LOGS_PER_SESSION:
            self.last_log = write_log_text(text)
        return text, self.last_log


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
    """Fault dumps left by an earlier process that crashed, oldest first; changes nothing.

    A dump counts when its name is ``netlm-risk-fault-<time>-<pid>.log`` (not yet marked
    ``-reported``), it is not empty (a killed or powered-off session leaves an empty one, which
    is no crash dump), it is not ``current`` nor from this process, and no running process still
    writes it. An unreadable or missing folder gives []. Cost: one directory listing, plus a
    stat of each fault log in it.
    """
    try:
        folder = log_dir() if folder is None else folder
        entries = list(os.scandir(folder))
    except OSError:
        return []
    current_name = current.name if current is not None else None
    found = []
    for entry in entries:
        match = _FAULT_LOG_NAME.match(entry.name)
        pid = int(match.group(2)) if match else None
        if pid is None or pid == os.getpid() or entry.name == current_name:
            continue
        try:
            if not entry.is_file() or entry.stat().st_size == 0:
                continue
        except OSError:
            continue
        if not _maybe_still_written(Path(entry.path), pid):
            found.append(Path(entry.path))
    return sorted(found, key=lambda p: p.name)


def mark_reported(paths: list[Path]) -> list[Path]:
    """Rename each dump to ``...-reported.log`` so it is reported once; returns the new paths.

    A dump that cannot be renamed (read-only folder, held open elsewhere, already taken by
    another starting instance) is left out of the result, so it is not announced now:
    announcing it on every start would be worse.
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


def fault_dumps_text(dumps: list[Path]) -> str:
    """Each dump's text as it is in its file, after its file name."""
    parts = []
    for path in dumps:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read(MAX_DETAIL_CHARS + 1)
        except OSError as exc:
            text = f"(could not be read: {type(exc).__name__})\n"
        if len(text) > MAX_DETAIL_CHARS:
            text = text[:MAX_DETAIL_CHARS] + "\n(cut here; the whole dump is in the file)\n"
        parts.append(f"{APP_DIR_NAME} fault dump {path}\n{text.rstrip()}\n")
    return "\n".join(parts)


def previous_crash_text(dumps: list[Path]) -> str:
    """What the next start tells the user about the dumps a crashed session left."""
    if len(dumps) == 1:
        where = f"A technical report (no patient data) was kept here:\n{dumps[0]}"
    else:
        where = (f"{len(dumps)} technical reports (no patient data) were kept in:\n{dumps[-1].parent}\n"
                 f"(the newest is {dumps[-1].name})")
    return (f"{APP_DIR_NAME} closed unexpectedly the last time it was used. "
            "If you were working on a case, check that it was saved.\n\n"
            f"{where}\n\nIf this happens again, send it to your IT team.")
