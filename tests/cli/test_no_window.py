"""When the window cannot open, the user reads why and what to install, and the process ends cleanly.

Qt alone guesses a missing ``xcb-cursor0`` whatever is missing and aborts with a core dump (exit
134). These tests start the real application in a fresh process on a machine made to lack a
display, or a library of Qt's xcb plugin, and read what it says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import display
from tests.conftest import EXAMPLE_CASE, REPO
from tests.pdftools import require_program

NOT_QTS_GUESS = "xcb-cursor0"
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_QPA_PLATFORM_PLUGIN_PATH", "QT_PLUGIN_PATH")


def start(*args, env=None, prefix=(), timeout=120):
    """``python -m desktop ARGS`` with no display variables except those given."""
    full_env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    full_env["PYTHONPATH"] = str(REPO)
    full_env.update(env or {})
    return subprocess.run([*prefix, sys.executable, "-m", "desktop", *map(str, args)], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=REPO)


def assert_clean_refusal(result):
    assert result.returncode == display.EXIT_NO_WINDOW, (result.returncode, result.stderr[-2000:])
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("netlm-risk: ") and "\n" not in message, "one paragraph, nothing else"
    assert NOT_QTS_GUESS not in message and "Traceback" not in message and "Aborted" not in message
    return message


def qt_xcb_plugin(complete: bool = False) -> Path:
    """Qt's xcb plugin; with ``complete``, skip (naming the packages) unless its libraries are all here."""
    from PySide6 import QtCore

    plugin = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    if not sys.platform.startswith("linux") or not plugin.is_file():
        pytest.skip("Qt's xcb platform plugin is Linux only")
    if complete:
        require_program("ldd")
        missing = display.missing_libraries(plugin)
        if missing:
            debian, fedora, _ = display.packages_for(missing)
            pytest.skip(f"needs the X11 libraries of Qt's window (Debian/Ubuntu: apt install {' '.join(debian)}; "
                        f"Fedora: dnf install {' '.join(fedora)})")
    return plugin


def test_no_display_says_so_and_suggests_the_commands_that_need_none():
    message = assert_clean_refusal(start())
    assert "no display" in message
    assert "netlm-risk predict" in message and "netlm-risk report" in message


