"""Why the window cannot open, in words a user can act on (Qt-free).

Two ways the application's window fails on Linux before anything is drawn:

* there is no display at all (over ssh without X forwarding; ``DISPLAY`` and
  ``WAYLAND_DISPLAY`` unset): ``no_display_message`` is checked before Qt starts, since Qt
  would misreport it as a missing ``xcb-cursor0`` and abort with a core dump;
* Qt's xcb platform plugin cannot be loaded because system libraries are missing. Qt then
  guesses one library (always ``xcb-cursor0``); ``missing_libraries`` asks the dynamic
  loader (``ldd``) which ones are really missing, and ``missing_libraries_message`` names
  them with the command that installs them.

``predict``, ``report``, ``--smoke`` and ``--version`` never open a window and never get here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Mapping

# Exit code when the window cannot open on this machine (not a bug, not bad input).
EXIT_NO_WINDOW = 4

# Shared library (its name up to ".so") -> (Debian/Ubuntu package, Fedora package).
PACKAGES = {
    "libxcb-cursor": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-util": ("libxcb-util1", "xcb-util"),
    "libxcb-image": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr": ("libxcb-randr0", "libxcb"),
    "libxcb-shm": ("libxcb-shm0", "libxcb"),
    "libxcb-sync": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render": ("libxcb-render0", "libxcb"),
    "libxcb-shape": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinerama": ("libxcb-xinerama0", "libxcb"),
    "libxcb-glx": ("libxcb-glx0", "libxcb"),
    "libxcb": ("libxcb1", "libxcb"),
    "libX11-xcb": ("libx11-xcb1", "libX11-xcb"),
    "libX11": ("libx11-6", "libX11"),
    "libxkbcommon-x11": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon": ("libxkbcommon0", "libxkbcommon"),
    "libGL": ("libgl1", "libglvnd-glx"),
    "libEGL": ("libegl1", "libglvnd-egl"),
    "libOpenGL": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig": ("libfontconfig1", "fontconfig"),
    "libfreetype": ("libfreetype6", "freetype"),
    "libglib-2.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0": ("libglib2.0-0", "glib2"),
    "libdbus-1": ("libdbus-1-3", "dbus-libs"),
    "libz": ("zlib1g", "zlib"),
    "libICE": ("libice6", "libICE"),
    "libSM": ("libsm6", "libSM"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def no_display_message(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """The paragraph to print when the window has no display to open on, else None.

    Only Linux and the BSDs use DISPLAY/WAYLAND_DISPLAY; an explicit Qt platform other than
    xcb or wayland (offscreen, vnc, eglfs...) needs neither.
    """
    environ = os.environ if environ is None else environ
    if not (platform.startswith("linux") or "bsd" in platform):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if chosen and not (chosen.startswith("xcb") or chosen.startswith("wayland")):
        return None
    display, wayland = environ.get("DISPLAY", "").strip(), environ.get("WAYLAND_DISPLAY", "").strip()
    if chosen.startswith("xcb"):
        missing = not display
    elif chosen.startswith("wayland"):
        missing = not wayland
    else:
        missing = not display and not wayland
    if not missing:
        return None
    return ("netlm-risk: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set, as over ssh without X forwarding). Run it on the computer's own screen, or over "
            "'ssh -X'; without a window, 'netlm-risk predict CASE.json' prints the estimates and "
            "'netlm-risk report CASE.json --out NOTE.pdf' writes the consult note.")


def missing_libraries(plugin: Path | str, ldd: str | None = None, env: Mapping[str, str] | None = None) -> list[str]:
    """The shared libraries the dynamic loader cannot find for ``plugin`` (directly or through
    another library), as ``ldd`` reports them; [] when all are found or ``ldd`` is absent."""
    ldd = ldd or shutil.which("ldd")
    if ldd is None or not Path(plugin).is_file():
        return []
    try:
        result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30,
                                env=dict(os.environ if env is None else env))
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_ldd(result.stdout)


def parse_ldd(output: str) -> list[str]:
    """The "not found" libraries of an ``ldd`` listing, each once, in the order listed."""
    seen: list[str] = []
    for name in _NOT_FOUND.findall(output):
        if name not in seen:
            seen.append(name)
    return seen


def packages_for(libraries: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(Debian/Ubuntu packages, Fedora packages, libraries of no known package)."""
    debian: list[str] = []
    fedora: list[str] = []
    unknown: list[str] = []
    for library in libraries:
        stem = library.split(".so", 1)[0]
        if stem not in PACKAGES:
            unknown.append(library)
            continue
        deb, fed = PACKAGES[stem]
        debian += [deb] if deb not in debian else []
        fedora += [fed] if fed not in fedora else []
    return debian, fedora, unknown


