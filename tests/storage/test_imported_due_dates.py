"""Imported due dates: from the contract import's vencimento_N columns and from import-due-dates; they
override the rule, are marked imported, survive re-imports, and keep the rollups right."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import peewee as pw

from core.contracts_import import parse_contracts_csv
from core.due_dates import available_from, due_date
from core.due_dates_import import DueDateRecord, parse_due_dates
from storage.contracts import import_contracts
from storage.imported_due_dates import DueDateChanges, import_due_dates
from storage.models import Contract, Invoice
from storage.rollups_write import rebuild_rollups
from tests.storage.analytics_fixtures import change_invoices
from tests.storage.test_analytics_rollups import snapshot

TODAY = date(2026, 6, 30)
NOW = datetime(2026, 6, 30, 9, tzinfo=UTC)
INSTALL_A, INSTALL_B = date(2026, 1, 10), date(2026, 2, 3)
HEADER = "numero_contrato;cpf_cnpj;cliente;data_instalacao"


def contracts_csv(*, with_dates: bool, install_b: str = "03/02/2026") -> bytes:
    if with_dates:
        text = (f"{HEADER};vencimento_1;vencimento_2;vencimento_10\n"
                "A-1;529.982.247-25;Ana;10/01/2026;15/02/2026;2026-03-15;\n"
                f"B-1;111.444.777-35;Bia;{install_b};;;20/12/2026\n")
    else:
        text = f"{HEADER}\nA-1;529.982.247-25;Ana;10/01/2026\nB-1;111.444.777-35;Bia;{install_b}\n"
    return text.encode()


def load(data: bytes) -> Any:
    result = parse_contracts_csv(data, TODAY)
    assert result.ok, result.errors or result.file_error
    return import_contracts(result.records, NOW)


def dates(contract: str) -> dict[int, tuple[date, bool, date]]:
    query = (Invoice.select(Invoice.number, Invoice.due_date, Invoice.due_date_imported, Invoice.available_from)
             .join(Contract).where(Contract.number == contract).tuples())
    return {number: (due, bool(imported), available) for number, due, imported, available in query}


def invoice(contract: str, number: int) -> Invoice:
    return Invoice.select().join(Contract).where((Contract.number == contract) & (Invoice.number == number)).get()


def test_the_contract_import_sets_imported_due_dates_over_the_rule(db: pw.Database) -> None:
    summary = load(contracts_csv(with_dates=True))
    assert (summary.created, summary.due_dates_set) == (2, 3)
    a, b = dates("A-1"), dates("B-1")
    assert a[1] == (date(2026, 2, 15), True, INSTALL_A + timedelta(days=3))  # invoice 1: install + 3 days
    assert a[2] == (date(2026, 3, 15), True, date(2026, 3, 12))  # others: due - 3 days
    assert a[3] == (due_date(INSTALL_A, 3), False, available_from(INSTALL_A, 3, due_date(INSTALL_A, 3)))
    assert b[10] == (date(2026, 12, 20), True, date(2026, 12, 17))
    assert b[1] == (due_date(INSTALL_B, 1), False, INSTALL_B + timedelta(days=3))
    imported = snapshot()
    rebuild_rollups(db)
    assert snapshot() == imported


def test_a_reimport_without_the_columns_keeps_the_imported_dates_and_a_new_install_date_moves_only_the_rest(
        db: pw.Database) -> None:
    load(contracts_csv(with_dates=True))
    before = dates("A-1"), dates("B-1")
    summary = load(contracts_csv(with_dates=False))
    assert (summary.unchanged, summary.due_dates_set) == (2, 0)
    assert (dates("A-1"), dates("B-1")) == before
    load(contracts_csv(with_dates=False, install_b="05/02/2026"))
    b = dates("B-1")
    assert b[10] == before[1][10]  # imported: stays
    assert b[2][0] == due_date(date(2026, 2, 5), 2) != before[1][2][0]  # by the rule: follows the install date
    again = load(contracts_csv(with_dates=True, install_b="05/02/2026"))
    assert again.due_dates_set == 0  # the same imported dates: nothing to change


def test_an_imported_due_date_before_the_install_date_is_a_row_error() -> None:
    result = parse_contracts_csv(f"{HEADER};vencimento_1\nA-1;529.982.247-25;Ana;10/01/2026;05/01/2026\n".encode(),
                                 TODAY)
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (2, "vencimento_1", "due date 05/01/2026 is before the install date 10/01/2026")]


def test_import_due_dates_resets_what_failed_against_the_old_date_and_keeps_found_data(db: pw.Database) -> None:
    load(contracts_csv(with_dates=False))
    failed, found, paid = invoice("A-1", 2), invoice("A-1", 3), invoice("A-1", 4)
    change_invoices([failed.id], fetch_status="GAVE_UP", fetch_attempts=3, last_outcome="NO_MATCH",
                    fetch_error="no invoice matches")
    change_invoices([found.id], fetch_status="SUCCESS", fetch_attempts=1, last_outcome="MATCHED", amount=99,
                    bar_code="123")
    change_invoices([paid.id], fetch_status="PAID")
    records = [DueDateRecord(2, "A-1", 2, date(2026, 3, 20)), DueDateRecord(3, "A-1", 3, date(2026, 4, 20)),
               DueDateRecord(4, "A-1", 4, date(2026, 5, 20)), DueDateRecord(5, "A-1", 5, due_date(INSTALL_A, 5))]
    result = import_due_dates(records, NOW)
    assert result.written and result.errors == ()
    assert result.changes == DueDateChanges(changed=4, unchanged=0, reset=1)
    f = invoice("A-1", 2)
    assert (f.fetch_status, f.fetch_attempts, f.fetch_error, f.last_outcome) == ("PENDING", 0, None, None)
    assert (f.due_date, f.due_date_imported, f.available_from) == (date(2026, 3, 20), True, date(2026, 3, 17))
    s = invoice("A-1", 3)
    assert (s.fetch_status, s.fetch_attempts, s.bar_code, s.due_date) == ("SUCCESS", 1, "123", date(2026, 4, 20))
    assert invoice("A-1", 4).fetch_status == "PAID"
    assert dates("A-1")[5][1] is True  # the rule's own date, now marked imported
    assert import_due_dates(records, NOW).changes == DueDateChanges(unchanged=4)
    incremental = snapshot()
    rebuild_rollups(db)
    assert snapshot() == incremental


def test_import_due_dates_is_all_or_nothing_unless_asked_to_skip(db: pw.Database) -> None:
    load(contracts_csv(with_dates=False))
    before = dates("A-1")
    records = [DueDateRecord(2, "A-1", 2, date(2026, 3, 20)), DueDateRecord(3, "Z-9", 1, date(2026, 3, 20))]
    result = import_due_dates(records, NOW, columns={"contract": "Contrato"})
    assert not result.written and [(e.line, e.column, e.message) for e in result.errors] == [
        (3, "Contrato", "unknown contract 'Z-9'")]
    assert dates("A-1") == before
    assert not import_due_dates(records, NOW, skip_invalid=True, dry_run=True).written
    assert dates("A-1") == before
    assert import_due_dates(records, NOW, skip_invalid=True).written
    assert dates("A-1")[2] == (date(2026, 3, 20), True, date(2026, 3, 17))


def test_the_due_dates_file(tmp_path: Path) -> None:
    parsed = parse_due_dates(b"Vencimentos informados\ncontrato;fatura;vencimento\nA-1;1;15/02/2026\nA-1;TPD;"
                             b"2026-04-15\nA-1;1;16/02/2026\nB-1;2;\n")
    assert [(r.line, r.contract_number, r.invoice_number, r.due_date) for r in parsed.records] == [
        (3, "A-1", 1, date(2026, 2, 15)), (4, "A-1", 3, date(2026, 4, 15))]
    assert [(e.line, e.column) for e in parsed.errors] == [(5, "fatura"), (6, "vencimento")]
    assert "missing required column(s): 'vencimento'" in (parse_due_dates(b"contrato;fatura\nA;1\n").file_error or "")


def test_a_new_install_date_keeps_an_imported_first_due_date_but_moves_its_availability(db: pw.Database) -> None:
    load(contracts_csv(with_dates=True))
    assert dates("A-1")[1] == (date(2026, 2, 15), True, date(2026, 1, 13))
    moved = contracts_csv(with_dates=False).replace(b"A-1;529.982.247-25;Ana;10/01/2026",
                                                     b"A-1;529.982.247-25;Ana;12/01/2026")
    load(moved)
    assert dates("A-1")[1] == (date(2026, 2, 15), True, date(2026, 1, 15))  # install + 3 days
    assert dates("A-1")[3][0] == due_date(date(2026, 1, 12), 3)
    imported = snapshot()
    rebuild_rollups(db)
    assert snapshot() == imported
