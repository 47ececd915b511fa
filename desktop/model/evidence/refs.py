"""References between facts: dotted paths into evidence.json, or into mayo2023.json.

A text-only item (a disagreement, a note) names the facts it rests on by reference, e.g.
``"tokyo.rfs.by_grade"`` or ``"mayo2023.json:hazard_ratios.overall_survival.primary_other"``.
List items are addressed by their ``key`` (or position). The index walks both files once and
keeps, for every path, the value and its paper (the nearest ``source`` above it; everything
in mayo2023.json is the Mayo paper).
"""

from __future__ import annotations

MAYO_PREFIX = "mayo2023.json:"
MAYO_PAPER = "mayo2023"


class RefIndex:
    def __init__(self, data: dict, mayo: dict):
        self._data = data
        self._entries: dict[str, tuple[object, str | None]] = {}
        self._walk(data, "", None, top=True)
        self._walk(mayo, MAYO_PREFIX, MAYO_PAPER, top=False)

    def _walk(self, node, path: str, paper: str | None, top: bool) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("source"), str) and not path.startswith(MAYO_PREFIX):
                paper = node["source"]
            if path and not path.endswith(":"):
                self._entries[path] = (node, paper)
            for key, value in node.items():
                child = key if path == "" else (path + key if path.endswith(":") else f"{path}.{key}")
                if top and key == "sources":
                    self._entries["sources"] = (value, None)
                    for skey, sval in value.items():
                        self._walk(sval, f"sources.{skey}", skey, top=False)
                    continue
                self._walk(value, child, paper, top=False)
        elif isinstance(node, list):
            self._entries[path] = (node, paper)
            for i, value in enumerate(node):
                self._walk(value, f"{path}.{i}", paper, top=False)
                if isinstance(value, dict) and isinstance(value.get("key"), str):
                    self._walk(value, f"{path}.{value['key']}", paper, top=False)
        else:
            self._entries[path] = (node, paper)

    def resolve(self, ref: str):
        try:
            return self._entries[ref][0]
        except KeyError:
            raise KeyError(ref) from None

    def paper_of(self, ref: str) -> str | None:
        return self._entries[ref][1]

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
        return [ref for ref in self.all_refs() if ref not in self._entries]
