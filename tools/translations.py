"""The patient's languages: collect the words (lupdate) and compile them (lrelease).

    python tools/translations.py update     pyside6-lupdate: refresh desktop/i18n/*.ts from the sources
    python tools/translations.py release    pyside6-lrelease: compile them to desktop/i18n/*.qm
    python tools/translations.py release --out DIR    compile into DIR instead (the build does this)

Only the patient-facing modules (SOURCES) are scanned; the clinician's screens stay English.
English is the source language: its .ts holds only the numerus forms ("1 person", "2 people"),
as ``lupdate -pluralonly`` makes it. Locations are left out of the .ts files (``-locations
none``) so that editing a source file does not rewrite every translation file.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.report.words import I18N_DIR as I18N, LANGUAGES  # noqa: E402
SOURCES = (
    "desktop/report/words.py",
    "desktop/report/numbers.py",
    "desktop/report/follow_up.py",
    "desktop/report/patient_sheet.py",
    "desktop/qt/counselling.py",
)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside the running Python first (a venv), then on PATH."""
    for folder in (Path(sys.executable).parent, Path(sys.prefix) / "bin", Path(sys.prefix) / "Scripts"):
        for candidate in (folder / name, folder / f"{name}.exe"):
            if candidate.is_file():
                return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def ts_file(language: str, folder: Path = I18N) -> Path:
    return folder / f"netlm_risk_{language}.ts"


def update(folder: Path = I18N, repo: Path = REPO) -> None:
    """Run pyside6-lupdate for every language into ``folder``.

    Existing translations are kept; entries whose source text is gone are dropped, and a new
    or changed text arrives unfinished (the tests refuse that until it is translated).
    """
    sources = [str(repo / s) for s in SOURCES]
    for language in LANGUAGES:
        extra = ["-pluralonly"] if language == "en" else []
        subprocess.run([tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", "-source-language", "en",
                        "-target-language", language, *extra, *sources, "-ts", str(ts_file(language, folder))],
                       check=True, cwd=repo, stdout=subprocess.DEVNULL)


def release(out: Path = I18N, folder: Path = I18N) -> list[Path]:
    """Compile each .ts to .qm with pyside6-lrelease (unfinished entries are refused by the tests)."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for language in LANGUAGES:
        qm = out / f"netlm_risk_{language}.qm"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_file(language, folder)), "-qm", str(qm)],
                       check=True)
        made.append(qm)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "release"))
    parser.add_argument("--out", type=Path, help="release: write the .qm files here")
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    else:
        for qm in release(args.out or I18N):
            print(qm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
