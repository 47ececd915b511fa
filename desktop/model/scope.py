"""Who the estimate is for, and the warnings that travel with it.

The Mayo cohort (seed 000, Methods line 49 and Discussion line 203) held well-differentiated
gastroenteropancreatic, bronchopulmonary or genitourinary NETs; poorly differentiated carcinomas
were excluded, and only each patient's first hepatectomy was included (repeat resections and
prior hepatectomies elsewhere were excluded). A poorly differentiated tumour therefore gets no
survival estimate at all; a repeat hepatectomy gets one, marked as outside the study population;
an unknown status gets a quieter note of what the model assumes.

Every warning is a ``CaseWarning(field, kind, text)``: ``field`` is the case field it is about
(None when it concerns the estimate as a whole), so that a report can link it to its input
without reading its words.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.model.case import Case

SOURCE = "Gudmundsdottir et al., Ann Surg Oncol 2023, Methods"

# kind -> how it is shown: "stop" (no estimate), "prominent", "flag" (check the input), "info"
KINDS = {
    "not_applicable": "stop",
    "outside_study_population": "prominent",
    "data_quality": "flag",
    "assumption": "info",
    "unknown_input": "info",
    "model_behaviour": "info",
    "pfs_capped": "info",
    "follow_up": "info",
}


@dataclass(frozen=True)
class CaseWarning:
    field: str | None
    kind: str
    text: str

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown warning kind {self.kind!r}")

    def __str__(self) -> str:
        return self.text

    @property
    def severity(self) -> str:
        return KINDS[self.kind]

    def to_dict(self) -> dict:
        return {"field": self.field, "kind": self.kind, "text": self.text}


def out_of_scope(case: Case) -> list[CaseWarning]:
    """Why no survival estimate can be given for this case (empty: an estimate is given)."""
    reasons = []
    if case.differentiation == "poor":
        reasons.append(CaseWarning(
            "differentiation", "not_applicable",
            "No survival estimate for a poorly differentiated neuroendocrine carcinoma: the Mayo model was "
            "built only from well-differentiated neuroendocrine tumours, and poorly differentiated carcinomas "
            f"were excluded from the study ({SOURCE})",
        ))
    return reasons


_REPEAT_HEPATECTOMY = CaseWarning(
    "first_hepatectomy", "outside_study_population",
    "Outside the study population: this is not the patient's first hepatectomy. The Mayo cohort "
    "included only each patient's first liver resection (repeat resections and earlier resections "
    "elsewhere were excluded), so this estimate may not apply",
)
_DIFFERENTIATION_ASSUMED = CaseWarning(
    "differentiation", "assumption",
    "Differentiation not entered: the model assumes a well-differentiated NET, as in the Mayo cohort "
    "(poorly differentiated carcinomas were excluded and get no estimate)",
)
_FIRST_HEPATECTOMY_ASSUMED = CaseWarning(
    "first_hepatectomy", "assumption",
    "First hepatectomy not confirmed: the model assumes this is the patient's first liver resection, "
    "as in the Mayo cohort",
)


def eligibility_warnings(case: Case) -> list[CaseWarning]:
    """Warnings about who the model is for, for a case that gets an estimate (the same frozen
    warning objects every time: a batch words them once)."""
    out = []
    if case.first_hepatectomy is False:
        out.append(_REPEAT_HEPATECTOMY)
    if case.differentiation is None:
        out.append(_DIFFERENTIATION_ASSUMED)
    if case.first_hepatectomy is None:
        out.append(_FIRST_HEPATECTOMY_ASSUMED)
    return out
