"""Property-based tests: any case either gives a valid prediction or a clear refusal naming the field.

Three paths, all in-process for speed:
* ``validate_case`` + ``predict_batch`` on batches of generated cases (JSON and CSV-cell values):
  at least 10,000 generated cases per run (the test counts them and fails below that);
* ``netlm-risk predict CASE.json --out ...`` on generated JSON documents (any JSON value, or text
  that is not JSON): exit 0 with a complete, valid file, or exit 2, nothing on stdout, each stderr
  line naming a field, the previous output file untouched and no temporary file left behind;
* ``netlm-risk predict COHORT.csv --out ...`` on generated CSV files (column subsets and orders,
  duplicated and unknown columns, BOM, CRLF, bad cells): the same, with the CSV line of each problem.

The expected refusals come from tests/reliability/oracle.py, a restatement of design/interface.md
that does not import the application's validator.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.model import CaseError, predict_batch, validate_case
from desktop.model.params import OUTCOMES
from tests.reliability.oracle import FIELD_NAMES, REQUIRED, expected_problems, fields_named
from tests.reliability.strategies import ANY_JSON, case_dicts

# Every 6th month to 20 years: 0 (S = 1), both last knots (60, 180) and extrapolation (> 180).
GRID = np.arange(0.0, 241.0, 6.0)
TOLERANCE = 1e-9
# derandomized: the same documents on every run, so that the counts below cannot fail by chance
FUZZ = settings(deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_curves(months, survival, lower, upper, median, last_knot, label=""):
    """The coherence rules of design/model.md for one patient's curve on a month grid."""
    order = np.argsort(months)
    for name, values in (("survival", survival), ("lower", lower), ("upper", upper)):
        if values is None:
            continue
        values = np.asarray(values, dtype=float)
        assert np.all(np.isfinite(values)), (label, name, values)
        assert np.all((values >= 0) & (values <= 1)), (label, name, values)
        assert np.all(np.diff(values[order]) <= TOLERANCE), (label, name, "not monotone", values[order])
    if lower is not None:
        assert np.all(np.asarray(lower) <= np.asarray(survival) + TOLERANCE), (label, "lower above estimate")
        assert np.all(np.asarray(upper) >= np.asarray(survival) - TOLERANCE), (label, "upper below estimate")
    at_zero = np.asarray(months) == 0
    if at_zero.any():
        assert np.allclose(np.asarray(survival)[at_zero], 1.0), (label, "S(0) != 1")
    at_knot = np.isclose(months, last_knot)
    if at_knot.any():  # the median exists exactly when the curve reaches 0.5 by the last knot
        reached = float(np.asarray(survival)[at_knot][0]) <= 0.5
        assert (median is not None and not (isinstance(median, float) and math.isnan(median))) == reached, (
            label, median, survival)
    if median is not None and not (isinstance(median, float) and math.isnan(median)):
        assert 0 < median <= last_knot, (label, median)


def check_pair(os_values, pfs_values, label=""):
    if os_values is None:
        return
    assert np.all(np.asarray(pfs_values) <= np.asarray(os_values) + TOLERANCE), (label, "PFS above OS")


def assert_refusal_names_the_fields(data, from_text, problems):
    bad, unknown = expected_problems(data, from_text)
    named, unknown_lines = fields_named(problems)
    assert named == bad, (data, problems)
    assert len(unknown_lines) == len(unknown), (data, problems)
    for key in unknown:
        shown = f"'{key}'" if key.isprintable() else repr(key)  # control characters escaped: one line
        if len(shown) <= 40:  # longer keys are shown shortened
            assert any(line.startswith(f"unknown field {shown}") for line in unknown_lines), (key, problems)


# ------------------------------------------------------------------ validate + predict_batch


def test_generated_cases_validate_or_are_refused_and_predictions_are_coherent(params):
    counts = Counter()

    @settings(FUZZ, max_examples=230)
    @given(st.lists(st.tuples(st.booleans(), st.data()), min_size=45, max_size=55))
    def run(items):
        cases, sources = [], []
        for from_text, data in items:
            raw = data.draw(case_dicts(from_text=from_text))
            counts["generated"] += 1
            bad, unknown = expected_problems(raw, from_text)
            try:
                case = validate_case(raw, from_text=from_text)
            except CaseError as exc:
                assert bad or unknown, (raw, exc.problems)
                assert_refusal_names_the_fields(raw, from_text, exc.problems)
                counts["refused"] += 1
                continue
            assert not bad and not unknown, (raw, "accepted although the contract refuses", bad, unknown)
            cases.append(case)
            sources.append(raw)
        if not cases:
            return
        batch = predict_batch(cases, GRID, with_bands=True, params=params)
        for i, case in enumerate(cases):
            if case.differentiation == "poor":  # out of scope: no number at all, and why
                assert batch.scope[i] and batch.warnings[i] == []
                for table in (batch.survival, batch.lower, batch.upper, batch.median_months):
                    assert all(np.isnan(table[o][i]).all() for o in OUTCOMES)
                continue
            assert batch.scope[i] == []
            for outcome in OUTCOMES:
                median = batch.median_months[outcome][i]
                check_curves(GRID, batch.survival[outcome][i], batch.lower[outcome][i], batch.upper[outcome][i],
                             None if np.isnan(median) else float(median), params.last_knot_months(outcome),
                             label=(case, outcome))
            for values in ("survival", "lower", "upper"):
                table = getattr(batch, values)
                check_pair(table["overall_survival"][i], table["progression_free_survival"][i], label=(case, values))
            fields = {w.field for w in batch.warnings[i] if w.kind == "unknown_input"}
            assert ("ki67_percent" in fields) == (case.ki67_percent is None)
            assert ("cytoreduction" in fields) == (case.cytoreduction is None)
        counts["predicted"] += len(cases)

    run()
    print(f"\nfuzz validate+predict_batch: {dict(counts)}")
    assert counts["generated"] >= 10_000, counts
    # both outcomes are well represented, so neither half of the property is tested vacuously
    assert counts["predicted"] >= 4_000 and counts["refused"] >= 1_500, counts


