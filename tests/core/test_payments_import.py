"""core.payments_import: payment spreadsheets (FPD) as CSV and .xlsx, and every row error they can hold."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain import PaymentStatus
from core.payments_import import PaymentsFile, parse_invoice_number, parse_payments, read_payments_file

TODAY = date(2026, 6, 30)
PAID, UNPAID, LATE, WAITING, OTHER = (PaymentStatus.PAID, PaymentStatus.UNPAID, PaymentStatus.LATE,
                                      PaymentStatus.WAITING, PaymentStatus.OTHER)


def parse(text: str, encoding: str = "utf-8") -> PaymentsFile:
    return parse_payments(text.encode(encoding), TODAY)


def xlsx(*rows: tuple[object, ...], sheets: tuple[str, ...] = ("FPD",), data_sheet: int = 0) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name)
    sheet = book.worksheets[data_sheet]
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def summary(result: PaymentsFile) -> list[tuple[object, ...]]:
    return [(r.line, r.contract_number, r.invoice_number, r.due_date, r.status, r.paid_at) for r in result.records]


def test_a_latin1_semicolon_file_with_a_title_line_and_portuguese_values() -> None:
    text = ("Relatório FPD - posição em 28/06/2026\r\n\r\n"
            "Nº Contrato;Nº da Fatura;Situação Pagamento;Data Pagamento\r\n"
            "BR-1;1;PAGO;15/05/2026\r\n"
            "BR-1;2;Não Pago;\r\n"
            "BR-2;FPD;atrasado;\r\n"
            "BR-2;SPD;Aguardando;\r\n"
            "BR-3;10;OUTROS;01/06/2026\r\n"
            ";;;\r\n")
    result = parse(text, "cp1252")
    assert result.ok and result.rows == 5 and not result.excel
    assert summary(result) == [
        (4, "BR-1", 1, None, PAID, date(2026, 5, 15)),
        (5, "BR-1", 2, None, UNPAID, None),
        (6, "BR-2", 1, None, LATE, None),
        (7, "BR-2", 2, None, WAITING, None),
        (8, "BR-3", 10, None, OTHER, date(2026, 6, 1)),
    ]
    assert result.columns["status"] == "Situação Pagamento"


def test_an_english_comma_file_naming_invoices_by_due_date() -> None:
    result = parse("contract_number,due_date,payment_status,payment_date\n"
                   "EN-1,2026-05-10,paid,2026-05-09 14:30\n"
                   "EN-1,2026-06-10,late,\n")
    assert result.ok
    assert summary(result) == [(2, "EN-1", None, date(2026, 5, 10), PAID, date(2026, 5, 9)),
                               (3, "EN-1", None, date(2026, 6, 10), LATE, None)]


def test_with_both_the_invoice_number_and_a_due_date_the_number_names_the_invoice() -> None:
    result = parse("contrato;fatura;vencimento;status\nC-1;3;10/04/2026;PAGO\nC-1;;10/05/2026;PAGO\n")
    assert summary(result) == [(2, "C-1", 3, None, PAID, None), (3, "C-1", None, date(2026, 5, 10), PAID, None)]


def test_every_bad_row_is_reported_with_its_line_and_column() -> None:
    text = ("contrato;fatura;vencimento;status;data_pagamento\n"
            "OK-1;1;;PAGO;01/06/2026\n"             # 2 fine
            "OK-1;01;;ATRASADO;\n"                  # 3 the same invoice as line 2
            ";2;;PAGO;\n"                           # 4 no contract
            "X-1;11;;PAGO;\n"                       # 5 invoice out of range
            "X-2;1;;QUITADO PARCIAL;\n"             # 6 unknown status
            "X-3;1;;PAGO;01/07/2026\n"              # 7 paid in the future
            "X-4;;;PAGO;\n"                         # 8 neither number nor due date
            "X-5;;31/02/2026;PAGO;\n"               # 9 no such date
            "X-6;2;;AGUARDANDO;03/06/2026\n"        # 10 waiting, with a payment date
            "X-7;2;;NAO PAGO;\n"                    # 11 fine
            "X-8;2;;PAGO;1/1/26\n"                  # 12 two-digit year
            "X-9;2;;PAGO;;extra\n")                 # 13 more values than columns
    result = parse(text)
    assert result.file_error is None and not result.ok
    assert [(r.line, r.contract_number) for r in result.records] == [(2, "OK-1"), (11, "X-7")]
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "fatura"), (4, "contrato"), (5, "fatura"), (6, "status"), (7, "data_pagamento"), (8, "fatura"),
        (9, "vencimento"), (10, "data_pagamento"), (12, "data_pagamento"), (13, None),
    ]
    messages = [e.message for e in result.errors]
    assert messages[0] == "the same invoice as line 2: keep one row per invoice"
    assert messages[1] == "missing value"
    assert "'11' is not an invoice number" in messages[2]
    assert "unknown payment status 'QUITADO PARCIAL'" in messages[3]
    assert messages[4] == "payment date 01/07/2026 is in the future"
    assert messages[5] == "missing value: give the invoice number or its due date"
    assert messages[6] == "'31/02/2026' is not a valid date: month 2 of 2026 has 28 days"
    assert "with status AGUARDANDO" in messages[7]
    assert "four-digit year" in messages[8]
    assert str(result.errors[0]) == "line 3, column 'fatura': the same invoice as line 2: keep one row per invoice"
    assert result.invalid_rows == 10 and result.rows == 12


@pytest.mark.parametrize(("raw", "number"), [
    ("1", 1), ("01", 1), ("10", 10), ("3.0", 3), ("Fatura 3", 3), ("3ª", 3), ("FPD", 1), ("spd", 2), ("TPD", 3),
])
def test_invoice_numbers(raw: str, number: int) -> None:
    assert parse_invoice_number(raw) == number


@pytest.mark.parametrize("raw", ["0", "11", "-1", "QPD", "1,5", "um"])
def test_invoice_numbers_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="not an invoice number"):
        parse_invoice_number(raw)


@pytest.mark.parametrize(("raw", "status"), [
    ("PAGO", PAID), ("paga", PAID), ("Paid", PAID), ("NAO_PAGO", UNPAID), ("NÃO PAGO", UNPAID),
    ("não-pago", UNPAID), ("Em aberto", UNPAID), ("ATRASADO", LATE), ("Vencido", LATE), ("AGUARDANDO", WAITING),
    ("a vencer", WAITING), ("OUTROS", OTHER), ("other", OTHER),
])
def test_status_values(raw: str, status: PaymentStatus) -> None:
    result = parse(f"contrato;fatura;status\nC;1;{raw}\n")
    assert result.ok and result.records[0].status is status


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "empty"),
    (b"contrato;fatura;status\n", "no payment rows"),
    (b"contrato;status\nC;PAGO\n", "missing required column(s): 'numero_fatura' / 'vencimento'"),
    (b"fatura;status\n1;PAGO\n", "missing required column(s): 'numero_contrato'"),
    (b"contrato;fatura;indicador;status\n", "both mean 'numero_fatura'"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Excel 97-2003 workbook (.xls)"),
    (b"PK\x03\x04 not really a zip", "not a readable Excel workbook"),
    (b"contrato\x00;fatura;status\n", "binary data"),
])
def test_file_level_errors(data: bytes, expected: str) -> None:
    result = parse_payments(data, TODAY)
    assert result.file_error is not None and expected in result.file_error, result.file_error
    assert (result.records, result.errors) == ((), ())


def test_unreadable_paths(tmp_path: Path) -> None:
    assert read_payments_file(tmp_path / "nope.xlsx", TODAY).file_error == "no such file"
    assert "folder" in (read_payments_file(tmp_path, TODAY).file_error or "")


def test_an_excel_workbook_with_typed_cells_and_a_title_row(tmp_path: Path) -> None:
    data = xlsx(
        ("Relatório de pagamentos",),
        (),
        ("Contrato", "Fatura", "Vencimento", "Status", "Data Pagamento"),
        (7000001, 1, datetime(2026, 5, 10), "PAGO", datetime(2026, 5, 8)),
        (7000001, 2.0, None, "Atrasado", None),
        ("7000002", None, date(2026, 6, 12), "aguardando", None),
        (None, None, None, None, None),
        (7000003, 15, None, "PAGO", datetime(2027, 1, 1)),
    )
    path = tmp_path / "fpd.xlsx"
    path.write_bytes(data)
    result = read_payments_file(path, TODAY)
    assert result.excel and result.rows == 4
    assert summary(result) == [
        (4, "7000001", 1, None, PAID, date(2026, 5, 8)),
        (5, "7000001", 2, None, LATE, None),
        (6, "7000002", None, date(2026, 6, 12), WAITING, None),
    ]
    # line numbers are the sheet's row numbers, columns its header's names
    assert [(e.line, e.column) for e in result.errors] == [(8, "Fatura"), (8, "Data Pagamento")]


def test_the_workbook_sheet_with_the_payment_header_is_the_one_read() -> None:
    data = xlsx(("contrato", "fatura", "status"), (1, 1, "PAGO"), sheets=("Resumo", "Dados"), data_sheet=1)
    result = parse_payments(data, TODAY)
    assert result.ok and summary(result) == [(2, "1", 1, None, PAID, None)]


def test_an_empty_workbook_is_refused() -> None:
    result = parse_payments(xlsx(), TODAY)
    assert result.file_error == "the workbook has no sheet with a header row"


_STATUS_TEXT = {PAID: "PAGO", UNPAID: "NÃO PAGO", LATE: "Atrasado", WAITING: "aguardando", OTHER: "OUTROS"}


@given(
    rows=st.lists(st.tuples(st.from_regex(r"[A-Z]{1,3}-[0-9]{1,6}", fullmatch=True), st.integers(1, 10),
                            st.sampled_from(list(PaymentStatus)), st.dates(date(2000, 1, 1), TODAY)),
                  min_size=1, max_size=20, unique_by=lambda r: (r[0], r[1])),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    iso=st.booleans(),
)
def test_written_spreadsheets_read_back_identically(rows: list[tuple[str, int, PaymentStatus, date]],
                                                    delimiter: str, encoding: str, iso: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["numero_contrato", "numero_fatura", "status_pagamento", "data_pagamento"])
    for contract, number, status, day in rows:
        paid = "" if status in (UNPAID, WAITING) else (day.isoformat() if iso else day.strftime("%d/%m/%Y"))
        writer.writerow([contract, number, _STATUS_TEXT[status], paid])
    result = parse_payments(buffer.getvalue().encode(encoding), TODAY)
    assert result.ok, result.errors[:2] or result.file_error
    assert [(r.line, r.contract_number, r.invoice_number, r.status, r.paid_at) for r in result.records] == [
        (line, c, n, s, None if s in (UNPAID, WAITING) else d) for line, (c, n, s, d) in enumerate(rows, start=2)]
