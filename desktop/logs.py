"""Where logs go, and writing an internal-error log that holds no patient data."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
import traceback
from pathlib import Path

from desktop import __version__

APP_DIR_NAME = "netlm-risk"


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


def write_error_log(exc_type, exc_value, exc_tb, context: str = "") -> Path | None:
    """Write the traceback (code locations only: no inputs, no case values) to a new log file.

    Returns the path, or None when no log could be written.
    """
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    frames = traceback.extract_tb(exc_tb)
    lines = [
        f"netlm-risk {__version__} internal error {stamp}",
        f"python {platform.python_version()} on {platform.platform()}",
        f"context: {context}" if context else "",
        f"exception type: {exc_type.__name__}",
        "traceback (most recent call last; messages are omitted because they may contain patient values):",
    ]
    lines += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n".join(line for line in lines if line) + "\n"
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
