"""Reading the contracts CSV a back office exports from Excel or a CRM, and validating every row.

Pure: bytes in, a frozen ImportResult out; nothing is stored here (see storage.contracts).

Accepted input, explicitly (the file-level reading is core.tabular's, shared by every import):
- Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, otherwise cp1252 / Latin-1; one
  encoding for the whole file. Separator: comma, semicolon or tab (an Excel `sep=;` line is
  honoured).
- Header names in Portuguese or English, any case, accents and surrounding spaces ignored
  (see COLUMN_ALIASES); unknown columns are ignored.
- Dates: dd/mm/aaaa (also with `-` or `.`), or ISO aaaa-mm-dd; a trailing time is ignored.
  Two-digit years (dd/mm/aa) are rejected as ambiguous.
- Money: `1.234,56`, `1234,56`, `1234.56`, `1,234.56`, `R$ 99,90`. A single separator followed
  by exactly three digits (`1.234`) is rejected as ambiguous.
- Contract numbers and documents are NFKC-normalised first, so full-width or compatibility
  forms (`ＡＢＣ-1`, `１２３`) are the same contract / document as their plain forms.
- Bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F) are refused in
  every field: invisible, they make a value display differently from what is stored.
- Documents with or without punctuation. Leading zeros that Excel drops from a number
  (a 10-digit CPF, a 13-digit CNPJ) are restored only when the check digits then agree.
- Status ATIVO / CANCELADO / DOWNGRADE or ACTIVE / CANCELLED / DOWNGRADE; empty means active.
- Optional per-invoice due dates `vencimento_1` ... `vencimento_10` (or `due_date_1` ...): an
  imported due date overrides the rule (core.due_dates); it may not be before the install date.
- An Excel .xlsx workbook: the sheet with the best header, read the same way (openpyxl, read-only
  mode); typed cells count as what they show (a date cell is dd/mm/aaaa). Old .xls workbooks are
  refused.
Line numbers are physical lines of the file (rows of the sheet), the header being line 1. Messages
never echo a full CPF/CNPJ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import cast

from core import tabular
from core.documents import DocumentError, mask_document, normalize_document, validate_document
from core.domain import INVOICES_PER_CONTRACT, ContractRecord, ContractStatus
from core.messages import Msg, msg
from core.tabular import CellError, RowError, TableError, canon, parse_date, parse_money

__all__ = ["ImportResult", "Preview", "RowError", "parse_contracts_csv", "parse_contracts_xlsx", "parse_date",
           "parse_money", "read_contracts_file", "read_preview"]

NUMBER, DOCUMENT, NAME, INSTALL_DATE = "number", "document", "customer_name", "install_date"
STATUS, PLAN, PLAN_VALUE, SERVICE_ORDER = "status", "plan", "plan_value", "service_order"
REQUIRED_FIELDS = (NUMBER, DOCUMENT, NAME, INSTALL_DATE)

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    NUMBER: ("numero_contrato", "numero_do_contrato", "no_contrato", "n_contrato", "nr_contrato", "contrato",
             "contract", "contract_number", "contract_no", "contract_id"),
    DOCUMENT: ("cpf_cnpj", "cpf", "cnpj", "documento", "document", "customer_document"),
    NAME: ("cliente", "nome", "nome_cliente", "nome_do_cliente", "customer", "customer_name", "name"),
    INSTALL_DATE: ("data_instalacao", "data_de_instalacao", "dt_instalacao", "instalacao", "install_date",
                   "installation_date"),
    STATUS: ("status", "situacao", "status_contrato", "contract_status"),
    PLAN: ("plano", "plan", "plan_name"),
    PLAN_VALUE: ("valor_plano", "valor_do_plano", "valor", "plan_value", "value", "plan_price"),
    SERVICE_ORDER: ("ordem_servico", "ordem_de_servico", "os", "service_order"),
}
# Per-invoice due dates: field "due_3" <- `vencimento_3`, `vencimento_fatura_3`, `due_date_3`...
DUE_FIELDS = tuple(f"due_{n}" for n in range(1, INVOICES_PER_CONTRACT + 1))
COLUMN_ALIASES.update({
    f"due_{n}": (f"vencimento_{n}", f"vencimento_fatura_{n}", f"venc_{n}", f"dt_vencimento_{n}",
                 f"data_vencimento_{n}", f"due_date_{n}", f"due_{n}")
    for n in range(1, INVOICES_PER_CONTRACT + 1)
})
_Parser = Callable[[str, date], object]
_REQUIRED_HINT = {
    NUMBER: "'numero_contrato' / 'contract_number'",
    DOCUMENT: "'cpf_cnpj' / 'document'",
    NAME: "'cliente' / 'customer_name'",
    INSTALL_DATE: "'data_instalacao' / 'install_date'",
}
_FIELD_OF = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}
_MAX_LENGTH = {NUMBER: 64, NAME: 200, PLAN: 120, SERVICE_ORDER: 64}
_STATUS_OF = {
    "ATIVO": ContractStatus.ACTIVE, "ATIVA": ContractStatus.ACTIVE, "ACTIVE": ContractStatus.ACTIVE,
    "CANCELADO": ContractStatus.CANCELLED, "CANCELADA": ContractStatus.CANCELLED,
    "CANCELLED": ContractStatus.CANCELLED, "CANCELED": ContractStatus.CANCELLED,
    "DOWNGRADE": ContractStatus.DOWNGRADE,
}
_MAX_VALUE = Decimal("9999999999.99")  # the column holds 12 digits, 2 of them decimals
_EARLIEST_INSTALL = date(2000, 1, 1)
_LATEST_DUE = date(2100, 12, 31)
_EXCEL_NUMBER = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The valid contracts and the row errors; `file_error` set means the file could not be read at all."""

    records: tuple[ContractRecord, ...] = ()
    errors: tuple[RowError, ...] = ()
    rows: int = 0  # non-empty data rows read
    file_error: str | None = None
    file_problem: Msg | None = None  # file_error as a message code (core.messages)

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors

    @property
    def invalid_rows(self) -> int:
        """How many rows have at least one error."""
        return len({error.line for error in self.errors})


