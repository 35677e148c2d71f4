"""`import-contracts`: the command in-process (cli.app.main) and once as a real subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from cli import exit_codes
from cli.app import main
from core.due_dates import invoice_schedule
from storage.db import close_database, open_database
from storage.models import Contract, Invoice

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
BR_FILE = DATA / "contracts_br_latin1_semicolon.csv"
EN_FILE = DATA / "contracts_en_utf8bom_comma.csv"
BAD_FILE = DATA / "contracts_bad_rows.csv"


@contextmanager
def opened(db_location: str | Path) -> Iterator[None]:
    open_database(str(db_location))
    try:
        yield
    finally:
        close_database()


def snapshot(db_location: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with opened(db_location):
        return (
            list(Contract.select().order_by(Contract.id).dicts()),
            list(Invoice.select().order_by(Invoice.id).dicts()),
        )


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_semicolon_latin1_file_imports_every_contract_with_its_schedule(
    db_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import-contracts", BR_FILE, "--db", db_location) == exit_codes.OK
    out, err = capsys.readouterr()
    assert out.strip() == (
        f"Imported {BR_FILE}: 5 created, 0 updated, 0 unchanged contract(s); 50 invoice(s) created."
    )
    assert err == ""
    with opened(db_location):
        contracts = {c.number: c for c in Contract.select()}
        assert sorted(contracts) == ["BR-1001", "BR-1002", "BR-1003", "BR-1004", "BR-1005"]
        assert contracts["BR-1001"].customer_name == "João da Conceição"
        assert str(contracts["BR-1001"].plan_value) == "1234.56"
        assert contracts["BR-1003"].cohort == "2024-02"
        for contract in contracts.values():
            invoices = list(contract.invoices.order_by(Invoice.number))
            got = [(i.number, i.due_date, i.available_from) for i in invoices]
            assert got == invoice_schedule(contract.install_date)
            assert {i.fetch_status for i in invoices} == {"PENDING"}
        late = [i.due_date for i in contracts["BR-1002"].invoices.order_by(Invoice.number)]
        assert late[:2] == [date(2026, 2, 26), date(2026, 3, 26)]  # installed on the 31st


def test_comma_bom_iso_english_file(db_location: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", db_location, "import-contracts", EN_FILE) == exit_codes.OK  # --db before the command
    assert "3 created" in capsys.readouterr().out
    with opened(db_location):
        assert Contract.get(number="EN-2").customer_name == "Zoë Ångström"
        assert Contract.get(number="EN-1").customer_name == "Smith, John"
        assert Invoice.select().count() == 30


def test_bad_rows_are_all_listed_and_nothing_is_written(
    db_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import-contracts", BR_FILE, "--db", db_location) == exit_codes.OK
    with opened(db_location):
        Invoice.update(fetch_status="SUCCESS", fetch_attempts=1, last_fetch_at=datetime.now(UTC)).where(
            Invoice.number == 1
        ).execute()
    before = snapshot(db_location)
    capsys.readouterr()
    assert run("import-contracts", BAD_FILE, "--db", db_location) == exit_codes.ERRORS_LEFT
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[:7] == [
        "line 3, column 'cpf_cnpj': invalid CPF check digits (***.982.247-**)",
        "line 4, column 'data_instalacao': '31/02/2026' is not a valid date: month 2 of 2026 has 28 days",
        "line 5, column 'cliente': missing value",
        "line 6, column 'numero_contrato': duplicate contract number 'OK-1' (first on line 2)",
        "line 7, column 'data_instalacao': install date 10/10/2099 is in the future",
        "line 8, column 'status': unknown status 'SUSPENSO' (expected ATIVO, CANCELADO or DOWNGRADE)",
        "line 9, column 'valor_plano': negative value -10,00",
    ]
    assert "nothing was imported" in lines[7] and "--skip-invalid" in lines[7]
    assert "52998224724" not in err and "529.982.247-24" not in err
    assert snapshot(db_location) == before


def test_a_failed_import_does_not_even_create_the_database(db_path: Path) -> None:
    assert run("import-contracts", BAD_FILE, "--db", db_path) == exit_codes.ERRORS_LEFT
    assert not db_path.exists()


def test_skip_invalid_imports_the_good_rows(db_location: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("import-contracts", BAD_FILE, "--skip-invalid", "--db", db_location) == exit_codes.OK
    out, err = capsys.readouterr()
    assert "2 created" in out and "20 invoice(s) created" in out and "7 rows skipped as invalid" in out
    assert sum(line.startswith("line ") for line in err.splitlines()) == 7
    with opened(db_location):
        assert sorted(c.number for c in Contract.select()) == ["OK-1", "OK-2"]
        assert Contract.get(number="OK-1").customer_name == "Cliente Bom"  # the first OK-1 wins


def test_skip_invalid_with_no_valid_row_fails(tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "all_bad.csv"
    bad.write_text("numero_contrato;cpf_cnpj;cliente;data_instalacao\nX;123;Name;01/01/2026\n")
    assert run("import-contracts", bad, "--skip-invalid", "--db", db_path) == exit_codes.ERRORS_LEFT
    assert not db_path.exists()


def test_reimport_updates_contracts_and_keeps_fetch_history(
    tmp_path: Path, db_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import-contracts", BR_FILE, "--db", db_location) == exit_codes.OK
    fetched_at = datetime(2026, 6, 20, 3, 0, tzinfo=UTC)
    with opened(db_location):
        contract = Contract.get(number="BR-1001")
        Invoice.update(
            fetch_status="SUCCESS", fetch_origin="AUTOMATIC", fetch_attempts=2, last_fetch_at=fetched_at,
            fetch_seconds=0.731, amount="1234.56", bar_code="3" * 47, last_outcome="MATCHED",
        ).where(Invoice.contract == contract.id, Invoice.number <= 3).execute()
        Invoice.update(fetch_status="GAVE_UP", fetch_attempts=3, fetch_error="timeout").where(
            Invoice.contract == contract.id, Invoice.number == 4
        ).execute()
        tracked = list(Invoice.select().where(Invoice.contract == contract.id).order_by(Invoice.id).dicts())
    changed = tmp_path / "changed.csv"
    text = BR_FILE.read_bytes().decode("latin-1")
    text = text.replace("João da Conceição;15/01/2026;ATIVO", "João C. Silva;15/01/2026;CANCELADO")
    changed.write_bytes(text.encode("latin-1"))
    capsys.readouterr()
    assert run("import-contracts", changed, "--db", db_location) == exit_codes.OK
    assert "0 created, 1 updated, 4 unchanged contract(s); 0 invoice(s) created" in capsys.readouterr().out
    with opened(db_location):
        contract = Contract.get(number="BR-1001")
        assert (contract.customer_name, contract.status) == ("João C. Silva", "CANCELLED")
        after = list(Invoice.select().where(Invoice.contract == contract.id).order_by(Invoice.id).dicts())
        assert after == tracked
        assert Invoice.select().count() == 50


def test_debug_logging_never_shows_peewee_queries_and_their_parameters(
    db_location: str, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    peewee_log = logging.getLogger("peewee")
    previous = peewee_log.level
    peewee_log.setLevel(logging.NOTSET)  # as a fresh process has it
    caplog.set_level(logging.DEBUG)
    try:
        assert run("-vv", "import-contracts", BR_FILE, "--db", db_location) == exit_codes.OK
    finally:
        level_after = peewee_log.level
        peewee_log.setLevel(previous)
    assert any(r.name == "storage.contracts" for r in caplog.records)  # the debug log did run
    assert not [r for r in caplog.records if r.name.startswith("peewee")]
    assert "Conceição" not in caplog.text and "INSERT" not in caplog.text
    assert level_after >= logging.INFO


def test_a_reimport_with_another_install_date_says_how_many_invoices_were_reset(
    tmp_path: Path, db_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import-contracts", BR_FILE, "--db", db_location) == exit_codes.OK
    with opened(db_location):
        contract = Contract.get(number="BR-1001")
        Invoice.update(fetch_status="SUCCESS", fetch_attempts=1, amount="1234.56", bar_code="3" * 47,
                       pix_code="pix").where(Invoice.contract == contract.id, Invoice.number <= 2).execute()
    changed = tmp_path / "changed.csv"
    text = BR_FILE.read_bytes().decode("latin-1")
    changed.write_bytes(text.replace("João da Conceição;15/01/2026", "João da Conceição;16/01/2026")
                        .encode("latin-1"))
    capsys.readouterr()
    assert run("import-contracts", changed, "--db", db_location) == exit_codes.OK
    out = capsys.readouterr().out
    assert "0 created, 1 updated, 4 unchanged contract(s); 0 invoice(s) created; 2 fetched invoice(s) reset" in out
    with opened(db_location):
        contract = Contract.get(number="BR-1001")
        assert {(i.fetch_status, i.amount, i.bar_code, i.pix_code) for i in contract.invoices} == {
            ("PENDING", None, None, None)
        }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("no_date.csv", (DATA / "contracts_missing_column.csv").read_bytes(), "missing required column"),
        ("empty.csv", b"", "the file is empty"),
        ("book.csv", b"PK\x03\x04\x14\x00", "Excel workbook"),
        ("header_only.csv", b"numero_contrato;cpf_cnpj;cliente;data_instalacao\n", "no contract rows"),
        ("mixed.csv", "numero_contrato;cpf_cnpj;cliente;data_instalacao\nA;52998224725;João;01/02/2026\n".encode()
         + b"B;11144477735;Jos\xe9;01/02/2026\n", "mixes encodings: some lines are UTF-8 but line 3 is not"),
    ],
)
def test_file_level_problems_exit_with_usage(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert run("import-contracts", path, "--db", db_path) == exit_codes.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and message in err
    assert not db_path.exists()


def test_a_missing_file_exits_with_usage(
    tmp_path: Path, db_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import-contracts", tmp_path / "nope.csv", "--db", db_location) == exit_codes.USAGE
    assert "no such file" in capsys.readouterr().err


def test_as_a_real_process(tmp_path: Path) -> None:
    csv_path = tmp_path / "contratos.csv"
    shutil.copy(BR_FILE, csv_path)
    db_path = tmp_path / "proc.sqlite"
    command = [sys.executable, "main.py", "import-contracts", str(csv_path), "--db", str(db_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == exit_codes.OK, done.stderr
    assert "5 created, 0 updated, 0 unchanged contract(s); 50 invoice(s) created." in done.stdout
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == exit_codes.OK and "0 created, 0 updated, 5 unchanged" in again.stdout
    bad = [sys.executable, "main.py", "import-contracts", str(BAD_FILE), "--db", str(db_path)]
    failed = subprocess.run(bad, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert failed.returncode == exit_codes.ERRORS_LEFT
    assert "line 3, column 'cpf_cnpj'" in failed.stderr
    with opened(str(db_path)):
        assert (Contract.select().count(), Invoice.select().count()) == (5, 50)
