"""The Linux desktop entry and the application icon in resources/ (installed as the README says)."""

from __future__ import annotations

import configparser
import struct
import xml.etree.ElementTree as ET

from tests.conftest import REPO

RESOURCES = REPO / "resources"


def test_desktop_entry_launches_the_executable_with_the_shipped_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(RESOURCES / "netlm-risk.desktop", encoding="utf-8")
    group = entry["Desktop Entry"]
    assert group["Type"] == "Application"
    assert group["Version"] in {"1.0", "1.1", "1.2", "1.3", "1.4"}  # desktop-file-validate knows these
    assert group["Exec"].split()[0] == "netlm-risk"  # on PATH through the README's symlink
    assert group["Terminal"] == "false"
    assert group["Icon"] == "netlm-risk"
    assert (RESOURCES / f"{group['Icon']}.png").is_file()
    assert group["Categories"].endswith(";")
    # offered in "Open with" for case files (Exec's %f receives the file)
    assert "application/json" in group["MimeType"].split(";") and "%f" in group["Exec"].split()


def test_icon_png_is_256_pixels_square_and_the_svg_parses():
    data = (RESOURCES / "netlm-risk.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # IHDR
    assert (width, height) == (256, 256)
    root = ET.parse(RESOURCES / "netlm-risk.svg").getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 256 256"
