"""Licences of the built executable: every component it ships has its licence text.

The first tests check build/licensing.py itself with made-up distributions and folders (no build
needed): a component without a licence text, or a file nobody accounts for, stops the build. The
tests marked ``bundle`` walk the built folder (build/dist/netlm-risk/): its shared libraries, its
Python distributions (the packages beside the executable and the modules inside its archive), the
SPDX document beside the archive. Without a build they are SKIPPED, as in test_bundle.py; in CI
build/ci_smoke.sh builds and runs them with NETLM_REQUIRE_BUNDLE=1.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.packaging.build_modules import fresh_build_script, load

# the built folder, and the fixture that skips (or, with NETLM_REQUIRE_BUNDLE=1, fails) without it
from tests.packaging.test_bundle import BUNDLE, EXECUTABLE, INTERNAL, bundle  # noqa: E402, F401

LICENSES = INTERNAL / "licenses"


licensing = load("licensing")
rules = load("bundle_rules")


# ------------------------------------------------------------------------------------------------
# build/licensing.py on made-up inputs
# ------------------------------------------------------------------------------------------------


def _fake_distribution(site: Path, name: str, files: dict[str, bytes], licence: str = "MIT") -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\nLicense: {licence}\n")
    for relative, data in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(data)
    record = [*files, f"{info.name}/METADATA", f"{info.name}/RECORD"]
    (info / "RECORD").write_text("".join(f"{r},,\n" for r in record))


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def test_a_distribution_without_a_licence_text_stops_the_collection(site):
    _fake_distribution(site, "nolicence", {"nolicence/_native.so": b"\x7fELF"})
    with pytest.raises(licensing.LicenceError, match="no licence text for nolicence 1.0"):
        licensing.collect([("nolicence/_native.so", str(site / "nolicence/_native.so"), "BINARY")])


def test_a_distribution_with_its_licence_file_is_collected_with_it(site):
    _fake_distribution(site, "licensed", {"licensed/_native.so": b"\x7fELF", "licensed-1.0.dist-info/licenses/LICENSE": b"MIT text"})
    components = licensing.collect([("licensed/_native.so", str(site / "licensed/_native.so"), "BINARY"),
                                    ("licensed.core", str(site / "licensed/_native.so"), "PYMODULE")])
    component = components["licensed"]
    assert component.texts == {"LICENSE": b"MIT text"}
    assert component.files == {"licensed/_native.so"} and component.modules == {"licensed.core"}
    assert list(components)[0] == "netlm-risk" and components["netlm-risk"].texts["LICENSE"] == (REPO / "LICENSE").read_bytes()


def test_a_file_from_nowhere_stops_the_collection(tmp_path, monkeypatch):
    stray = tmp_path / "libstray.so.1"
    stray.write_bytes(b"\x7fELF")
    monkeypatch.setattr(licensing, "_debian_component", lambda path: None)
    with pytest.raises(licensing.LicenceError, match="cannot tell which component libstray.so.1 comes from"):
        licensing.collect([("libstray.so.1", str(stray), "BINARY")])


def test_libraries_a_wheel_carries_get_the_licence_its_licence_file_gives_them(site):
    text = (b"numpy licence\n\nName: GCC runtime library\nFiles: fake.libs/libgfortran*.so\n"
            b"Availability: https://gcc.gnu.org\nLicense: GPL-3.0-or-later WITH GCC-exception-3.1\n  runtime text\n")
    _fake_distribution(site, "fake", {"fake.libs/libgfortran-abc.so.5.0.0": b"\x7fELF", "fake-1.0.dist-info/licenses/LICENSE.txt": text})
    components = licensing.collect([("fake.libs/libgfortran-abc.so.5.0.0", str(site / "fake.libs/libgfortran-abc.so.5.0.0"), "BINARY")])
    gcc = components["fake-gcc-runtime-library"]
    assert gcc.licence == "GPL-3.0-or-later WITH GCC-exception-3.1" and gcc.spdx_id == gcc.licence
    assert gcc.files == {"fake.libs/libgfortran-abc.so.5.0.0"} and b"runtime text" in gcc.texts["LICENSE.txt"]


def test_spdx_expressions_are_told_from_free_text():
    assert licensing.spdx_or_none("LGPL-3.0-only OR GPL-2.0-only") == "LGPL-3.0-only OR GPL-2.0-only"
    assert licensing.spdx_or_none("GPL-3.0-or-later WITH GCC-exception-3.1") is not None
    assert licensing.spdx_or_none("BSD License") is None
    assert licensing.spdx_or_none("GPLv2-or-later with a special exception") is None


def _fake_folder(tmp_path: Path, texts: dict[str, bytes]) -> Path:
    folder = tmp_path / "netlm-risk"
    (folder / "_internal" / "licenses" / "thing").mkdir(parents=True)
    (folder / "netlm-risk").write_bytes(b"bootloader")
    (folder / "_internal" / "libthing.so").write_bytes(b"\x7fELF")
    for name, data in texts.items():
        (folder / "_internal" / "licenses" / name).write_bytes(data)
    manifest = {"components": [
        {"key": "thing", "name": "thing", "version": "1", "licence_files": ["thing/COPYING"], "files": ["libthing.so"],
         "modules": [], "spdx": "MIT", "licence": "MIT", "source": "x"},
        {"key": "pyinstaller", "name": "pyinstaller", "version": "6", "licence_files": ["thing/COPYING"],
         "files": ["netlm-risk"], "modules": [], "spdx": None, "licence": "GPL", "source": "y"}]}
    (folder / "_internal" / "licenses" / "components.json").write_text(json.dumps(manifest))
    return folder


def test_build_refuses_a_folder_with_a_file_no_component_accounts_for(tmp_path):
    build = fresh_build_script()
    folder = _fake_folder(tmp_path, {"thing/COPYING": b"text"})
    assert build.check_licences(folder) == []
    (folder / "_internal" / "libsneaked.so").write_bytes(b"\x7fELF")
    assert build.check_licences(folder) == ["no component accounts for _internal/libsneaked.so"]


def test_build_refuses_a_component_whose_licence_text_is_missing_or_empty(tmp_path):
    build = fresh_build_script()
    folder = _fake_folder(tmp_path, {"thing/COPYING": b"  \n"})
    assert build.check_licences(folder) == ["no licence text for thing 1", "no licence text for pyinstaller 6"]


def test_spdx_document_lists_every_file_with_its_hash_and_owner(tmp_path):
    folder = _fake_folder(tmp_path, {"thing/COPYING": b"text"})
    document = licensing.spdx_document(folder, "netlm-risk-test", "2026-01-01T00:00:00Z")
    names = {f["fileName"]: f for f in document["files"]}
    assert set(names) == {f"./netlm-risk/{p.relative_to(folder).as_posix()}" for p in licensing.regular_files(folder)}
    lib = names["./netlm-risk/_internal/libthing.so"]
    assert {"algorithm": "SHA256", "checksumValue": hashlib.sha256(b"\x7fELF").hexdigest()} in lib["checksums"]
    assert {"spdxElementId": "SPDXRef-Package-thing", "relationshipType": "CONTAINS",
            "relatedSpdxElement": lib["SPDXID"]} in document["relationships"]
    assert document == licensing.spdx_document(folder, "netlm-risk-test", "2026-01-01T00:00:00Z")  # deterministic


def test_netlm_risk_is_mit_licensed_in_the_repository_and_the_package_metadata():
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    assert 'license = { text = "MIT" }' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# The built folder
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest(bundle) -> dict:
    if not (LICENSES / licensing.MANIFEST).is_file():
        pytest.fail(f"{BUNDLE.relative_to(REPO)} has no licenses/{licensing.MANIFEST}: built before licences were collected?")
    return json.loads((LICENSES / licensing.MANIFEST).read_text(encoding="utf-8"))


def _texts_present(component: dict) -> bool:
    paths = [LICENSES / name for name in component["licence_files"]]
    return bool(paths) and all(p.is_file() and p.read_bytes().strip() for p in paths)


def _is_shared_library(path: Path) -> bool:
    if path.suffix.lower() in (".dll", ".pyd", ".dylib") or ".so" in path.name:
        return True
    with open(path, "rb") as f:
        head = f.read(4)
    return head == b"\x7fELF" or head in (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")


def test_every_component_has_its_licence_text(manifest):
    without = [c["name"] for c in manifest["components"] if not _texts_present(c)]
    assert not without, f"components without a licence text: {without}"


def test_every_file_of_the_folder_belongs_to_a_component(bundle, manifest):
    owned = licensing.claims(bundle)
    unowned = [p.relative_to(bundle).as_posix() for p in licensing.regular_files(bundle)
               if p.relative_to(bundle).as_posix() not in owned]
    assert not unowned, f"files no component accounts for: {unowned[:20]}"


def test_every_shared_library_has_a_third_party_licence_text(bundle, manifest):
    by_key = {c["key"]: c for c in manifest["components"]}
    owned = licensing.claims(bundle)
    libraries = [p for p in licensing.regular_files(bundle) if _is_shared_library(p)]
    assert len(libraries) > 20, "the walk found almost no shared library: is the pattern stale?"
    problems = []
    for path in libraries:
        relative = path.relative_to(bundle).as_posix()
        if sys.platform.startswith("linux") and rules.ICU_DATA_RE.match(path.name):
            keys = owned.get(relative, [])  # the ICU data stub is built from this repository (build/icudata_stub.c)
            if keys != ["netlm-risk"]:
                problems.append(relative)
            continue
        keys = [k for k in owned.get(relative, []) if k != "netlm-risk"]
        if not keys or not all(_texts_present(by_key[k]) for k in keys):
            problems.append(relative)
    assert not problems, f"shared libraries without a licence text of their own component: {problems}"


def test_the_licences_the_issue_names_are_there(manifest):
    """Qt/PySide6 (LGPL-3.0), ICU, OpenBLAS, libgfortran (GPL with the runtime exception), Python, numpy, pyqtgraph."""
    names = {c["name"].lower(): c for c in manifest["components"]}
    for expected in ("qt", "pyside6_essentials", "shiboken6", "python", "numpy", "pyqtgraph", "netlm-risk", "pyinstaller"):
        assert expected in names, f"{expected} missing from {sorted(names)}"
    if sys.platform.startswith("linux"):
        icu = [c for n, c in names.items() if n.startswith("icu")]
        assert len(icu) == 1 and icu[0]["version"].isdigit(), icu
        assert "openblas" in names and "gcc runtime library" in names
        assert "GCC-exception" in names["gcc runtime library"]["licence"]
    lgpl = (LICENSES / "qt" / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3" in lgpl


def test_python_distributions_inside_have_licences(bundle, manifest):
    """The packages beside the executable and the modules inside its archive, mapped to their
    distributions by this test's own Python (importlib.metadata), each have a licenced component."""
    archive = pytest.importorskip("PyInstaller.archive.readers", reason="PyInstaller (the build extra) reads the archive")
    carchive = archive.CArchiveReader(str(EXECUTABLE))
    pyz = [name for name in carchive.toc if name.endswith(".pyz")][0]
    top_level = {m.split(".", 1)[0] for m in carchive.open_embedded_archive(pyz).toc}
    top_level |= {p.name for p in INTERNAL.iterdir() if p.is_dir() and (p / "__init__.pyc").exists() or (p / "__init__.py").exists()}
    top_level |= {p.name for p in INTERNAL.iterdir() if p.is_dir() and p.name in ("PySide6", "shiboken6", "numpy", "pyqtgraph")}
    distributions = importlib.metadata.packages_distributions()
    licensed = {licensing.canonical(c["name"]) for c in manifest["components"] if _texts_present(c)}
    missing = {}
    for name in sorted(top_level):
        for dist in distributions.get(name, []):
            if licensing.canonical(dist) not in licensed:
                missing[name] = dist
    assert "numpy" in distributions and "pyqtgraph" in top_level
    assert not missing, f"Python packages in the executable whose distribution has no licence text: {missing}"


