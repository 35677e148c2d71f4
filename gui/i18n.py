"""Interface language: English source strings, a shipped pt-BR translation, chosen by the
system locale unless `--lang` forces one. Also sets the QLocale that formats dates and money.

The translation (resources/translations/faturas_pt_BR.ts, compiled to .qm) is refreshed from the
code by `python scripts/update_translations.py`; `--check` says whether it is complete."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui import formatting

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
SUPPORTED = ("en", "pt_BR")

_installed: list[QTranslator] = []

# Marks a string for lupdate and returns it unchanged. PySide6's stub declares the result as
# `object`; typed here once so a table of marked strings is a table of str.
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)


class LanguageError(ValueError):
    pass


def normalise_lang(lang: str | None) -> str:
    """'pt', 'pt-BR', 'pt_br' → 'pt_BR'; 'en', 'en_US' → 'en'. None → from the system locale."""
    raw = (lang or QLocale.system().name() or "en").replace("-", "_")
    low = raw.lower()
    if low.startswith("pt"):
        return "pt_BR"
    if low.startswith("en") or low in ("c", "posix"):
        return "en"
    if lang is not None:
        raise LanguageError(f"--lang {lang!r} is not supported; use one of: {', '.join(SUPPORTED)}")
    return "en"


def install_language(app: QCoreApplication, lang: str | None = None) -> str:
    """Install the translators for `lang` (or the system's); return the language used."""
    chosen = normalise_lang(lang)
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if chosen == "pt_BR":
        locale = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
        ours = QTranslator(app)
        if ours.load(str(TRANSLATIONS / "faturas_pt_BR.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("pt-BR translation not found in %s", TRANSLATIONS)
        qt = QTranslator(app)
        if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    else:
        system = QLocale.system()
        english = system.language() == QLocale.Language.English
        locale = system if english else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    formatting.set_locale(locale)
    return chosen
