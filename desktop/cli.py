"""Command line: the GUI, ``predict``, ``report``, ``--smoke`` and ``--version``.

Exit codes (design/interface.md): 0 success; 2 bad input (one line per problem on
stderr, nothing on stdout, no output file touched); 1 internal error (message and log
path); 3 parameter files missing, corrupted or altered.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path
from typing import Sequence

from desktop import __version__

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_PARAMS = 0, 1, 2, 3
MAX_MONTH = 600
# A cohort is predicted this many patients at a time, so that the model's intermediate arrays
# (up to 9 averaged rows per patient on a fine grid for the medians) stay small: without it a
# 100,000-row cohort peaked at 5 GB.


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so that every input error exits 2 our way."""

    def error(self, message):
        raise _ArgumentError(message)


def parse_months(text: str) -> list[float]:
    from desktop.fileio import InputError

    items = [t.strip() for t in text.split(",")]
    months = []
    for item in items:
        try:
            value = float(item)
        except ValueError:
            raise InputError(f"--months: '{item}' is not a number (use e.g. --months 12,24,60)") from None
        if not math.isfinite(value) or value < 0 or value > MAX_MONTH:
            raise InputError(f"--months: {item} is out of range (0 to {MAX_MONTH} months)")
        months.append(value)
    if len(set(months)) != len(months):
        raise InputError("--months: a month is listed twice")
    return months


def _month_label(month: float) -> str:
    return f"{int(month)}" if float(month).is_integer() else f"{month:g}"


def _build_parsers() -> tuple[_Parser, _Parser, _Parser]:
    from desktop.report.words import LANGUAGES

    predict = _Parser(prog="netlm-risk predict", description="Predict OS and PFS for a case (JSON) or a cohort (CSV).")
    predict.add_argument("input", help="CASE.json or COHORT.csv")
    predict.add_argument("--months", help="comma-separated months (default 12,24,36,60,120,180)")
    predict.add_argument("--out", help="write to this file (atomically) instead of standard output")
    predict.add_argument("--no-ranges", action="store_true", help="point estimates only (faster)")

    report = _Parser(prog="netlm-risk report",
                     description="Write the one-page consult note (or, with --patient, the patient's take-home sheet) "
                                 "as PDF.")
    report.add_argument("input", help="CASE.json")
    report.add_argument("--out", required=True, help="NOTE.pdf")
    report.add_argument("--paper", choices=("a4", "letter"), help="paper size (default: from the locale)")
    report.add_argument("--appendix", action="store_true",
                        help="add pages with what the other published cohorts and the review report")
    report.add_argument("--patient", action="store_true",
                        help="write the patient's one-page take-home sheet instead of the consult note")
    report.add_argument("--language", choices=tuple(LANGUAGES),
                        help="language of the patient's sheet (with --patient; default en)")

    gui = _Parser(prog="netlm-risk", description="Survival after cytoreductive hepatectomy for NET liver metastases.")
    gui.add_argument("case", nargs="?", help="open the application with this CASE.json loaded")
    gui.add_argument("--smoke", action="store_true", help="start offscreen, draw the first frame, print the time, exit")
    gui.add_argument("--version", action="store_true", help="print the version and exit")
    return predict, report, gui


def _write_output(out: str | None, text: str, inputs: Sequence[str]) -> None:
    from desktop.fileio import InputError, atomic_write_text

    if out is None:
        if sys.stdout is None:  # the windowed netlm-risk.exe on Windows has no console to print to
            raise InputError("there is no console to print to: use --out FILE, or netlm-risk-cli.exe")
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(out)
    if any(Path(i).resolve() == target.resolve() for i in inputs):
        raise InputError(f"--out: {out} is the input file; choose another name")
    if target.parent and not target.parent.is_dir():
        raise InputError(f"--out: the folder {target.parent} does not exist")
    try:
        atomic_write_text(target, text)
    except OSError as exc:
        raise InputError(f"--out: cannot write {out}: {exc.strerror or exc}") from None


def _check_out_path(out: str | None, inputs: Sequence[str]) -> None:
    """Refuse a bad --out before any work, so nothing is half-done."""
    from desktop.fileio import InputError

    if out is None:
        return
    target = Path(out)
    if any(Path(i).resolve() == target.resolve() for i in inputs):
        raise InputError(f"--out: {out} is the input file; choose another name")
    if target.is_dir():
        raise InputError(f"--out: {out} is a folder")
    if not target.resolve().parent.is_dir():
        raise InputError(f"--out: the folder {target.parent} does not exist")


