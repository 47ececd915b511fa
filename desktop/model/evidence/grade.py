"""WHO grade of a well-differentiated NET, from the inputs the case holds.

The grade categories are the Mayo model's Ki-67 classes (``survival.ki67_class``: < 3%,
3-20%, > 20%), which are also the WHO 2017 categories and Tokyo's G3 definition.
"""

from __future__ import annotations

from desktop.model.survival import ki67_class

GRADES = ("G1", "G2", "G3")


def who_grade(ki67_percent: float | None) -> str | None:
    """G1, G2 or G3 from Ki-67; None if unknown."""
    if ki67_percent is None:
        return None
    return GRADES[ki67_class(ki67_percent)]


def is_low_grade(grade: str | None) -> bool | None:
    """G1/G2 (the transplant criteria's 'low grade'); None if unknown."""
    return None if grade is None else grade != "G3"
