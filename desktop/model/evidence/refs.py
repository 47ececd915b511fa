"""References between facts: dotted paths into evidence.json, or into mayo2023.json.

A text-only item (a disagreement, a note) names the facts it rests on by reference, e.g.
``"tokyo.rfs.by_grade"`` or ``"mayo2023.json:hazard_ratios.overall_survival.primary_other"``.
List items are addressed by their ``key`` (or position; where both name an item, the later item
in the list wins). Every path also has its paper: the nearest ``source`` above it, the value's own
included (everything in mayo2023.json is the Mayo paper; under the top-level ``sources``, the
source's key). A reference is followed step by step when first asked for and remembered: a report
follows a few hundred of the files' several thousand paths.
"""

from __future__ import annotations

MAYO_PREFIX = "mayo2023.json:"
MAYO_PAPER = "mayo2023"


class RefIndex:
    def __init__(self, data: dict, mayo: dict):
        self._data = data
        self._mayo = mayo
        self._found: dict[str, tuple[object, str | None]] = {}

    def _lookup(self, ref: str) -> tuple[object, str | None]:
        """(value, paper) at ``ref``; KeyError when nothing is there."""
        if ref in self._found:
            return self._found[ref]
        in_mayo = ref.startswith(MAYO_PREFIX)
        node, paper = (self._mayo, MAYO_PAPER) if in_mayo else (self._data, None)
        parts = (ref[len(MAYO_PREFIX):] if in_mayo else ref).split(".")
        if not in_mayo and isinstance(node.get("source"), str):
            paper = node["source"]
        for depth, part in enumerate(parts):
            node = _child(node, part, ref)
            if in_mayo:
                continue
            if depth == 0 and part == "sources":
                paper = None  # the sources table itself belongs to no paper
                continue
            if depth == 1 and parts[0] == "sources":
                paper = part  # a source belongs to itself
            if isinstance(node, dict) and isinstance(node.get("source"), str):
                paper = node["source"]
        self._found[ref] = (node, paper)
        return node, paper

    def resolve(self, ref: str):
        return self._lookup(ref)[0]

    def paper_of(self, ref: str) -> str | None:
        return self._lookup(ref)[1]

    def all_refs(self) -> list[str]:
        """Every reference written in the evidence file (a 'refs' list of any item)."""
        out = []

        def walk(node):
            if isinstance(node, dict):
                out.extend(node.get("refs", []))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self._data)
        return out

    def unresolved(self) -> list[str]:
        missing = []
        for ref in self.all_refs():
            try:
                self._lookup(ref)
            except KeyError:
                missing.append(ref)
        return missing


def _child(node, part: str, ref: str):
    """One step of a reference: a dict's key, or a list item by its 'key' or its position."""
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list):
        chosen = int(part) if part.isascii() and part.isdigit() and str(int(part)) == part else None
        if chosen is not None and chosen >= len(node):
            chosen = None
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("key") == part and (chosen is None or i > chosen):
                chosen = i
        if chosen is not None:
            return node[chosen]
    raise KeyError(ref)
