"""The scripts of build/ (not a package) as modules, for the packaging tests."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import REPO


def load(name: str):
    """build/<name>.py, registered under ``name`` so that build.py's own imports (bundle_rules,
    licensing) find the same module."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "build" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def fresh_build_script():
    """A new copy of build/build.py (tests patch its DIST)."""
    load("bundle_rules")
    load("licensing")
    spec = importlib.util.spec_from_file_location("build_script", REPO / "build" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
