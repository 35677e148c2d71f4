"""Writing a list to a file, format by extension (.csv, .xlsx), atomically: the rows go to a
temporary file in the same folder, renamed over the target only when every row is written. A
cancel (ExportCancelled from the progress callback) or an error leaves no file behind."""

from __future__ import annotations

import enum
from pathlib import Path

from reports.atomic import atomic_path
from reports.csv_out import CsvDialect, write_csv
from reports.table import ExportTable, Progress, no_progress
from reports.xlsx_out import write_xlsx


class FileFormat(enum.Enum):
    CSV = ".csv"
    XLSX = ".xlsx"
    PDF = ".pdf"


class FormatError(ValueError):
    """The file name's extension is not one the export writes."""


def file_format(path: str | Path, allowed: tuple[FileFormat, ...] = tuple(FileFormat)) -> FileFormat:
    suffix = Path(path).suffix.lower()
    for fmt in allowed:
        if fmt.value == suffix:
            return fmt
    names = ", ".join(f.value for f in allowed)
    raise FormatError(f"{path}: the extension {suffix or '(none)'!r} is not one of {names}")


def write_table(table: ExportTable, path: str | Path, *, dialect: CsvDialect = CsvDialect.BR,
                progress: Progress = no_progress) -> int:
    """Write `table` as CSV or XLSX (by `path`'s extension); the number of rows written."""
    fmt = file_format(path, (FileFormat.CSV, FileFormat.XLSX))
    with atomic_path(path) as tmp:
        if fmt is FileFormat.CSV:
            return write_csv(table, tmp, dialect, progress)
        return write_xlsx(table, tmp, progress)


__all__ = ["FileFormat", "FormatError", "file_format", "write_table"]
