"""Contracts from an Excel .xlsx workbook (written here with openpyxl): the same validation as a
CSV, typed cells read as a user sees them, and the preview of the first rows."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.contracts_import import read_contracts_file, read_preview
from core.domain import ContractStatus

TODAY = date(2026, 3, 15)
HEADER = ["Número do contrato", "CPF/CNPJ", "Cliente", "Data de instalação", "Status", "Valor do plano"]


def _book(path: Path, rows: list[list[object]], *, gap: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for i, row in enumerate(rows):
        if gap and i == 1:
            sheet.append([])  # an empty row in the middle, as left by a deleted line
        sheet.append(row)
    book.save(path)
    return path


def test_typed_cells_are_read_as_shown(tmp_path: Path) -> None:
    path = _book(tmp_path / "contratos.xlsx", [
        ["C-1", 52998224725, "Ana Souza", datetime(2026, 1, 10), "ATIVO", 99.9],
        [1002, "111.444.777-35", "José Lima", "05/02/2026", "cancelado", "1.234,56"],
        ["C-3", 1234567032, "Zeca", date(2025, 12, 1), None, 120],  # a CPF that lost its leading zero
    ])
    result = read_contracts_file(path, TODAY)
    assert result.ok, result
    by_number = {r.number: r for r in result.records}
    assert by_number["C-1"].document == "52998224725"
    assert by_number["C-1"].install_date == date(2026, 1, 10)
    assert by_number["C-1"].plan_value == Decimal("99.90")
    assert by_number["1002"].status is ContractStatus.CANCELLED
    assert by_number["1002"].plan_value == Decimal("1234.56")
    assert by_number["C-3"].document == "01234567032"
    assert by_number["C-3"].status is ContractStatus.ACTIVE


def test_bad_rows_are_reported_with_the_sheet_row_and_column(tmp_path: Path) -> None:
    path = _book(tmp_path / "ruim.xlsx", [
        ["C-1", 52998224725, "Ana", datetime(2026, 1, 10), "ATIVO", 10],
        ["C-2", 12345678900, "Bia", datetime(2027, 1, 1), "ATIVO", 10],
        ["C-1", 11144477735, "", "ontem", "ATIVO", 10],
    ], gap=True)
    result = read_contracts_file(path, TODAY)
    assert [r.number for r in result.records] == ["C-1"]
    where = [(e.line, e.column) for e in result.errors]
    # row 3 is the empty one: C-2 is on row 4, the second C-1 on row 5
    assert (4, "CPF/CNPJ") in where and (4, "Data de instalação") in where
    assert (5, "Número do contrato") in where and (5, "Cliente") in where and (5, "Data de instalação") in where
    assert all(line in (4, 5) for line, _ in where)
    assert result.invalid_rows == 2 and result.rows == 3
    assert "12345678900" not in " ".join(e.message for e in result.errors)


def test_the_preview_shows_the_first_rows_with_documents_masked(tmp_path: Path) -> None:
    path = _book(tmp_path / "c.xlsx", [["C-1", 52998224725, "Ana", datetime(2026, 1, 10), "ATIVO", 10]] * 3)
    preview = read_preview(path, limit=2)
    assert preview.file_error is None
    assert preview.header == tuple(HEADER)
    assert [row[0] for row in preview.rows] == ["2", "3"]
    assert preview.rows[0][1:4] == ("C-1", "***.982.247-**", "Ana")
    assert "52998224725" not in str(preview.rows)
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("numero_contrato;cpf_cnpj;cliente;data_instalacao\nX;52998224725;Ana;01/01/2026\n")
    assert read_preview(csv_path).rows[0][:2] == ("2", "X")


@pytest.mark.parametrize(("content", "expected"), [
    (b"PK\x03\x04\x14\x00not really a zip", "not a readable Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel 97-2003 workbook (.xls)"),
])
def test_unreadable_workbooks_are_file_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    result = read_contracts_file(path, TODAY)
    assert result.file_error is not None and expected in result.file_error
    assert read_preview(path).file_error is not None


def test_an_empty_sheet_and_a_header_only_sheet(tmp_path: Path) -> None:
    Workbook().save(tmp_path / "empty.xlsx")
    error = read_contracts_file(tmp_path / "empty.xlsx", TODAY).file_error
    assert error == "the workbook has no sheet with a header row"
    _book(tmp_path / "header.xlsx", [])
    assert "no contract rows" in (read_contracts_file(tmp_path / "header.xlsx", TODAY).file_error or "")
