"""Reading the operator's payment spreadsheet (FPD) and validating every row.

Pure: bytes in, a frozen PaymentsFile out; which stored invoice a row names, and what it changes,
is decided against the store (storage.payments, with the rules of core.payments).

A row names an invoice by contract number and either its invoice number (1..10, or the FPD
indicators FPD / SPD / TPD for invoices 1 / 2 / 3) or its due date, and gives its payment status
and, optionally, the payment date. With both an invoice number and a due date, the number
identifies the invoice.

Accepted input: CSV as the contract import reads it (encodings, separators, dates dd/mm/aaaa or
aaaa-mm-dd; see core.tabular) and Excel workbooks (.xlsx): the sheet whose header names the
most known columns. The header may sit below a few title lines. Header names in Portuguese or
English, any case, accents ignored (COLUMN_ALIASES). Status values, any case and accents
ignored: PAGO, NAO_PAGO / NÃO PAGO / EM ABERTO, ATRASADO / VENCIDO, AGUARDANDO / PENDENTE,
OUTROS (and PAID, UNPAID, LATE, WAITING, OTHER). A payment date may not be in the future, and
an unpaid or awaiting row may not have one. A file naming the same invoice twice is refused at
the second row (which status would be the true one?). Line numbers are the file's physical
lines (a workbook's row numbers), the header being line 1 unless titles sit above it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from core import tabular
from core.contracts_import import imported_due_date
from core.domain import INVOICES_PER_CONTRACT, PaymentStatus
from core.messages import Msg, msg
from core.tabular import CellError, RowError, TableError, canon, parse_date

CONTRACT, INVOICE, DUE_DATE, STATUS, PAID_AT = "contract", "invoice", "due_date", "status", "paid_at"
REQUIRED_FIELDS = (CONTRACT, STATUS)

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    CONTRACT: ("numero_contrato", "numero_do_contrato", "no_contrato", "n_contrato", "nr_contrato", "contrato",
               "contract", "contract_number", "contract_no", "contract_id"),
    INVOICE: ("numero_fatura", "numero_da_fatura", "no_fatura", "no_da_fatura", "n_fatura", "nr_fatura", "fatura",
              "parcela", "indicador", "invoice", "invoice_number", "invoice_no"),
    DUE_DATE: ("vencimento", "data_vencimento", "data_de_vencimento", "dt_vencimento", "venc", "due_date", "due"),
    STATUS: ("status", "status_pagamento", "status_do_pagamento", "situacao", "situacao_pagamento", "pagamento",
             "payment_status", "status_fpd"),
    PAID_AT: ("data_pagamento", "data_do_pagamento", "dt_pagamento", "pago_em", "data_pgto", "dt_pgto",
              "payment_date", "paid_at", "paid_on"),
}
_FIELD_OF = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}
_REQUIRED_HINT = {
    CONTRACT: "'numero_contrato' / 'contract_number'",
    STATUS: "'status' / 'status_pagamento'",
    INVOICE: "'numero_fatura' / 'invoice_number'",
}
_STATUS_OF = {
    **dict.fromkeys(("pago", "paga", "paid", "quitado", "quitada", "liquidado", "liquidada"), PaymentStatus.PAID),
    **dict.fromkeys(("nao_pago", "nao_paga", "naopago", "em_aberto", "aberto", "aberta", "unpaid", "not_paid"),
                    PaymentStatus.UNPAID),
    **dict.fromkeys(("atrasado", "atrasada", "em_atraso", "vencido", "vencida", "late", "overdue"),
                    PaymentStatus.LATE),
    **dict.fromkeys(("aguardando", "aguardando_pagamento", "a_vencer", "pendente", "waiting", "pending"),
                    PaymentStatus.WAITING),
    **dict.fromkeys(("outros", "outro", "other", "others"), PaymentStatus.OTHER),
}
_INDICATORS = {"fpd": 1, "spd": 2, "tpd": 3}  # first / second / third payment default
# Statuses that say nothing was paid: a payment date beside them contradicts the row.
_NOT_PAID = (PaymentStatus.UNPAID, PaymentStatus.WAITING)
HEADER_SCAN_ROWS = 10  # title lines an exported report may carry above its header
_EARLIEST_PAYMENT = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """One valid row: which invoice (by number, else by due date) and what the spreadsheet says."""

    line: int
    contract_number: str
    invoice_number: int | None
    due_date: date | None
    status: PaymentStatus
    paid_at: date | None = None


@dataclass(frozen=True, slots=True)
class PaymentsFile:
    """The valid rows and the row errors; `file_error` set means the file could not be read at all."""

    records: tuple[PaymentRecord, ...] = ()
    errors: tuple[RowError, ...] = ()
    rows: int = 0  # non-empty data rows read
    file_error: str | None = None
    file_problem: Msg | None = None  # file_error as a message code (core.messages)
    excel: bool = False
    columns: dict[str, str] = field(default_factory=dict)  # field -> its column's name in the header

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors

    @property
    def invalid_rows(self) -> int:
        return len({error.line for error in self.errors})


def read_payments_file(path: str | Path, today: date) -> PaymentsFile:
    """Read and validate a payment spreadsheet (CSV or .xlsx); I/O problems become a file error."""
    try:
        data = tabular.read_file_bytes(path, "CSV file or Excel workbook")
    except TableError as exc:
        return PaymentsFile(**tabular.failure(exc))
    return parse_payments(data, today)


def parse_payments(data: bytes, today: date) -> PaymentsFile:
    """Parse and validate every row of a payment spreadsheet (see the module docstring)."""
    try:
        table = tabular.read_table(data, _FIELD_OF.__contains__, excel=True, header_scan=HEADER_SCAN_ROWS)
        columns = tabular.map_columns(table.header, _FIELD_OF, REQUIRED_FIELDS, _REQUIRED_HINT)
        if isinstance(columns, Msg):
            return PaymentsFile(**tabular.failure(columns))
        if INVOICE not in columns and DUE_DATE not in columns:
            found = ", ".join(f"'{h}'" for h in table.header if h)
            return PaymentsFile(**tabular.failure(msg("import.missing_columns", wanted="'numero_fatura' / 'vencimento'",
                                                      found=found)))
        parsers: dict[str, Callable[[str], object]] = {
            CONTRACT: tabular.contract_number, INVOICE: parse_invoice_number, DUE_DATE: imported_due_date,
            STATUS: parse_payment_status, PAID_AT: _paid_at(today),
        }
        rows, errors, count = tabular.parse_rows(table, columns, parsers, REQUIRED_FIELDS)
    except TableError as exc:
        return PaymentsFile(**tabular.failure(exc))
    if count == 0:
        return PaymentsFile(**tabular.failure(msg("import.no_payment_rows")))
    records: list[PaymentRecord] = []
    first_line_of: dict[tuple[str, object], int] = {}
    for row in rows:
        values = row.values
        status = cast(PaymentStatus, values[STATUS])
        paid_at = cast("date | None", values.get(PAID_AT))
        number = cast("int | None", values.get(INVOICE))
        due = cast("date | None", values.get(DUE_DATE))
        contract = cast(str, values[CONTRACT])
        if number is None and due is None:
            column = row.header.get(INVOICE) or row.header[DUE_DATE]
            errors.append(RowError.of(row.line, column, msg("import.missing_invoice")))
            continue
        if paid_at is not None and status in _NOT_PAID:
            problem = msg("import.date_and_status", day=f"{paid_at:%d/%m/%Y}", status=_STATUS_NAME[status])
            errors.append(RowError.of(row.line, row.header[PAID_AT], problem))
            continue
        key: tuple[str, object] = (contract, number if number is not None else due)
        first = first_line_of.setdefault(key, row.line)
        if first != row.line:
            column = row.header[INVOICE] if number is not None else row.header[DUE_DATE]
            errors.append(RowError.of(row.line, column, msg("import.same_invoice", first=first)))
            continue
        records.append(PaymentRecord(row.line, contract, number, None if number is not None else due, status,
                                     paid_at))
    errors.sort(key=lambda e: e.line)
    names = {name: table.header[index] for name, index in columns.items()}
    return PaymentsFile(tuple(records), tuple(errors), count, excel=table.excel, columns=names)


_STATUS_NAME = {PaymentStatus.PAID: "PAGO", PaymentStatus.UNPAID: "NÃO PAGO", PaymentStatus.LATE: "ATRASADO",
                PaymentStatus.WAITING: "AGUARDANDO", PaymentStatus.OTHER: "OUTROS"}


def parse_payment_status(raw: str) -> PaymentStatus:
    status = _STATUS_OF.get(canon(raw))
    if status is None:
        raise CellError("import.unknown_payment_status", value=raw)
    return status


def parse_invoice_number(raw: str) -> int:
    """1..10 (`03`, `3.0` as Excel may write it, `Fatura 3`), or FPD / SPD / TPD for 1 / 2 / 3."""
    key = canon(raw) if not raw.strip().startswith("-") else ""
    if key in _INDICATORS:
        return _INDICATORS[key]
    match = re.fullmatch(r"(?:fatura_|parcela_|invoice_)?0*(\d+)(?:_0+)?(?:a|o)?", key)
    number = int(match.group(1)) if match else None
    if number is None or not 1 <= number <= INVOICES_PER_CONTRACT:
        raise CellError("import.not_invoice_number", value=raw, max=INVOICES_PER_CONTRACT)
    return number


def _paid_at(today: date) -> Callable[[str], date]:
    def parse(raw: str) -> date:
        day = parse_date(raw)
        if day > today:
            raise CellError("import.payment_future", day=f"{day:%d/%m/%Y}")
        if day < _EARLIEST_PAYMENT:
            raise CellError("import.payment_early", day=f"{day:%d/%m/%Y}", year=_EARLIEST_PAYMENT.year)
        return day

    return parse
