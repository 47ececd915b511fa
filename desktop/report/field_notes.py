"""Notes from the literature that stand beside a field of the patient form, with their sources.

Each note's words come from ``model_params/evidence.json`` (verified against its sha256); the
form shows the text and, on hover, the citation and quote. Read directly rather than through
``desktop.model.evidence`` so that building the form at start-up stays cheap.
"""

from __future__ import annotations

import json
from pathlib import Path

from desktop import paths
from desktop.model.params import ParameterError, verify_file
from desktop.report.citation import record

EVIDENCE_FILE = "evidence.json"


def field_notes(directory: Path | None = None) -> dict[str, dict]:
    """Case field -> its note {label, text, sources}. ParameterError when evidence.json is missing or altered."""
    path = Path(directory or paths.model_params_dir()) / EVIDENCE_FILE
    verify_file(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        section = data["criteria"]
        imaging, paper = section["imaging_detection"], section["source"]
        sources = [record(paper, data["sources"][paper], imaging["line"], imaging["quote"])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ParameterError(f"parameter file malformed: {path}: {exc!r}") from None
    return {"liver_lesion_count": {"label": "Counting lesions", "text": imaging["text"], "sources": sources}}


def source_tip(sources: list[dict]) -> str:
    """Where a note comes from, as a tooltip: author, journal, year, the place, the words."""
    return "\n".join(f"{s['cite']}, {s['where']}\n“{s['quote']}”" for s in sources)
