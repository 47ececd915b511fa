"""Findings a counselling clinician needs (issue 13, point 8): each is shown, with its quote, on the
panel it belongs to and in the appendix."""

from __future__ import annotations

import pytest

from desktop.model import validate_case
from desktop.report.evidence import (
    criteria_sections,
    era_sections,
    evidence_for,
    mdanderson_sections,
    tokyo_sections,
)
from tests.conftest import EXAMPLE_CASE

EXPECTED = [
    (era_sections, "Gudmundsdottir", "second cytoreductive hepatectomy was performed for 41 patients (7.5%)"),
    (era_sections, "Gudmundsdottir", "women vs men OS HR 0.91, PFS HR 1.01; functional vs non-functional OS HR 0.87, PFS HR 1.03"),
    (era_sections, "Gudmundsdottir", "did not differ by extent of cytoreduction (p = 0.06) while progression-free survival did (p < 0.001)"),
    (tokyo_sections, "Asano", "(22 of 44) recurred within a year; their overall survival was like that after R2 resection"),
    (tokyo_sections, "Asano", "66% had a pancreatic primary (83 patients); median follow-up 4.3 years"),
    (tokyo_sections, "Asano", "54.7%, 23.9% and 13.4%"),
    (mdanderson_sections, "Glazer", "80 patients (46.5%) had their liver metastases re-resected or ablated"),
    (mdanderson_sections, "Glazer", "P ~ 0.8 (Abstract) and P ~ 0.40 (Results"),
    (mdanderson_sections, "Glazer", "CT or MR imaging every year, for life"),
    (criteria_sections, "Gangi", "More than 70% debulking: median OS 134.3 months; less than 70%: 37.6 months"),
    (criteria_sections, "Gangi", "339 patients treated surgically: median OS 125.1 months, 5-year OS 74%"),
    (criteria_sections, "Gangi", "fewer than half of the liver metastases"),
    (criteria_sections, "Gangi", "5-year OS 97% with liver resection or ablation, 89% without, against 76%"),
]


@pytest.fixture(scope="module")
def evidence():
    return evidence_for(validate_case(EXAMPLE_CASE), with_scenario=False)


@pytest.mark.parametrize("build, author, words", EXPECTED, ids=[w[:30] for _, _, w in EXPECTED])
def test_each_finding_is_on_its_panel_with_a_quoted_source(evidence, build, author, words):
    section = next(s for s in build(evidence) if s.title.startswith("Also reported by"))
    assert author in section.title
    paragraph = next(p for p in section.paragraphs if words in p)
    marker = int(paragraph.rsplit("[", 1)[1].split(",")[0].rstrip("]"))
    assert section.footnote_quotes[marker - 1], paragraph
