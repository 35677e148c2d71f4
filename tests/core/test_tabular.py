"""core.tabular: what an Excel cell reads as, and finding a header below title lines."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from core.tabular import TableError, cell_text, read_table

KNOWN = {"contrato", "fatura", "status"}.__contains__


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), ("abc", "abc"), (7000001, "7000001"), (3.0, "3"), (1234.5, "1234.5"), (True, "TRUE"),
    (datetime(2026, 5, 10), "2026-05-10"), (datetime(2026, 5, 10, 14, 30), "2026-05-10 14:30:00"),
    (date(2026, 5, 10), "2026-05-10"), (Decimal("99.90"), "99.90"), (time(8, 0), "08:00:00"),
])
def test_excel_cells_read_as_a_user_sees_them(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_the_header_is_found_below_title_lines_within_the_scan() -> None:
    data = "Relatório\n\nposição em 01/06/2026\ncontrato;fatura;status\nC;1;PAGO\n".encode()
    table = read_table(data, KNOWN, header_scan=5)
    assert (table.header_line, table.header) == (4, ["contrato", "fatura", "status"])
    assert list(table.rows) == [(5, ["C", "1", "PAGO"])]
    # with a scan of one row the title is taken as the header, for the caller to report what it lacks
    assert read_table(b"Titulo;x\ncontrato;fatura;status\n", KNOWN).header == ["Titulo", "x"]


def test_a_title_line_without_separators_does_not_hide_the_separator() -> None:
    table = read_table("Relatório FPD\ncontrato,fatura,status\nC,1,PAGO\n".encode(), KNOWN, header_scan=3)
    assert table.header == ["contrato", "fatura", "status"]


def test_a_workbook_where_only_csv_is_read_is_refused() -> None:
    with pytest.raises(TableError, match="Excel workbook, not a CSV file"):
        read_table(b"PK\x03\x04rest", KNOWN)
