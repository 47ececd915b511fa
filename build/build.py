"""Build the standalone executable: one command, from the repository root or anywhere.

    pip install '.[build]' && python build/build.py

produces, in build/dist/:
  netlm-risk/                               the one-folder application (run netlm-risk/netlm-risk)
  netlm-risk-<version>-<os>-<arch>.tar.gz   that folder, packed
  SHA256SUMS                                checksum of the archive (sha256sum -c SHA256SUMS)

Steps: PyInstaller with build/netlm-risk.spec (lean by construction, see its docstring), strip
the shared libraries by hand (Linux; never numpy's ``*.libs/`` folders: stripping breaks them),
refuse a folder larger than SIZE_LIMIT_BYTES, print the 15 largest files, pack, checksum.

Other uses:
  python build/build.py --bare-window   freeze benchmarks/bare_window.py the same way (start-up baseline)
  python build/build.py --icons         re-render resources/netlm-risk.png from the SVG
  python build/build.py --check-size    only measure an existing build/dist/netlm-risk/
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "build"))

from bundle_rules import SIZE_LIMIT_BYTES  # noqa: E402  (<= 150 MiB, the one place it is written)

SPEC = REPO / "build" / "netlm-risk.spec"
DIST = REPO / "build" / "dist"
WORK = REPO / "build" / "work"
APP_NAME = "netlm-risk"
BARE_NAME = "bare-window"



def version() -> str:
    """The package version, read from desktop/__init__.py (the one place it is written)."""
    text = (REPO / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("build.py: no __version__ in desktop/__init__.py")
    return match.group(1)


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


def regular_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in regular_files(folder))


def largest_files(folder: Path, count: int = 15) -> list[tuple[int, str]]:
    sizes = [(p.stat().st_size, p.relative_to(folder).as_posix()) for p in regular_files(folder)]
    return sorted(sizes, reverse=True)[:count]


def size_report(folder: Path) -> tuple[int, str]:
    size = folder_size(folder)
    lines = [
        f"{folder.name}: {size / 2**20:.1f} MiB ({size:,} bytes) in {len(regular_files(folder))} files;"
        f" limit {SIZE_LIMIT_BYTES / 2**20:.0f} MiB",
        "largest files:",
    ]
    lines += [f"  {n / 2**20:7.2f} MiB  {name}" for n, name in largest_files(folder)]
    return size, "\n".join(lines)


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def strip_binaries(folder: Path, executables: set[Path]) -> int:
    """Strip debug symbols from the shared libraries; return the bytes saved.

    Skipped: numpy's ``*.libs/`` folders (auditwheel-patched: strip breaks them with "ELF load
    command address/offset not page-aligned") and the executables (in one-folder mode PyInstaller
    appends the Python archive to the executable; strip would cut it off).
    """
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        print("build.py: not stripping (Linux with binutils' strip only)")
        return 0
    before = folder_size(folder)
    targets = [
        p
        for p in regular_files(folder)
        if p not in executables and not any(part.endswith(".libs") for part in p.relative_to(folder).parts) and _is_elf(p)
    ]
    for chunk in range(0, len(targets), 200):
        subprocess.run([strip, "--strip-unneeded", *map(str, targets[chunk : chunk + 200])], check=True)
    return before - folder_size(folder)


def run_pyinstaller(bare_window: bool) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("build.py: PyInstaller is missing; run: pip install '.[build]'") from None
    name = BARE_NAME if bare_window else APP_NAME
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC),
    ]
    if bare_window:
        command += ["--", "--bare-window"]
    if sys.platform == "win32" and not bare_window:
        render_windows_ico()
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=REPO)
    print(f"build.py: PyInstaller took {time.perf_counter() - started:.0f} s")
    return DIST / name


def make_archive(folder: Path) -> Path:
    """A .tar.gz of the folder, entries sorted, owner root, so that it unpacks the same anywhere."""
    archive = DIST / f"{APP_NAME}-{version()}-{platform_tag()}.tar.gz"
    for old in DIST.glob(f"{APP_NAME}-*.tar.gz"):
        old.unlink()

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    paths = sorted([folder, *folder.rglob("*")])
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        for path in paths:
            tar.add(path, arcname=path.relative_to(folder.parent).as_posix(), recursive=False, filter=normalise)
    return archive


def write_checksums(files: list[Path]) -> Path:
    sums = DIST / "SHA256SUMS"
    lines = []
    for path in files:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        lines.append(f"{digest.hexdigest()}  {path.name}\n")
    sums.write_text("".join(lines), encoding="utf-8")
    return sums


def render_icon(size: int):
    """The application icon (resources/netlm-risk.svg) as a ``size`` x ``size`` QImage."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    global _qt_app
    _qt_app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(REPO / "resources" / f"{APP_NAME}.svg"))
    if not renderer.isValid():
        raise SystemExit("build.py: resources/netlm-risk.svg is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def render_png() -> None:
    """Re-render resources/netlm-risk.png (256 px, used by the .desktop file) from the SVG."""
    png = REPO / "resources" / f"{APP_NAME}.png"
    if not render_icon(256).save(str(png), "PNG"):
        raise SystemExit(f"build.py: could not write {png}")
    print(f"build.py: wrote {png.relative_to(REPO)}")


def render_windows_ico() -> None:
    """The .exe icon for Windows, rendered into build/work/ (not kept in git: it is derived)."""
    WORK.mkdir(parents=True, exist_ok=True)
    ico = WORK / f"{APP_NAME}.ico"
    if not render_icon(256).save(str(ico), "ICO"):
        raise SystemExit(f"build.py: could not write {ico} (Qt's ico image plugin missing?)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the netlm-risk one-folder executable, its archive and SHA256SUMS.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--bare-window", action="store_true", help="freeze the start-up baseline instead (no archive)")
    group.add_argument("--icons", action="store_true", help="re-render resources/netlm-risk.png from the SVG, then stop")
    group.add_argument("--check-size", action="store_true", help="only measure build/dist/netlm-risk/")
    args = parser.parse_args(argv)

    if args.icons:
        render_png()
        return 0
    if args.check_size:
        folder = DIST / APP_NAME
        if not folder.is_dir():
            print(f"build.py: {folder} does not exist; build it first", file=sys.stderr)
            return 1
    else:
        print(f"build.py: building {APP_NAME} {version()} for {platform_tag()} with {sys.executable}")
        folder = run_pyinstaller(args.bare_window)
        exe_suffix = ".exe" if sys.platform == "win32" else ""
        executables = {folder / f"{folder.name}{exe_suffix}", folder / f"{folder.name}-cli{exe_suffix}"}
        saved = strip_binaries(folder, executables)
        print(f"build.py: stripping saved {saved / 2**20:.1f} MiB")

    size, report = size_report(folder)
    print(report)
    if size > SIZE_LIMIT_BYTES:
        print(
            f"build.py: FAILED: {folder} is {size / 2**20:.1f} MiB, over the {SIZE_LIMIT_BYTES / 2**20:.0f} MiB limit;"
            " see build/bundle_rules.py for what is kept and build/work/*/dropped.txt for what was left out",
            file=sys.stderr,
        )
        return 1
    if args.check_size or args.bare_window:
        return 0

    archive = make_archive(folder)
    sums = write_checksums([archive])
    print(f"build.py: wrote {archive.relative_to(REPO)} ({archive.stat().st_size / 2**20:.1f} MiB) and {sums.relative_to(REPO)}")
    print(f"build.py: run it with {(folder / APP_NAME).relative_to(REPO)} (or --smoke, predict, report; see README)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
