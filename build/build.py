"""Build the standalone executable: one command, from the repository root or anywhere.

    pip install '.[build]' && python build/build.py

produces, in build/dist/:
  netlm-risk/                               the one-folder application (run netlm-risk/netlm-risk)
  netlm-risk-<version>-<os>-<arch>.tar.gz   that folder, packed (.zip on Windows; macOS: the .app, and a .dmg)
  netlm-risk-<version>-<os>-<arch>.spdx.json  software bill of materials of the folder (SPDX 2.3)
  SHA256SUMS                                checksums of the archives and the SBOM (sha256sum -c SHA256SUMS)

The folder carries licenses/ (a licence text for every component, THIRD-PARTY-NOTICES.txt,
components.json; build/licensing.py): the build stops when a file cannot be traced to a component
with a licence text. Archives are reproducible: entries sorted, times from SOURCE_DATE_EPOCH (default:
the time of the commit built), owner root, gzip header without time or name; PyInstaller runs with
PYTHONHASHSEED=0 so that its base_library.zip lists the modules in the same order every time.

Steps: PyInstaller with build/netlm-risk.spec (lean by construction, see its docstring), strip
the shared libraries by hand (Linux; never numpy's ``*.libs/`` folders: stripping breaks them),
refuse a folder larger than SIZE_LIMIT_BYTES, print the 15 largest files, pack, checksum.

Other uses:
  python build/build.py --bare-window   freeze benchmarks/bare_window.py the same way (start-up baseline)
  python build/build.py --icons         re-render resources/netlm-risk.png from the SVG
  python build/build.py --check-size    only measure an existing build/dist/netlm-risk/
  python build/build.py --repro-check   build twice and compare the archives byte for byte
  python build/build.py --repack        after code signing: archive, SBOM and SHA256SUMS of the folder again
  python build/build.py --checksums     after stapling a notarisation ticket: SHA256SUMS again
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "build"))

from bundle_rules import SIZE_LIMIT_BYTES  # noqa: E402  (<= 130 MB on Linux, the one place it is written)
import licensing  # noqa: E402

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
        f" {size / 1e6:.1f} MB; limit {SIZE_LIMIT_BYTES / 1e6:.0f} MB" + ("" if sys.platform.startswith("linux") else
                                                                      " (enforced on Linux only, until measured here)"),
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
    # A fixed hash seed: PyInstaller lists base_library.zip's modules in set order, which otherwise
    # changes from run to run (the only difference found between two builds of one commit).
    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": str(source_date_epoch())}
    subprocess.run(command, check=True, cwd=REPO, env=env)
    print(f"build.py: PyInstaller took {time.perf_counter() - started:.0f} s")
    return DIST / name


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set, else the commit time of the checkout, else 1980-01-01 (zip's epoch)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip():
            return int(out.stdout.strip())
    except OSError:
        pass
    return 315532800


def archive_base() -> str:
    return f"{APP_NAME}-{version()}-{platform_tag()}"


def _mode(path: Path) -> int:
    """0755 for folders and executables, 0644 otherwise: the builder's umask does not travel."""
    if path.is_dir() or (path.is_file() and os.access(path, os.X_OK) and not path.is_symlink()):
        return 0o755
    return 0o644


def compile_translations() -> None:
    """pyside6-lrelease: the patient's languages (.ts) to .qm in build/work/i18n, which the spec ships."""
    subprocess.run([sys.executable, str(REPO / "tools" / "translations.py"), "release", "--out", str(WORK / "i18n")],
                   check=True, cwd=REPO, stdout=subprocess.DEVNULL)


