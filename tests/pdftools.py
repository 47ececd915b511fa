"""Read PDFs back and find optional system programs, with nothing but what pip installs.

The tests read the consult note as a reader would, through pypdfium2 (PDFium, the engine of
Chrome's viewer: text, character positions and rendering) and pypdf (font and image resources),
both in the ``test`` extra. No poppler command-line tool is needed.

A test that truly needs a system program (a real X server, ``unshare``) asks for it with
``require_program`` or ``needs_program``, which skip with the name of the package to install.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

# Programs some tests use when present: (Debian/Ubuntu package, Fedora package).
PACKAGES = {
    "xvfb-run": ("xvfb", "xorg-x11-server-Xvfb"),
    "Xvfb": ("xvfb", "xorg-x11-server-Xvfb"),
    "xauth": ("xauth", "xorg-x11-xauth"),
    "unshare": ("util-linux", "util-linux"),
    "ldd": ("libc-bin", "glibc-common"),
    "readelf": ("binutils", "binutils"),
}


def package_hint(program: str) -> str:
    debian, fedora = PACKAGES.get(program, (program, program))
    return f"needs {program} (Debian/Ubuntu: apt install {debian}; Fedora: dnf install {fedora})"


def require_program(program: str) -> str:
    """The program's path, or skip the test naming the package that provides it."""
    path = shutil.which(program)
    if path is None:
        pytest.skip(package_hint(program))
    return path


def needs_program(*programs: str):
    """Marker: skip unless every program is on PATH; the reason names the packages."""
    missing = [p for p in programs if shutil.which(p) is None]
    return pytest.mark.skipif(bool(missing), reason="; ".join(package_hint(p) for p in missing) or "present")


# ------------------------------------------------------------------ reading PDFs


def _document(path: Path | str) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(str(path))


def pdf_page_count(path: Path | str) -> int:
    document = _document(path)
    try:
        return len(document)
    finally:
        document.close()


def pdf_page_size(path: Path | str, page: int = 0) -> tuple[float, float]:
    """Width and height of a page in points (A4 is 595 x 842, US Letter 612 x 792)."""
    document = _document(path)
    try:
        width, height = document[page].get_size()
        return round(width, 1), round(height, 1)
    finally:
        document.close()


def _page_texts(path: Path | str) -> list[str]:
    document = _document(path)
    try:
        out = []
        for page in document:
            textpage = page.get_textpage()
            # PDFium marks a hyphen that ends a printed line as U+0002 and joins the lines
            out.append(textpage.get_text_bounded().replace("\x02", "-"))
            textpage.close()
            page.close()
        return out
    finally:
        document.close()


def _page_lines(textpage) -> list[str]:
    """The page's printed lines, left to right, from each character's box (as ``pdftotext -layout``).

    Characters whose vertical centres (of the font's box, not the glyph's ink) fall within half a
    line height are one line, so a table row reads across its cells. A space separates two
    characters that the text separates, or that a wide gap separates (two cells of a row).
    """
    chars, after_space = [], True
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char or char.isspace():
            after_space = True
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        height = max(top - bottom, 1.0)
        chars.append(((top + bottom) / 2, height, left, right, char, after_space))
        after_space = False
    chars.sort(key=lambda c: -c[0])
    lines: list[list] = []
    for char in chars:
        if lines and abs(lines[-1][0] - char[0]) < 0.5 * max(lines[-1][1], char[1]):
            lines[-1][2].append(char)
        else:
            lines.append([char[0], char[1], [char]])
    out = []
    for _, height, members in lines:
        members.sort(key=lambda c: c[2])
        text, previous_right = "", None
        for _, char_height, left, right, char, spaced in members:
            if previous_right is not None and (spaced or left - previous_right > 0.5 * max(height, char_height)):
                text += " "
            text += char
            previous_right = right
        out.append(text)
    return out


def pdf_text(path: Path | str, layout: bool = False) -> str:
    """Text of every page, with each run of white space made one space (line breaks are layout).

    The default reading order keeps wrapped paragraphs whole; ``layout=True`` keeps each printed
    line whole, so a table row reads across.
    """
    if not layout:
        return " ".join(" ".join(_page_texts(path)).split())
    document = _document(path)
    try:
        lines = []
        for page in document:
            textpage = page.get_textpage()
            lines.extend(_page_lines(textpage))
            textpage.close()
            page.close()
    finally:
        document.close()
    return " ".join(" ".join(lines).split())


def pdf_page_texts(path: Path | str) -> list[str]:
    """Each page's text, white space kept as PDFium extracts it (lines end with CR LF)."""
    return _page_texts(path)


def pdf_char_boxes(path: Path | str, text: str, page: int = 0) -> list[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top, in points) of each character of ``text`` where it is
    first printed on the page, in reading (logical) order; [] if it is not there."""
    document = _document(path)
    try:
        textpage = document[page].get_textpage()
        chars = [(i, textpage.get_text_range(i, 1)) for i in range(textpage.count_chars())]
        printed = [(i, c) for i, c in chars if c and not c.isspace()]
        wanted = [c for c in text if not c.isspace()]
        joined = "".join(c for _, c in printed)
        start = joined.find("".join(wanted))
        if start < 0:
            return []
        return [tuple(textpage.get_charbox(i)) for i, _ in printed[start:start + len(wanted)]]
    finally:
        document.close()


def _resources(reader: PdfReader):
    """Every resource dictionary of every page, including those of forms and patterns it uses."""
    seen, stack = set(), []
    for page in reader.pages:
        if "/Resources" in page:
            stack.append(page["/Resources"])
    while stack:
        resources = stack.pop().get_object()
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        yield resources
        for kind in ("/XObject", "/Pattern"):
            for item in resources.get(kind, {}).values():
                item = item.get_object()
                if "/Resources" in item:
                    stack.append(item["/Resources"])


def pdf_fonts(path: Path | str) -> list[str]:
    """Names of the fonts the PDF uses (as ``pdffonts`` lists them, without a subset prefix)."""
    names = set()
    for resources in _resources(PdfReader(str(path))):
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            for item in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                name = str(item.get("/BaseFont", "")).lstrip("/")
                if name:
                    names.add(name.split("+", 1)[-1])
    return sorted(names)


def pdf_image_count(path: Path | str) -> int:
    """Raster images drawn anywhere in the PDF (0 for a note drawn all in vectors and text)."""
    count = 0
    for resources in _resources(PdfReader(str(path))):
        for item in resources.get("/XObject", {}).values():
            if item.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


def render_page(path: Path | str, dpi: float, page: int = 0, gray: bool = True) -> np.ndarray:
    """The page as a numpy array (rows x columns, uint8; x 3 in RGB order when ``gray`` is False)."""
    document = _document(path)
    try:
        bitmap = document[page].render(scale=dpi / 72, grayscale=gray, rev_byteorder=not gray)
        image = np.array(bitmap.to_numpy(), copy=True)
    finally:
        document.close()
    if gray:
        return image.reshape(image.shape[0], image.shape[1])
    return image[:, :, :3]


def save_png(image: np.ndarray, path: Path | str) -> None:
    """Write a rendered page to a PNG (to look at it), through Qt, which the tests have anyway."""
    from PySide6 import QtGui

    image = np.ascontiguousarray(image)
    if image.ndim == 2:
        qimage = QtGui.QImage(image.data, image.shape[1], image.shape[0], image.strides[0],
                              QtGui.QImage.Format.Format_Grayscale8)
    else:
        qimage = QtGui.QImage(image.data, image.shape[1], image.shape[0], image.strides[0],
                              QtGui.QImage.Format.Format_RGB888)
    if not qimage.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
