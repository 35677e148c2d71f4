"""What waits: "Pendentes" (to fetch now) is exactly what core.eligibility says a full run
started today takes, and "Ainda não disponíveis" what only a later day makes available; both
counted off the covering index, for the whole base and per contract."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import peewee as pw
import pytest

from core.domain import FetchOrigin, FetchStatus, PaymentStatus
from core.eligibility import InvoiceState, is_eligible
from core.engine.request import RunRequest
from core.invoice_groups import NOT_YET_AVAILABLE_STATUSES
from storage.analytics import AnalyticsParamError
from storage.analytics.waiting import waiting_by_contract, waiting_counts
from storage.models import Contract, Invoice, database_proxy
from tests.storage.analytics_fixtures import add_contract, add_invoice

TODAY = date(2026, 3, 10)


@pytest.fixture
def every_case(db: pw.Database) -> list[Invoice]:
    """One invoice per (status, availability, payment) combination, spread over three contracts."""
    contracts = [add_contract(f"W-{i}", date(2025, 1, 1), document=f"{i:011d}") for i in range(3)]
    made = []
    cases = itertools.product(FetchStatus, (TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)),
                              (None, PaymentStatus.PAID.value, PaymentStatus.UNPAID.value))
    for n, (status, available, payment) in enumerate(cases):
        made.append(add_invoice(contracts[n % 3], 1 + n // 3, fetch_status=status.value, available_from=available,
                                payment_status=payment))
    return made


def _state(i: Invoice) -> InvoiceState:
    payment = PaymentStatus(i.payment_status) if i.payment_status else None
    return InvoiceState(i.id, i.contract.cohort, i.contract.number, FetchStatus(i.fetch_status), payment,
                        i.available_from)


def test_pending_is_what_a_full_run_started_today_takes(every_case) -> None:
    request = RunRequest(origin=FetchOrigin.AUTOMATIC)
    eligible = [i for i in every_case if is_eligible(_state(i), request, TODAY)]
    later = [i for i in every_case if FetchStatus(i.fetch_status) in NOT_YET_AVAILABLE_STATUSES
             and i.available_from > TODAY and i.payment_status != PaymentStatus.PAID.value]
    w = waiting_counts(TODAY)
    assert w.to_fetch == len(eligible) > 0
    assert w.not_yet_available == len(later) > 0
    assert w.never_fetched == sum(1 for i in eligible if i.fetch_status == "PENDING")
    assert w.errors == sum(1 for i in eligible if i.fetch_status == "ERROR")
    by_contract = waiting_by_contract(TODAY, [c.id for c in Contract.select()])
    assert sum(v.to_fetch for v in by_contract.values()) == w.to_fetch
    for contract in Contract.select():
        mine = [i for i in eligible if i.contract_id == contract.id]
        found = by_contract.get(contract.id)
        assert (found.to_fetch if found else 0) == len(mine)


@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_the_counts_read_the_covering_index_only(db: pw.Database) -> None:
    rows = database_proxy.execute_sql(
        "EXPLAIN QUERY PLAN SELECT fetch_status, sum(available_from <= ?), sum(available_from > ?) "
        "FROM invoice INDEXED BY ix_invoice_waiting WHERE fetch_status IN ('PENDING', 'NOT_AVAILABLE', 'ERROR') "
        "AND (payment_status IS NULL OR payment_status <> 'PAID') GROUP BY fetch_status", ("a", "a")).fetchall()
    assert "COVERING INDEX ix_invoice_waiting" in " ".join(str(r[3]) for r in rows)


def test_a_bad_day_is_refused_naming_it(db: pw.Database) -> None:
    with pytest.raises(AnalyticsParamError, match="today"):
        waiting_counts("2026-03-10")  # type: ignore[arg-type]
