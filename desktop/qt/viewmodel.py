"""The view-model: form values in, one Prediction (and scenario Predictions) out.

This is the only GUI module that calls the model. One ``predict`` on the 0..180 month
grid per change (none when the case was among the last few seen) feeds the curve, the
milestone table, the sentences and the counselling view, so they cannot disagree. Scenario
overlays (the three extents of cytoreduction) are point estimates only, made in the same pass
as the case's own prediction (``predict_with_scenarios``).
"""

from __future__ import annotations

import dataclasses

from PySide6 import QtCore

from desktop.model import CaseError, load_params, predict, predict_with_scenarios, validate_case
from desktop.model.case import EVIDENCE_FIELDS
from desktop.model.params import OUTCOMES
from desktop.model.survival import MONTHLY_GRID

MONTHS = MONTHLY_GRID


class EvidenceSource:
    """The Evidence tab's content for one case: the worded evidence and the era curves.

    Computed at most once per case, on first use (the tab renders only when shown, so a form
    change does not pay for it).
    """

    def __init__(self, params=None, predicted=None):
        self.params = params or load_params()
        # case -> its OS Curve on MONTHS when already predicted (the view-model's), else None
        self._predicted = predicted or (lambda case: None)
        self._case = _NONE
        self._era = None
        self._evidence: tuple = (None, None)

    def _update(self, case) -> None:
        if case == self._case:
            return
        from desktop.model import ParameterError
        from desktop.model.evidence import era_curves
        from desktop.model.scope import out_of_scope
        from desktop.report.evidence import evidence_for

        self._case, self._era, self._evidence = case, None, (None, None)
        if case is None:
            return
        try:
            # out of the model's scope there is no era scenario either: it would be a survival estimate
            self._era = None if out_of_scope(case) else era_curves(case, MONTHS, self.params,
                                                                  main=self._predicted(case))
            self._evidence = (evidence_for(case, params=self.params, era_curves=self._era), None)
        except ParameterError as exc:
            self._era, self._evidence = None, (None, f"The evidence cannot be shown: {exc}")

    def evidence(self, case) -> tuple[dict | None, str | None]:
        """(the evidence of ``desktop.report.evidence.evidence_for``, or None; the reason it is None)."""
        self._update(case)
        return self._evidence

    def era_curves(self, case) -> tuple | None:
        """(era scenario OS Curve with its 95% range, main OS Curve) on MONTHS, or None."""
        self._update(case)
        return self._era


_NONE = object()
RECENT_CASES = 16
# what the survival model never reads: the label and the Evidence tab's optional inputs
NOT_MODEL_INPUTS = ("label", "mitoses_per_2mm2", *EVIDENCE_FIELDS)


class CaseViewModel(QtCore.QObject):
    """Holds the current case and its prediction; emits ``updated`` after each change."""

    updated = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.params = load_params()
        self.evidence = EvidenceSource(self.params, self._predicted_os)
        self.values: dict = {}
        self.case = None
        self.prediction = None
        self.scenarios: dict = {}
        self.problems: list[str] = []
        self.compare_scenarios = False
        self.missing: list[str] = []
        # the last few cases' predictions, keyed by what the model reads of the case: typing
        # the label or an Evidence tab input, or going back to a case just seen (ticking
        # Unknown and unticking it, flipping the extent to compare), redraws without predicting
        self._recent: dict = {}

    # ------------------------------------------------------------------ inputs

    def set_values(self, values: dict, missing: tuple | list = ()) -> None:
        """New form values; ``missing`` names required fields the form has not got yet
        (Ki-67 counts as missing until it is a number or explicitly unknown)."""
        self.values = dict(values)
        self.missing = list(missing)
        self._recompute()

    def set_compare_scenarios(self, on: bool) -> None:
        if on != self.compare_scenarios:
            self.compare_scenarios = on
            self._recompute()

    # ------------------------------------------------------------------ state

    @property
    def scenarios_shown(self) -> bool:
        """Scenarios are shown on request, and always when the extent is not known yet."""
        return self.case is not None and (self.compare_scenarios or self.case.cytoreduction is None)

    def _predicted_os(self, case):
        """The OS curve on screen when it is ``case``'s (the Evidence tab's era plot reuses it)."""
        prediction = self.prediction
        return prediction.overall_survival if prediction is not None and prediction.case == case else None

    def cohort_reference(self) -> list[tuple[float, float, float, float]]:
        """The whole cohort's published Kaplan-Meier milestones that have a 95% CI, as
        (months, survival, lower, upper)."""
        published = self.params.published["milestones"]
        return [(float(m["months"]), m["survival"], m["lower"], m["upper"])
                for outcome in OUTCOMES for m in published[outcome] if "lower" in m]

    def _recompute(self) -> None:
        data = {k: v for k, v in self.values.items() if v is not None or k in ("ki67_percent", "cytoreduction")}
        try:
            if self.missing:
                raise CaseError([f"field '{name}' is required" for name in self.missing])
            case = validate_case(data)
        except CaseError as exc:
            self.case = None
            self.prediction = None
            self.scenarios = {}
            self.problems = list(exc.problems)
            self.updated.emit()
            return
        self.problems = []
        self.case = case
        self.prediction, self.scenarios = self._predictions(case)
        self.updated.emit()

    def _predictions(self, case) -> tuple:
        """``case``'s prediction with 95% ranges, and its scenarios when they are shown."""
        key = (case.replace(**dict.fromkeys(NOT_MODEL_INPUTS)), self.scenarios_shown)
        if key in self._recent:  # the same numbers, for the case as it is now
            prediction, scenarios = self._recent.pop(key)
            prediction = dataclasses.replace(prediction, case=case)
            scenarios = {extent: dataclasses.replace(s, case=case.replace(cytoreduction=extent))
                         for extent, s in scenarios.items()}
        elif key[1]:
            prediction, scenarios = predict_with_scenarios(case, MONTHS, with_bands=True, params=self.params)
        else:
            prediction, scenarios = predict(case, MONTHS, with_bands=True, params=self.params), {}
        self._recent[key] = (prediction, scenarios)  # the newest last
        if len(self._recent) > RECENT_CASES:
            del self._recent[next(iter(self._recent))]
        return prediction, scenarios


def printed_prediction(case, shown=None):
    """The prediction a printed page shows: ``shown`` (the one on screen) when it is for
    ``case``, else ``case`` predicted on the monthly grid, which holds every milestone month."""
    if shown is not None and shown.case == case:
        return shown
    return predict(case, MONTHS)
