"""Licence texts, third-party notices and the software bill of materials of the frozen app.

Every file PyInstaller puts in the folder is traced back to the component it came from:
  * an installed Python distribution that lists the file in its RECORD (importlib.metadata):
    its licence files (License-File / dist-info ``licenses/``), or the texts in build/licenses/
    for the distributions whose wheels carry none (PySide6, shiboken6, Qt);
  * parts of a distribution with licences of their own: the blocks ``Name: / Files: / License:``
    of its licence file (numpy's OpenBLAS, LAPACK, GCC runtime, libquadmath) and ICU in PySide6;
  * the Python installation itself (``sys.base_prefix``): the standard library, libpython;
  * netlm-risk's own files (this repository): LICENSE;
  * on Linux, a system library: its Debian package (``dpkg -S``) and /usr/share/doc/<pkg>/copyright.

A file that cannot be traced, or a component without a licence text, stops the build
(``LicenceError``). The spec calls ``collect`` and ships what ``write`` produces under
``licenses/``; build.py checks the finished folder with ``unclaimed_files`` and writes the SPDX
document with ``spdx_document``. Standard library only: the spec and the tests import it.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.metadata as metadata
import json
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parents[1]
VENDORED = REPO / "build" / "licenses"
MANIFEST = "components.json"
NOTICES = "THIRD-PARTY-NOTICES.txt"

LICENCE_FILE_RE = re.compile(r"(^|[/_.-])(LICEN[CS]E|COPYING|NOTICE|AUTHORS)([^/]*)$", re.IGNORECASE)

QT_LGPL_NOTE = """\
Qt and Qt for Python (PySide6, shiboken6) are used under the GNU Lesser General Public License
version 3 (texts: LGPL-3.0.txt, which adds to GPL-3.0.txt). netlm-risk is shipped as a folder
(PyInstaller's one-folder mode), not as a single file, so that you can replace them: the Qt
libraries are separate files (Linux: PySide6/Qt/lib/libQt6*.so.6 and the plugins under
PySide6/Qt/plugins/; Windows: PySide6/Qt6*.dll; macOS: PySide6/Qt/lib/Qt*.framework), and the
Python bindings are PySide6/*.abi3.so or *.pyd and shiboken6/. To use a modified Qt or PySide6,
build the same major.minor version from the source named above for the same platform and
compiler, put your files in place of these, and start netlm-risk as before: nothing in
netlm-risk is statically linked to Qt. You may also rebuild the whole application from its
source with your own Qt: pip install '.[build]' && python build/build.py."""


LGPL_POINTER = "Used under the LGPL version 3: see \"Replacing Qt and PySide6\" at the top of this file."


class LicenceError(Exception):
    """A bundled file whose component cannot be found, or a component without a licence text."""


@dataclass
class Component:
    key: str  # folder under licenses/
    name: str
    version: str
    licence: str  # as declared (an SPDX expression where the metadata gives one)
    source: str  # where its source code is
    texts: dict[str, bytes] = field(default_factory=dict)  # file name under licenses/<key>/ -> text
    files: set[str] = field(default_factory=set)  # bundle paths (forward slashes)
    modules: set[str] = field(default_factory=set)  # Python modules inside the executable's archive
    note: str = ""
    spdx_id: str | None = None  # a valid SPDX licence expression, or None (NOASSERTION)

    def as_json(self) -> dict:
        return {
            "key": self.key, "name": self.name, "version": self.version, "licence": self.licence,
            "spdx": self.spdx_id, "source": self.source, "note": self.note,
            "licence_files": sorted(f"{self.key}/{name}" for name in self.texts),
            "files": sorted(self.files), "modules": sorted(self.modules),
        }


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


_SPDX_TOKEN = re.compile(r"^[A-Za-z0-9.+-]+$")


def spdx_or_none(expression: str | None) -> str | None:
    """``expression`` if it reads as an SPDX licence expression (ids joined by AND/OR/WITH), else None."""
    if not expression:
        return None
    tokens = expression.replace("(", " ").replace(")", " ").split()
    ok = tokens and all(t in ("AND", "OR", "WITH") or _SPDX_TOKEN.match(t) for t in tokens)
    ok = ok and tokens[0] not in ("AND", "OR", "WITH") and not any(
        a not in ("AND", "OR", "WITH") and b not in ("AND", "OR", "WITH") for a, b in zip(tokens, tokens[1:]))
    return expression if ok else None


# ------------------------------------------------------------------------------------------------
# Licence texts the wheels do not carry (build/licenses/, see its README)
# ------------------------------------------------------------------------------------------------

QT_TEXTS = ("LGPL-3.0.txt", "GPL-3.0.txt")
VENDORED_DIST_TEXTS = {"pyside6-essentials": QT_TEXTS, "pyside6": QT_TEXTS, "shiboken6": QT_TEXTS}

# Parts of a distribution with their own licence: (distribution, file-name pattern) -> component.
# libicuuc.so.73 (Linux), icuuc74.dll, libicuuc.74.dylib: group 3 or 5 is the major version
ICU_RE = re.compile(r"^(lib)?icu(data|i18n|uc|dt|in|io|tu)\.?(\d+)?[\d.]*\.(dll|dylib|so(\.(\d+))?[\d.]*)$", re.IGNORECASE)
QT_LIB_RE = re.compile(r"(^|/)PySide6/(Qt/(lib|plugins)/|Qt6|qt6)|(^|/)lib(Qt6|qt6)\w*\.so|(^|/)Qt6\w*\.dll$")


def _vendored(names) -> dict[str, bytes]:
    return {name: (VENDORED / name).read_bytes() for name in names}


# ------------------------------------------------------------------------------------------------
# Tracing a file back to its component
# ------------------------------------------------------------------------------------------------


class _Index:
    """Which installed distribution owns which file (by resolved path)."""

    def __init__(self):
        self.owner: dict[str, metadata.Distribution] = {}
        for dist in metadata.distributions():
            for entry in dist.files or ():
                try:
                    self.owner.setdefault(str(Path(dist.locate_file(entry)).resolve()), dist)
                except OSError:
                    continue

    def find(self, path: Path) -> metadata.Distribution | None:
        return self.owner.get(str(path.resolve()))


def _dist_licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression") or meta.get("License") or ""
    if not expression.strip() or len(expression) > 200:
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or () if c.startswith("License ::")]
        short = expression.strip().splitlines()[0] if expression.strip() else ""
        expression = "; ".join(filter(None, [short, *classifiers]))
    return expression.strip()


def _dist_source(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    urls = {}
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        urls[canonical(label.strip())] = url.strip()
    repo = next((urls[k] for k in ("source", "source-code", "repository", "code") if k in urls), None)
    repo = repo or meta.get("Home-page") or urls.get("homepage", "")
    sdist = f"https://pypi.org/project/{meta['Name']}/{dist.version}/#files"
    return f"{repo} (release sources: {sdist})" if repo else sdist


def _dist_texts(dist: metadata.Distribution) -> dict[str, bytes]:
    texts = {}
    for entry in dist.files or ():
        posix = PurePosixPath(str(entry).replace("\\", "/"))
        if not LICENCE_FILE_RE.search(posix.name):
            continue
        parts = posix.parts
        if parts[0].endswith(".dist-info"):
            name = "/".join(parts[2:] if len(parts) > 2 and parts[1] == "licenses" else parts[1:])
        else:
            name = "/".join(parts)
        path = Path(dist.locate_file(entry))
        if path.is_file() and path.stat().st_size:
            texts[name] = path.read_bytes()
    return texts


def _blocks(texts: dict[str, bytes]) -> list[dict[str, str]]:
    """The ``Name: / Files: / Availability: / License:`` blocks of a wheel's licence file (auditwheel
    and delvewheel repairs record the libraries they add this way), each with its own text."""
    found = []
    for text in texts.values():
        lines = text.decode("utf-8", "replace").splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("Name: ")]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            block = lines[start:end]
            fields = {}
            for line in block:
                key, sep, value = line.partition(": ")
                if sep and key in ("Name", "Files", "Availability", "License", "Description") and key not in fields:
                    fields[key] = value.strip()
            if "Files" in fields and "License" in fields:
                fields["text"] = "\n".join(block).rstrip() + "\n"
                found.append(fields)
    return found


def _python_component() -> Component:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    candidates = [stdlib / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE"]
    texts = {"LICENSE.txt": p.read_bytes() for p in candidates[::-1] if p.is_file()}
    version = ".".join(map(str, sys.version_info[:3]))
    return Component(
        key="python", name="Python", version=version, licence="PSF-2.0", spdx_id="PSF-2.0",
        source=f"https://www.python.org/ftp/python/{version}/ (tag v{version} of https://github.com/python/cpython)",
        texts=texts,
        note="The licences of the software the Python interpreter incorporates (expat, libmpdec, zlib, "
             f"libffi...) are listed at https://docs.python.org/{sys.version_info[0]}.{sys.version_info[1]}/license.html.",
    )


def _own_component() -> Component:
    text = (REPO / "desktop" / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE).group(1)
    return Component(key="netlm-risk", name="netlm-risk", version=version, licence="MIT", spdx_id="MIT",
                     source="this folder's application source: the netlm-risk repository at the commit built",
                     texts={"LICENSE": (REPO / "LICENSE").read_bytes()})


def _debian_component(path: Path) -> tuple[str, Component] | None:
    """The Debian package that installed ``path``, with its copyright file; None when not found."""
    if not sys.platform.startswith("linux") or shutil.which("dpkg") is None:
        return None
    for candidate in dict.fromkeys([path, path.resolve()]):
        out = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True)
        if out.returncode == 0:
            package = out.stdout.split(":", 1)[0].strip()
            break
    else:
        return None
    query = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}\t${source:Package}\t${source:Version}", package],
        capture_output=True, text=True, check=True).stdout.split("\t")
    version, source_package, source_version = (query + ["", "", ""])[:3]
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    texts = {"copyright": copyright_file.read_bytes()} if copyright_file.is_file() else {}
    licences = sorted(set(re.findall(r"^License:\s*(\S[^\n]*)$", texts.get("copyright", b"").decode("utf-8", "replace"),
                                      re.MULTILINE)))
    key = f"debian-{package}"
    return key, Component(
        key=key, name=package, version=version, licence=" AND ".join(licences) or "see copyright",
        source=f"Debian source package {source_package} {source_version}: apt-get source {source_package}={source_version}"
               f" (https://sources.debian.org/src/{source_package}/{source_version.split(':')[-1]}/)",
        texts=texts, note="Taken from the build machine's Debian package (Debian copyright file).",
    )


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def collect(entries, executables=(), generated=("base_library.zip",)) -> dict[str, Component]:
    """Components of the bundle from PyInstaller TOC ``entries`` (dest, source, typecode).

    ``executables``: the bundle names of the bootloader executables (PyInstaller's bootloader plus
    the app's archive); ``generated``: files PyInstaller writes from the standard library.
    Raises LicenceError naming every file that could not be traced and every component left
    without a licence text.
    """
    index = _Index()
    components: dict[str, Component] = {}
    problems = []
    python = _python_component()
    own = _own_component()
    base = Path(sys.base_prefix)

    def component_of_dist(dist) -> Component:
        key = canonical(dist.metadata["Name"])
        if key not in components:
            texts = _dist_texts(dist) or _vendored(VENDORED_DIST_TEXTS.get(key, ()))
            licence = _dist_licence(dist)
            components[key] = Component(
                key=key, name=dist.metadata["Name"], version=dist.version, licence=licence,
                source=_dist_source(dist), texts=texts, spdx_id=spdx_or_none(licence),
                note=LGPL_POINTER if key in VENDORED_DIST_TEXTS else "")
        return components[key]

    def sub_components(dist, parent: Component, dest: str) -> list[Component]:
        name = PurePosixPath(dest).name
        found = []
        icu = ICU_RE.match(name)
        if icu and parent.key in VENDORED_DIST_TEXTS:
            major = int(icu.group(3) or icu.group(6) or 0)
            licence = "Unicode-3.0" if major >= 74 else "Unicode-DFS-2016"
            found.append(components.setdefault("icu", Component(
                key="icu", name="ICU (International Components for Unicode)", version=str(major or ""),
                licence=licence, spdx_id=licence, texts=_vendored(["ICU.txt"]),
                source=f"https://github.com/unicode-org/icu/releases (release {major})",
                note="Shipped inside the PySide6 wheel. ICU.txt is ICU's licence with its third-party notices as "
                     "published with ICU 74 and later (Unicode License V3); ICU 58-73 use the Unicode "
                     "Data Files and Software licence, whose grant and conditions are the same.")))
        elif parent.key in VENDORED_DIST_TEXTS and QT_LIB_RE.search(dest):
            found.append(components.setdefault("qt", Component(
                key="qt", name="Qt", version=parent.version,
                licence="LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
                spdx_id="LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only", texts=_vendored(QT_TEXTS),
                source=f"https://download.qt.io/official_releases/qt/{'.'.join(parent.version.split('.')[:2])}/"
                       f"{parent.version}/single/ (https://code.qt.io/cgit/qt/)",
                note="Shipped inside the PySide6 wheel. Qt incorporates third-party code under permissive "
                     "licences, listed with their texts at https://doc.qt.io/qt-6/licenses-used-in-qt.html "
                     "and in the Qt source. " + LGPL_POINTER)))
        for block in _blocks(parent.texts):
            patterns = [pattern.strip() for pattern in block["Files"].split(",") if pattern.strip()]
            # "numpy.libs/libgfortran*.so" is meant to cover libgfortran-....so.5.0.0 too
            if any(fnmatch.fnmatch(dest, p) or fnmatch.fnmatch(dest, p + ".*") for p in patterns):
                key = f"{parent.key}-{re.sub(r'[^a-z0-9]+', '-', block['Name'].lower()).strip('-')}"
                found.append(components.setdefault(key, Component(
                    key=key, name=block["Name"], version="", licence=block["License"],
                    spdx_id=spdx_or_none(block["License"]), texts={"LICENSE.txt": block["text"].encode()},
                    source=block.get("Availability", parent.source),
                    note=f"Shipped inside the {parent.name} {parent.version} wheel "
                         f"({block.get('Description', 'a library it links to')}).")))
        return found

    for dest, source, typecode in entries:
        dest = dest.replace("\\", "/")
        if typecode == "SYMLINK" or source is None:
            continue
        path = Path(source)
        owners: list[Component]
        dist = index.find(path)
        if dist is not None:
            parent = component_of_dist(dist)
            owners = sub_components(dist, parent, dest) or [parent]
        elif _is_under(path, REPO):
            owners = [components.setdefault(own.key, own)]
        elif _is_under(path, base):
            owners = [components.setdefault(python.key, python)]
        else:
            found = _debian_component(path)
            if found is None:
                problems.append(f"cannot tell which component {dest} comes from (source {source})")
                continue
            owners = [components.setdefault(found[0], found[1])]
        for owner in owners:
            if typecode.startswith("PYMODULE") or typecode == "PYSOURCE":
                owner.modules.add(dest)
            else:
                owner.files.add(dest)

    components.setdefault(python.key, python).files.update(generated)
    if executables:
        try:
            bootloader = component_of_dist(metadata.distribution("pyinstaller"))
        except metadata.PackageNotFoundError:
            problems.append("PyInstaller is not installed: its bootloader's licence cannot be found")
        else:
            bootloader.note = ("The executables are PyInstaller's bootloader with the application archive appended; "
                               "the bootloader's licence (GPL-2.0-or-later with the bootloader exception) permits "
                               "distributing it with any program.")
            bootloader.files.update(executables)
    components.setdefault(own.key, own)
    for component in components.values():
        if not component.texts or not all(text.strip() for text in component.texts.values()):
            problems.append(f"no licence text for {component.name} {component.version}".rstrip())
    if problems:
        raise LicenceError("\n".join(sorted(problems)))
    # netlm-risk first, then by name
    return dict(sorted(components.items(), key=lambda kv: (kv[0] != own.key, kv[1].name.lower(), kv[0])))


# ------------------------------------------------------------------------------------------------
# Writing licenses/ and reading it back
# ------------------------------------------------------------------------------------------------


def notices_text(components: dict[str, Component], app_version: str) -> str:
    lines = [
        f"netlm-risk {app_version}: third-party notices",
        "",
        "netlm-risk itself is under the MIT licence (licenses/netlm-risk/LICENSE). This folder also ships",
        "the components below, each under its own licence; the full texts are in licenses/<folder>/.",
        "",
    ]
    if any(c.note.endswith(LGPL_POINTER) for c in components.values()):
        lines += ["== Replacing Qt and PySide6", *QT_LGPL_NOTE.splitlines(), ""]
    for c in components.values():
        lines += [
            f"== {c.name} {c.version}".rstrip(),
            f"Licence: {c.licence}",
            f"Source: {c.source}",
            f"Licence texts: {', '.join(sorted(f'licenses/{c.key}/{n}' for n in c.texts))}",
            f"In this folder: {len(c.files)} files" + (f" and {len(c.modules)} Python modules inside the executable"
                                                       if c.modules else ""),
        ]
        if c.note:
            lines += ["", *c.note.splitlines()]
        lines.append("")
    return "\n".join(lines)


def write(components: dict[str, Component], out_dir: Path, app_version: str) -> list[Path]:
    """Write licenses/<key>/<texts>, THIRD-PARTY-NOTICES.txt and components.json under ``out_dir``."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    written = []
    for c in components.values():
        for name, text in sorted(c.texts.items()):
            path = out_dir / c.key / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
            written.append(path)
    (out_dir / NOTICES).write_text(notices_text(components, app_version), encoding="utf-8", newline="\n")
    manifest = {"app_version": app_version, "components": [c.as_json() for c in components.values()]}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8", newline="\n")
    return sorted([*written, out_dir / NOTICES, out_dir / MANIFEST])


def contents_dir(folder: Path) -> Path:
    """Where PyInstaller put everything but the executables (``_internal`` in one-folder mode)."""
    return folder / "_internal" if (folder / "_internal").is_dir() else folder


def read_manifest(folder: Path) -> dict:
    return json.loads((contents_dir(folder) / "licenses" / MANIFEST).read_text(encoding="utf-8"))


def claims(folder: Path) -> dict[str, list[str]]:
    """Folder-relative path of every regular file -> keys of the components that account for it."""
    manifest = read_manifest(folder)
    inside = contents_dir(folder).relative_to(folder).as_posix()
    prefix = "" if inside == "." else inside + "/"
    owners: dict[str, list[str]] = {}
    for c in manifest["components"]:
        for dest in c["files"]:
            # executables sit at the top of the folder; everything else under the contents folder
            relative = dest if (folder / dest).is_file() and not (contents_dir(folder) / dest).is_file() else prefix + dest
            owners.setdefault(relative, []).append(c["key"])
    for path in (contents_dir(folder) / "licenses").rglob("*"):
        if path.is_file():
            owners.setdefault(path.relative_to(folder).as_posix(), []).append("netlm-risk")
    if (folder / NOTICES).is_file():
        owners.setdefault(NOTICES, []).append("netlm-risk")
    return owners


def regular_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def unclaimed_files(folder: Path) -> list[str]:
    owned = claims(folder)
    return [p.relative_to(folder).as_posix() for p in regular_files(folder) if p.relative_to(folder).as_posix() not in owned]


def components_without_text(folder: Path) -> list[str]:
    base = contents_dir(folder) / "licenses"
    missing = []
    for c in read_manifest(folder)["components"]:
        texts = [base / name for name in c["licence_files"]]
        if not texts or not all(p.is_file() and p.read_bytes().strip() for p in texts):
            missing.append(f"{c['name']} {c['version']}".rstrip())
    return missing


# ------------------------------------------------------------------------------------------------
# SPDX 2.3 (JSON) of the finished folder
# ------------------------------------------------------------------------------------------------


def _digests(path: Path) -> tuple[str, str]:
    sha256, sha1 = hashlib.sha256(), hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha256.update(block)
            sha1.update(block)
    return sha256.hexdigest(), sha1.hexdigest()


def _spdx_ref(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "-", text)


def spdx_document(folder: Path, name: str, created: str) -> dict:
    """An SPDX 2.3 document of ``folder`` as it is: every regular file with its SHA-256 and SHA-1,
    the components from licenses/components.json, and which component contains which file."""
    manifest = read_manifest(folder)
    owned = claims(folder)
    files, relationships = [], []
    packages = []
    for c in manifest["components"]:
        ref = f"SPDXRef-Package-{_spdx_ref(c['key'])}"
        packages.append({
            "SPDXID": ref, "name": c["name"], "versionInfo": c["version"] or "NOASSERTION",
            "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
            "licenseConcluded": "NOASSERTION", "licenseDeclared": c["spdx"] or "NOASSERTION",
            "copyrightText": "NOASSERTION",
            "comment": f"Source: {c['source']}. Declared licence: {c['licence']}. "
                       f"Licence texts in the folder: {', '.join('licenses/' + n for n in c['licence_files'])}."
                       + (f" Also {len(c['modules'])} Python modules inside the executable's archive." if c["modules"] else ""),
        })
    own_ref = "SPDXRef-Package-netlm-risk"
    relationships.append({"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": own_ref})
    for c in manifest["components"]:
        if c["key"] != "netlm-risk":
            relationships.append({"spdxElementId": own_ref, "relationshipType": "DEPENDS_ON",
                                  "relatedSpdxElement": f"SPDXRef-Package-{_spdx_ref(c['key'])}"})
    for n, path in enumerate(regular_files(folder), start=1):
        relative = path.relative_to(folder).as_posix()
        sha256, sha1 = _digests(path)
        ref = f"SPDXRef-File-{n}"
        files.append({
            "SPDXID": ref, "fileName": f"./{folder.name}/{relative}",
            "checksums": [{"algorithm": "SHA1", "checksumValue": sha1}, {"algorithm": "SHA256", "checksumValue": sha256}],
            "licenseConcluded": "NOASSERTION", "copyrightText": "NOASSERTION",
        })
        for key in owned.get(relative, []):
            relationships.append({"spdxElementId": f"SPDXRef-Package-{_spdx_ref(key)}", "relationshipType": "CONTAINS",
                                  "relatedSpdxElement": ref})
    content = hashlib.sha256(json.dumps([files, packages], sort_keys=True).encode()).hexdigest()
    return {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": name,
        "documentNamespace": f"https://spdx.org/spdxdocs/{name}-{content}",
        "creationInfo": {"created": created, "creators": ["Tool: netlm-risk build/build.py"]},
        "packages": packages, "files": files, "relationships": relationships,
    }
