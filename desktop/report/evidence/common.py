"""Shared wording helpers: numbers as the source printed them, and source records."""

from __future__ import annotations

import re

from desktop.model.evidence import Evidence, is_fact

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def printed(fact: dict, key: str) -> str:
    """A number as the source printed it ('0.20', '14.0'), found in the fact's quote."""
    value = fact[key]
    for token in _NUMBER.findall(fact["quote"]):
        if float(token) == float(value):
            return token
    return f"{value:g}"


def span(fact: dict, lower: str = "lower", upper: str = "upper") -> str:
    return f"{printed(fact, lower)}–{printed(fact, upper)}"


def hr_text(fact: dict) -> str:
    return f"HR {printed(fact, 'hr')} (95% CI {span(fact)})"


def unique(records: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in records:
        key = (r["paper"], r["line"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def item(label: str, text: str, sources: list[dict], **extra) -> dict:
    return {"label": label, "text": text, "sources": unique(sources), **extra}


class Sources:
    """Builds source records: {paper, short, seed, where, line}."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence

    def __call__(self, paper: str, line: int, where: str | None = None) -> dict:
        source = self.evidence.source(paper)
        record = {"paper": paper, "short": source["short"], "seed": source["seed"], "line": int(line)}
        if where:
            record["where"] = where
        return record

    def fact(self, fact: dict, paper: str, where: str | None = None) -> dict:
        """The record of one fact (its own 'source' wins over the section's ``paper``)."""
        own = fact.get("source", paper)
        return self(own, fact["line"], where if own == paper else None)

    def facts(self, fact: dict, paper: str, where: str | None = None) -> list[dict]:
        """A fact and the line its quote continues on, if it runs over two lines."""
        out = [self.fact(fact, paper, where)]
        if is_fact(fact.get("continued")):
            out.append(self.fact(fact["continued"], fact.get("source", paper), where))
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
