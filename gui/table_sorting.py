"""How a table sorts by what a column shows, when its rows are all in memory: numbers as
numbers, dates and times as instants, text without case or accents, and empty cells ("—") last.

The text is read back through the interface's QLocale (gui.formatting), so "1.234,5" (pt-BR)
and "1,234.5" (English), "28/11/2026 14:05" and "R$ 129,90" compare as the values they show.
Keys are (kind, number, text) triples, so a column that mixes kinds still sorts.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from PySide6.QtCore import QLocale

from gui import formatting as fmt

EMPTY = ("", "—", "-")
_AFFIXES = ("R$", "#", "%", " s", "≥")
NUMBER, INSTANT, TEXT, NONE = 0, 1, 2, 3


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _number(text: str) -> float | None:
    bare = text.replace("\xa0", " ").replace("\u202f", " ").strip()
    for affix in _AFFIXES:
        bare = bare.removeprefix(affix).removesuffix(affix).strip()
    value, ok = fmt.locale().toDouble(bare)
    return float(value) if ok else None


def _instant(text: str) -> float | None:
    loc = fmt.locale()
    short = loc.dateFormat(QLocale.FormatType.ShortFormat)
    for pattern in (short + " HH:mm:ss", short + " HH:mm"):
        dt = loc.toDateTime(text, pattern)
        if dt.isValid():
            return float(dt.toSecsSinceEpoch())
    day = loc.toDate(text, short)
    if day.isValid():
        return datetime(day.year(), day.month(), day.day()).timestamp()
    return None


def text_key(text: str | None) -> tuple[int, float, str]:
    """A sort key for a cell's text (see the module docstring)."""
    clean = " ".join((text or "").split())
    if clean in EMPTY:
        return (NONE, 0.0, "")
    number = _number(clean)
    if number is not None:
        return (NUMBER, number, "")
    instant = _instant(clean)
    if instant is not None:
        return (INSTANT, instant, "")
    return (TEXT, 0.0, _fold(clean))


__all__ = ["text_key"]
