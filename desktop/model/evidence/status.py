"""The words of a status, shared by every topic: what an item says about this patient.

An item of a topic is a dict ``{"key", "status", "facts", ...}``: its status (one of the
constants below), the references (``refs.RefIndex`` paths) of the published facts it rests
on, and the patient's inputs it used. The report layer words it.
"""

from __future__ import annotations

from desktop.model.case import Case

UNKNOWN = "unknown"
NOT_APPLICABLE = "not applicable"
MET, NOT_MET, BORDERLINE = "met", "not met", "borderline"
STATUSES = (MET, NOT_MET, UNKNOWN, BORDERLINE)
CAUTION, NOTE, NO_CAUTION = "caution", "note", "no caution"


def item(key: str, status: str, facts: list[str], disagreement: str | None = None, **inputs) -> dict:
    """``disagreement``: the reference of a record where another source disagrees with this item."""
    out = {"key": key, "status": status, "facts": list(facts), "inputs": inputs}
    if disagreement:
        out["disagreement"] = disagreement
    return out


def yes_no(value: bool | None, met_when: bool) -> str:
    """Status of a yes/no input whose criterion is met when it equals ``met_when``."""
    if value is None:
        return UNKNOWN
    return MET if value == met_when else NOT_MET


def input_value(case: Case, name: str):
    """An optional input as reported: 'unknown' when not given, 'not applicable' when it cannot apply."""
    value = getattr(case, name)
    if name == "primary_detail" and value is None and case.primary_site != "other":
        return NOT_APPLICABLE
    return UNKNOWN if value is None else value


def in_well_differentiated_cohorts(case: Case) -> bool:
    """False for a poorly differentiated tumour: the Mayo and Tokyo cohorts excluded them, so no group
    of theirs is the patient's (their rows are shown, none is marked as the patient's)."""
    return case.differentiation != "poor"
