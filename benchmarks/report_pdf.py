"""Consult note: case -> one-page PDF on disk (issue: printable consult note).

Prints the median and worst wall time of (a) the in-process path the application uses
(predict on the 0-180 month grid, build the note, lay it out, render the plot, write the
PDF atomically) and (b) the whole ``netlm-risk report`` command in a fresh process, cold
imports included. Target: under 1 s.
Run: python benchmarks/report_pdf.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CASES = {
    "README example": {"age_years": 61, "primary_site": "small_intestine", "ki67_percent": 4.5,
                       "liver_lesion_count": 6, "largest_lesion_mm": 38, "extrahepatic_metastases": False,
                       "cytoreduction": "complete", "label": "Example"},
    "unknowns + flags": {"age_years": 90, "primary_site": "pancreas", "ki67_percent": None,
                         "liver_lesion_count": 150, "largest_lesion_mm": 250, "extrahepatic_metastases": True,
                         "cytoreduction": None, "label": "Zoë Ødegård-Nakamura 中村"},
}


def in_process(repeat: int, folder: Path) -> None:
    from desktop.fileio import atomic_write_bytes
    from desktop.model import predict, validate_case
    from desktop.model.survival import MONTHLY_GRID
    from desktop.qt.app import headless_application
    from desktop.qt.pdf import note_pdf_bytes

    headless_application()
    for name, data in CASES.items():
        case = validate_case(data)
        times = []
        for i in range(repeat + 1):
            start = time.perf_counter()
            atomic_write_bytes(folder / "note.pdf", note_pdf_bytes(predict(case, MONTHLY_GRID), "a4"))
            elapsed = time.perf_counter() - start
            if i:  # the first run warms fonts and caches
                times.append(elapsed)
        size_kb = (folder / "note.pdf").stat().st_size / 1024
        print(f"in-process  {name:18s} median {statistics.median(times) * 1000:6.0f} ms   "
              f"max {max(times) * 1000:6.0f} ms   ({repeat} runs, {size_kb:.0f} KB PDF)")


def whole_command(repeat: int, folder: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for name, data in CASES.items():
        case = folder / "case.json"
        case.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop", "report", str(case), "--out", str(folder / "cli.pdf"),
                            "--paper", "a4"], check=True, env=env, capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"netlm-risk report {name:18s} median {statistics.median(times) * 1000:6.0f} ms   "
              f"max {max(times) * 1000:6.0f} ms   ({repeat} runs, new process each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        in_process(args.repeat, folder)
        whole_command(max(3, args.repeat // 3), folder)
    print("target: under 1 s for case -> PDF on disk")


if __name__ == "__main__":
    main()
