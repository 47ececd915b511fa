"""The environment of the processes the start-up benchmarks launch (startup.py, predict_process.py).

This checkout comes first on the path, and bytecode is written and used as it is once installed:
pip compiles every module and the executable holds bytecode, while with PYTHONDONTWRITEBYTECODE
set each run would compile the app's source modules again (about 30 ms), a cost no user pays.
A warm-up run writes __pycache__ (git-ignored).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def as_installed_env(**extra: str) -> dict[str, str]:
    """``os.environ`` with this checkout on PYTHONPATH, ``extra`` set and bytecode allowed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        print("note: PYTHONDONTWRITEBYTECODE unset for the runs (measuring as installed, with bytecode)")
    return env
