"""The words of the evidence panels and of the consult note's appendix (Qt-free).

``evidence_for(case)`` words the statuses of ``desktop.model.evidence.assess`` into a
JSON-ready dict (``build``, one module per panel); ``evidence_sections`` turns that dict into
report ``Section`` objects (``sections``), shown by the Evidence tab and printed as the appendix.
"""

from desktop.report.evidence.build import NOTICE, evidence_for

_SECTIONS = (
    "APPENDIX_TITLE", "CAUTION_TEXT", "NOT_IN_COHORT", "NOT_IN_COHORTS", "PATIENT_PREFIX", "STATUS_TEXT", "THIS_PATIENT",
    "THIS_PATIENTS_SUBGROUP", "Footnotes", "appendix_sections", "criteria_sections", "era_sections", "evidence_sections",
    "intro_section", "mayo_subgroup_sections", "mdanderson_sections", "perioperative_sections", "sources_section",
    "symptom_sections", "tokyo_sections", "trials_sections",
)


def __getattr__(name: str):
    """The sections' names, imported when first asked for: ``predict`` JSON needs only ``evidence_for``."""
    if name in _SECTIONS:
        from desktop.report.evidence import sections

        value = getattr(sections, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APPENDIX_TITLE", "CAUTION_TEXT", "NOT_IN_COHORT", "NOT_IN_COHORTS", "NOTICE", "PATIENT_PREFIX", "STATUS_TEXT",
    "THIS_PATIENT", "THIS_PATIENTS_SUBGROUP", "Footnotes", "appendix_sections", "criteria_sections", "era_sections",
    "evidence_for", "evidence_sections", "intro_section", "mayo_subgroup_sections", "mdanderson_sections",
    "perioperative_sections", "sources_section", "symptom_sections", "tokyo_sections", "trials_sections",
]
