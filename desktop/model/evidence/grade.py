"""WHO grade of a well-differentiated NET from the case: Ki-67 and mitotic count, the higher wins.

The review (Gangi & Howe 2020, 'criteria.grading_rule') sets grade by the mitotic count and the
Ki-67 index, taking the higher grade when they disagree. The Ki-67 classes are the Mayo model's
(``survival.ki67_class``, the paper's three categories: WHO 2017/2019 and Tokyo's G3 definition); the
mitotic classes come from ``tool_choices.who_mitotic_grade`` in evidence.json.
"""

from __future__ import annotations

from desktop.model.survival import ki67_class

GRADES = ("G1", "G2", "G3")
RULE = "criteria.grading_rule"
MITOTIC = "tool_choices.who_mitotic_grade"


def who_grade(ki67_percent: float | None) -> str | None:
    """G1, G2 or G3 from Ki-67; None if unknown."""
    if ki67_percent is None:
        return None
    return GRADES[ki67_class(ki67_percent)]


def mitotic_grade(mitoses: float | None, thresholds: dict) -> str | None:
    """G1, G2 or G3 from the mitotic count per 2 mm²; None if unknown."""
    if mitoses is None:
        return None
    if mitoses < thresholds["g1_below"]:
        return "G1"
    return "G2" if mitoses <= thresholds["g3_above"] else "G3"


def combined_grade(case, ev) -> dict:
    """The case's grade and what it rests on.

    ``grade``: the higher of the two grades that are known (None if neither is); ``settled``:
    True when the other measure cannot raise it (both known, or already G3).
    """
    by_ki67 = who_grade(case.ki67_percent)
    by_mitoses = mitotic_grade(getattr(case, "mitoses_per_2mm2", None), ev.resolve(MITOTIC))
    known = [g for g in (by_ki67, by_mitoses) if g is not None]
    grade = max(known) if known else None
    return {"grade": grade, "by_ki67": by_ki67, "by_mitoses": by_mitoses,
            "settled": grade == "G3" or len(known) == 2,
            "ki67_percent": case.ki67_percent, "mitoses_per_2mm2": getattr(case, "mitoses_per_2mm2", None),
            "differentiation": getattr(case, "differentiation", None)}


def is_low_grade(grade: dict) -> bool | None:
    """G1/G2 (the transplant criteria's 'low grade'); None while the grade could still be G3."""
    if grade["differentiation"] == "poor" or grade["grade"] == "G3":
        return False
    if grade["grade"] is None or not grade["settled"]:
        return None
    return True
