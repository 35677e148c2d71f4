"""CSV output in two dialects.

- `BR` (default): what a Brazilian Excel opens right with a double click: UTF-8 with BOM, `;`
  between fields, decimal comma without thousands separators (so amounts stay numbers), dates
  dd/mm/aaaa, times dd/mm/aaaa hh:mm:ss in the report's zone, shares as `12,5%`. Bar codes are
  written as their grouped linha digitável (spaces keep Excel from turning 48 digits into
  8,46E+47).
- `PLAIN`: RFC 4180 for programs: UTF-8 without BOM, `,`, CRLF, ISO 8601 dates and times, dot
  decimals, shares as fractions, codes as stored.

In both, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading apostrophe, so a spreadsheet never runs it as a formula (OWASP's CSV injection advice).
"""

from __future__ import annotations

import csv
import enum
import functools
from collections.abc import Callable
from datetime import UTC, date, tzinfo
from pathlib import Path
from typing import Any

from core.linha_digitavel import format_code
from reports.table import ExportTable, Kind, Progress, no_progress

PROGRESS_EVERY = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvDialect(enum.Enum):
    BR = "br"
    PLAIN = "plain"


def neutralise(text: str) -> str:
    """A leading apostrophe on text a spreadsheet would take for a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _br_date(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def column_formatter(kind: Kind, dialect: CsvDialect, tz: tzinfo) -> Callable[[Any], str]:
    """The text of one column's values (None: empty); chosen once per column, called per cell."""
    br = dialect is CsvDialect.BR

    def text(value: Any) -> str:
        return "" if value is None else neutralise(str(value))

    def code(value: Any) -> str:
        return "" if value is None else neutralise(format_code(str(value)) if br else str(value))

    def integer(value: Any) -> str:
        return "" if value is None else str(int(value))

    def fixed(places: int, scale: int = 1, suffix: str = "") -> Callable[[Any], str]:
        def out(value: Any) -> str:
            if value is None:
                return ""
            shown = f"{value * scale:.{places}f}"
            return (shown.replace(".", ",") if br else shown) + suffix

        return out

    @functools.lru_cache(maxsize=8192)  # due dates repeat: thousands of distinct values at most
    def day(value: date) -> str:
        return _br_date(value) if br else value.isoformat()

    def day_or_empty(value: Any) -> str:
        return "" if value is None else day(value)

    def moment(value: Any) -> str:
        if value is None:
            return ""
        if br:
            local = value.astimezone(tz)
            return f"{_br_date(local)} {local.hour:02d}:{local.minute:02d}:{local.second:02d}"
        return str(value.astimezone(UTC).replace(microsecond=0).isoformat())

    formatters: dict[Kind, Callable[[Any], str]] = {
        Kind.TEXT: text, Kind.CODE: code, Kind.INT: integer, Kind.MONEY: fixed(2),
        Kind.SECONDS: fixed(3), Kind.PERCENT: fixed(1, 100, "%") if br else fixed(4),
        Kind.DATE: day_or_empty, Kind.DATETIME: moment,
    }
    return formatters[kind]


def cell_formatter(dialect: CsvDialect, tz: tzinfo) -> Callable[[Kind, Any], str]:
    """One cell's text by its column kind (for callers formatting a single value)."""
    by_kind = {kind: column_formatter(kind, dialect, tz) for kind in Kind}
    return lambda kind, value: by_kind[kind](value)


def write_csv(table: ExportTable, path: Path, dialect: CsvDialect = CsvDialect.BR,
              progress: Progress = no_progress) -> int:
    """Write every row of `table` to `path` (not atomically: see reports.export); the row count."""
    br = dialect is CsvDialect.BR
    formatters = [column_formatter(c.kind, dialect, table.meta.tz) for c in table.columns]
    done = 0
    with open(path, "w", encoding="utf-8-sig" if br else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";" if br else ",", lineterminator="\r\n",
                            quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(c.header) for c in table.columns])
        progress(0, table.total)
        for batch in table.batches:
            writer.writerows([f(v) for f, v in zip(formatters, row, strict=True)] for row in batch)
            before, done = done, done + len(batch)
            if done // PROGRESS_EVERY != before // PROGRESS_EVERY or not batch:
                progress(done, table.total)
    progress(done, table.total)
    return done


__all__ = ["CsvDialect", "cell_formatter", "column_formatter", "neutralise", "write_csv"]
