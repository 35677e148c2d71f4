"""Accent- and case-folding for searches and sorting by a name: the SQL function `fm_fold`.

On SQLite each connection gets a deterministic function `fm_fold(text)` (Python: accents
removed through a translation table that also drops combining marks, so NFC and NFD names fold
alike, then lower-cased). Searches match and lists sort names through it, so "Estêvão" sorts
with the E's and "João" before "José" as a reader expects.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from storage.models import database_proxy

FOLD_FUNCTION = "fm_fold"


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x80, 0x250):  # Latin-1 and Latin Extended-A/B: every accented letter we meet
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base != char:
            table[code] = base
    for code in range(0x300, 0x370):  # combining marks of decomposed (NFD) text
        table[code] = None
    return table


_FOLD = _fold_table()


def fold_text(text: str | None) -> str | None:
    """Lower case without accents: 'JOÃO Simões' -> 'joao simoes' (the SQL `fm_fold`)."""
    if text is None:
        return None
    return text.translate(_FOLD).lower()


def install_fold() -> None:
    """Register `fm_fold` on this thread's connection (cheap; connections are per thread)."""
    connection = database_proxy.connection()
    if isinstance(connection, sqlite3.Connection):
        connection.create_function(FOLD_FUNCTION, 1, fold_text, deterministic=True)



__all__ = ["FOLD_FUNCTION", "fold_text", "install_fold"]
