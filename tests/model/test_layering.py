"""desktop/model is numpy-only: no Qt, pyqtgraph, lifelines, scipy or pandas (design/architecture.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

FORBIDDEN = ("PySide6", "pyqtgraph", "lifelines", "scipy", "pandas", "matplotlib", "desktop.qt", "desktop.report")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_model_sources_import_nothing_forbidden():
    for path in sorted((REPO / "desktop" / "model").rglob("*.py")):
        bad = [n for n in _imports(path) if n.split(".")[0] in FORBIDDEN or n.startswith(FORBIDDEN)]
        assert not bad, f"{path.name} imports {bad}"


def test_importing_the_model_and_predicting_loads_no_gui_or_stats_library():
    code = (
        "import sys; from desktop.model import predict, validate_case; "
        "from desktop.cli import main; "
        "predict(validate_case({'age_years': 60, 'primary_site': 'pancreas', 'liver_lesion_count': 2, "
        "'largest_lesion_mm': 20, 'extrahepatic_metastases': False})); "
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN[:6]!r}]; print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def _imported_names(path: Path) -> list[tuple[str, str]]:
    """(module, name) for each ``from module import name``; (module, "") for ``import module``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, "") for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out += [(node.module, a.name) for a in node.names]
    return out


def _is_data(name: str) -> bool:
    """A name the GUI may take from the model: a constant, an exception class or the Case type."""
    return name.isupper() or name.endswith("Error") or name == "Case"


def test_report_imports_no_gui():
    for path in sorted((REPO / "desktop" / "report").glob("*.py")):
        bad = [m for m, _ in _imported_names(path) if m.split(".")[0] in ("PySide6", "pyqtgraph") or m.startswith("desktop.qt")]
        assert not bad, f"{path.name} imports {bad}"


_QT_MODULES = sorted(p.name for p in (REPO / "desktop" / "qt").glob("*.py") if p.name != "viewmodel.py")


@pytest.mark.parametrize("name", _QT_MODULES)
def test_the_gui_calls_the_model_only_through_the_view_model(name):
    """model <- report <- qt: a Qt module other than viewmodel.py takes constants, exception
    classes and the Case type from desktop.model, never a function (predict, load_params, ...)."""
    names = _imported_names(REPO / "desktop" / "qt" / name)
    bad = [f"{m}.{n}" if n else m for m, n in names
           if (m == "desktop.model" or m.startswith("desktop.model.")) and not (n and _is_data(n))]
    bad += ["desktop.model" for m, n in names if m == "desktop" and n == "model"]
    assert not bad, f"{name} calls the model directly: {bad}"
