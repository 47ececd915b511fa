"""Which writing system a character belongs to, and the font package that draws it (Qt-free).

Used when a patient label holds characters that no font on the computer covers (desktop/qt/fonts.py
finds them): the warning names the script and the package to install instead of printing boxes.
"""

from __future__ import annotations

import sys
import unicodedata

# Placeholder printed on the note for a character no font can draw (DejaVu and every Latin font have it).
PLACEHOLDER = "\u25a1"

# First word of the Unicode character name -> the writing system's name in the warning.
_CJK = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH"}
CJK_NAME = "Chinese, Japanese or Korean"
# writing system -> (Debian/Ubuntu package, Fedora package)
_PACKAGES = {
    CJK_NAME: ("fonts-noto-cjk", "google-noto-sans-cjk-fonts"),
    "emoji": ("fonts-noto-color-emoji", "google-noto-emoji-fonts"),
}


def script_of(char: str) -> str:
    """'Arabic', 'Hebrew', 'Devanagari', 'Chinese, Japanese or Korean', 'emoji', ... for a character."""
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0] if name else ""
    if first in _CJK:
        return CJK_NAME
    if unicodedata.category(char) == "So" and ord(char) >= 0x1F000:
        return "emoji"
    return first.capitalize() if first else f"U+{ord(char):04X}"


def packages(script: str) -> tuple[str, str]:
    """(Debian/Ubuntu, Fedora) font package for a writing system (Noto covers them all)."""
    if script in _PACKAGES:
        return _PACKAGES[script]
    return "fonts-noto-core", f"google-noto-sans-{script.lower().replace(' ', '-')}-fonts"


def install_advice(scripts: list[str], platform: str | None = None) -> str:
    """How to get fonts for ``scripts`` on this operating system (Linux: the packages)."""
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        return ("in Windows Settings > Time & language > Language & region, add the language written "
                "in that script: Windows installs its fonts with it")
    if platform == "darwin":
        return "macOS ships fonts for most scripts: in Font Book, download or install one for them"
    debian = list(dict.fromkeys(packages(s)[0] for s in scripts))
    fedora = list(dict.fromkeys(packages(s)[1] for s in scripts))
    return f"'sudo apt install {' '.join(debian)}' on Debian/Ubuntu, 'sudo dnf install {' '.join(fedora)}' on Fedora"


def missing_font_warning(chars: str, what: str = "the note", text: str | None = None,
                         platform: str | None = None) -> str | None:
    """One sentence naming what no font covers (the words of ``text`` holding ``chars``, else the
    characters), their scripts and how to install fonts for them on ``platform`` (default: this
    one); None if nothing is missing."""
    chars = "".join(dict.fromkeys(c for c in chars if not c.isspace()))
    if not chars:
        return None
    words = [w for w in (text or "").split() if any(c in chars for c in w)]
    shown = " ".join(dict.fromkeys(words)) if words else chars
    scripts = list(dict.fromkeys(script_of(c) for c in chars))
    return (f"no font on this computer can draw {', '.join(scripts)} characters of the patient label "
            f"(\u201c{shown}\u201d); {what} shows {PLACEHOLDER} in their place. Install a font for them "
            f"({install_advice(scripts, platform)}), then write the note again (restart netlm-risk first if it is open).")


def missing_font_notice(chars: str) -> str | None:
    """The short form for a screen beside the label field (the characters themselves cannot be shown there)."""
    chars = "".join(c for c in chars if not c.isspace())
    if not chars:
        return None
    scripts = list(dict.fromkeys(script_of(c) for c in chars))
    debian = " ".join(dict.fromkeys(packages(s)[0] for s in scripts))
    fedora = " ".join(dict.fromkeys(packages(s)[1] for s in scripts))
    return (f"No font on this computer draws the {', '.join(scripts)} characters of this label: the note shows "
            f"{PLACEHOLDER} for them. Install {debian} (Fedora: {fedora}), then restart netlm-risk.")


def with_placeholders(text: str, uncovered: str) -> str:
    """``text`` with each character of ``uncovered`` replaced by the placeholder."""
    return "".join(PLACEHOLDER if c in uncovered else c for c in text)
