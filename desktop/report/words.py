"""How the patient's language reaches the report layer, which must not import Qt.

The patient-facing words are marked for Qt's translation tools in the usual way: a class
whose methods call ``self.tr("...")`` (``pyside6-lupdate`` files them under the class name
as context, with numerus forms when a count is passed). Here ``tr`` does not go to Qt: it asks
a ``Words`` object, passed in by the caller. The Qt side (``desktop.qt.language``) passes one
backed by a ``QTranslator`` and the compiled ``.qm`` file; without one the report layer uses
the English words, read from ``desktop/i18n/netlm_risk_en.ts`` by the small reader below (the
English file holds only the singular forms of the counted phrases, as Qt's ``-pluralonly``
makes it). The same reader lets the tests check that every ``.qm`` says what its ``.ts`` says.

Numbers follow the language, not the workstation: a decimal comma in Spanish and German.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
SOURCE_LANGUAGE = "en"
# the patient's languages, by their own names (the choice is made by someone who reads it)
LANGUAGES = {"en": "English", "es": "Español", "de": "Deutsch"}
DECIMAL_POINT = {"en": ".", "es": ",", "de": ","}
# A translation is marked reviewed in desktop/i18n/review.json once a native-speaking
# clinician has checked it; until then the patient's screen and sheet say so.
UNREVIEWED_NOTE_EN = "Translation not yet reviewed by a clinician"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate looks for)
    """Mark ``text`` for translation under ``context`` without translating it here."""
    return text


def ts_path(language: str) -> Path:
    return I18N_DIR / f"netlm_risk_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"netlm_risk_{language}.qm"


def plural_form(language: str, n: int) -> int:
    """Index of the numerus form for ``n``: English, Spanish and German all have two, one and other."""
    if language not in LANGUAGES:
        raise ValueError(f"no plural rule for language {language!r}")
    return 0 if n == 1 else 1


Catalog = dict[tuple[str, str, str], list[str]]


def read_ts(path: Path | str) -> Catalog:
    """The translations of a ``.ts`` file: (context, source, comment) -> forms.

    Mirrors what ``lrelease`` compiles: vanished and obsolete entries and empty translations
    are left out (the source text then shows, as in Qt).
    """
    import xml.etree.ElementTree as ElementTree  # only when a .ts is read (not at start-up)

    catalog: Catalog = {}
    root = ElementTree.parse(str(path)).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("vanished", "obsolete"):
                continue
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            if message.get("numerus") == "yes":
                forms = [form.text or "" for form in translation.iter("numerusform")]
            else:
                forms = [translation.text or ""]
            if any(forms):
                catalog[(name, source, comment)] = forms
    return catalog


def review_status() -> dict[str, dict]:
    """desktop/i18n/review.json: per language, whether a native-speaking clinician reviewed it."""
    return json.loads((I18N_DIR / "review.json").read_text(encoding="utf-8"))


def is_reviewed(language: str) -> bool:
    if language == SOURCE_LANGUAGE:
        return True
    entry = review_status().get(language) or {}
    return bool(entry.get("reviewed")) and bool(entry.get("reviewer"))


class Words:
    """Translation and number formatting for one language, from a catalog (no Qt).

    ``translate`` follows ``QCoreApplication.translate``: the text in the patient's language
    (the source text when there is no translation), with ``%n`` replaced by the count.
    """

    def __init__(self, language: str = SOURCE_LANGUAGE, catalog: Catalog | None = None):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)} (got {language!r})")
        self.language = language
        self.catalog = catalog if catalog is not None else {}

    @classmethod
    def from_ts(cls, language: str) -> "Words":
        return cls(language, read_ts(ts_path(language)))

    def lookup(self, context: str, text: str, disambiguation: str, n: int) -> str | None:
        forms = self.catalog.get((context, text, disambiguation or ""))
        if not forms:
            return None
        form = forms[min(plural_form(self.language, n), len(forms) - 1)] if n >= 0 else forms[0]
        return form or None

    def translate(self, context: str, text: str, disambiguation: str | None = "", n: int = -1) -> str:
        found = self.lookup(context, text, disambiguation or "", n)
        out = text if found is None else found
        return out.replace("%n", self.number(n)) if n >= 0 else out

    def number(self, value: float, decimals: int = 0) -> str:
        text = f"{value:.{decimals}f}"
        return text.replace(".", DECIMAL_POINT[self.language])

    @property
    def reviewed(self) -> bool:
        return is_reviewed(self.language)

    @property
    def unreviewed_note(self) -> str:
        """Small print for an unreviewed language: in English for the clinician and in the language."""
        if self.reviewed:
            return ""
        translated = self.translate("Words", "Translation not yet reviewed by a clinician")
        return UNREVIEWED_NOTE_EN if translated == UNREVIEWED_NOTE_EN else f"{translated} · {UNREVIEWED_NOTE_EN}"


@lru_cache(maxsize=None)
def english() -> Words:
    """The source language with its numerus forms (the report layer's default)."""
    return Words.from_ts(SOURCE_LANGUAGE)


class Phrases:
    """Base of the Qt-free classes whose ``self.tr`` calls lupdate collects (context: the class name).

    Subclasses are not subclassed further: a subclass would change the context.
    """

    def __init__(self, words: Words | None = None):
        self.words = words or english()

    def tr(self, text: str, disambiguation: str = "", n: int = -1) -> str:
        return self.words.translate(type(self).__name__, text, disambiguation, n)

    def number(self, value: float, decimals: int = 0) -> str:
        return self.words.number(value, decimals)
