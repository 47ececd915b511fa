"""desktop/model is numpy-only: no Qt, pyqtgraph, lifelines, scipy or pandas (design/architecture.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