# ------------------------------------------------------------------ CLI on JSON documents


def run_cli(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


SENTINEL = "previous output: must survive a refused run\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _no_constants(name):
    raise ValueError(name)


def _parse_like_the_contract(document: str):
    """The parsed document, or UnicodeError / ValueError when it is not UTF-8 / not strict JSON."""
    try:
        document.encode("utf-8")
    except UnicodeEncodeError:
        return UnicodeError
    if document.startswith("\ufeff"):
        document = document[1:]
    try:
        return json.loads(document, parse_constant=_no_constants)
    except ValueError:
        return ValueError


json_documents = st.one_of(
    case_dicts().map(json.dumps),
    case_dicts().map(lambda d: json.dumps(d, ensure_ascii=False)),
    ANY_JSON.map(json.dumps),
    st.text(max_size=40),
    case_dicts().map(lambda d: json.dumps(d)[: max(0, len(json.dumps(d)) // 2)]),  # truncated file
)


def test_cli_predict_on_generated_json_documents(log_dir):
    counts = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        @settings(FUZZ, max_examples=600)
        @given(json_documents, st.sampled_from(["12,60", "0,17,24,60,180,240", "60,12"]), st.booleans())
        def run(document, months, ranges):
            source = folder / "case.json"
            source.write_text(document, encoding="utf-8", errors="surrogatepass")
            target = folder / "prediction.json"
            target.write_text(SENTINEL, encoding="utf-8")
            argv = ["predict", str(source), "--months", months, "--out", str(target)] + ([] if ranges else ["--no-ranges"])
            code, out, err = run_cli(argv)
            counts["documents"] += 1
            assert code in (0, 2), (document, code, err)
            assert out == "", out
            assert "Traceback" not in err
            assert not _leftovers(folder)
            data = _parse_like_the_contract(document)
            if code == 0:
                counts["predicted"] += 1
                assert err == ""
                assert isinstance(data, dict) and expected_problems(data) == (set(), set()), data
                written = json.loads(target.read_text(encoding="utf-8"))
                assert written["case"] == validate_case(data).to_dict()
                if data.get("differentiation") == "poor":  # out of scope: no estimate, and why
                    assert written["applicable"] is False and written["scope"]
                    assert not set(OUTCOMES) & set(written)
                    return
                assert written["applicable"] is True and written["scope"] == []
                for outcome in OUTCOMES:
                    curve = written[outcome]
                    check_curves(np.array(curve["months"], float), curve["survival"], curve["lower"], curve["upper"],
                                 curve["median_months"], 180.0 if outcome == "overall_survival" else 60.0,
                                 label=(document, outcome))
                for key in ("survival", "lower", "upper"):
                    check_pair(written["overall_survival"][key], written["progression_free_survival"][key])
                assert written["case"] == validate_case(data).to_dict()
                return
            counts["refused"] += 1
            assert code == 2, (document, code, err)
            assert target.read_text(encoding="utf-8") == SENTINEL
            lines = err.rstrip("\n").split("\n")
            assert lines and all(line.startswith("netlm-risk: error: ") for line in lines), err
            problems = [line[len("netlm-risk: error: "):] for line in lines]
            if data is UnicodeError:
                assert len(problems) == 1 and "not UTF-8 text" in problems[0], err
            elif data is ValueError:
                assert len(problems) == 1 and "not valid JSON" in problems[0], err
            elif not isinstance(data, dict):
                assert len(problems) == 1 and "must be a JSON object" in problems[0], err
            else:
                assert_refusal_names_the_fields(data, False, problems)

        run()
    print(f"\nfuzz CLI JSON: {dict(counts)}")
    assert not log_dir.exists(), "an internal-error log was written"
    assert counts["predicted"] >= 100 and counts["refused"] >= 100, counts


# ------------------------------------------------------------------ CLI on CSV cohorts


@st.composite
def cohort_files(draw):
    """(CSV text, header, rows as dicts) with varied columns, row values, line ends and BOM."""
    columns = [n for n in FIELD_NAMES if n in REQUIRED or draw(st.booleans())]
    if draw(st.integers(0, 9)) == 0:
        columns.remove(draw(st.sampled_from(REQUIRED)))
    columns = draw(st.permutations(columns))
    if draw(st.integers(0, 14)) == 0:
        columns.append(draw(st.sampled_from(columns)))  # duplicated column
    if draw(st.integers(0, 14)) == 0:
        columns.append(draw(st.sampled_from(["ki67", "Age", "notes", ""])))  # unknown column
    modes = draw(st.sampled_from([("valid",), ("valid",), ("valid", "valid", "valid", "valid", "one_bad", "chaos")]))
    rows = draw(st.lists(case_dicts(from_text=True, modes=modes), min_size=1, max_size=14))
    if draw(st.integers(0, 9)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), {})  # a blank line
    buffer = io.StringIO()
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + buffer.getvalue(), columns, rows


def expected_csv_problems(columns, rows):
    """('header', names) or {line: (bad fields)} per the contract; blank rows are skipped."""
    duplicated = {c for c in columns if columns.count(c) > 1}
    unknown = {c for c in columns if c not in FIELD_NAMES}
    missing = {c for c in REQUIRED if c not in columns}
    if duplicated or unknown or missing:
        return "header", (duplicated, unknown, missing)
    problems = {}
    for line, row in enumerate(rows, start=2):
        cells = {c: row.get(c, "") for c in columns}
        if not any(v.strip() for v in cells.values()):
            continue
        bad, _ = expected_problems(cells, from_text=True)
        if bad:
            problems[line] = bad
    return "rows", problems


def test_cli_predict_on_generated_csv_cohorts(log_dir):
    counts = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        @settings(FUZZ, max_examples=400)
        @given(cohort_files())
        def run(cohort):
            text, columns, rows = cohort
            source = folder / "cohort.csv"
            source.write_text(text, encoding="utf-8", newline="")
            target = folder / "prediction.csv"
            target.write_text(SENTINEL, encoding="utf-8")
            code, out, err = run_cli(["predict", str(source), "--months", "12,60", "--out", str(target)])
            counts["files"] += 1
            counts["rows"] += len(rows)
            assert code in (0, 2), (text, code, err)
            assert out == "" and "Traceback" not in err
            assert not _leftovers(folder)
            kind, expected = expected_csv_problems(columns, rows)
            data_rows = [r for r in rows if any(str(r.get(c, "")).strip() for c in columns)]
            if kind == "rows" and not expected and data_rows:
                assert code == 0, err
                counts["predicted"] += 1
                result = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
                assert len(result) == len(data_rows)
                for written in result:
                    if written.get("differentiation", "").strip() == "poor":  # out of scope: empty cells, and why
                        assert written["scope"] and all(written[c] == "" for c in written
                                                        if c.startswith(("os_", "pfs_")))
                        continue
                    assert written["scope"] == ""
                    for outcome, prefix, last_knot in (("os", "os", 180.0), ("pfs", "pfs", 60.0)):
                        values = [float(written[f"{prefix}_{m}"]) for m in (12, 60)]
                        lower = [float(written[f"{prefix}_{m}_lower"]) for m in (12, 60)]
                        upper = [float(written[f"{prefix}_{m}_upper"]) for m in (12, 60)]
                        check_curves(np.array([12.0, 60.0]), values, lower, upper, None, -1.0, label=written)
                    for m in (12, 60):
                        assert float(written[f"pfs_{m}"]) <= float(written[f"os_{m}"])
                return
            counts["refused"] += 1
            assert code == 2, (text, err)
            assert target.read_text(encoding="utf-8") == SENTINEL
            lines = err.rstrip("\n").split("\n")
            assert all(line.startswith("netlm-risk: error: ") for line in lines), err
            if kind == "header":
                duplicated, unknown, missing = expected
                for name in duplicated:
                    assert "duplicated column(s)" in err and name in err, err
                if unknown:
                    assert "unknown column(s)" in err, err
                for name in missing:
                    assert re.search(rf"missing required column\(s\): .*\b{name}\b", err), err
                return
            if not expected:
                assert "no patient rows" in err, err
                return
            found: dict[int, set] = {}
            for line in lines:
                match = re.match(r"netlm-risk: error: line (\d+): field '([a-z0-9_]+)' ", line)
                assert match, line
                found.setdefault(int(match.group(1)), set()).add(match.group(2))
            assert found == expected, (text, err)

        run()
    print(f"\nfuzz CLI CSV: {dict(counts)}")
    assert not log_dir.exists(), "an internal-error log was written"
    assert counts["predicted"] >= 30 and counts["refused"] >= 30, counts
