"""Notes from the literature that stand beside a field of the patient form, with their sources.

Each note is an evidence item (``label``, ``text``, ``sources``) whose words come from
``model_params/evidence.json``; the form shows the text and, on hover, the citation and quote.
"""

from __future__ import annotations

from desktop.model.evidence import load_evidence
from desktop.model.params import ModelParams
from desktop.report.evidence.common import Sources, item

IMAGING_DETECTION = "criteria.imaging_detection"


def field_notes(params: ModelParams | None = None) -> dict[str, dict]:
    """Case field -> its note. Raises ParameterError when evidence.json is missing or altered."""
    ev = load_evidence(params=params)
    src = Sources(ev)
    imaging = ev.resolve(IMAGING_DETECTION)
    return {"liver_lesion_count": item("Counting lesions", imaging["text"], src.ref(IMAGING_DETECTION))}


def source_tip(sources: list[dict]) -> str:
    """Where a note comes from, as a tooltip: author, journal, year, the place, the words."""
    return "\n".join(f"{s['cite']}, {s['where']}\n“{s['quote']}”" for s in sources)
