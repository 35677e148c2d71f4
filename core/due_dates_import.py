"""Reading a file of imported due dates (contract, invoice number, due date) and validating every row.

Pure: bytes in, a frozen DueDatesFile out; storing is storage.imported_due_dates. An imported
due date overrides the rule of core.due_dates for its invoice (and is marked as imported, so a
later contract import that has no due dates keeps it). The same columns and forms as the
payment import (core.payments_import): CSV or .xlsx, Portuguese or English headers, title lines
above the header skipped, invoice numbers 1..10 or FPD / SPD / TPD, dates dd/mm/aaaa or ISO.
A file naming the same invoice twice is refused at the second row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from core import tabular
from core.contracts_import import imported_due_date
from core.messages import Msg, msg
from core.payments_import import COLUMN_ALIASES as _PAYMENT_ALIASES
from core.payments_import import CONTRACT, DUE_DATE, HEADER_SCAN_ROWS, INVOICE, parse_invoice_number
from core.tabular import RowError, TableError

REQUIRED_FIELDS = (CONTRACT, INVOICE, DUE_DATE)
COLUMN_ALIASES = {name: _PAYMENT_ALIASES[name] for name in REQUIRED_FIELDS}
_FIELD_OF = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
_REQUIRED_HINT = {
    CONTRACT: "'numero_contrato' / 'contract_number'",
    INVOICE: "'numero_fatura' / 'invoice_number'",
    DUE_DATE: "'vencimento' / 'due_date'",
}


@dataclass(frozen=True, slots=True)
class DueDateRecord:
    line: int
    contract_number: str
    invoice_number: int
    due_date: date


@dataclass(frozen=True, slots=True)
class DueDatesFile:
    """The valid rows and the row errors; `file_error` set means the file could not be read at all."""

    records: tuple[DueDateRecord, ...] = ()
    errors: tuple[RowError, ...] = ()
    rows: int = 0
    file_error: str | None = None
    file_problem: Msg | None = None  # file_error as a message code (core.messages)
    columns: dict[str, str] = field(default_factory=dict)  # field -> its column's name in the header

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors


def read_due_dates_file(path: str | Path) -> DueDatesFile:
    try:
        data = tabular.read_file_bytes(path, "CSV file or Excel workbook")
    except TableError as exc:
        return DueDatesFile(**tabular.failure(exc))
    return parse_due_dates(data)


def parse_due_dates(data: bytes) -> DueDatesFile:
    try:
        table = tabular.read_table(data, _FIELD_OF.__contains__, excel=True, header_scan=HEADER_SCAN_ROWS)
        columns = tabular.map_columns(table.header, _FIELD_OF, REQUIRED_FIELDS, _REQUIRED_HINT)
        if isinstance(columns, Msg):
            return DueDatesFile(**tabular.failure(columns))
        parsers: dict[str, Callable[[str], object]] = {
            CONTRACT: tabular.contract_number, INVOICE: parse_invoice_number, DUE_DATE: imported_due_date,
        }
        rows, errors, count = tabular.parse_rows(table, columns, parsers, REQUIRED_FIELDS)
    except TableError as exc:
        return DueDatesFile(**tabular.failure(exc))
    if count == 0:
        return DueDatesFile(**tabular.failure(msg("import.no_due_date_rows")))
    records: list[DueDateRecord] = []
    first_line_of: dict[tuple[str, int], int] = {}
    for row in rows:
        contract, number = cast(str, row.values[CONTRACT]), cast(int, row.values[INVOICE])
        first = first_line_of.setdefault((contract, number), row.line)
        if first != row.line:
            errors.append(RowError.of(row.line, row.header[INVOICE], msg("import.same_invoice", first=first)))
            continue
        records.append(DueDateRecord(row.line, contract, number, cast(date, row.values[DUE_DATE])))
    errors.sort(key=lambda e: e.line)
    names = {name: table.header[index] for name, index in columns.items()}
    return DueDatesFile(tuple(records), tuple(errors), count, columns=names)