def test_no_display_with_a_case_file_too(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    assert "no display" in assert_clean_refusal(start(case))


def test_a_display_that_does_not_answer_is_named():
    qt_xcb_plugin(complete=True)
    message = assert_clean_refusal(start(env={"DISPLAY": ":97", "QT_QPA_PLATFORM": "xcb"}))
    assert "':97'" in message and "does not answer" in message


def test_commands_without_a_window_need_no_display(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    version = start("--version")
    assert version.returncode == 0 and version.stdout.startswith("netlm-risk ")
    predicted = start("predict", case)
    assert predicted.returncode == 0, predicted.stderr
    assert "overall_survival" in json.loads(predicted.stdout)
    report = start("report", case, "--out", tmp_path / "note.pdf", "--paper", "a4")
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "note.pdf").read_bytes().startswith(b"%PDF")
    smoke = start("--smoke")
    assert smoke.returncode == 0 and smoke.stdout.startswith("ready in "), smoke.stderr


def test_missing_library_of_a_copied_plugin_is_named_with_its_package(tmp_path):
    """A copy of Qt's real xcb plugin whose dependency on libxcb-icccm.so.4 is renamed to a library
    that no system has (libxcb-icccm.so.9): the loader cannot load it, as on a machine lacking it."""
    plugin = qt_xcb_plugin(complete=True)
    qt = plugin.parents[2]
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (tmp_path / "lib").symlink_to(qt / "lib")  # the plugin finds Qt through $ORIGIN/../../lib
    data = plugin.read_bytes()
    assert data.count(b"libxcb-icccm.so.4\0") == 1
    (platforms / plugin.name).write_bytes(data.replace(b"libxcb-icccm.so.4\0", b"libxcb-icccm.so.9\0"))
    message = assert_clean_refusal(start(env={"DISPLAY": ":97", "QT_QPA_PLATFORM": "xcb",
                                              "QT_QPA_PLATFORM_PLUGIN_PATH": str(platforms)}))
    assert "libxcb-icccm.so.9" in message
    assert "sudo apt install libxcb-icccm4" in message and "sudo dnf install xcb-util-wm" in message


HIDE_LIBRARY = r"""
set -e
lib=$(readlink -f "$HIDE"); dir=$(dirname "$lib"); base=$(basename "$HIDE" | sed 's/\.so.*//')
mkdir -p "$WORK/orig" "$WORK/shadow"
mount --bind "$dir" "$WORK/orig"
for f in "$WORK"/orig/* "$WORK"/orig/.[!.]*; do
  [ -e "$f" ] || [ -L "$f" ] || continue
  case "$(basename "$f")" in "$base".so*) continue;; esac
  ln -s "$f" "$WORK/shadow/"
done
mount --bind "$WORK/shadow" "$dir"
shift
exec "$@"
"""


def _private_mounts() -> bool:
    return (shutil.which("unshare") is not None and
            subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0)


def test_a_system_library_really_missing_is_named_not_qts_guess(tmp_path):
    """The machine's own libxcb-icccm.so.4 hidden in a private mount namespace (root, as in CI):
    exactly what a server without Debian's libxcb-icccm4 sees. Qt alone blames xcb-cursor0."""
    qt_xcb_plugin(complete=True)
    require_program("unshare")
    if not _private_mounts():
        pytest.skip("needs root for a private mount namespace (unshare -m); CI runs as root")
    found = [line.split("=>")[1].split()[0] for line in subprocess.run(
        [require_program("ldd"), str(qt_xcb_plugin())], capture_output=True, text=True).stdout.splitlines()
        if line.strip().startswith("libxcb-icccm.so.4 =>") and "not found" not in line]
    if not found:
        pytest.skip("libxcb-icccm.so.4 is not installed here (apt install libxcb-icccm4)")
    (tmp_path / "hide.sh").write_text(HIDE_LIBRARY, encoding="utf-8")
    env = {"DISPLAY": ":97", "QT_QPA_PLATFORM": "xcb", "HIDE": found[0], "WORK": str(tmp_path / "app")}
    message = assert_clean_refusal(start(env=env, prefix=("unshare", "-m", "bash", str(tmp_path / "hide.sh"), "x")))
    assert "libxcb-icccm.so.4" in message and "sudo apt install libxcb-icccm4" in message
    assert Path(found[0]).exists(), "the library is hidden only inside the test's namespace"
    # the control: Qt on its own, in the same situation, blames another library and aborts
    qt_alone = subprocess.run(["unshare", "-m", "bash", str(tmp_path / "hide.sh"), "x", sys.executable, "-c",
                               "from PySide6 import QtWidgets; QtWidgets.QApplication([])"],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, **env, "WORK": str(tmp_path / "qt")})
    assert qt_alone.returncode != 0 and NOT_QTS_GUESS in qt_alone.stderr


def test_qt_itself_missing_a_library_is_named_for_report_too(tmp_path):
    """libEGL.so.1 hidden (root, private mount namespace): Qt's GUI library cannot load, so neither
    the window nor the consult note can be drawn; the message names it, predict still works."""
    require_program("unshare")
    if not _private_mounts():
        pytest.skip("needs root for a private mount namespace (unshare -m); CI runs as root")
    from PySide6 import QtGui

    listing = subprocess.run([require_program("ldd"), QtGui.__file__], capture_output=True, text=True).stdout
    found = [line.split("=>")[1].split()[0] for line in listing.splitlines()
             if line.strip().startswith("libEGL.so.1 =>") and "not found" not in line]
    if not found:
        pytest.skip("libEGL.so.1 is not installed here (apt install libegl1)")
    (tmp_path / "hide.sh").write_text(HIDE_LIBRARY, encoding="utf-8")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    hide = ("unshare", "-m", "bash", str(tmp_path / "hide.sh"), "x")
    env = {"HIDE": found[0], "WORK": str(tmp_path / "report")}
    message = assert_clean_refusal(start("report", case, "--out", tmp_path / "note.pdf", env=env, prefix=hide))
    assert "libEGL.so.1" in message and "sudo apt install libegl1" in message
    assert not (tmp_path / "note.pdf").exists()
    predicted = start("predict", case, env={**env, "WORK": str(tmp_path / "predict")}, prefix=hide)
    assert predicted.returncode == 0, predicted.stderr


