"""`import-payments` and `import-due-dates`: exit codes, messages, and the store after each, in-process
(cli.app.main) and once as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from cli import exit_codes
from cli.app import main
from storage.models import Contract, Invoice
from tests.cli.test_import_cmd import BR_FILE, opened, snapshot

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def contracts(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """BR-1001 .. BR-1005 with their invoices 1..10."""
    assert run("import-contracts", BR_FILE, "--db", db_path) == exit_codes.OK
    capsys.readouterr()
    return db_path


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def state(db_path: Path) -> dict[tuple[str, int], tuple[str, str | None, date | None]]:
    with opened(db_path):
        query = Invoice.select(Contract.number, Invoice.number, Invoice.fetch_status, Invoice.payment_status,
                               Invoice.paid_at).join(Contract).tuples()
        return {(c, n): (s, p, d) for c, n, s, p, d in query}


def test_a_good_csv_imports_and_exits_0(contracts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "fpd.csv", "contrato;fatura;status;data_pagamento\n"
                                       "BR-1001;1;PAGO;10/02/2026\nBR-1001;2;ATRASADO;\n", "cp1252")
    assert run("import-payments", file, "--db", contracts) == exit_codes.OK
    out, err = capsys.readouterr()
    assert out.strip() == (f"Imported {file}: 2 rows: 1 invoice(s) marked paid, 0 paid invoice(s) reopened, "
                           "1 updated, 0 unchanged.")
    assert err == ""
    now = state(contracts)
    assert now["BR-1001", 1] == ("PAID", "PAID", date(2026, 2, 10))
    assert now["BR-1001", 2] == ("PENDING", "LATE", None)


def test_an_xlsx_workbook_imports(contracts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Contrato", "Indicador", "Status"])
    sheet.append(["BR-1002", "FPD", "Pago"])
    sheet.append(["BR-1002", "SPD", "Pago"])
    path = tmp_path / "fpd.xlsx"
    book.save(path)
    assert run("import-payments", path, "--db", contracts) == exit_codes.OK
    assert "2 invoice(s) marked paid" in capsys.readouterr().out
    now = state(contracts)
    assert now["BR-1002", 1][0] == now["BR-1002", 2][0] == "PAID" and now["BR-1002", 3][0] == "PENDING"


def test_invalid_rows_exit_1_and_import_nothing_unless_skipped(contracts: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "fpd.csv", "contrato;fatura;status\nBR-1001;1;PAGO\nBR-9999;1;PAGO\n"
                                       "BR-1003;12;PAGO\nBR-1004;2;PAGO\n")
    before = snapshot(contracts)
    assert run("import-payments", file, "--db", contracts) == exit_codes.ERRORS_LEFT
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "line 3, column 'contrato': unknown contract 'BR-9999'",
        "line 4, column 'fatura': '12' is not an invoice number: write 1 to 10 (or FPD, SPD, TPD)",
        "2 problem(s) in 2 rows; nothing was imported. Fix the file, or use --skip-invalid to import the 2 rows "
        "that are valid.",
    ]
    assert snapshot(contracts) == before
    assert run("import-payments", file, "--db", contracts, "--dry-run", "--skip-invalid") == exit_codes.OK
    assert "Dry run" in capsys.readouterr().out and snapshot(contracts) == before
    assert run("import-payments", file, "--db", contracts, "--skip-invalid") == exit_codes.OK
    out, err = capsys.readouterr()
    assert out.strip().endswith("2 invoice(s) marked paid, 0 paid invoice(s) reopened, 0 updated, 0 unchanged; "
                                "2 rows skipped as invalid.")
    now = state(contracts)
    assert now["BR-1001", 1][0] == now["BR-1004", 2][0] == "PAID"


def test_a_file_that_is_not_a_payment_spreadsheet_exits_2(contracts: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "x.csv", "a;b;c\n1;2;3\n")
    assert run("import-payments", file, "--db", contracts) == exit_codes.USAGE
    assert capsys.readouterr().err.startswith(f"error: {file}: missing required column(s): 'numero_contrato'")
    assert run("import-payments", tmp_path / "none.xlsx", "--db", contracts) == exit_codes.USAGE
    assert "no such file" in capsys.readouterr().err


def test_only_invalid_rows_with_skip_invalid_exit_1(contracts: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "fpd.csv", "contrato;fatura;status\nNOPE;1;PAGO\n")
    assert run("import-payments", file, "--db", contracts, "--skip-invalid") == exit_codes.ERRORS_LEFT
    assert "no valid row to import" in capsys.readouterr().err


def test_a_database_that_cannot_be_used_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "fpd.csv", "contrato;fatura;status\nBR-1001;1;PAGO\n")
    not_a_db = write(tmp_path / "garbage.sqlite", "this is not a database" * 100)
    assert run("import-payments", file, "--db", not_a_db) == exit_codes.STORE
    assert capsys.readouterr().err.startswith("error: ")


def test_import_due_dates(contracts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "venc.csv", "contrato;fatura;vencimento\nBR-1001;2;20/03/2026\nBR-0;1;01/03/2026\n")
    before = snapshot(contracts)
    assert run("import-due-dates", file, "--db", contracts) == exit_codes.ERRORS_LEFT
    assert capsys.readouterr().err.splitlines()[0] == "line 3, column 'contrato': unknown contract 'BR-0'"
    assert snapshot(contracts) == before
    assert run("import-due-dates", file, "--db", contracts, "--skip-invalid") == exit_codes.OK
    out = capsys.readouterr().out
    assert out.startswith(f"Imported {file}: 1 row: 1 invoice due date(s) set, 0 unchanged;")
    with opened(contracts):
        inv = Invoice.select().join(Contract).where((Contract.number == "BR-1001") & (Invoice.number == 2)).get()
        assert (inv.due_date, inv.due_date_imported, inv.available_from) == (
            date(2026, 3, 20), True, date(2026, 3, 17))
    assert run("import-due-dates", write(tmp_path / "bad.csv", "x;y\n1;2\n"), "--db", contracts) == exit_codes.USAGE


def test_import_payments_as_a_real_process(contracts: Path, tmp_path: Path) -> None:
    file = write(tmp_path / "fpd.csv", "contrato;vencimento;status\nBR-1005;31/12/1999;PAGO\n")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import-payments", str(file), "--db",
                           str(contracts)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == exit_codes.ERRORS_LEFT, done.stderr
    assert "line 2, column 'vencimento': due date 31/12/1999 is not between 2000 and 2100" in done.stderr
