"""Shared wording helpers: numbers as the source printed them, and source records."""

from __future__ import annotations

import re

from desktop.model.evidence import Evidence, is_fact
from desktop.report.citation import record

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def printed(fact: dict, key: str) -> str:
    """A number as the source printed it ('0.20', '14.0'), found in the fact's quote."""
    value = fact[key]
    for token in _NUMBER.findall(fact["quote"]):
        if float(token) == float(value):
            return token
    return f"{value:g}"


def p_text(fact: dict, key: str = "p_value") -> str:
    """A p value as printed: 'p < 0.001' or 'p = 0.14' (stored as the printed string)."""
    value = fact[key]
    return f"p {value}" if value.startswith("<") else f"p = {value}"


def span(fact: dict, lower: str = "lower", upper: str = "upper") -> str:
    return f"{printed(fact, lower)}–{printed(fact, upper)}"


def hr_text(fact: dict) -> str:
    return f"HR {printed(fact, 'hr')} (95% CI {span(fact)})"


def grade_text(grade: dict) -> str:
    """The combined WHO grade and what it rests on, e.g. 'G2 by Ki-67 (4.5%); mitotic count not entered'."""
    if grade["differentiation"] == "poor":
        return "poorly differentiated (a carcinoma, not a well-differentiated NET)"
    ki67, mitoses = grade["ki67_percent"], grade["mitoses_per_2mm2"]
    ki_part = f"Ki-67 ({ki67:g}%)" if ki67 is not None else None
    mit_part = f"mitotic count ({mitoses:g} per 2 mm²)" if mitoses is not None else None
    if grade["grade"] is None:
        return "WHO grade unknown (Ki-67 and mitotic count not entered)"
    if ki_part and mit_part:
        if grade["by_ki67"] == grade["by_mitoses"]:
            return f"WHO {grade['grade']} by {ki_part} and {mit_part}"
        return (f"WHO {grade['grade']}: {grade['by_ki67']} by {ki_part}, {grade['by_mitoses']} by {mit_part}; "
                "the higher grade counts")
    known, missing = (ki_part, "mitotic count") if ki_part else (mit_part, "Ki-67")
    return f"WHO {grade['grade']} by {known}; {missing} not entered"


EXCLUDED = {"mayo2023": "sources.mayo2023.excluded", "tokyo": "sources.tokyo.excluded"}


def not_in_cohort(ev, src: "Sources", paper: str, patient: str) -> dict:
    """Why no row of ``paper``'s cohort is marked as the patient's: the cohort excluded the
    patient's tumour type. ``text`` is the source's, ``patient`` what it means here."""
    fact = ev.resolve(EXCLUDED[paper])
    return item("Not in this cohort", fact["text"], src.ref(EXCLUDED[paper]), patient=patient)


def unique(records: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in records:
        key = (r["paper"], r["where"], r["quote"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def item(label: str, text: str, sources: list[dict], **extra) -> dict:
    return {"label": label, "text": text, "sources": unique(sources), **extra}


class Sources:
    """Builds source records a reader can follow: {paper, cite, where, quote}.

    ``cite`` is author, journal and year; ``where`` the place in the paper; ``quote`` the words
    the number stands in, verbatim. The seed file and line stay in model_params/ (developers'
    provenance, checked by the tests) and are never part of a record.
    """

    def __init__(self, evidence: Evidence):
        self.evidence = evidence

    def record(self, paper: str, line: int, quote: str) -> dict:
        return record(paper, self.evidence.source(paper), line, quote)

    def fact(self, fact: dict, paper: str, where: str | None = None) -> dict:
        """The record of one fact (its own 'source' wins over the section's ``paper``)."""
        return self.record(fact.get("source", paper), fact["line"], fact["quote"])

    def facts(self, fact: dict, paper: str, where: str | None = None) -> list[dict]:
        """A fact and the line its quote continues on, if it runs over two lines."""
        out = [self.fact(fact, paper)]
        if is_fact(fact.get("continued")):
            out.append(self.fact(fact["continued"], fact.get("source", paper)))
        return out

    def ref(self, ref: str, paper: str | None = None) -> list[dict]:
        """Records of the fact at reference ``ref``."""
        target = self.evidence.resolve(ref)
        return self.facts(target, self.evidence.paper_of(ref) or paper)

    def refs(self, item: dict, paper: str) -> list[dict]:
        """Sources of a text-only item: its own quote, or the facts it refers to."""
        out = []
        if is_fact(item):
            out.append(self.fact(item, paper))
        for ref in item.get("refs", []):
            out.extend(self.ref(ref, paper))
        return unique(out)
