"""The evidence for one case as a JSON-ready dict: the model's statuses, worded, every
displayed number with its source records (``predict`` JSON carries it as ``"evidence"``)."""

from __future__ import annotations

from desktop.model.case import Case
from desktop.model.evidence import EVIDENCE_FILE, assess
from desktop.model.params import ModelParams
from desktop.report.evidence import cohorts, criteria, era, mayo, periop
from desktop.report.evidence.common import EXCLUDED, Sources, item

NOTICE = (
    "Information from published series to support a discussion, not a recommendation and not part of the "
    "Mayo model's estimate. Each number cites its source paper (author, journal, year) and the place in it; "
    "the words it rests on are quoted on hover and in the saved data."
)


def findings(ev, src: Sources) -> dict:
    """Further findings of each paper that a counselling clinician needs, by paper."""
    return {paper: [item(f["label"], f["text"], [src.fact(fact, paper) for fact in f["facts"]], key=f["key"])
                    for f in records]
            for paper, records in ev.data["findings"].items()}


def cohort_scope(in_cohorts: bool, ev, src: Sources) -> dict | None:
    """For a poorly differentiated tumour: the Mayo and Tokyo cohorts excluded such patients, so their
    figures describe other patients and no row of theirs is marked as this patient's."""
    if in_cohorts:
        return None
    mayo, tokyo = ev.resolve(EXCLUDED["mayo2023"]), ev.resolve(EXCLUDED["tokyo"])
    return item("Not in these cohorts", f"Mayo: {mayo['text']} Tokyo: {tokyo['text']}",
                src.ref(EXCLUDED["mayo2023"]) + src.ref(EXCLUDED["tokyo"]),
                patient="This patient's tumour is poorly differentiated. The tool gives no survival estimate for it; "
                        "the published figures describe other patients, and no row is marked as this patient's.")


def evidence_for(case: Case, params: ModelParams | None = None, with_scenario: bool = True,
                 era_curves: tuple | None = None) -> dict:
    """Everything the evidence panels show for ``case``.

    ``era_curves``: the era scenario and main OS curves when the caller has them already
    (see ``desktop.model.evidence.assess``). Raises ParameterError when a parameter file is
    missing, altered or stale.
    """
    status = assess(case, params=params, with_scenario=with_scenario, era_curves=era_curves)
    ev = status["evidence"]
    src = Sources(ev)
    return {
        "notice": NOTICE,
        "cohort_scope": cohort_scope(status["mayo_subgroups"]["in_cohort"], ev, src),
        "evidence_file": {"name": EVIDENCE_FILE, "sha256": ev.sha256},
        "inputs": status["inputs"],
        "perioperative": periop.perioperative(status["perioperative"], ev, src),
        "symptom_relief": periop.symptom_relief(status["symptom_relief"], ev, src),
        "mayo_subgroups": mayo.mayo_subgroups(status["mayo_subgroups"], ev, src),
        "tokyo": cohorts.tokyo(status["tokyo"], ev, src),
        "md_anderson": cohorts.mdanderson(status["md_anderson"], ev, src),
        "guideline_criteria": criteria.criteria(status["guideline_criteria"], ev, src),
        "therapy_trials": era.trials(ev, src),
        "era": era.era(status["era"], ev, src),
        "findings": findings(ev, src),
        "sources": {key: {"short": v["short"], "cite": v["cite"], "citation": v["citation"],
                          **({"outside_source_text": v["outside_source_text"]} if v.get("outside_source_text") else {})}
                    for key, v in ev.data["sources"].items()},
    }