def read_contracts_file(path: str | Path, today: date) -> ImportResult:
    """Read and validate a contracts file (CSV, or an Excel .xlsx workbook); I/O problems become
    a file error."""
    try:
        data = tabular.read_file_bytes(path, "CSV or .xlsx file")
    except TableError as exc:
        return ImportResult(**tabular.failure(exc))
    return parse_contracts_csv(data, today)


@dataclass(frozen=True, slots=True)
class Preview:
    """The header and first rows of a file (each row: its line number, then its cells)."""

    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    file_error: str | None = None
    file_problem: Msg | None = None  # file_error as a message code (core.messages)


def read_preview(path: str | Path, limit: int = 10) -> Preview:
    """The header and the first `limit` non-empty rows of a contracts file, as text, for a look
    before importing; the document column masked. `file_error` set when it cannot be read."""
    try:
        table = tabular.read_table(tabular.read_file_bytes(path, "CSV or .xlsx file"), _FIELD_OF.__contains__,
                                   excel=True)
        columns = tabular.map_columns(table.header, _FIELD_OF, (), _REQUIRED_HINT)
        document_index = columns.get(DOCUMENT) if isinstance(columns, dict) else None
        shown: list[tuple[str, ...]] = []
        for line, row in table.rows:
            if len(shown) >= limit:
                break
            if not any(cell.strip() for cell in row):
                continue
            cells = [mask_document(c) if i == document_index and c.strip() else c for i, c in enumerate(row)]
            shown.append((str(line), *cells))
    except TableError as exc:
        return Preview(**tabular.failure(exc))
    return Preview(tuple(table.header), tuple(shown))


def parse_contracts_xlsx(data: bytes, today: date) -> ImportResult:
    """Parse and validate an Excel .xlsx workbook of contracts (as parse_contracts_csv does)."""
    return parse_contracts_csv(data, today)


def parse_contracts_csv(data: bytes, today: date) -> ImportResult:
    """Parse and validate every row of a contracts CSV or .xlsx workbook (see the module docstring)."""
    try:
        table = tabular.read_table(data, _FIELD_OF.__contains__, excel=True)
    except TableError as exc:
        return ImportResult(**tabular.failure(exc))
    columns = tabular.map_columns(table.header, _FIELD_OF, REQUIRED_FIELDS, _REQUIRED_HINT)
    if isinstance(columns, Msg):
        return ImportResult(**tabular.failure(columns))
    records: list[ContractRecord] = []
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    count = 0
    try:
        for line, row in table.rows:
            if not any(cell.strip() for cell in row):
                continue  # blank lines and rows of empty cells (Excel's ";;;;")
            count += 1
            record, row_errors = _parse_row(line, row, table.header, columns, today, first_line_of)
            errors.extend(row_errors)
            if record is not None:
                records.append(record)
    except TableError as exc:
        return ImportResult(**tabular.failure(exc))
    if count == 0:
        return ImportResult(**tabular.failure(msg("import.no_contract_rows")))
    return ImportResult(tuple(records), tuple(errors), count)


