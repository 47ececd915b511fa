"""Loading and checking ``model_params/evidence.json``.

The file holds every published number the evidence panels show, each as a *fact*: a dict
with a verbatim ``quote`` of its source line, the ``line`` (developers' provenance, checked
against the seed texts by the tests) and the numbers it states, every one of which must be
printed in the quote. The paper of a fact is the nearest ``source`` above it. The file is
verified against ``checksums.EXPECTED_SHA256`` before it is read; any problem is a
``ParameterError`` naming the file.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop import paths
from desktop.model.evidence.refs import RefIndex
from desktop.model.params import ModelParams, ParameterError, load_params, verify_file

EVIDENCE_FILE = "evidence.json"
SCHEMA = "netlm-risk/evidence/1"
SECTIONS = ("perioperative", "symptom_relief", "tokyo", "mdanderson", "criteria", "trials", "era")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_P = re.compile(r"(< )?\d*\.\d+")


def _is_p(key: str) -> bool:
    return key in ("p", "p_value") or key.startswith("p_")


def _p_printed_so(value: str, quote: str) -> bool:
    """True when the quote prints the p value as stored: '< 0.001' after '<' (or TeX's \\langle).

    The number counts where it stands alone (no digit or '.' just before it, no digit just
    after). Searched with str.find: a regular expression per p value cost a compile each at
    every start-up.
    """
    less = value.startswith("<")
    number = value.lstrip("< ")
    start = quote.find(number)
    while start != -1:
        end = start + len(number)
        alone = ((start == 0 or not (quote[start - 1].isdecimal() or quote[start - 1] == "."))
                 and (end == len(quote) or not quote[end].isdecimal()))
        if alone:
            before = quote[:start].rstrip(" $")
            if less == (before.endswith("<") or before.endswith("\\langle")):
                return True
        start = quote.find(number, start + 1)
    return False


@dataclass(frozen=True)
class Evidence:
    data: dict
    sha256: str
    mayo: dict  # the published Mayo parameter file (mayo2023.json), for milestones and HRs
    index: RefIndex = field(repr=False, compare=False, default=None)

    def source(self, key: str) -> dict:
        return self.data["sources"][key]

    def resolve(self, ref: str):
        """A value by dotted path; list items by their 'key'; 'mayo2023.json:' reads the model file."""
        return self.index.resolve(ref)

    def paper_of(self, ref: str) -> str | None:
        """The paper (source key) of the value at ``ref``: the nearest 'source' on the way down."""
        return self.index.paper_of(ref)


def is_fact(value) -> bool:
    return isinstance(value, dict) and "quote" in value


def fact_numbers(fact: dict) -> list[float]:
    """The numbers a fact states (every int/float field except its line)."""
    return [float(v) for k, v in fact.items()
            if k not in ("line",) and isinstance(v, (int, float)) and not isinstance(v, bool)]


def quote_numbers(text: str) -> list[float]:
    return [float(t) for t in _NUMBER.findall(text)]


def iter_facts(node, source: str | None = None, path: str = ""):
    """Yield (path, source_key, fact) for every fact, with the nearest enclosing 'source'."""
    if isinstance(node, dict):
        source = node.get("source", source) if isinstance(node.get("source"), str) else source
        if is_fact(node):
            yield path, source, node
        for key, value in node.items():
            if key == "sources" and path == "":
                for skey, sval in value.items():
                    yield from iter_facts(sval, skey, f"sources.{skey}")
                continue
            yield from iter_facts(value, source, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            name = value.get("key", str(i)) if isinstance(value, dict) else str(i)
            yield from iter_facts(value, source, f"{path}.{name}")


def _check(condition: bool, path: Path, what: str) -> None:
    if not condition:
        raise ParameterError(f"parameter file malformed: {path}: {what}")


def _check_evidence(data: dict, path: Path) -> None:
    _check(data.get("schema") == SCHEMA, path, f"schema is not {SCHEMA}")
    for key in ("sources",) + SECTIONS:
        _check(isinstance(data.get(key), dict), path, f"missing section '{key}'")
    for key, source in data["sources"].items():
        _check(isinstance(source.get("seed"), str) and isinstance(source.get("citation"), str)
               and isinstance(source.get("short"), str), path, f"source '{key}' needs seed, short and citation")
    count = 0
    for where, source, fact in iter_facts(data):
        count += 1
        _check(source in data["sources"], path, f"{where}: unknown source {source!r}")
        _check(isinstance(fact["quote"], str) and fact["quote"].strip() != "", path, f"{where}: empty quote")
        _check(isinstance(fact.get("line"), int) and fact["line"] >= 1, path, f"{where}: line must be a positive integer")
        for key, value in fact.items():
            if _is_p(key):
                _check(isinstance(value, str) and _P.fullmatch(value) is not None, path,
                       f"{where}: {key} must be the p value as printed, a string: the number, or '<' and the number")
                _check(_p_printed_so(value, fact["quote"]), path,
                       f"{where}: {key} {value!r} is not printed so in the quote")
        numbers = fact_numbers(fact)
        _check(all(math.isfinite(v) for v in numbers), path, f"{where}: non-finite number")
        printed = quote_numbers(fact["quote"])
        missing = [v for v in numbers if v not in printed]
        _check(not missing, path, f"{where}: numbers {missing} are not in the quote")
    _check(count > 100, path, f"only {count} facts")
    rows = data["perioperative"].get("rows")
    _check(isinstance(rows, list) and len(rows) == 10, path, "perioperative: need the 10 rows of Table 2")
    for row in rows:
        for column in ("all", "minor", "major"):
            _check(is_fact(row.get(column)), path, f"perioperative.{row.get('key')}: missing column {column}")
    era_keys = [row.get("key") for row in data["era"].get("rows", [])]
    _check(era_keys == ["2000_2006", "2007_2013", "2014_2020"], path, "era: need the three 7-year periods")


_CACHE: dict = {}


def load_evidence(directory: Path | None = None, params: ModelParams | None = None) -> Evidence:
    """Load, verify (sha256) and check ``evidence.json``; ParameterError on any problem."""
    directory = Path(directory) if directory else paths.model_params_dir()
    key = str(directory.resolve())
    if key in _CACHE:
        return _CACHE[key]
    path = directory / EVIDENCE_FILE
    digest = verify_file(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ParameterError(f"parameter file unreadable or not valid JSON: {path} ({exc})") from None
    _check(isinstance(data, dict), path, "not a JSON object")
    try:
        _check_evidence(data, path)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ParameterError(f"parameter file malformed: {path}: {exc!r}") from None
    params = params or load_params(directory)
    index = RefIndex(data, params.published)
    missing = index.unresolved()
    if missing:
        raise ParameterError(f"parameter file malformed: {path}: reference {missing[0]!r} does not resolve")
    evidence = Evidence(data, digest, params.published, index)
    _CACHE[key] = evidence
    return evidence


def clear_cache() -> None:
    _CACHE.clear()
