"""Hand-built histories for the analytics, alert and stats tests, written through the models,
with the rollups written as the engine and the import write them (storage.rollups_write)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from storage import rollups_write as rollups
from storage.models import Contract, FetchAttempt, FetchRun, Invoice, database_proxy

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def add_contract(number: str, install: date, document: str = "52998224725") -> Contract:
    return Contract.create(
        number=number,
        document=document,
        customer_name=f"Cliente {number}",
        install_date=install,
        cohort=install.strftime("%Y-%m"),
        status="ACTIVE",
        created_at=T0,
        updated_at=T0,
    )


def add_invoice(contract: Contract, number: int, **fields: Any) -> Invoice:
    due = contract.install_date + timedelta(days=25 + 30 * (number - 1))
    values: dict[str, Any] = {
        "contract": contract,
        "number": number,
        "due_date": due,
        "available_from": due - timedelta(days=3),
        "updated_at": T0,
    }
    values.update(fields)
    invoice = Invoice.create(**values)
    rollups.invoices_in(database_proxy.obj, [invoice.id])
    return invoice


def change_invoices(ids: list[int], **fields: Any) -> None:
    """Update invoices as a writer of facts does: out of the rollups, update, back in."""
    rollups.invoices_out(database_proxy.obj, ids)
    Invoice.update(**fields).where(Invoice.id.in_(ids)).execute()
    rollups.invoices_in(database_proxy.obj, ids)


def move_contract(contract: Contract, cohort: str) -> None:
    """A re-import that moves a contract (and its invoices) to another cohort."""
    rollups.contracts_out(database_proxy.obj, [contract.id])
    Contract.update(cohort=cohort).where(Contract.id == contract.id).execute()
    rollups.contracts_in(database_proxy.obj, [contract.id])


def add_run(origin: str, started_at: datetime, status: str = "COMPLETED", **fields: Any) -> FetchRun:
    values: dict[str, Any] = {
        "origin": origin,
        "started_by": "test",
        "hostname": "test-host",
        "pid": 1,
        "started_at": started_at,
        "heartbeat_at": started_at,
        "status": status,
    }
    if status != "RUNNING":
        values.setdefault("finished_at", started_at + timedelta(minutes=10))
        values.setdefault("duration_seconds", 600.0)
    values.update(fields)
    return FetchRun.create(**values)


_STATUS_AFTER = {
    "MATCHED": "SUCCESS",
    "MATCHED_DIVERGENT": "PARTIAL",
    "NOT_YET_AVAILABLE": "NOT_AVAILABLE",
    "NO_DEBTS": "NOT_AVAILABLE",
    "DEFERRED": "PENDING",
}


def add_attempt(
    run: FetchRun,
    invoice: Invoice,
    started_at: datetime,
    outcome: str,
    seconds: float | None = 0.5,
    *,
    try_no: int = 1,
    status_after: str | None = None,
    http_status: int | None = None,
    error: str | None = None,
    apply: bool = True,
) -> FetchAttempt:
    """One attempt row; with `apply` the invoice takes the attempt's state, as the engine does."""
    status = status_after or _STATUS_AFTER.get(outcome, "ERROR")
    counted = outcome not in ("NOT_YET_AVAILABLE", "NO_DEBTS", "DEFERRED")
    invoice = Invoice.get_by_id(invoice.id)
    attempts = invoice.fetch_attempts + (1 if counted else 0)
    after_id = rollups.last_attempt_id(database_proxy.obj)
    row = FetchAttempt.create(
        run=run,
        invoice=invoice,
        lookup_no=invoice.contract_id,
        try_no=try_no,
        attempt_no=attempts if counted else None,
        counted=counted,
        retry_pass=False,
        started_at=started_at,
        seconds=seconds,
        outcome=outcome,
        status_after=status,
        http_status=http_status,
        error=error,
        origin=run.origin,
        cohort=invoice.contract.cohort,
    )
    rollups.attempts_added(database_proxy.obj, run.id, after_id)
    if apply:
        data: dict[str, Any] = {}
        if status in ("SUCCESS", "PARTIAL"):
            data = {"amount": Decimal("100.00"), "bar_code": "8" * 47}
        change_invoices(
            [invoice.id],
            fetch_status=status,
            fetch_origin=run.origin,
            last_fetch_at=started_at,
            fetch_seconds=seconds,
            fetch_attempts=attempts,
            fetch_error=error,
            last_outcome=outcome,
            last_run=run,
            **data,
        )
    return row


