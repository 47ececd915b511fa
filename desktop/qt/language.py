"""The patient's language through Qt's translation system.

Each language gets its own ``QTranslator`` loaded from ``desktop/i18n/netlm_risk_<lang>.qm``
(made by ``pyside6-lrelease`` from the ``.ts`` file beside it) and is used directly rather
than installed on the application: the clinician's screens stay English, and the counselling
view, the take-home sheet and the command line each choose a language of their own,
whatever the workstation's locale. The report layer gets the translator as a
``desktop.report.words.Words`` (it does not import Qt).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6 import QtCore

from desktop.report.words import LANGUAGES, Words, qm_path


class QtWords(Words):
    """``Words`` answered by a QTranslator (numerus forms chosen by Qt's rules for the language)."""

    def __init__(self, language: str):
        super().__init__(language, catalog={})
        self.translator = QtCore.QTranslator()
        path = qm_path(language)
        if not self.translator.load(str(path)):
            raise FileNotFoundError(f"the translations for '{language}' are missing ({path})")

    def lookup(self, context: str, text: str, disambiguation: str, n: int) -> str | None:
        return self.translator.translate(context, text, disambiguation or None, n) or None


@lru_cache(maxsize=None)
def words_for(language: str) -> Words:
    """The patient's words in ``language`` (one of desktop.report.words.LANGUAGES)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)} (got {language!r})")
    return QtWords(language)
