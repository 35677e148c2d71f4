"""storage.contracts: bulk import of contracts and their invoices into a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import peewee as pw
import pytest

from core.documents import cpf_check_digits
from core.domain import ContractRecord, ContractStatus, FetchOrigin, FetchStatus, Outcome
from core.due_dates import cohort_of, invoice_schedule
from storage import contracts as store
from storage.contracts import ImportSummary, bulk_insert, contracts_count, import_contracts, invoices_count
from storage.models import Contract, Invoice

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=7)


def cpf(n: int) -> str:
    base = f"{n:09d}"
    return base + cpf_check_digits(base)


def record(n: int, install: date = date(2026, 1, 31), **changes: Any) -> ContractRecord:
    fields: dict[str, Any] = {
        "number": f"C-{n}", "document": cpf(100_000_000 + n), "customer_name": f"Customer {n}",
        "install_date": install, "status": ContractStatus.ACTIVE, "plan": "Fibra 500",
        "plan_value": Decimal("99.90"), "service_order": f"OS-{n}",
    }
    fields.update(changes)
    return ContractRecord(**fields)


def schedule_of(invoices: list[Invoice]) -> list[tuple[int, date, date]]:
    return [(i.number, i.due_date, i.available_from) for i in invoices]


def snapshot() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    contracts = list(Contract.select().order_by(Contract.number).dicts())
    invoices = list(Invoice.select().order_by(Invoice.contract, Invoice.number).dicts())
    return contracts, invoices


def invoices_of(number: str) -> list[Invoice]:
    return list(Invoice.select().join(Contract).where(Contract.number == number).order_by(Invoice.number))


def test_new_contracts_get_ten_scheduled_pending_invoices(db: pw.Database) -> None:
    cancelled = record(2, date(2025, 12, 29), status=ContractStatus.CANCELLED, plan=None, plan_value=None)
    records = [record(1), cancelled]
    expected = ImportSummary(created=2, updated=0, unchanged=0, invoices_created=20)
    assert import_contracts(records, NOW) == expected
    assert (contracts_count(), invoices_count()) == (2, 20)
    c2 = Contract.get(Contract.number == "C-2")
    assert (c2.document, c2.customer_name, c2.install_date, c2.cohort, c2.status) == (
        records[1].document, "Customer 2", date(2025, 12, 29), "2025-12", "CANCELLED"
    )
    assert (c2.plan, c2.plan_value, c2.created_at, c2.updated_at) == (None, None, NOW, NOW)
    for rec in records:
        invoices = invoices_of(rec.number)
        assert schedule_of(invoices) == invoice_schedule(rec.install_date)
        for inv in invoices:
            assert (inv.fetch_status, inv.fetch_attempts, inv.due_date_imported, inv.updated_at) == (
                FetchStatus.PENDING.value, 0, False, NOW
            )
            assert {inv.amount, inv.last_fetch_at, inv.fetch_origin, inv.last_outcome} == {None}
    # install on the 31st of January: 26 Feb, then the 26th of every month (never drifting)
    dues = [i.due_date for i in invoices_of("C-1")]
    assert dues[:3] == [date(2026, 2, 26), date(2026, 3, 26), date(2026, 4, 26)]
    assert Contract.get(Contract.number == "C-1").plan_value == Decimal("99.90")


def test_reimporting_the_same_contracts_changes_nothing(db: pw.Database) -> None:
    records = [record(n) for n in range(5)]
    import_contracts(records, NOW)
    before = snapshot()
    assert import_contracts(records, LATER) == ImportSummary(0, 0, 5, 0)
    assert snapshot() == before


def _track_fetches(number: str) -> None:
    """What the engine leaves on invoices after fetching them."""
    first, second = invoices_of(number)[:2]
    Invoice.update(
        fetch_origin=FetchOrigin.AUTOMATIC.value, fetch_status=FetchStatus.SUCCESS.value, last_fetch_at=NOW,
        fetch_seconds=1.234, fetch_attempts=2, last_outcome=Outcome.MATCHED.value, amount=Decimal("99.90"),
        remote_due_date=first.due_date, remote_id="R-1", bar_code="1" * 47, pix_code="pix",
        reference_month="02/2026", payment_status="PAID",
    ).where(Invoice.id == first.id).execute()
    Invoice.update(
        fetch_status=FetchStatus.GAVE_UP.value, fetch_attempts=3, fetch_error="timeout",
        last_outcome=Outcome.TIMEOUT.value, last_fetch_at=NOW,
    ).where(Invoice.id == second.id).execute()


TRACKING = ("id", "fetch_origin", "fetch_status", "last_fetch_at", "fetch_seconds", "fetch_attempts",
            "fetch_error", "last_outcome", "amount", "remote_due_date", "remote_id",
            "bar_code", "pix_code",
            "reference_month", "payment_status", "last_run")


def _tracking(number: str) -> list[tuple[Any, ...]]:
    return [tuple(getattr(inv, f) for f in TRACKING) for inv in invoices_of(number)]


def test_reimport_updates_fields_and_keeps_the_fetch_history(db: pw.Database) -> None:
    import_contracts([record(1), record(2)], NOW)
    _track_fetches("C-1")
    tracked = _tracking("C-1")
    due_before = [i.due_date for i in invoices_of("C-1")]
    changed = record(1, customer_name="Customer One", status=ContractStatus.DOWNGRADE,
                     plan_value=Decimal("79.9"))
    assert import_contracts([changed, record(2), record(3)], LATER) == ImportSummary(1, 1, 1, 10)
    c1 = Contract.get(Contract.number == "C-1")
    assert (c1.customer_name, c1.status, c1.plan_value) == ("Customer One", "DOWNGRADE", Decimal("79.90"))
    assert (c1.created_at, c1.updated_at) == (NOW, LATER)
    assert _tracking("C-1") == tracked
    assert [i.due_date for i in invoices_of("C-1")] == due_before
    assert Contract.get(Contract.number == "C-2").updated_at == NOW  # unchanged rows are not touched
    assert invoices_count() == 30


def test_a_changed_install_date_reschedules_only_rule_based_invoices(db: pw.Database) -> None:
    import_contracts([record(1, date(2026, 1, 10))], NOW)
    imported = invoices_of("C-1")[4]
    Invoice.update(due_date=date(2026, 7, 1), due_date_imported=True).where(
        Invoice.id == imported.id
    ).execute()
    tracked = _tracking("C-1")
    assert import_contracts([record(1, date(2026, 1, 30))], LATER) == ImportSummary(0, 1, 0, 0, 0)
    contract = Contract.get(Contract.number == "C-1")
    assert (contract.install_date, contract.cohort) == (date(2026, 1, 30), cohort_of(date(2026, 1, 30)))
    invoices = invoices_of("C-1")
    schedule = invoice_schedule(date(2026, 1, 30))
    for inv, (number, due, available) in zip(invoices, schedule, strict=True):
        if number == 5:
            assert (inv.due_date, inv.due_date_imported) == (date(2026, 7, 1), True)
        else:
            assert (inv.due_date, inv.available_from, inv.updated_at) == (due, available, LATER)
    assert _tracking("C-1") == tracked


RESET = {
    "fetch_origin": None, "fetch_status": "PENDING", "last_fetch_at": None, "fetch_seconds": None,
    "fetch_attempts": 0, "fetch_error": None, "last_outcome": None, "amount": None, "remote_due_date": None,
    "remote_id": None, "bar_code": None, "pix_code": None, "reference_month": None, "last_run": None,
}


@pytest.mark.parametrize("change", [
    {"install_date": date(2026, 1, 30)},
    {"document": cpf(999_999_999)},
], ids=["install-date", "document"])
def test_a_changed_identity_resets_the_fetched_invoices(db: pw.Database, change: dict[str, Any]) -> None:
    # The bar code and PIX found for the old sale or customer must not be shown (or paid) for the new one.
    import_contracts([record(1, date(2026, 1, 10)), record(2, date(2026, 1, 10))], NOW)
    _track_fetches("C-1")
    _track_fetches("C-2")
    Invoice.update(amount=Decimal("10.00")).where(  # data left on a PENDING invoice counts as fetched
        Invoice.id == invoices_of("C-1")[2].id).execute()
    untouched = _tracking("C-2")
    pending_before = [(i.id, i.updated_at) for i in invoices_of("C-1")[3:]]
    summary = import_contracts([record(1, date(2026, 1, 10), **change), record(2, date(2026, 1, 10))], LATER)
    assert summary == ImportSummary(0, 1, 1, 0, 3)
    invoices = invoices_of("C-1")
    for inv in invoices[:3]:
        assert {f: getattr(inv, f) for f in RESET} == RESET
        assert inv.updated_at == LATER
    assert invoices[0].payment_status == "PAID"  # from the payment sheet, not from a fetch
    if "document" in change:  # nothing else about the never-fetched invoices changes
        assert [(i.id, i.updated_at) for i in invoices[3:]] == pending_before
    assert _tracking("C-2") == untouched


def test_missing_invoices_of_a_known_contract_are_recreated(db: pw.Database) -> None:
    import_contracts([record(1), record(2)], NOW)
    c1 = Contract.get(number="C-1")
    Invoice.delete().where(Invoice.number.in_([9, 10]), Invoice.contract == c1.id).execute()
    assert import_contracts([record(1), record(2)], LATER) == ImportSummary(0, 0, 2, 2)
    assert [i.number for i in invoices_of("C-1")] == list(range(1, 11))
    assert invoices_of("C-1")[9].due_date == invoice_schedule(date(2026, 1, 31))[9][1]


def test_duplicate_numbers_and_naive_times_are_refused(db: pw.Database) -> None:
    with pytest.raises(ValueError, match="unique"):
        import_contracts([record(1), record(1, customer_name="Other")], NOW)
    with pytest.raises(ValueError, match="aware"):
        import_contracts([record(1)], NOW.replace(tzinfo=None))
    assert contracts_count() == 0


def test_a_failure_midway_rolls_everything_back(db: pw.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import_contracts([record(1)], NOW)
    before = snapshot()

    def broken(*_args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_reschedule", broken)
    with pytest.raises(RuntimeError):
        import_contracts([record(1, date(2026, 2, 2), customer_name="X"), record(2), record(3)], LATER)
    assert snapshot() == before


@pytest.mark.sqlite_only  # SQLite's write lock
def test_sqlite_writes_take_the_lock_up_front(db: pw.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []
    original = db.begin

    def spy(lock_type: str | None = None) -> None:
        seen.append(lock_type)
        original(lock_type)

    monkeypatch.setattr(db, "begin", spy)
    import_contracts([record(1)], NOW)
    assert seen == ["IMMEDIATE"]


def test_many_contracts_are_inserted_in_several_chunks(db: pw.Database) -> None:
    # 4,000 invoice rows fit in one statement (8 columns, 32,000 parameters): 3,605 contracts need
    # ten chunks, the last one partial, and re-use the first chunk's SQL for the others.
    records = [record(n, date(2025, 1, 1) + timedelta(days=n % 500)) for n in range(3605)]
    assert import_contracts(records, NOW) == ImportSummary(3605, 0, 0, 36050)
    assert (contracts_count(), invoices_count()) == (3605, 36050)
    for rec in (records[0], records[1800], records[-1]):
        invoices = invoices_of(rec.number)
        assert schedule_of(invoices) == invoice_schedule(rec.install_date)
        assert {(i.updated_at, i.fetch_status, i.due_date_imported) for i in invoices} == {
            (NOW, "PENDING", False)
        }
    # The raw values are stored exactly as peewee's own insert would store them.
    raw = db.execute_sql(
        "SELECT due_date, updated_at, due_date_imported FROM invoice ORDER BY id DESC LIMIT 1"
    ).fetchone()
    Invoice.insert(contract=Contract.get(number=records[-1].number).id, number=11, due_date=date(2026, 1, 1),
                   due_date_imported=False, available_from=date(2026, 1, 1), fetch_status="PENDING",
                   fetch_attempts=0, updated_at=NOW).execute()
    reference = db.execute_sql(
        "SELECT due_date, updated_at, due_date_imported FROM invoice ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert [type(v) for v in raw] == [type(v) for v in reference] and raw[1] == reference[1]


def test_bulk_insert_with_nothing_to_insert(db: pw.Database) -> None:
    bulk_insert(Contract, [Contract.number], [])
    assert contracts_count() == 0


def test_an_empty_import(db: pw.Database) -> None:
    assert import_contracts([], NOW) == ImportSummary(0, 0, 0, 0)