def make_archive(folder: Path) -> Path:
    """The folder packed reproducibly: a .zip on Windows, a .tar.gz elsewhere (sorted entries,
    SOURCE_DATE_EPOCH times, owner root, gzip header without time or name)."""
    for old in [*DIST.glob(f"{APP_NAME}-*.tar.gz"), *DIST.glob(f"{APP_NAME}-*.zip")]:
        old.unlink()
    epoch = source_date_epoch()
    paths = sorted([folder, *folder.rglob("*")], key=lambda p: p.relative_to(folder.parent).as_posix())
    if sys.platform == "win32":
        archive = DIST / f"{archive_base()}.zip"
        stamp = time.gmtime(max(epoch, 315532800))[:6]
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in paths:
                name = path.relative_to(folder.parent).as_posix() + ("/" if path.is_dir() else "")
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = (_mode(path) | (0o040000 if path.is_dir() else 0o100000)) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, b"" if path.is_dir() else path.read_bytes())
        return archive

    archive = DIST / f"{archive_base()}.tar.gz"

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        if not info.issym():
            info.mode = _mode(folder.parent / info.name)
        return info

    with open(archive, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for path in paths:
                tar.add(path, arcname=path.relative_to(folder.parent).as_posix(), recursive=False, filter=normalise)
    return archive


def make_dmg(app: Path) -> Path | None:
    """macOS: the .app in a compressed disk image (hdiutil; not reproducible: it stamps times)."""
    if sys.platform != "darwin" or not app.is_dir():
        return None
    dmg = DIST / f"{archive_base()}.dmg"
    dmg.unlink(missing_ok=True)
    subprocess.run(["hdiutil", "create", "-volname", APP_NAME, "-srcfolder", str(app), "-ov", "-format", "UDZO", str(dmg)],
                   check=True)
    return dmg


def check_licences(folder: Path) -> list[str]:
    """Problems that stop the build: files no component accounts for, components without a text."""
    if not (licensing.contents_dir(folder) / "licenses" / licensing.MANIFEST).is_file():
        return [f"no licenses/{licensing.MANIFEST} in {folder}"]
    problems = [f"no component accounts for {name}" for name in licensing.unclaimed_files(folder)]
    problems += [f"no licence text for {name}" for name in licensing.components_without_text(folder)]
    return problems


def write_sbom(folder: Path) -> Path:
    created = datetime.datetime.fromtimestamp(source_date_epoch(), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = licensing.spdx_document(folder, archive_base(), created)
    sbom = DIST / f"{archive_base()}.spdx.json"
    sbom.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8", newline="\n")
    return sbom


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


def _member_digests(archive: Path) -> dict[str, str]:
    """Name -> SHA-256 of each member's bytes and metadata, to say which one differs."""
    digests = {}
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                digests[info.filename] = hashlib.sha256(zf.read(info) + repr((info.date_time, info.external_attr)).encode()).hexdigest()
        return digests
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            data = tar.extractfile(member).read() if member.isfile() else b""
            meta = (member.mode, member.uid, member.gid, member.uname, member.gname, member.mtime, member.linkname)
            digests[member.name] = hashlib.sha256(data + repr(meta).encode()).hexdigest()
    return digests


def reproducibility_check() -> int:
    """Build twice from the same checkout; the archives (and SBOMs) must be byte-identical.

    On a difference, name the members that differ (a member's bytes or its tar/zip metadata)."""
    first = WORK / "repro-first"
    if main([]) != 0:
        return 1
    shutil.rmtree(first, ignore_errors=True)
    first.mkdir(parents=True)
    artefacts = [p for p in DIST.iterdir() if p.is_file() and p.name != "SHA256SUMS" and not p.name.endswith(".dmg")]
    for path in artefacts:
        shutil.copy2(path, first / path.name)
    if main([]) != 0:
        return 1
    different = []
    for old in sorted(first.iterdir()):
        new = DIST / old.name
        same = new.is_file() and new.read_bytes() == old.read_bytes()
        digest = hashlib.sha256(old.read_bytes()).hexdigest()
        print(f"build.py: {old.name}: {'identical' if same else 'DIFFERENT'} ({digest[:16]}…)")
        if not same:
            different.append(old.name)
            if old.name.endswith((".tar.gz", ".zip")) and new.is_file():
                a, b = _member_digests(old), _member_digests(new)
                names = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
                print("  members that differ: " + (", ".join(names[:20]) or "none (only the compressed stream)"))
    if different:
        print(f"build.py: FAILED: two builds of one checkout differ: {', '.join(different)}", file=sys.stderr)
        return 1
    print("build.py: two builds of this checkout gave byte-identical archives and SBOM")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the netlm-risk one-folder executable, its archive and SHA256SUMS.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--bare-window", action="store_true", help="freeze the start-up baseline instead (no archive)")
    group.add_argument("--icons", action="store_true", help="re-render resources/netlm-risk.png from the SVG, then stop")
    group.add_argument("--check-size", action="store_true", help="only measure build/dist/netlm-risk/")
    group.add_argument("--repro-check", action="store_true", help="build twice; fail unless the archives are identical")
    group.add_argument("--repack", action="store_true", help="archive, SBOM and checksums of the existing folder again")
    group.add_argument("--checksums", action="store_true", help="only rewrite SHA256SUMS over the artefacts")
    args = parser.parse_args(argv)

    if args.repro_check:
        return reproducibility_check()
    if args.repack:  # after signing the executables in place: their archive, SBOM and checksums again
        folder = DIST / APP_NAME
        problems = check_licences(folder)
        if problems:
            print("build.py: FAILED: licences missing:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        return pack(folder)
    if args.checksums:  # after stapling the notarisation ticket to the .dmg
        return 0 if write_checksums(sorted(p for p in DIST.iterdir() if p.is_file() and p.name.startswith(f"{APP_NAME}-"))) else 1

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
        if not args.bare_window:
            compile_translations()
        folder = run_pyinstaller(args.bare_window)
        exe_suffix = ".exe" if sys.platform == "win32" else ""
        executables = {folder / f"{folder.name}{exe_suffix}", folder / f"{folder.name}-cli{exe_suffix}"}
        saved = strip_binaries(folder, executables)
        print(f"build.py: stripping saved {saved / 2**20:.1f} MiB")

    size, report = size_report(folder)
    print(report)
    if size > SIZE_LIMIT_BYTES and sys.platform.startswith("linux"):
        print(
            f"build.py: FAILED: {folder} is {size / 1e6:.1f} MB, over the {SIZE_LIMIT_BYTES / 1e6:.0f} MB limit;"
            " see build/bundle_rules.py for what is kept and build/work/*/dropped.txt for what was left out",
            file=sys.stderr,
        )
        return 1
    if args.check_size or args.bare_window:
        return 0

    # The notices at the top of the folder too, where IT looks first (the app reads licenses/).
    shutil.copyfile(licensing.contents_dir(folder) / "licenses" / licensing.NOTICES, folder / licensing.NOTICES)
    problems = check_licences(folder)
    if problems:
        print("build.py: FAILED: licences missing:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"build.py: every file of {folder.name} belongs to a component with a licence text")

    return pack(folder)


def pack(folder: Path) -> int:
    """Archive (macOS: the .app, and a .dmg), SBOM of the folder, SHA256SUMS."""
    app = DIST / f"{APP_NAME}.app"
    archive = make_archive(app if sys.platform == "darwin" and app.is_dir() else folder)
    sbom = write_sbom(folder)
    dmg = make_dmg(app)
    sums = write_checksums([p for p in (archive, dmg, sbom) if p is not None])
    print(f"build.py: wrote {archive.relative_to(REPO)} ({archive.stat().st_size / 2**20:.1f} MiB),"
          f" {sbom.relative_to(REPO)}{', ' + dmg.name if dmg else ''} and {sums.relative_to(REPO)}")
    print(f"build.py: run it with {(folder / APP_NAME).relative_to(REPO)} (or --smoke, predict, report; see README)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
