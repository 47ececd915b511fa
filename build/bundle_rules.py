"""What goes into the frozen app and what stays out: the readable lists behind build/netlm-risk.spec.

They live in a module of their own so that tests/packaging can check a built folder against the
very same rules (no forbidden package, every library a bundled file links to is either bundled or a
declared system library, the limit on size).

1. EXCLUDED_MODULES: Python packages and modules the app never runs (EXCLUDED_DATA: data files);
   FORBIDDEN_TOP_LEVEL: packages whose presence stops the build.
2. KEPT_QT_PLUGINS: the only Qt plugins shipped; Qt translations are dropped (the app is English).
3. SYSTEM_LIBRARIES (Linux): libraries every desktop Linux has, left to the system as the AppImage
   project's excludelist does (bundling them breaks more than it fixes: GL drivers, fontconfig...).
4. (in the spec) any bundled shared library that no kept extension module, Qt plugin or the Python
   library links to, directly or through another kept library, goes.
5. Linux: ICU's data library is replaced by an empty stub (build/icudata_stub.c).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import PurePosixPath

# The Linux one-folder output must stay at or under 130 MB (bytes of regular files, symlinks not
# followed: what `du -s --apparent-size -B1` reports). build.py and tests/packaging enforce it on
# Linux; Windows and macOS sizes are reported until a release build has measured them.
SIZE_LIMIT_BYTES = 130 * 1000 * 1000

# ---------------------------------------------------------------------------------------------
# 1. Python packages and modules that stay out
# ---------------------------------------------------------------------------------------------

EXCLUDED_MODULES = [
    # Scientific and test stack of the test extras; pyqtgraph imports some of them when present.
    "scipy", "pandas", "matplotlib", "PIL", "lifelines", "autograd", "autograd_gamma", "formulaic",
    "narwhals", "contourpy", "kiwisolver", "fontTools", "cycler", "pyparsing", "dateutil", "pytz",
    "IPython", "ipykernel", "jupyter_client", "traitlets", "h5py", "cupy", "numba", "OpenGL",
    "pytest", "_pytest", "pytestqt", "hypothesis", "pluggy", "iniconfig", "pygments", "sortedcontainers",
    "setuptools", "pkg_resources", "pip", "wheel", "Cython",
    # pyqtgraph parts the app does not use (its examples would even open windows at build time).
    "pyqtgraph.examples", "pyqtgraph.opengl", "pyqtgraph.jupyter",
    # Qt modules the app does not import. NOT QtOpenGL / QtOpenGLWidgets: pyqtgraph imports them.
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtQuickTest", "PySide6.QtDBus", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtDesigner", "PySide6.QtHelp",
    "PySide6.QtUiTools", "PySide6.QtStateMachine", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtCharts", "PySide6.QtDataVisualization",
    "PySide6.QtGraphs", "PySide6.Qt3DCore", "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning",
    "PySide6.QtLocation", "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtRemoteObjects",
    "PySide6.QtScxml", "PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech", "PySide6.QtHttpServer",
    "PySide6.QtNetworkAuth", "PySide6.QtSvgWidgets", "PySide6.QtAxContainer", "PySide6.scripts",
    # Standard library the app never runs. It never opens a network connection (no ssl, no http
    # server); NOT pydoc: pyqtgraph imports it.
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "ensurepip", "venv",
    "ssl", "_ssl", "_hashlib", "sqlite3", "_sqlite3", "asyncio", "xmlrpc", "ftplib", "imaplib",
    "poplib", "smtplib", "nntplib", "telnetlib", "mailbox", "curses", "_curses", "dbm", "test",
    "unittest", "doctest", "pdb", "readline", "rlcompleter", "pydoc_data", "_pydecimal",
    "lzma", "_lzma", "bz2", "_bz2",
    # East-Asian legacy codecs: case and cohort files are UTF-8, and Qt does its own text encoding.
    "_multibytecodec", "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw",
    # Parts of numpy and pyqtgraph that the app never reaches.
    "numpy.f2py", "numpy.testing", "numpy.distutils",
    "pyqtgraph.flowchart", "pyqtgraph.canvas", "pyqtgraph.console",
]

# Data files that stay out, by bundle path prefix.
EXCLUDED_DATA = [
    # pyqtgraph's mascot, the window icon of pg.mkQApp() only; the app makes its own QApplication
    # with its own icon (about 1 MiB).
    "pyqtgraph/icons/peegee/",
]

# Refuse to build if any of these reached the bundle anyway (through a path nobody foresaw).
FORBIDDEN_TOP_LEVEL = {
    "scipy", "pandas", "matplotlib", "PIL", "lifelines", "IPython", "tkinter", "_tkinter",
    "pytest", "_pytest", "hypothesis", "PyQt5", "PyQt6", "PySide2",
}

# ---------------------------------------------------------------------------------------------
# 2. Qt plugins that are kept (by plugin folder and base name); everything else goes
# ---------------------------------------------------------------------------------------------

KEPT_QT_PLUGINS = {
    # offscreen: --smoke and the PDF report; xcb: the real window on Linux (X11, XWayland);
    # windows / cocoa: the real window elsewhere.
    "platforms": {"qxcb", "qoffscreen", "qwindows", "qcocoa"},
    # Typing accented characters / input methods in the form fields.
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    # SVG icons (QIcon) and SVG images: pyqtgraph legend icons are blank without them.
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg"},
    # Printing the consult note to a real printer: Linux through cups, Windows through its print
    # spooler (macOS printing is part of the cocoa platform plugin).
    "printsupport": {"cupsprintersupport", "windowsprintersupport"},
    # Native widget style on Windows and macOS.
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"},
}

# ---------------------------------------------------------------------------------------------
# 3. Linux: libraries every desktop Linux has, left to the system (AppImage excludelist, plus
#    glib and dbus, which the desktop session itself runs on). Matched on the file name.
# ---------------------------------------------------------------------------------------------

SYSTEM_LIBRARIES = [
    # graphics driver stack (libglvnd, mesa): must match the machine's driver
    r"libE?GL(X|dispatch)?\.so", r"libOpenGL\.so", r"libGLX.*\.so", r"libdrm\.so", r"libglapi\.so",
    r"libgbm\.so", r"libwayland-client\.so",
    # X11 core (the X extension helpers libxcb-icccm, -keysyms, -cursor, libxkbcommon... ARE bundled)
    r"libxcb\.so", r"libxcb-dri[23]\.so", r"libX11\.so", r"libX11-xcb\.so", r"libICE\.so", r"libSM\.so",
    r"libXau\.so", r"libXdmcp\.so",
    # fonts and text: must read the system's font configuration
    r"libfontconfig\.so", r"libfreetype\.so", r"libharfbuzz\.so", r"libfribidi\.so", r"libexpat\.so",
    r"libpng16\.so", r"libbrotli(common|dec)\.so", r"libbz2\.so",
    # base system
    r"libz\.so", r"libgcc_s\.so", r"libstdc\+\+\.so", r"libuuid\.so", r"libgpg-error\.so",
    r"libcom_err\.so", r"libgmp\.so", r"libasound\.so", r"libusb-1\.0\.so",
    r"libglib-2\.0\.so", r"libgobject-2\.0\.so", r"libgthread-2\.0\.so", r"libgmodule-2\.0\.so",
    r"libgio-2\.0\.so", r"libpcre2?(-8)?\.so", r"libffi\.so", r"libdbus-1\.so", r"libsystemd\.so",
    r"libselinux\.so", r"libmount\.so", r"libblkid\.so",
    # Printing: the cups print-support PLUGIN is bundled (above), the CUPS client library is the
    # system's. libcups reads the machine's CUPS configuration (/etc/cups) and talks to its cupsd; a
    # machine without libcups has no printer to reach (Qt then offers PDF only, the app still runs).
    # Bundling it would also bring its own TLS, Kerberos and Avahi stack (gnutls, p11-kit, krb5...,
    # about 8 MiB), which must match the system's configuration just the same.
    r"libcups\.so",
]
_SYSTEM_RE = re.compile("|".join(f"(?:{p})" for p in SYSTEM_LIBRARIES))

# The C library itself: never bundled (PyInstaller leaves it out on its own).
GLIBC_LIBRARIES = [
    r"ld-linux(-x86-64|-aarch64)?\.so", r"libc\.so", r"libm\.so", r"libmvec\.so", r"libdl\.so",
    r"libpthread\.so", r"librt\.so", r"libutil\.so", r"libresolv\.so", r"libanl\.so", r"libcrypt\.so",
    r"libnsl\.so", r"libthread_db\.so", r"libBrokenLocale\.so", r"libnss_\w+\.so",
]
_GLIBC_RE = re.compile("|".join(f"(?:{p})" for p in GLIBC_LIBRARIES))


def is_system_library(file_name: str) -> bool:
    """True for a library left to the target machine (SYSTEM_LIBRARIES), by file name."""
    return bool(_SYSTEM_RE.match(file_name))


def is_glibc_library(file_name: str) -> bool:
    return bool(_GLIBC_RE.match(file_name))


def qt_plugin(dest: str) -> tuple[str, str] | None:
    """(plugin folder, base name) if the bundle path ``dest`` is a Qt plugin, else None."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" not in parts or parts[0] != "PySide6":
        return None
    i = parts.index("plugins")
    if len(parts) < i + 3:
        return None
    stem = parts[-1].split(".", 1)[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return parts[i + 1], stem


def keep_data_file(dest: str) -> bool:
    """False for the data files listed in EXCLUDED_DATA."""
    dest = dest.replace("\\", "/")
    return not any(dest.startswith(prefix) for prefix in EXCLUDED_DATA)


def keep_qt_file(dest: str) -> bool:
    """False for the Qt plugins not in KEPT_QT_PLUGINS and for Qt's translations."""
    plugin = qt_plugin(dest)
    if plugin is not None:
        folder, stem = plugin
        return stem in KEPT_QT_PLUGINS.get(folder, ())
    return "translations" not in PurePosixPath(dest.replace("\\", "/")).parts


# ---------------------------------------------------------------------------------------------
# 5. Linux: ICU's data library (libicudata.so.NN, 30.5 MiB of locale collation rules, charset
#    converter tables and time-zone names that netlm-risk never uses) is replaced by an empty stub
#    compiled from build/icudata_stub.c (see there for what falls back to Qt's own code).
# ---------------------------------------------------------------------------------------------

ICU_DATA_RE = re.compile(r"^libicudata\.so\.(\d+)$")
ICU_STUB_SOURCE = "icudata_stub.c"


def compile_icu_stub(library_name: str, out_dir) -> "Path":
    """Compile build/icudata_stub.c as ``library_name`` (libicudata.so.NN) exporting icudtNN_dat."""
    from pathlib import Path
    import shutil

    major = ICU_DATA_RE.match(library_name).group(1)
    gcc = shutil.which("gcc")
    if gcc is None:
        raise SystemExit("netlm-risk.spec: gcc is needed to build the ICU data stub (Debian package: gcc)")
    out = Path(out_dir) / library_name
    out.parent.mkdir(parents=True, exist_ok=True)
    source = Path(__file__).resolve().parent / ICU_STUB_SOURCE
    subprocess.run([gcc, "-shared", "-nostdlib", "-fPIC", "-O2", f"-DICU_DATA_ENTRY_POINT=icudt{major}_dat",
                    f"-Wl,-soname,{library_name}", "-Wl,--build-id=none", "-o", str(out), str(source)], check=True)
    return out


def elf_needed(path) -> list[str]:
    """DT_NEEDED entries of an ELF file: its direct dependencies only (``ldd`` would list the
    transitive ones, including those reached only through the system libraries left out)."""
    out = subprocess.run(["readelf", "--dynamic", "--wide", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)