def test_notices_say_how_to_replace_qt_and_list_every_component(bundle, manifest):
    notices = (LICENSES / licensing.NOTICES).read_text(encoding="utf-8")
    assert (bundle / licensing.NOTICES).read_text(encoding="utf-8") == notices
    assert "one-folder" in notices and "replace" in notices and "LGPL" in notices
    for c in manifest["components"]:
        assert f"== {c['name']} {c['version']}".rstrip() in notices
        assert f"Source: {c['source']}" in notices


def test_the_sbom_beside_the_archive_is_the_folder_as_it_is(bundle, manifest):
    sboms = sorted((REPO / "build" / "dist").glob("netlm-risk-*.spdx.json"))
    assert len(sboms) == 1, f"expected one SBOM beside the archive, found {sboms}"
    document = json.loads(sboms[0].read_text(encoding="utf-8"))
    assert document["spdxVersion"] == "SPDX-2.3"
    listed = {f["fileName"]: {c["algorithm"]: c["checksumValue"] for c in f["checksums"]} for f in document["files"]}
    on_disk = licensing.regular_files(bundle)
    assert set(listed) == {f"./netlm-risk/{p.relative_to(bundle).as_posix()}" for p in on_disk}
    for path in on_disk:
        assert listed[f"./netlm-risk/{path.relative_to(bundle).as_posix()}"]["SHA256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert {p["name"] for p in document["packages"]} == {c["name"] for c in manifest["components"]}
    sums = (REPO / "build" / "dist" / "SHA256SUMS").read_text(encoding="utf-8")
    assert sboms[0].name in sums
