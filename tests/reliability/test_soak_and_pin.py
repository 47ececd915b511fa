"""The soak (5,000 changes of every kind, each followed by a synchronous repaint of the plot) and the PySide6 pin.

PySide6 6.12.0 with pyqtgraph 0.14 crashes (none_dealloc in AxisItem.drawPicture) after repeated
repaints (design/architecture.md): the pin in pyproject.toml must exclude every 6.12.x, and the
soak runs on the pinned version that is installed. A crash in C++ ends the process; pytest's
faulthandler_timeout prints the stack if it hangs; qt_log_level_fail turns any Qt warning into a
failure.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from tests.conftest import REPO

N_CHANGES = 5_000


def _pyside_requirement() -> str:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    found = re.findall(r'"(PySide6(?:-Essentials)?\s*[<>=!~][^"]*)"', text)
    assert len(found) == 1, found
    return found[0]


def _allows(requirement: str, version: str) -> bool:
    try:
        from packaging.requirements import Requirement
    except ImportError:  # a small parser for the comparison operators the pin uses
        spec = re.sub(r"^PySide6(-Essentials)?", "", requirement).strip()
        as_tuple = lambda v: tuple(int(p) for p in v.split("."))  # noqa: E731
        ops = {">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
               ">": lambda a, b: a > b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
        for clause in spec.split(","):
            op, bound = re.fullmatch(r"\s*(>=|<=|==|!=|<|>)\s*([\d.]+)\s*", clause).groups()
            width = max(len(version.split(".")), len(bound.split(".")))
            a = as_tuple(version) + (0,) * (width - len(version.split(".")))
            b = as_tuple(bound) + (0,) * (width - len(bound.split(".")))
            if not ops[op](a, b):
                return False
        return True
    return Requirement(requirement).specifier.contains(version, prereleases=True)


def test_the_pyside6_pin_excludes_every_6_12_release():
    requirement = _pyside_requirement()
    for version in ("6.12.0", "6.12.1", "6.12.5", "6.13.0"):
        assert not _allows(requirement, version), (requirement, version)
    for version in ("6.10.0", "6.11.0", "6.11.3"):
        assert _allows(requirement, version), (requirement, version)


def test_the_installed_pyside6_is_inside_the_pin():
    import PySide6

    assert _allows(_pyside_requirement(), PySide6.__version__), PySide6.__version__


class _PaintCounter(QtCore.QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QtCore.QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.mark.slow
def test_5000_form_changes_each_repainted(qtbot, window):
    """Every kind of change the form and the controls make, each followed by a synchronous
    repaint of the plot; the counselling view is shown and left every 400 changes. No crash,
    no Qt warning, and the curves drawn at the end are the model's."""
    from desktop.model import predict, validate_case
    from desktop.qt.app import SMOKE_CASE
    from desktop.qt.viewmodel import MONTHS

    app = QtWidgets.QApplication.instance()
    form = window.form
    form.set_values(SMOKE_CASE)
    viewport = window.plot.viewport()
    counter = _PaintCounter()
    viewport.installEventFilter(counter)
    rng = random.Random(546)
    sites = [form.site.findData(k) for k in ("small_intestine", "pancreas", "other")]

    def change(i):
        kind = i % 9
        if kind == 0:
            form.age.setText(str(rng.randint(18, 100)))
        elif kind == 1:
            form.site.setCurrentIndex(rng.choice(sites))
        elif kind == 2:
            form.ki67_unknown.setChecked(not form.ki67_unknown.isChecked())
        elif kind == 3:
            form.ki67.setText(f"{rng.uniform(0, 100):.1f}")
        elif kind == 4:
            form.lesions.setText(str(rng.randint(1, 150)))
        elif kind == 5:
            form.size.setText(str(rng.randint(1, 400)))
        elif kind == 6:
            (form.extrahepatic_yes if rng.random() < 0.5 else form.extrahepatic_no).setChecked(True)
        elif kind == 7:
            form.cytoreduction.setCurrentIndex(rng.randrange(form.cytoreduction.count()))
        else:
            choice = rng.random()
            if choice < 0.3:
                window.bands_box.setChecked(not window.bands_box.isChecked())
            elif choice < 0.6:
                window.scenarios_box.setChecked(not window.scenarios_box.isChecked())
            elif choice < 0.7:
                form.age.setText(str(rng.randint(1, 9)))  # unfinished entry: estimate paused
            else:
                window.plot.hover_at_month(rng.uniform(0, 180))

    for i in range(N_CHANGES):
        change(i)
        app.processEvents()
        viewport.repaint()  # a synchronous paint of the plot after every change
        if i % 400 == 0:
            window.set_counselling(True)
            window.grab()
            window.set_counselling(False)
    viewport.removeEventFilter(counter)
    assert counter.count >= N_CHANGES, counter.count
    form.ki67_unknown.setChecked(False)
    form.ki67.setText("4.5")
    form.age.setText("64")
    app.processEvents()
    window.grab()
    model = predict(validate_case(form.values()), MONTHS)
    np.testing.assert_allclose(window.plot.plotted("overall_survival")[1], 100 * model.overall_survival.survival)
    np.testing.assert_allclose(window.plot.plotted("progression_free_survival")[1],
                               100 * model.progression_free_survival.survival)