def cohort_csv_text(header, rows, batch, months, with_header: bool = True) -> str:
    """The CSV of ``predict`` on a cohort (column order per design/interface.md)."""
    from desktop.model.params import OUTCOMES

    prefix = {"overall_survival": "os", "progression_free_survival": "pfs"}
    columns = list(header)
    for m in months:
        label = _month_label(m)
        for outcome in OUTCOMES:
            p = prefix[outcome]
            columns += [f"{p}_{label}"] + ([f"{p}_{label}_lower", f"{p}_{label}_upper"] if batch.lower else [])
    columns += ["os_median_months", "pfs_median_months", "warnings", "scope"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if with_header:
        writer.writerow(columns)
    n_estimates = len(columns) - len(header) - 2
    for i, row in enumerate(rows):
        values = [row[h] for h in header]
        if batch.scope[i]:  # out of the model's scope: no number at all, and why
            writer.writerow(values + [""] * n_estimates + ["", " | ".join(w.text for w in batch.scope[i])])
            continue
        for j in range(len(months)):
            for outcome in OUTCOMES:
                values.append(_cell(batch.survival[outcome][i, j]))
                if batch.lower:
                    values += [_cell(batch.lower[outcome][i, j]), _cell(batch.upper[outcome][i, j])]
        for outcome in OUTCOMES:
            median = batch.median_months[outcome][i]
            values.append("" if math.isnan(median) else f"{median:g}")
        values.append(" | ".join(w.text for w in batch.warnings[i]))
        values.append("")
        writer.writerow(values)
    return buffer.getvalue()


def _cell(value: float) -> str:
    """A survival cell; empty where there is no estimate (PFS after progression at a follow-up visit)."""
    return "" if math.isnan(value) else f"{value:.6f}"


def run_predict(args) -> int:
    from desktop.fileio import InputError, read_case_file, read_cohort_csv
    from desktop.model import load_params, predict, predict_batch
    from desktop.model.survival import DEFAULT_MONTHS

    months = parse_months(args.months) if args.months is not None else list(DEFAULT_MONTHS)
    source = Path(args.input)
    suffix = source.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InputError(f"{args.input}: expected a .json case or a .csv cohort")
    _check_out_path(args.out, [args.input])
    if suffix == ".json":
        case = read_case_file(source)
        params = load_params()
        prediction = predict(case, months, with_bands=not args.no_ranges, params=params)
        payload = prediction.to_dict()
        from desktop.model.evidence.era import SCENARIO_MONTHS, era_curves
        from desktop.report.evidence.build import evidence_for

        # the era scenario sits beside this prediction's OS curve: taken from it, not predicted again
        curves = None if not prediction.applicable else era_curves(
            case, list(SCENARIO_MONTHS), params, main=prediction.overall_survival)
        payload["evidence"] = evidence_for(case, params=params, era_curves=curves)
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    else:
        header, rows, cases = read_cohort_csv(source)
        batch = predict_batch(cases, months, with_bands=not args.no_ranges, params=load_params())
        text = cohort_csv_text(header, rows, batch, months)
    _write_output(args.out, text, [args.input])
    return EXIT_OK


def run_report(args) -> int:
    from desktop.fileio import InputError, read_case_file

    if args.language and not args.patient:
        raise InputError("--language: only for the patient's sheet (add --patient)")
    if args.patient and args.appendix:
        raise InputError("--appendix: the patient's sheet is one page (leave out --appendix or --patient)")
    case = read_case_file(args.input)
    _check_out_path(args.out, [args.input])
    from PySide6 import QtCore

    # a label in a script no font covers makes Qt list every font lacking it; the warning below says it once
    QtCore.QLoggingCategory.setFilterRules("qt.text.font.db=false")
    if args.patient:
        from desktop.qt.sheet_pdf import write_sheet_cli

        return write_sheet_cli(case, Path(args.out), args.paper, args.language or "en")
    from desktop.fileio import atomic_write_bytes
    from desktop.model import predict
    from desktop.model.survival import MONTHLY_GRID
    from desktop.qt.app import headless_application
    from desktop.qt.pdf import default_paper, note_pdf_bytes

    headless_application()
    prediction = predict(case, MONTHLY_GRID)
    sections = None
    if args.appendix:  # the evidence from the other cohorts, on further pages
        from desktop.report.evidence import appendix_sections

        sections = appendix_sections(case, params=prediction.params)
    data = note_pdf_bytes(prediction, args.paper or default_paper(), appendix=sections)
    try:
        atomic_write_bytes(Path(args.out), data)
    except OSError as exc:
        raise InputError(f"--out: cannot write {args.out}: {exc.strerror or exc}") from None
    from desktop.qt.fonts import label_font_warning

    warning = label_font_warning(case.label)
    if warning:  # the note is written; what it cannot print is said here, the exit stays 0
        print(f"netlm-risk: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _dispatch(argv: list[str]) -> int:
    predict_parser, report_parser, gui_parser = _build_parsers()
    if argv and argv[0] == "predict":
        return run_predict(predict_parser.parse_args(argv[1:]))
    if argv and argv[0] == "report":
        return run_report(report_parser.parse_args(argv[1:]))
    args = gui_parser.parse_args(argv)
    if args.version:
        print(f"netlm-risk {__version__}")
        return EXIT_OK
    from desktop.model import load_params

    load_params()  # refuse to start on altered parameter files
    if args.smoke:
        from desktop.qt.app import smoke

        return smoke()
    if args.case:
        from desktop.fileio import read_case_file

        read_case_file(args.case)  # a bad file is reported here, before any window opens
    from desktop.qt.app import run

    return run(args.case)


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.fileio import InputError
    from desktop.model.params import ParameterError

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except (InputError, _ArgumentError) as exc:
        problems = exc.problems if isinstance(exc, InputError) else [str(exc)]
        for problem in problems:
            print(f"netlm-risk: error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except ParameterError as exc:
        print(f"netlm-risk: model parameters refused: {exc}", file=sys.stderr)
        print("netlm-risk: nothing was predicted", file=sys.stderr)
        return EXIT_PARAMS
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from desktop import display

        missing = display.qt_import_failed_message(exc) if isinstance(exc, ImportError) else None
        if missing:  # not a bug: a system library Qt needs is absent
            print(missing, file=sys.stderr)
            return display.EXIT_NO_WINDOW
        from desktop.logs import write_error_log

        path = write_error_log(*sys.exc_info(), context="command line")
        where = f"details in {path}" if path else "no log could be written"
        print(f"netlm-risk: internal error ({sys.exc_info()[0].__name__}); {where}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
