"""Citations a reader can follow: author, journal and year, the place in the paper, the words.

Light on purpose (no import of the evidence machinery): the patient form's notes use it at start-up.
"""

from __future__ import annotations


def place(source: dict, line: int) -> str:
    """Where in the paper a line of its text falls (a section, a table, a figure legend)."""
    where = source["places"][0][1]
    for first, name, _ in source["places"]:
        if first > line:
            break
        where = name
    return where


def record(paper: str, source: dict, line: int, quote: str) -> dict:
    """A source record {paper, cite, where, quote}: never a file of ours or a line number."""
    return {"paper": paper, "cite": source["cite"], "where": place(source, int(line)), "quote": " ".join(quote.split())}
