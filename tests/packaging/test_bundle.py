"""Static checks of the built one-folder executable (build/dist/netlm-risk/), against the same rules
the spec applies (build/bundle_rules.py): the size limit, nothing forbidden inside, the Qt plugins
the app needs, every library a bundled file links to either bundled or left to the system on
purpose, no dangling link, the model parameters byte-identical to the checkout's.

The folder exists only after ``python build/build.py``. Where it is absent these tests are SKIPPED,
with the reason shown, except when NETLM_REQUIRE_BUNDLE=1: build/ci_smoke.sh sets it after building
in CI, so that there an absent folder fails and the size limit is enforced for real.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BUNDLE = REPO / "build" / "dist" / "netlm-risk"
EXECUTABLE = BUNDLE / ("netlm-risk.exe" if sys.platform == "win32" else "netlm-risk")
INTERNAL = BUNDLE / "_internal"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = _load("bundle_rules", REPO / "build" / "bundle_rules.py")


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not EXECUTABLE.is_file():
        message = f"{EXECUTABLE.relative_to(REPO)} is not built (python build/build.py)"
        if os.environ.get("NETLM_REQUIRE_BUNDLE") == "1":
            pytest.fail(f"NETLM_REQUIRE_BUNDLE=1 but {message}")
        pytest.skip(f"{message}; build/ci_smoke.sh builds it and runs these checks")
    return BUNDLE


def _regular_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the size limit is measured and enforced on Linux")
def test_folder_is_within_the_size_limit(bundle):
    size = sum(p.stat().st_size for p in _regular_files(bundle))
    largest = sorted(((p.stat().st_size, p.relative_to(bundle).as_posix()) for p in _regular_files(bundle)), reverse=True)
    top = "\n".join(f"{n / 2**20:8.2f} MiB  {name}" for n, name in largest[:15])
    assert size <= rules.SIZE_LIMIT_BYTES, (
        f"{bundle} is {size / 1e6:.1f} MB, over the {rules.SIZE_LIMIT_BYTES / 1e6:.0f} MB limit; largest:\n{top}"
    )


def test_no_forbidden_package_inside(bundle):
    top_level = {p.name for p in INTERNAL.iterdir()}
    assert not top_level & rules.FORBIDDEN_TOP_LEVEL
    # Pure-Python modules live in the archive appended to the executable: read its table of contents.
    archive = pytest.importorskip("PyInstaller.archive.readers", reason="PyInstaller (the build extra) reads the archive")
    carchive = archive.CArchiveReader(str(EXECUTABLE))
    pyz_names = [name for name in carchive.toc if name.endswith(".pyz")]
    assert pyz_names, "no Python archive inside the executable"
    modules = set(carchive.open_embedded_archive(pyz_names[0]).toc)
    assert "desktop.cli" in modules and "desktop.model.survival" in modules
    leaked = sorted({m.split(".", 1)[0] for m in modules} & rules.FORBIDDEN_TOP_LEVEL)
    assert not leaked, f"forbidden packages inside the executable: {leaked}"


def test_the_qt_plugins_the_app_needs_are_there_and_no_others(bundle):
    plugin_root = INTERNAL / "PySide6" / "Qt" / "plugins"
    found = {}
    for path in _regular_files(plugin_root):
        folder, stem = rules.qt_plugin(path.relative_to(INTERNAL).as_posix())
        found.setdefault(folder, set()).add(stem)
    if sys.platform.startswith("linux"):
        required = {
            "platforms": {"qxcb", "qoffscreen"},  # a real window; --smoke and the PDF
            "iconengines": {"qsvgicon"},  # pyqtgraph legend icons
            "printsupport": {"cupsprintersupport"},  # printing the note
            "platforminputcontexts": {"composeplatforminputcontextplugin"},
        }
        for folder, stems in required.items():
            assert stems <= found.get(folder, set()), f"missing Qt plugins in {folder}: {stems - found.get(folder, set())}"
    for folder, stems in found.items():
        assert stems <= rules.KEPT_QT_PLUGINS.get(folder, set()), f"unexpected Qt plugins in {folder}: {stems}"
    assert not list(INTERNAL.rglob("translations/*.qm")), "Qt translations were shipped"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF dependency check: Linux builds only")
def test_every_linked_library_is_bundled_or_left_to_the_system_on_purpose(bundle):
    bundled = {p.name for p in INTERNAL.rglob("*") if p.is_file()}
    unresolved = {}
    for path in _regular_files(INTERNAL):
        if not _is_elf(path):
            continue
        for name in rules.elf_needed(path):
            if name in bundled or rules.is_system_library(name) or rules.is_glibc_library(name):
                continue
            unresolved.setdefault(name, []).append(path.relative_to(INTERNAL).as_posix())
    assert not unresolved, (
        "libraries linked but neither bundled nor declared system libraries (build/bundle_rules.py): "
        + "; ".join(f"{name} <- {users[:3]}" for name, users in sorted(unresolved.items()))
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ICU data stub is Linux-only")
def test_icu_data_is_the_empty_stub_libicuuc_expects(bundle):
    """libicudata (30.5 MiB in the wheel) is replaced by build/icudata_stub.c: it must still export
    the symbol libicuuc looks for, or Qt Core would not load at all."""
    import re

    stubs = [p for p in _regular_files(INTERNAL) if rules.ICU_DATA_RE.match(p.name)]
    assert len(stubs) == 1 and stubs[0].stat().st_size < 64 * 1024, stubs
    uc = [p for p in _regular_files(INTERNAL) if p.name.startswith("libicuuc.so")][0]
    import subprocess

    wanted = re.search(r"UND (icudt\d+_dat)", subprocess.run(["readelf", "--dyn-syms", "-W", str(uc)],
                                                              capture_output=True, text=True, check=True).stdout).group(1)
    exported = subprocess.run(["readelf", "--dyn-syms", "-W", str(stubs[0])], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"OBJECT\s+GLOBAL\s+DEFAULT\s+\d+ {wanted}$", exported, re.MULTILINE), exported


def test_no_dangling_link(bundle):
    dangling = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling


def test_model_parameters_are_the_checkouts_byte_for_byte(bundle):
    built = EXECUTABLE.stat().st_mtime
    sources = [p for p in (REPO / "model_params").iterdir() if p.suffix in (".json", ".npy")]
    newer = [p.name for p in sources if p.stat().st_mtime > built]
    if newer and os.environ.get("NETLM_REQUIRE_BUNDLE") != "1":
        pytest.skip(f"the build predates changes to model_params ({', '.join(newer)}): rebuild to check it")
    shipped = INTERNAL / "model_params"
    for source in sources:
        copy = shipped / source.name
        assert copy.is_file(), f"{source.name} is not in the bundle"
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == hashlib.sha256(source.read_bytes()).hexdigest()
    for name in ("netlm-risk.desktop", "netlm-risk.png", "netlm-risk.svg"):
        assert (INTERNAL / "resources" / name).is_file()


def test_the_documents_help_opens_are_bundled(bundle):
    """Help > Model card opens docs/model_card.md from the bundle; its figures must be there too."""
    import re

    built = EXECUTABLE.stat().st_mtime
    card = REPO / "docs" / "model_card.md"
    if card.stat().st_mtime > built and os.environ.get("NETLM_REQUIRE_BUNDLE") != "1":
        pytest.skip("the build predates docs/model_card.md: rebuild to check it")
    shipped = INTERNAL / "docs"
    for name in ("model_card.md", "validation.md"):
        assert (shipped / name).read_bytes() == (REPO / "docs" / name).read_bytes(), name
    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", card.read_text(encoding="utf-8"))
    assert figures, "the model card links no figure (the pattern is stale?)"
    for figure in figures:
        assert (shipped / figure).is_file(), f"{figure} linked from the model card is not in the bundle"


def test_the_patients_languages_are_bundled(bundle):
    """The .qm files lrelease made at build time, byte for byte what the committed .ts files give."""
    built = EXECUTABLE.stat().st_mtime
    sources = sorted((REPO / "desktop" / "i18n").glob("*.ts"))
    assert sources
    if any(p.stat().st_mtime > built for p in sources) and os.environ.get("NETLM_REQUIRE_BUNDLE") != "1":
        pytest.skip("the build predates changes to desktop/i18n: rebuild to check it")
    shipped = INTERNAL / "desktop" / "i18n"
    for ts in sources:
        assert (shipped / ts.name).read_bytes() == ts.read_bytes(), ts.name
        qm = ts.with_suffix(".qm").name
        assert (shipped / qm).read_bytes() == (REPO / "desktop" / "i18n" / qm).read_bytes(), qm
    assert (shipped / "review.json").is_file()
