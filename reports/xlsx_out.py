"""Excel output (.xlsx) with openpyxl in write-only mode: rows go to the file as they come, so a
million rows take no more memory than a hundred.

Typed cells: amounts as numbers in `R$ #.##0,00`, dates as dates (dd/mm/aaaa), times as local
date-times, shares as percentages, seconds with three decimals; bar codes and PIX codes as text
cells (never a number in scientific notation); a text that looks like a formula stays text. The
header row is frozen and carries an autofilter; columns get widths. A second sheet, "Sobre",
records the report's title, filters, database, generation time and whether documents are
masked; the same goes into the workbook's properties.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reports import texts
from reports.table import ExportTable, Kind, Progress, no_progress

PROGRESS_EVERY = 1000
MONEY_FORMAT = '"R$" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
SECONDS_FORMAT = "0.000"
PERCENT_FORMAT = "0.0%"
_FORMATS = {Kind.MONEY: MONEY_FORMAT, Kind.DATE: DATE_FORMAT, Kind.DATETIME: DATETIME_FORMAT,
            Kind.SECONDS: SECONDS_FORMAT, Kind.PERCENT: PERCENT_FORMAT}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}  # control characters XML refuses


def sheet_title(name: str) -> str:
    """Excel's sheet name rules: at most 31 characters, none of []:*?/\\."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'") or "Planilha"
    return clean[:31]


def _converter(ws: WriteOnlyWorksheet, kind: Kind, tz: Any) -> Callable[[Any], Any]:
    """One column's cell values. A formatted column reuses one styled cell: write-only sheets
    serialise each row as it is appended, so the cell is free again for the next row (a new
    styled cell per value costs more than the rest of the row)."""
    number_format = _FORMATS.get(kind)
    styled = WriteOnlyCell(ws)
    if number_format is not None:
        styled.number_format = number_format

    def text(value: Any) -> Any:
        if value is None:
            return None
        shown = str(value).translate(_ILLEGAL)
        if shown.startswith("="):  # openpyxl would store it as a formula: keep it text
            cell = WriteOnlyCell(ws, value=shown)
            cell.data_type = "s"
            return cell
        return shown

    def formatted(value: Any) -> Any:
        if value is None:
            return None
        if kind is Kind.DATETIME:
            value = value.astimezone(tz).replace(tzinfo=None)  # Excel has no zones: the report's
        elif kind is Kind.MONEY:
            value = float(value)
        styled.value = value
        return styled

    if kind in (Kind.TEXT, Kind.CODE):
        return text
    if number_format is None:
        return lambda value: value
    return formatted


def _abandon(ws: WriteOnlyWorksheet) -> None:
    """Close a sheet left half-written (cancel, error) and remove openpyxl's temporary file, so
    its XML writers are not finalised later by the garbage collector, mid-element."""
    writer = ws._writer
    with contextlib.suppress(Exception):
        if ws._rows is not None:
            ws._rows.close()
        if writer is not None:
            writer.close()
            writer.cleanup()


def write_xlsx(table: ExportTable, path: Path, progress: Progress = no_progress) -> int:
    wb = Workbook(write_only=True)
    meta = table.meta
    wb.properties.title = meta.title
    wb.properties.creator = "Faturas Monitor"
    wb.properties.description = "; ".join(f"{k}: {v}" for k, v in meta.lines())
    wb.properties.keywords = texts.documents_note(meta.full_documents)
    ws = wb.create_sheet(sheet_title(table.name))
    ws.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.data_type = "s"
        header.append(cell)
    ws.append(header)
    converters = [_converter(ws, c.kind, meta.tz) for c in table.columns]
    done = 0
    try:
        progress(0, table.total)
        for batch in table.batches:
            for row in batch:
                ws.append([conv(v) for conv, v in zip(converters, row, strict=True)])
            before, done = done, done + len(batch)
            if done // PROGRESS_EVERY != before // PROGRESS_EVERY:
                progress(done, table.total)
    except BaseException:
        _abandon(ws)
        raise
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{done + 1}"
    about = wb.create_sheet("Sobre")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 80
    for key, value in meta.lines():
        about.append([key, value])
    for note in table.notes:
        about.append(["Nota", note])
    wb.save(path)
    progress(done, table.total)
    return done


__all__ = ["sheet_title", "write_xlsx"]