def _parse_row(
    line: int, row: list[str], header: list[str], columns: dict[str, int], today: date,
    first_line_of: dict[str, int],
) -> tuple[ContractRecord | None, list[RowError]]:
    extra = tabular.extra_cells_error(row, header)
    if extra:
        return None, [RowError.of(line, None, extra)]
    errors: list[RowError] = []
    values: dict[str, object] = {}
    for field, index in columns.items():
        raw = row[index].strip() if index < len(row) else ""
        column = header[index]
        bidi = tabular.bidi_error(raw)
        if bidi:
            errors.append(RowError.of(line, column, bidi))
            continue
        try:
            if not raw:
                if field in REQUIRED_FIELDS:
                    raise CellError("import.missing")
                continue
            values[field] = _PARSERS[field](raw, today)
        except CellError as exc:
            errors.append(RowError.from_error(line, column, exc))
            continue
        if field == NUMBER:
            number = str(values[NUMBER])
            first = first_line_of.setdefault(number, line)
            if first != line:
                errors.append(RowError.of(line, column, msg("import.duplicate_contract", number=number, first=first)))
    install = values.get(INSTALL_DATE)
    for field in DUE_FIELDS:
        due = values.get(field)
        if isinstance(due, date) and isinstance(install, date) and due < install:
            problem = msg("import.due_before_install", due=f"{due:%d/%m/%Y}", install=f"{install:%d/%m/%Y}")
            errors.append(RowError.of(line, header[columns[field]], problem))
    if errors:
        return None, errors
    return _record(values), []


def _record(values: dict[str, object]) -> ContractRecord:
    plan, plan_value, order = values.get(PLAN), values.get(PLAN_VALUE), values.get(SERVICE_ORDER)
    return ContractRecord(
        number=cast(str, values[NUMBER]),
        document=cast(str, values[DOCUMENT]),
        customer_name=cast(str, values[NAME]),
        install_date=cast(date, values[INSTALL_DATE]),
        status=cast(ContractStatus, values.get(STATUS, ContractStatus.ACTIVE)),
        plan=cast("str | None", plan),
        plan_value=cast("Decimal | None", plan_value),
        service_order=cast("str | None", order),
        due_dates=tuple((n, cast(date, values[f])) for n, f in enumerate(DUE_FIELDS, start=1) if f in values),
    )


def _text(field: str, nfkc: bool = False) -> _Parser:
    def parse(raw: str, _today: date) -> str:
        value = " ".join((unicodedata.normalize("NFKC", raw) if nfkc else raw).split())
        if len(value) > _MAX_LENGTH[field]:
            raise CellError("import.too_long", max=_MAX_LENGTH[field])
        return value

    return parse


def _document(raw: str, _today: date) -> str:
    raw = unicodedata.normalize("NFKC", raw)
    if _EXCEL_NUMBER.fullmatch(raw.replace(" ", "")):
        raise CellError("import.excel_number", value=raw[:4])
    try:
        return validate_document(raw)
    except DocumentError as exc:
        digits = normalize_document(raw)
        if digits.isascii() and digits.isdigit() and len(digits) in (9, 10, 12, 13):
            try:  # Excel drops leading zeros of a CPF/CNPJ stored as a number
                return validate_document(digits.zfill(11 if len(digits) < 11 else 14))
            except DocumentError:
                pass
        raise CellError("import.document", reason=[exc.problem], value=mask_document(raw)) from None


def _install_date(raw: str, today: date) -> date:
    day = parse_date(raw)
    if day > today:
        raise CellError("import.install_future", day=f"{day:%d/%m/%Y}")
    if day < _EARLIEST_INSTALL:
        raise CellError("import.install_early", day=f"{day:%d/%m/%Y}", year=_EARLIEST_INSTALL.year)
    return day


def _plan_value(raw: str, _today: date) -> Decimal:
    value = parse_money(raw)
    if value < 0:
        raise CellError("import.negative", value=raw.strip())
    if value > _MAX_VALUE:
        raise CellError("import.too_large", value=raw.strip())
    return value.quantize(Decimal("0.01"))


def _status(raw: str, _today: date) -> ContractStatus:
    status = _STATUS_OF.get(canon(raw).upper())
    if status is None:
        raise CellError("import.unknown_status", value=raw)
    return status


def imported_due_date(raw: str, _today: date = date.min) -> date:
    """A due date from a file: a valid date between 2000 and 2100 (a typo in the year is caught)."""
    day = parse_date(raw)
    if not _EARLIEST_INSTALL <= day <= _LATEST_DUE:
        raise CellError("import.due_out_of_range", day=f"{day:%d/%m/%Y}", first=_EARLIEST_INSTALL.year,
                        last=_LATEST_DUE.year)
    return day


_PARSERS: dict[str, _Parser] = {
    NUMBER: _text(NUMBER, nfkc=True),  # `ＡＢＣ-1` and `ABC-1` are one contract
    DOCUMENT: _document,
    NAME: _text(NAME),
    INSTALL_DATE: _install_date,
    STATUS: _status,
    PLAN: _text(PLAN),
    PLAN_VALUE: _plan_value,
    SERVICE_ORDER: _text(SERVICE_ORDER),
    **dict.fromkeys(DUE_FIELDS, imported_due_date),
}