def test_a_qt_import_error_names_the_library():
    error = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    message = display.qt_import_failed_message(error)
    assert message.startswith("netlm-risk: Qt cannot start because the system lacks libEGL.so.1")
    assert "sudo apt install libegl1" in message and "sudo dnf install libglvnd-egl" in message
    assert display.qt_import_failed_message(ImportError("No module named 'PySide6'")) is None


# ------------------------------------------------------------------ the wording, Qt-free


@pytest.mark.parametrize("environ, refused", [
    ({}, True),
    ({"DISPLAY": ":0"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"DISPLAY": "  "}, True),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "xcb"}, True),
    ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
    ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, True),
    ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, False),
])
def test_no_display_is_decided_from_the_environment(environ, refused):
    assert (display.no_display_message(environ, platform="linux") is not None) is refused
    assert display.no_display_message(environ, platform="win32") is None
    assert display.no_display_message(environ, platform="darwin") is None


LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibweird.so.2 => not found
"""


def test_ldd_not_found_entries_become_packages():
    libraries = display.parse_ldd(LDD)
    assert libraries == ["libxcb-icccm.so.4", "libxkbcommon-x11.so.0", "libweird.so.2"]
    debian, fedora, unknown = display.packages_for(libraries)
    assert debian == ["libxcb-icccm4", "libxkbcommon-x11-0"]
    assert fedora == ["xcb-util-wm", "libxkbcommon-x11"]
    assert unknown == ["libweird.so.2"]
    message = display.missing_libraries_message(libraries)
    assert "libxcb-icccm.so.4, libxkbcommon-x11.so.0, libweird.so.2" in message
    assert "sudo apt install libxcb-icccm4 libxkbcommon-x11-0" in message
    assert "apt-file search libweird.so.2" in message


def test_every_library_qt_needs_for_a_window_has_its_packages():
    """Every system library that Qt's GUI library and xcb plugin link to maps to a package, so the
    message never falls back to a search command for one of them."""
    plugin = qt_xcb_plugin()
    readelf = require_program("readelf")
    needed = set()
    for binary in [plugin, *plugin.parents[2].joinpath("lib").glob("libQt6XcbQpa.so*"),
                   *plugin.parents[2].joinpath("lib").glob("libQt6Gui.so*")]:
        dynamic = subprocess.run([readelf, "-d", str(binary)], capture_output=True, text=True).stdout
        needed |= {line.split("[")[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line}
    system = {n for n in needed if not n.startswith(("libQt6", "libstdc++", "libc.", "libm.", "libgcc_s", "ld-linux"))}
    assert system, "the plugin should need system libraries"
    _, _, unknown = display.packages_for(sorted(system))
    assert unknown == []


def test_readme_names_the_packages_the_messages_name():
    """The README's one-line list for a bare server uses the same package names as the messages."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    apt = next(line for line in readme.splitlines() if line.startswith("`sudo apt install libegl1"))
    dnf = next(line for line in readme.splitlines() if line.startswith("(Fedora: `sudo dnf install"))
    debian = {deb for deb, _ in display.PACKAGES.values()}
    fedora = {fed for _, fed in display.PACKAGES.values()}
    assert set(apt.strip("`").split()[3:]) <= debian
    assert set(dnf.split("`")[1].split()[3:]) <= fedora