def missing_libraries_message(libraries: list[str], plugin: Path | str | None = None,
                              what: str = "the window cannot open",
                              needed_by: str = "Qt's X11 (xcb) display plugin",
                              without: str = "Without a window, 'netlm-risk predict' and 'netlm-risk report' "
                                             "work as they are.") -> str:
    """One paragraph: which libraries are missing and the command that installs them."""
    debian, fedora, unknown = packages_for(libraries)
    names = ", ".join(libraries)
    text = f"netlm-risk: {what} because the system lacks {names}, which {needed_by} needs."
    if debian:
        text += (f" Install {'it' if len(libraries) == 1 else 'them'} with 'sudo apt install {' '.join(debian)}' "
                 f"(Debian, Ubuntu) or 'sudo dnf install {' '.join(fedora)}' (Fedora).")
    if unknown:
        text += (f" To find the package of {', '.join(unknown)}: 'apt-file search {unknown[0]}' or "
                 f"'dnf provides \"*/{unknown[0]}\"'.")
    text += " A desktop computer usually has them already. " + without
    if plugin is not None:
        text += f" (Checked with ldd on {plugin}.)"
    return text


def qt_import_failed_message(exc: ImportError) -> str | None:
    """For a Qt module that cannot load for want of a system library (e.g. libEGL.so.1 on a bare
    server): the paragraph naming every missing library, from ``ldd`` on the module; else None."""
    if "cannot open shared object file" not in str(exc):
        return None
    module = getattr(exc, "path", None)
    libraries = missing_libraries(module) if module else []
    if not libraries:
        named = re.match(r"\s*(\S+\.so[.\d]*):", str(exc))
        libraries = [named.group(1)] if named else []
    if not libraries:
        return None
    return missing_libraries_message(libraries, module, what="Qt cannot start",
                                     needed_by="Qt (the PySide6 libraries the window and the consult note use)",
                                     without="'netlm-risk predict' works without them.")


def plugin_load_failed_message(qt_message: str, plugin: Path | str | None, display: str | None) -> str:
    """The paragraph for Qt's fatal "no platform plugin could be initialized".

    Missing libraries are named when the loader finds any; otherwise the plugin loaded but could
    not reach the display (a wrong or closed DISPLAY).
    """
    libraries = missing_libraries(plugin) if plugin is not None else []
    if libraries:
        return missing_libraries_message(libraries, plugin)
    if display:
        return (f"netlm-risk: the window cannot open: the display '{display}' (DISPLAY) does not answer. "
                "Check that the X server is running and that this user may use it (xauth); without a "
                "window, 'netlm-risk predict' and 'netlm-risk report' work as they are.")
    return ("netlm-risk: the window cannot open: Qt could not start its display plugin ("
            + " ".join(qt_message.split()) + ")")


def xcb_plugin(qt_message: str, plugin_dirs: list[str]) -> Path | None:
    """The xcb plugin file Qt tried: the folder named in its message, else the first of
    ``plugin_dirs`` (QT_QPA_PLATFORM_PLUGIN_PATH, then each QT_PLUGIN_PATH/platforms, then Qt's own)."""
    named = re.search(r'platform plugin "xcb" in "([^"]*)"', qt_message)
    folders = ([named.group(1)] if named and named.group(1) else []) + plugin_dirs
    for folder in folders:
        candidate = Path(folder) / "libqxcb.so"
        if candidate.is_file():
            return candidate
    return None