class Scenario:
    """A small history with every figure worked out by hand (see the test modules).

    Sao Paulo (UTC-3, no DST). now = 2026-03-10 15:00 UTC (12:00 local).
    R0 AUTOMATIC 2026-01-20 (outside a 30-day window): A1 TIMEOUT 30.0 s.
    R1 AUTOMATIC 2026-03-05 02:00 UTC (23:00 local on the 4th):
       A1 02:30 MATCHED 0.4; A2 02:31 TIMEOUT 30.0 then try 2 02:40 MATCHED 0.6;
       B1 03:10 UTC (00:10 local on the 5th) NO_MATCH 0.8.
    R2 RETRY 2026-03-06 13:00 UTC: B1 HTTP_5XX 503 1.2 s; A3 MATCHED_DIVERGENT 0.7.
    R3 MANUAL 2026-03-09 14:00 UTC, FAILED: B1 HTTP_5XX 503 2.5 s -> GAVE_UP; B2 NOT_YET_AVAILABLE 0.3.
    C1 never fetched.
    """

    NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)

    def __init__(self) -> None:
        a = add_contract("A-100", date(2026, 1, 5))
        b = add_contract("B-200", date(2026, 2, 3), document="11144477735")
        c = add_contract("C-300", date(2026, 2, 20), document="39053344705")
        self.a1, self.a2, self.a3 = (add_invoice(a, n) for n in (1, 2, 3))
        self.b1, self.b2 = (add_invoice(b, n) for n in (1, 2))
        self.c1 = add_invoice(c, 1)
        self.r0 = add_run("AUTOMATIC", utc(2026, 1, 20, 3, 0))
        add_attempt(
            self.r0, self.a1, utc(2026, 1, 20, 3, 0, 10), "TIMEOUT", 30.0, error="read timeout after 30.0s"
        )
        self.r1 = add_run("AUTOMATIC", utc(2026, 3, 5, 2, 0))
        add_attempt(self.r1, self.a1, utc(2026, 3, 5, 2, 30), "MATCHED", 0.4)
        add_attempt(
            self.r1, self.a2, utc(2026, 3, 5, 2, 31), "TIMEOUT", 30.0, error="read timeout after 30.0s"
        )
        add_attempt(self.r1, self.a2, utc(2026, 3, 5, 2, 40), "MATCHED", 0.6, try_no=2)
        add_attempt(
            self.r1,
            self.b1,
            utc(2026, 3, 5, 3, 10),
            "NO_MATCH",
            0.8,
            error="no open invoice due within 3 days",
        )
        self.r2 = add_run("RETRY", utc(2026, 3, 6, 13, 0))
        add_attempt(
            self.r2,
            self.b1,
            utc(2026, 3, 6, 13, 0, 10),
            "HTTP_5XX",
            1.2,
            http_status=503,
            error="HTTP 503 after 1.2s",
        )
        add_attempt(
            self.r2,
            self.a3,
            utc(2026, 3, 6, 13, 0, 20),
            "MATCHED_DIVERGENT",
            0.7,
            error="amount differs by R$ 5.80",
        )
        self.r3 = add_run("MANUAL", utc(2026, 3, 9, 14, 0), status="FAILED")
        add_attempt(
            self.r3,
            self.b1,
            utc(2026, 3, 9, 14, 0, 5),
            "HTTP_5XX",
            2.5,
            http_status=503,
            status_after="GAVE_UP",
            error="HTTP 503 after 2.5s",
        )
        add_attempt(self.r3, self.b2, utc(2026, 3, 9, 14, 0, 6), "NOT_YET_AVAILABLE", 0.3)
