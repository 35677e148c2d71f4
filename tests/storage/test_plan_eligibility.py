"""The store's plan query picks exactly what core.eligibility.is_eligible says.

A real SQLite store holds one invoice for every combination of fetch status x payment
status x availability (before, on, after today) x attempt count; every request shape (full,
cohort, contract, invoice ids, and mixes, forced or not) is planned by SqlEngineStore and
compared with the predicate run over the same states.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.domain import FetchOrigin, FetchStatus, PaymentStatus
from core.eligibility import InvoiceState, is_eligible
from core.engine.request import RunRequest
from storage.engine_store import SqlEngineStore
from storage.models import Contract, Invoice
from tests.storage.analytics_fixtures import T0

TODAY = date(2026, 3, 15)
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
COHORTS = ("2026-01", "2026-02")

PAYMENTS = (None, PaymentStatus.PAID, PaymentStatus.UNPAID)
AVAILABLE = (TODAY - timedelta(days=2), TODAY, TODAY + timedelta(days=1))
ATTEMPTS = (0, 4)


def _states() -> Iterator[tuple[FetchStatus, PaymentStatus | None, date, int]]:
    return itertools.product(FetchStatus, PAYMENTS, AVAILABLE, ATTEMPTS)


@pytest.fixture
def states(db: pw.Database) -> list[InvoiceState]:
    """One invoice per combination (108), ten per contract, contracts alternating between two cohorts."""
    assert len(list(_states())) % 37
    out: list[InvoiceState] = []
    contract: Contract | None = None
    combos = list(_states())
    # a stride prime to the count mixes the combinations across contracts and cohorts
    for i, (status, payment, available, attempts) in enumerate(
            combos[i * 37 % len(combos)] for i in range(len(combos))):
        if i % 10 == 0:
            number = f"C{i // 10:03d}"
            cohort = COHORTS[(i // 10) % 2]
            contract = Contract.create(
                number=number, document=f"{i // 10 % 7:011d}", customer_name=number,
                install_date=date.fromisoformat(f"{cohort}-10"), cohort=cohort, created_at=T0, updated_at=T0,
            )
        assert contract is not None
        invoice = Invoice.create(
            contract=contract, number=i % 10 + 1, due_date=available + timedelta(days=3), available_from=available,
            payment_status=payment.value if payment else None, fetch_status=status.value, fetch_attempts=attempts,
            updated_at=T0,
        )
        out.append(InvoiceState(
            invoice_id=int(invoice.id), cohort=contract.cohort, contract_number=contract.number,
            fetch_status=status, payment_status=payment, available_from=available,
            fetch_attempts=attempts,
        ))
    return out


def planned_ids(request: RunRequest, today: date = TODAY, now: datetime = NOW) -> set[int]:
    plan = SqlEngineStore().plan(request, now, today)
    ids = [c.invoice_id for job in plan.jobs for c in job.candidates]
    assert len(ids) == len(set(ids)) == plan.invoices
    return set(ids)


def expected_ids(states: list[InvoiceState], request: RunRequest, today: date = TODAY) -> set[int]:
    return {s.invoice_id for s in states if is_eligible(s, request, today)}


SELECTORS: list[dict[str, object]] = [
    {},
    {"cohort": "2026-01"},
    {"contract_number": "C003"},
    {"contract_number": "C003", "cohort": "2026-01"},  # C003 is in 2026-02: nothing
    {"invoice_ids": tuple(range(1, 900, 7))},
    {"invoice_ids": tuple(range(1, 900, 7)), "cohort": "2026-02"},
    {"invoice_ids": (*range(2, 108, 11), 99_999)},  # with an id that is not there
]


@pytest.mark.parametrize("force", [False, True], ids=["normal", "forced"])
@pytest.mark.parametrize("selector", SELECTORS, ids=lambda s: ",".join(s) or "all")
def test_plan_picks_what_the_rule_says(states: list[InvoiceState], selector: dict[str, object],
                                       force: bool) -> None:
    request = RunRequest(origin=FetchOrigin.MANUAL, force=force, **selector)  # type: ignore[arg-type]
    expected = expected_ids(states, request)
    contradictory = selector.get("contract_number") == "C003" and selector.get("cohort") == "2026-01"
    assert bool(expected) is not contradictory  # every shape but the contradictory one picks something
    assert planned_ids(request) == expected


def test_the_table_covers_both_answers(states: list[InvoiceState]) -> None:
    """Each dimension changes the answer somewhere, so the comparison above can tell them apart."""
    full = RunRequest()
    picked = {s.invoice_id for s in states if is_eligible(s, full, TODAY)}
    assert 0 < len(picked) < len(states)
    assert {s.fetch_status for s in states if s.invoice_id in picked} == {
        FetchStatus.PENDING, FetchStatus.NOT_AVAILABLE, FetchStatus.ERROR}
    explicit = RunRequest(invoice_ids=tuple(s.invoice_id for s in states))
    assert FetchStatus.GAVE_UP in {s.fetch_status for s in states if is_eligible(s, explicit, TODAY)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cohort=st.none() | st.sampled_from(COHORTS),
    contract=st.none() | st.sampled_from(["C000", "C001", "C010"]),
    ids=st.lists(st.integers(1, 900), max_size=40).map(tuple),
    force=st.booleans(),
    day_shift=st.integers(-3, 2),
    seconds_shift=st.sampled_from([-3601, -1, 0, 1, 3600, 86_400]),
)
def test_plan_matches_the_rule_at_any_time(states: list[InvoiceState], cohort: str | None, contract: str | None,
                                           ids: tuple[int, ...], force: bool, day_shift: int,
                                           seconds_shift: int) -> None:
    request = RunRequest(cohort=cohort, contract_number=contract, invoice_ids=ids, force=force)
    today = TODAY + timedelta(days=day_shift)
    now = NOW + timedelta(seconds=seconds_shift)
    assert planned_ids(request, today, now) == expected_ids(states, request, today)


def test_the_plan_looks_up_new_work_first_then_the_oldest_retries(db: pw.Database) -> None:
    """Earlier failures never starve new work: documents are planned by core.eligibility.job_order."""
    def contract(n: int) -> Contract:
        return Contract.create(number=f"K{n}", document=f"{n:011d}", customer_name="x", install_date=TODAY,
                               cohort="2026-03", created_at=T0, updated_at=T0)

    def invoice(c: Contract, last: datetime | None) -> int:
        inv = Invoice.create(contract=c, number=1, due_date=TODAY, available_from=TODAY - timedelta(days=1),
                             fetch_status="ERROR" if last else "PENDING", fetch_attempts=1 if last else 0,
                             last_fetch_at=last, updated_at=T0)
        return int(inv.id)

    old_failure = invoice(contract(1), NOW - timedelta(days=5))
    new_work = invoice(contract(2), None)
    recent_failure = invoice(contract(3), NOW - timedelta(hours=1))
    plan = SqlEngineStore().plan(RunRequest(), NOW, TODAY)
    assert [job.candidates[0].invoice_id for job in plan.jobs] == [new_work, old_failure, recent_failure]
