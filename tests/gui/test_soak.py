"""2,000 rapid form changes: no crash, no Qt warning (qt_log_level_fail = WARNING), right numbers at the end."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PySide6 import QtWidgets

from desktop.model import predict, validate_case
from desktop.qt.viewmodel import MONTHS


@pytest.mark.slow
def test_2000_rapid_form_changes(qtbot, filled):
    window = filled
    form = window.form
    rng = random.Random(20230519)
    app = QtWidgets.QApplication.instance()
    sites = [form.site.findData(k) for k in ("small_intestine", "pancreas", "other")]
    extents = list(range(form.cytoreduction.count()))

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
            form.cytoreduction.setCurrentIndex(rng.choice(extents))
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

    for i in range(2000):
        change(i)
        if i % 5 == 0:
            app.processEvents()  # let the plot repaint between bursts, as on screen
        if i % 400 == 0:
            window.set_counselling(i % 800 == 0)
            window.grab()
    form.age.setText("64")
    app.processEvents()
    window.grab()
    model = predict(validate_case({k: v for k, v in form.values().items()}), MONTHS)
    np.testing.assert_allclose(window.plot.plotted("overall_survival")[1], 100 * model.overall_survival.survival)
    np.testing.assert_allclose(window.plot.plotted("progression_free_survival")[1],
                               100 * model.progression_free_survival.survival)
