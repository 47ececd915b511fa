"""The era scenario says what it does: c < 1 in most draws, not all, so its range straddles the main estimate."""

from __future__ import annotations

import numpy as np

from desktop.model import era as era_module
from desktop.model import validate_case
from desktop.model.era import load_era, share_above_one
from desktop.report.evidence import evidence_for
from desktop.report.evidence import era_sections
from tests.conftest import EXAMPLE_CASE, REPO


def test_a_share_of_the_draws_has_an_era_worse_than_the_whole_period():
    era = load_era()
    draws = era.draw_hazard_multiplier
    assert era.hazard_multiplier < 1
    assert share_above_one(era) == np.mean(draws > 1) and 0.10 < share_above_one(era) < 0.20
    low, high = np.percentile(draws, [2.5, 97.5])
    assert round(low, 2) == 0.40 and round(high, 2) == 1.31
    # the module's own account no longer claims that c only ever raises OS
    assert "only raises OS" not in era_module.__doc__ and "c > 1" in era_module.__doc__


def test_the_scenario_text_and_the_model_card_say_so():
    era = load_era()
    share = f"{100 * share_above_one(era):.0f}%"
    evidence = evidence_for(validate_case(EXAMPLE_CASE))
    assert evidence["era"]["scenario"]["hazard_multiplier_share_above_1"] == round(share_above_one(era), 4)
    section = era_sections(evidence)[0]
    text = " ".join(section.paragraphs)
    assert f"in {share} of them c is above one" in text and "includes the main estimate" in text
    card = " ".join((REPO / "docs" / "model_card.md").read_text(encoding="utf-8").split())
    low, high = np.percentile(era.draw_hazard_multiplier, [2.5, 97.5])
    assert f"c ranges {low:.2f}–{high:.2f} (95%) and {share} of the draws have c > 1" in card
