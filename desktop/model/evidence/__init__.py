"""What the other cohorts and the review say, for one case: statuses and the facts they rest on.

Information, never a recommendation, and nothing here changes a survival prediction.

* ``load``: reads and checks ``model_params/evidence.json`` (every number with its verbatim
  quote; the file is verified against ``checksums.EXPECTED_SHA256``);
* ``refs``: the references between facts, including numbers of ``mayo2023.json``;
* one module per topic (``periop``, ``mayo``, ``tokyo``, ``mdanderson``, ``criteria``, ``era``) decides
  what applies to the patient: a status and the references of the facts it rests on.

``assess(case)`` gathers them. The words that a reader sees are written by
``desktop.report.evidence`` from these statuses and from the facts themselves.
"""

from __future__ import annotations

from desktop.model.case import EVIDENCE_FIELDS, Case
from desktop.model.evidence import criteria, mayo, mdanderson, periop, tokyo
from desktop.model.evidence import era as _era
from desktop.model.evidence.grade import who_grade
from desktop.model.evidence.load import (
    EVIDENCE_FILE,
    Evidence,
    clear_cache,
    fact_numbers,
    is_fact,
    iter_facts,
    load_evidence,
    quote_numbers,
)
from desktop.model.evidence.status import (
    BORDERLINE,
    CAUTION,
    MET,
    NO_CAUTION,
    NOT_APPLICABLE,
    NOT_MET,
    NOTE,
    STATUSES,
    UNKNOWN,
    input_value,
)
from desktop.model.params import ModelParams, load_params

SCENARIO_MONTHS = _era.SCENARIO_MONTHS
era_curves = _era.era_curves

__all__ = [
    "BORDERLINE", "CAUTION", "EVIDENCE_FILE", "Evidence", "MET", "NO_CAUTION", "NOTE", "NOT_APPLICABLE", "NOT_MET",
    "SCENARIO_MONTHS", "STATUSES", "UNKNOWN", "assess", "clear_cache", "era_curves", "fact_numbers", "is_fact",
    "iter_facts", "load_evidence", "quote_numbers", "who_grade",
]


def assess(case: Case, params: ModelParams | None = None, with_scenario: bool = True,
           era_curves: tuple | None = None) -> dict:
    """Every topic's statuses for ``case`` (JSON-ready apart from ``evidence``).

    ``era_curves``: the scenario and main OS curves on a grid holding ``SCENARIO_MONTHS``
    when the caller has them already. Raises ParameterError when a parameter file is missing,
    altered or stale. A case out of the model's scope gets no era scenario (it would be a
    survival estimate).
    """
    from desktop.model.scope import out_of_scope

    with_scenario = with_scenario and not out_of_scope(case)
    params = params or load_params()
    ev = load_evidence(params=params)
    return {
        "evidence": ev,
        "inputs": {name: input_value(case, name) for name in EVIDENCE_FIELDS},
        "perioperative": periop.perioperative(case),
        "symptom_relief": periop.symptom_relief(case),
        "mayo_subgroups": mayo.assess(case, ev),
        "tokyo": tokyo.assess(case, ev),
        "md_anderson": mdanderson.assess(case, ev),
        "guideline_criteria": criteria.assess(case, ev),
        "era": _era.scenario(case, params, era_curves) if with_scenario else None,
    }
