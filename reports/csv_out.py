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
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
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


def _br_decimal(value: float | Decimal, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def cell_formatter(dialect: CsvDialect, tz: tzinfo) -> Callable[[Kind, Any], str]:
    br = dialect is CsvDialect.BR

    def fmt(kind: Kind, value: Any) -> str:
        if value is None:
            return ""
        if kind is Kind.TEXT:
            return neutralise(str(value))
        if kind is Kind.CODE:
            return neutralise(format_code(str(value)) if br else str(value))
        if kind is Kind.INT:
            return str(int(value))
        if kind is Kind.MONEY:
            return _br_decimal(value, 2) if br else f"{value:.2f}"
        if kind is Kind.SECONDS:
            return _br_decimal(value, 3) if br else f"{value:.3f}"
        if kind is Kind.PERCENT:
            return _br_decimal(value * 100, 1) + "%" if br else f"{value:.4f}"
        if kind is Kind.DATETIME:
            assert isinstance(value, datetime)
            local = value.astimezone(tz)
            if br:
                return local.strftime("%d/%m/%Y %H:%M:%S")
            return value.astimezone(UTC).replace(microsecond=0).isoformat()
        if kind is Kind.DATE:
            assert isinstance(value, date)
            return value.strftime("%d/%m/%Y") if br else value.isoformat()
        return neutralise(str(value))

    return fmt


def write_csv(table: ExportTable, path: Path, dialect: CsvDialect = CsvDialect.BR,
              progress: Progress = no_progress) -> int:
    """Write every row of `table` to `path` (not atomically: see reports.export); the row count."""
    br = dialect is CsvDialect.BR
    fmt = cell_formatter(dialect, table.meta.tz)
    kinds = [c.kind for c in table.columns]
    done = 0
    with open(path, "w", encoding="utf-8-sig" if br else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";" if br else ",", lineterminator="\r\n",
                            quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(c.header) for c in table.columns])
        progress(0, table.total)
        for batch in table.batches:
            writer.writerows([fmt(k, v) for k, v in zip(kinds, row, strict=True)] for row in batch)
            before, done = done, done + len(batch)
            if done // PROGRESS_EVERY != before // PROGRESS_EVERY or not batch:
                progress(done, table.total)
    progress(done, table.total)
    return done


__all__ = ["CsvDialect", "cell_formatter", "neutralise", "write_csv"]
