"""storage.payments: a payment spreadsheet onto the stored invoices, in one transaction, rollups included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import peewee as pw
import pytest

from core.domain import RETRYABLE_STATUSES, FetchOrigin, FetchStatus, Outcome, PaymentStatus
from core.engine import RunRequest
from core.payments_import import PaymentRecord, parse_payments
from storage.models import Contract, FetchAttempt, Invoice, database_proxy
from storage.payments import PaymentChanges, import_payments
from storage.rollups_write import rebuild_rollups
from tests.engine_support import run_engine, seed_from_world
from tests.storage.analytics_fixtures import change_invoices
from tests.storage.test_analytics_rollups import snapshot

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
PAID, UNPAID, LATE = PaymentStatus.PAID, PaymentStatus.UNPAID, PaymentStatus.LATE


def every_invoice() -> list[tuple[Any, ...]]:
    return list(Invoice.select().order_by(Invoice.id).tuples())


def invoice(contract: str, number: int) -> Invoice:
    return Invoice.select().join(Contract).where((Contract.number == contract) & (Invoice.number == number)).get()


def record(line: int, contract: str, number: int | None, status: PaymentStatus, paid_at: date | None = None,
           due: date | None = None) -> PaymentRecord:
    return PaymentRecord(line, contract, number, due, status, paid_at)


@pytest.fixture
def fetched(db: pw.Database, small_world, make_simulator) -> Any:
    """The small world imported and fetched once: invoices in every status, with data (and one in
    ERROR, as a failed lookup leaves it)."""
    seed_from_world(small_world)
    run_engine(make_simulator(), small_world, RunRequest(origin=FetchOrigin.MANUAL, rate_limit=None))
    if not Invoice.select().where(Invoice.fetch_status == FetchStatus.ERROR.value).exists():
        pending = Invoice.select().where(Invoice.fetch_status == FetchStatus.PENDING.value)
        one = pending.order_by(Invoice.id.desc()).get()
        change_invoices([one.id], fetch_status=FetchStatus.ERROR.value, fetch_attempts=1, last_outcome="TIMEOUT")
    return small_world


def pick(status: FetchStatus, count: int = 1) -> list[Invoice]:
    found = list(Invoice.select().where(Invoice.fetch_status == status.value).order_by(Invoice.id).limit(count))
    assert len(found) == count, f"the world has fewer than {count} {status} invoices"
    return found


def number_of(inv: Invoice) -> tuple[str, int]:
    return Contract.get_by_id(inv.contract_id).number, inv.number


def test_pago_marks_invoices_paid_keeping_their_data_and_the_rollups_agree_with_a_rebuild(
        db: pw.Database, fetched) -> None:
    success, partial = pick(FetchStatus.SUCCESS, 3), pick(FetchStatus.PARTIAL, 1)
    pending, failed = pick(FetchStatus.PENDING, 2), pick(FetchStatus.ERROR, 1)
    paid = [*success, *partial, *pending, *failed]
    records = [record(line, *number_of(inv), PAID, date(2026, 3, 1)) for line, inv in enumerate(paid, start=2)]
    late = pick(FetchStatus.PENDING, 3)[2]
    records.append(record(len(records) + 2, *number_of(late), LATE))
    before = {inv.id: inv for inv in Invoice.select()}
    result = import_payments(records, NOW)
    assert result.written and result.errors == ()
    assert result.changes == PaymentChanges(rows=8, paid=7, reopened=0, updated=1, unchanged=0)
    for inv in paid:
        now = Invoice.get_by_id(inv.id)
        assert (now.fetch_status, now.payment_status, now.paid_at) == ("PAID", "PAID", date(2026, 3, 1))
        old = before[inv.id]
        # found data and fetch history stay as they were
        assert (now.amount, now.bar_code, now.pix_code, now.remote_id, now.fetch_attempts, now.last_outcome) == (
            old.amount, old.bar_code, old.pix_code, old.remote_id, old.fetch_attempts, old.last_outcome)
        assert now.updated_at == NOW
    late_now = Invoice.get_by_id(late.id)
    assert (late_now.fetch_status, late_now.payment_status, late_now.paid_at) == ("PENDING", "LATE", None)
    untouched = set(before) - {inv.id for inv in [*paid, late]}
    assert all(Invoice.get_by_id(i).updated_at == before[i].updated_at for i in list(untouched)[:50])
    incremental = snapshot()
    rebuild_rollups(db)
    assert snapshot() == incremental
    # importing the same file again changes nothing
    again = import_payments(records, NOW + timedelta(hours=1))
    assert again.changes == PaymentChanges(rows=8, unchanged=8)


def test_a_later_non_pago_row_reopens_a_paid_invoice_to_what_its_data_says(db: pw.Database, fetched) -> None:
    success, partial = pick(FetchStatus.SUCCESS)[0], pick(FetchStatus.PARTIAL)[0]
    pending = pick(FetchStatus.PENDING)[0]
    targets = [success, partial, pending]
    import_payments([record(i + 2, *number_of(inv), PAID, date(2026, 3, 1)) for i, inv in enumerate(targets)], NOW)
    assert {Invoice.get_by_id(inv.id).fetch_status for inv in targets} == {"PAID"}
    # a transient failure after the match leaves last_outcome saying nothing about the match
    change_invoices([partial.id], last_outcome=Outcome.TIMEOUT.value)
    result = import_payments([record(i + 2, *number_of(inv), UNPAID) for i, inv in enumerate(targets)], NOW)
    assert result.changes == PaymentChanges(rows=3, reopened=3)
    after = {inv.id: Invoice.get_by_id(inv.id) for inv in targets}
    assert after[success.id].fetch_status == "SUCCESS"
    assert after[partial.id].fetch_status == "PARTIAL"  # from its MATCHED_DIVERGENT attempt row
    assert after[pending.id].fetch_status == "PENDING"
    assert {(a.payment_status, a.paid_at) for a in after.values()} == {("UNPAID", None)}
    incremental = snapshot()
    rebuild_rollups(db)
    assert snapshot() == incremental


def test_rows_naming_no_stored_invoice_are_errors_with_their_line_and_nothing_is_written(
        db: pw.Database, fetched) -> None:
    inv = pick(FetchStatus.SUCCESS)[0]
    contract, number = number_of(inv)
    due = inv.due_date
    records = [
        record(2, contract, number, PAID),
        record(3, "NO-SUCH", 1, PAID),
        record(4, contract, None, PAID, due=due + timedelta(days=2)),  # the same invoice, by a near date
        record(5, contract, None, PAID, due=date(2020, 1, 1)),
    ]
    columns = {"contract": "Contrato", "invoice": "Fatura", "due_date": "Vencimento"}
    before, rollups = every_invoice(), snapshot()
    result = import_payments(records, NOW, columns=columns)
    assert not result.written and result.changes.rows == 1
    assert [(e.line, e.column) for e in result.errors] == [(3, "Contrato"), (4, "Vencimento"), (5, "Vencimento")]
    assert result.errors[0].message == "unknown contract 'NO-SUCH'"
    assert f"names invoice {number} of contract '{contract}' again (first on line 2)" in result.errors[1].message
    assert "no invoice of the contract is due within 15 days of 01/01/2020" in result.errors[2].message
    assert every_invoice() == before and snapshot() == rollups  # all or nothing: nothing
    skipped = import_payments(records, NOW, skip_invalid=True)
    assert skipped.written and len(skipped.errors) == 3 and Invoice.get_by_id(inv.id).fetch_status == "PAID"


def test_a_dry_run_says_what_would_change_and_writes_nothing(db: pw.Database, fetched) -> None:
    invoices = pick(FetchStatus.SUCCESS, 2)
    before, rollups = every_invoice(), snapshot()
    result = import_payments([record(i + 2, *number_of(inv), PAID) for i, inv in enumerate(invoices)], NOW,
                             dry_run=True)
    assert (result.written, result.changes.paid) == (False, 2)
    assert every_invoice() == before and snapshot() == rollups


def test_an_invoice_named_by_the_operators_due_date(db: pw.Database, fetched) -> None:
    shifted = Invoice.select().where(Invoice.remote_due_date.is_null(False)
                                     & (Invoice.remote_due_date != Invoice.due_date)).first()
    assert shifted is not None, "the small world has date-shifted invoices"
    contract, number = number_of(shifted)
    result = import_payments([record(2, contract, None, PAID, due=shifted.remote_due_date)], NOW)
    assert result.changes.paid == 1 and invoice(contract, number).fetch_status == "PAID"


def test_the_next_run_skips_paid_invoices(db: pw.Database, small_world, make_simulator) -> None:
    seed_from_world(small_world)
    due = Invoice.select().where((Invoice.available_from <= small_world.today)
                                 & Invoice.fetch_status.in_([s.value for s in RETRYABLE_STATUSES]))
    paid = list(due.order_by(Invoice.id).limit(15))
    text = "contrato;fatura;status;data_pagamento\n" + "".join(
        f"{Contract.get_by_id(i.contract_id).number};{i.number};PAGO;01/03/2026\n" for i in paid)
    parsed = parse_payments(text.encode(), small_world.today)
    assert parsed.ok
    assert import_payments(parsed.records, NOW, columns=parsed.columns).changes.paid == 15
    result = run_engine(make_simulator(), small_world, RunRequest(origin=FetchOrigin.AUTOMATIC, rate_limit=None))
    assert result.planned_invoices > 0
    ids = [i.id for i in paid]
    assert not FetchAttempt.select().where(FetchAttempt.invoice.in_(ids)).exists()
    assert {i.fetch_status for i in Invoice.select().where(Invoice.id.in_(ids))} == {"PAID"}
    assert database_proxy.execute_sql("SELECT count(*) FROM invoice WHERE fetch_status = 'PAID'").fetchone()[0] == 15


def test_now_must_be_aware(db: pw.Database) -> None:
    with pytest.raises(ValueError, match="aware"):
        import_payments([], datetime(2026, 3, 16))


def test_amounts_are_untouched_to_the_cent(db: pw.Database, fetched) -> None:
    inv = pick(FetchStatus.SUCCESS)[0]
    Invoice.update(amount=Decimal("1234.56")).where(Invoice.id == inv.id).execute()
    import_payments([record(2, *number_of(inv), PAID)], NOW)
    assert Invoice.get_by_id(inv.id).amount == Decimal("1234.56")
