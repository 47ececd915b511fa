"""Plain data for a report: what a section says, not how it is drawn."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    footnotes: list[str] = field(default_factory=list)
    # per footnote, the verbatim words it stands for (shown on hover; empty when it has none)
    footnote_quotes: list[list[str]] = field(default_factory=list)
