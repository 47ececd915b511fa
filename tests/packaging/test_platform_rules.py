"""The bundle rules on the Windows and macOS layouts of the PySide6 wheel (never built on Linux CI).

Plugin paths below are where the PySide6 wheels put them: Windows ``PySide6/plugins/<kind>/<name>.dll``,
macOS and Linux ``PySide6/Qt/plugins/<kind>/lib<name>.{dylib,so}``.
"""

from __future__ import annotations

import sys

import pytest

from tests.packaging.build_modules import load


rules = load("bundle_rules")
licensing = load("licensing")


@pytest.mark.parametrize("dest", [
    "PySide6/plugins/platforms/qwindows.dll",  # the window on Windows
    "PySide6/plugins/printsupport/windowsprintersupport.dll",  # printing the note on Windows
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/plugins/iconengines/qsvgicon.dll",
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",  # the window (and printing) on macOS
    "PySide6/Qt/plugins/styles/libqmacstyle.dylib",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
])
def test_the_plugins_each_platform_needs_are_kept(dest):
    assert rules.keep_qt_file(dest), dest


@pytest.mark.parametrize("dest", [
    "PySide6/plugins/platforms/qdirect2d.dll",
    "PySide6/plugins/imageformats/qjpeg.dll",
    "PySide6/Qt/plugins/platforms/libqminimal.dylib",
    "PySide6/translations/qtbase_de.qm",
])
def test_what_the_app_does_not_use_stays_out(dest):
    assert not rules.keep_qt_file(dest), dest


@pytest.mark.parametrize("dest, qt", [
    ("PySide6/Qt6Core.dll", True),  # Windows: the Qt libraries sit beside the bindings
    ("PySide6/Qt6Widgets.dll", True),
    ("PySide6/plugins/platforms/qwindows.dll", False),  # not under Qt/ on Windows: PySide6's own folder
    ("PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", True),  # macOS frameworks
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("PySide6/QtCore.pyd", False),  # the bindings are PySide6's
    ("PySide6/QtCore.abi3.so", False),
])
def test_qt_libraries_are_told_from_the_bindings_on_every_layout(dest, qt):
    assert bool(licensing.QT_LIB_RE.search(dest)) == qt, dest


@pytest.mark.parametrize("name, major", [("libicudata.so.73", "73"), ("libicuuc.so.73", "73"), ("icuuc74.dll", "74"),
                                         ("libicui18n.74.dylib", "74"), ("libicuuc.so.73.2", "73")])
def test_icu_libraries_are_recognised_with_their_version(name, major):
    match = licensing.ICU_RE.match(name)
    assert match and (match.group(3) or match.group(6)) == major


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ICU data stub is built on Linux only")
def test_the_icu_stub_exports_the_data_symbol_under_the_wheels_soname(tmp_path):
    import shutil
    import subprocess

    if shutil.which("gcc") is None or shutil.which("readelf") is None:
        pytest.skip("needs gcc and readelf (Debian packages: gcc, binutils)")
    stub = rules.compile_icu_stub("libicudata.so.73", tmp_path)
    dynamic = subprocess.run(["readelf", "-d", "--dyn-syms", "-W", str(stub)], capture_output=True, text=True, check=True).stdout
    assert "Library soname: [libicudata.so.73]" in dynamic
    assert "NEEDED" not in dynamic  # no C library: nothing to resolve on the target
    assert re_search(r"OBJECT\s+GLOBAL\s+DEFAULT\s+\d+ icudt73_dat$", dynamic)
    assert stub.stat().st_size < 64 * 1024
    assert rules.compile_icu_stub("libicudata.so.73", tmp_path / "again").read_bytes() == stub.read_bytes()  # reproducible


def re_search(pattern, text):
    import re

    return re.search(pattern, text, re.MULTILINE)
