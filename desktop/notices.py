"""netlm-risk's licence and the third-party notices, for Help > About (Qt-free).

In the executable, build/licensing.py has put every component's licence text under
``licenses/`` with THIRD-PARTY-NOTICES.txt. Installed with pip, the components are separate
packages that pip installed beside netlm-risk: the notices are composed from their metadata.
"""

from __future__ import annotations

import importlib.metadata as metadata
from pathlib import Path

from desktop import paths

LICENCE = "MIT"
NOTICES = "THIRD-PARTY-NOTICES.txt"
# What `pip install .` brings (pyproject.toml's dependencies and what PySide6 depends on).
RUNTIME_DISTRIBUTIONS = ("PySide6-Essentials", "shiboken6", "numpy", "pyqtgraph")
QT_LGPL = ("Qt, PySide6 and shiboken6 are used under the GNU LGPL version 3 "
           "(https://www.gnu.org/licenses/lgpl-3.0.html); installed with pip they are ordinary packages "
           "you can replace with your own build of the same version.")


def licences_dir() -> Path | None:
    """The bundled licenses/ folder of the executable; None when running from an installation."""
    try:
        folder = paths.data_dir("licenses")
    except FileNotFoundError:
        return None
    return folder if (folder / NOTICES).is_file() else None


def own_licence_text() -> str:
    """The MIT licence text of netlm-risk: bundled, from the installed package, or the checkout's."""
    candidates = []
    folder = licences_dir()
    if folder is not None:
        candidates.append(folder / "netlm-risk" / "LICENSE")
    try:
        dist = metadata.distribution("netlm-risk")
        candidates += [Path(dist.locate_file(f)) for f in dist.files or () if Path(str(f)).name == "LICENSE"]
    except metadata.PackageNotFoundError:
        pass
    candidates.append(Path(__file__).resolve().parent.parent / "LICENSE")
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return f"netlm-risk is distributed under the {LICENCE} licence (the LICENSE file is missing from this installation)."


def _installed_notice(name: str) -> list[str]:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return [f"== {name}", "not installed", ""]
    meta = dist.metadata
    licence = meta.get("License-Expression") or meta.get("License") or "see the package metadata"
    texts = [str(Path(dist.locate_file(f))) for f in dist.files or ()
             if any(word in Path(str(f)).name.upper() for word in ("LICENSE", "LICENCE", "COPYING"))]
    lines = [f"== {meta['Name']} {dist.version}", f"Licence: {licence.strip().splitlines()[0]}"]
    lines.append("Licence texts: " + ("; ".join(texts[:6]) if texts else "none in the installed package"))
    lines.append(f"Source: https://pypi.org/project/{meta['Name']}/{dist.version}/#files")
    return [*lines, ""]


def third_party_notices() -> tuple[str, Path | None]:
    """(the notices text, the folder holding the full licence texts or None)."""
    folder = licences_dir()
    if folder is not None:
        return (folder / NOTICES).read_text(encoding="utf-8"), folder
    lines = [
        "netlm-risk was installed with pip: the components below are separate packages that pip",
        "installed beside it, each under its own licence (texts in each package's installed metadata).",
        "",
    ]
    for name in RUNTIME_DISTRIBUTIONS:
        lines += _installed_notice(name)
    lines += [QT_LGPL, ""]
    return "\n".join(lines), None
