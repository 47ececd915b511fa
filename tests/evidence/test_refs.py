"""References are followed step by step on demand: the same value and paper as a walk of every path."""

from __future__ import annotations

import pytest

from desktop.model import load_params
from desktop.model.evidence import load_evidence
from desktop.model.evidence.refs import MAYO_PAPER, MAYO_PREFIX, RefIndex


def every_path(data: dict, mayo: dict) -> dict:
    """path -> (value, paper) for every value of both files, walked from the top."""
    out = {}

    def walk(node, path, paper, top=False):
        if isinstance(node, dict):
            if isinstance(node.get("source"), str) and not path.startswith(MAYO_PREFIX):
                paper = node["source"]
            if path and not path.endswith(":"):
                out[path] = (node, paper)
            for key, value in node.items():
                child = key if path == "" else (path + key if path.endswith(":") else f"{path}.{key}")
                if top and key == "sources":
                    out["sources"] = (value, None)
                    for name, source in value.items():
                        walk(source, f"sources.{name}", name)
                    continue
                walk(value, child, paper)
        elif isinstance(node, list):
            out[path] = (node, paper)
            for i, value in enumerate(node):
                walk(value, f"{path}.{i}", paper)
                if isinstance(value, dict) and isinstance(value.get("key"), str):
                    walk(value, f"{path}.{value['key']}", paper)
        else:
            out[path] = (node, paper)

    walk(data, "", None, top=True)
    walk(mayo, MAYO_PREFIX, MAYO_PAPER)
    return out


def test_every_path_of_both_files_resolves_to_its_value_and_paper():
    evidence = load_evidence()
    index = RefIndex(evidence.data, load_params().published)
    paths = every_path(evidence.data, load_params().published)
    assert len(paths) > 3000
    for path, (value, paper) in paths.items():
        assert index.resolve(path) is value if isinstance(value, (dict, list)) else index.resolve(path) == value, path
        assert index.paper_of(path) == paper, path
    assert any(p.startswith(MAYO_PREFIX) for p in paths) and index.unresolved() == []


def test_list_items_by_key_or_position_and_papers_on_a_small_file():
    data = {
        "sources": {"a": {"seed": "x"}, "b": {"source": "c"}},
        "topic": {"source": "a", "rows": [{"key": "1", "v": 0}, {"key": "z", "v": 1, "source": "b"}, {"v": 2}]},
        "flat": [5, 6],
    }
    index = RefIndex(data, {"hr": {"x": 1.5}})
    assert index.resolve("topic.rows.1")["v"] == 1  # position 1, written after item 0's key "1"
    assert index.resolve("topic.rows.z")["v"] == 1 and index.paper_of("topic.rows.z") == "b"
    assert index.resolve("topic.rows.2.v") == 2 and index.paper_of("topic.rows.2.v") == "a"
    assert index.paper_of("sources") is None and index.paper_of("sources.a") == "a"
    assert index.paper_of("sources.b") == "c"
    assert index.resolve(MAYO_PREFIX + "hr.x") == 1.5 and index.paper_of(MAYO_PREFIX + "hr") == MAYO_PAPER
    for missing in ("", "topic.rows.01", "topic.rows.3", "flat.0.x", "nope", MAYO_PREFIX, MAYO_PREFIX + "hr.y"):
        with pytest.raises(KeyError):
            index.resolve(missing)
    data["topic"]["refs"] = ["flat.1", "topic.nope"]
    assert index.unresolved() == ["topic.nope"]
