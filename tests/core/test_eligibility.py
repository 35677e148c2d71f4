"""Which invoices a run picks (core.eligibility): the rule case by case, and its properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain import RETRYABLE_STATUSES, FetchOrigin, FetchStatus, PaymentStatus
from core.eligibility import (
    InvoiceState,
    allowed_statuses,
    availability_applies,
    is_eligible,
    is_explicit,
    job_order,
)
from core.engine.ports import Candidate
from core.engine.request import RunRequest

TODAY = date(2026, 3, 15)
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)

BASE = InvoiceState(
    invoice_id=7, cohort="2026-01", contract_number="C1", fetch_status=FetchStatus.PENDING,
    payment_status=None, available_from=TODAY - timedelta(days=1),
)
FULL = RunRequest(origin=FetchOrigin.AUTOMATIC)
COHORT = RunRequest(origin=FetchOrigin.COHORT, cohort="2026-01")
CONTRACT = RunRequest(origin=FetchOrigin.INDIVIDUAL, contract_number="C1")
INVOICES = RunRequest(origin=FetchOrigin.INDIVIDUAL, invoice_ids=(7,))
FORCED = RunRequest(origin=FetchOrigin.RETRY, force=True)
LATER = NOW + timedelta(hours=1)
TOMORROW = TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("change", "request_", "expected"),
    [
        ({}, FULL, True),
        ({"fetch_status": FetchStatus.NOT_AVAILABLE}, FULL, True),
        ({"fetch_status": FetchStatus.ERROR}, FULL, True),
        ({"fetch_status": FetchStatus.SUCCESS}, FULL, False),
        ({"fetch_status": FetchStatus.PARTIAL}, FULL, False),
        ({"fetch_status": FetchStatus.SUCCESS}, CONTRACT, False),
        ({"fetch_status": FetchStatus.SUCCESS}, FORCED, True),
        # GAVE_UP: only when asked for by contract or invoice, or forced
        ({"fetch_status": FetchStatus.GAVE_UP}, FULL, False),
        ({"fetch_status": FetchStatus.GAVE_UP}, COHORT, False),
        ({"fetch_status": FetchStatus.GAVE_UP}, CONTRACT, True),
        ({"fetch_status": FetchStatus.GAVE_UP}, INVOICES, True),
        ({"fetch_status": FetchStatus.GAVE_UP}, FORCED, True),
        # a paid invoice is never fetched
        ({"payment_status": PaymentStatus.PAID}, FULL, False),
        ({"payment_status": PaymentStatus.PAID}, INVOICES, False),
        ({"payment_status": PaymentStatus.PAID}, FORCED, False),
        ({"payment_status": PaymentStatus.LATE}, FULL, True),
        # availability: from available_from on (that day included), unless forced
        ({"available_from": TODAY}, FULL, True),
        ({"available_from": TOMORROW}, FULL, False),
        ({"available_from": TOMORROW}, INVOICES, False),
        ({"available_from": TOMORROW}, FORCED, True),
        # the selector
        ({"cohort": "2026-02"}, COHORT, False),
        ({"cohort": "2026-02"}, FULL, True),
        ({"contract_number": "C2"}, CONTRACT, False),
        ({"invoice_id": 8}, INVOICES, False),
        ({"cohort": "2026-02"}, replace(FORCED, cohort="2026-01"), False),
        # CLOSED (no open debt at the operator) and PAID are settled: a forced run takes CLOSED only
        # when it names it, PAID never
        ({"fetch_status": FetchStatus.CLOSED}, FULL, False),
        ({"fetch_status": FetchStatus.CLOSED}, FORCED, False),
        ({"fetch_status": FetchStatus.CLOSED}, replace(FORCED, invoice_ids=(7,)), True),
        ({"fetch_status": FetchStatus.PAID}, replace(FORCED, invoice_ids=(7,)), False),
        # the attempt count plays no part (the limit acts through GAVE_UP)
        ({"fetch_status": FetchStatus.ERROR, "fetch_attempts": 9}, FULL, True),
    ],
)
def test_rule(change: dict[str, object], request_: RunRequest, expected: bool) -> None:
    assert is_eligible(replace(BASE, **change), request_, TODAY) is expected  # type: ignore[arg-type]


def test_declarative_pieces() -> None:
    assert allowed_statuses(FULL) == allowed_statuses(COHORT) == RETRYABLE_STATUSES
    assert set(RETRYABLE_STATUSES) == {FetchStatus.PENDING, FetchStatus.NOT_AVAILABLE, FetchStatus.ERROR}
    assert set(allowed_statuses(CONTRACT) or ()) == {*RETRYABLE_STATUSES, FetchStatus.GAVE_UP}
    # a forced run takes every status but PAID, and CLOSED only when it names the invoices
    assert set(allowed_statuses(FORCED)) == set(FetchStatus) - {FetchStatus.PAID, FetchStatus.CLOSED}
    assert set(allowed_statuses(replace(FORCED, contract_number="C1"))) == set(FetchStatus) - {FetchStatus.PAID}
    assert [availability_applies(r) for r in (FULL, INVOICES, FORCED)] == [True, True, False]
    assert [is_explicit(r) for r in (FULL, COHORT, CONTRACT, INVOICES)] == [False, False, True, True]


states = st.builds(
    InvoiceState,
    invoice_id=st.integers(1, 5),
    cohort=st.sampled_from(["2026-01", "2026-02"]),
    contract_number=st.sampled_from(["C1", "C2"]),
    fetch_status=st.sampled_from(FetchStatus),
    payment_status=st.none() | st.sampled_from(PaymentStatus),
    available_from=st.dates(TODAY - timedelta(days=3), TODAY + timedelta(days=3)),
    fetch_attempts=st.integers(0, 25),
)
selectors = st.fixed_dictionaries({
    "cohort": st.none() | st.sampled_from(["2026-01", "2026-02"]),
    "contract_number": st.none() | st.sampled_from(["C1", "C2"]),
    "invoice_ids": st.lists(st.integers(1, 5), max_size=3).map(tuple),
})


@given(state=states, selector=selectors, force=st.booleans())
def test_properties(state: InvoiceState, selector: dict[str, object], force: bool) -> None:
    request = RunRequest(force=force, **selector)  # type: ignore[arg-type]
    picked = is_eligible(state, request, TODAY)
    forced = is_eligible(state, replace(request, force=True), TODAY)
    if state.payment_status is PaymentStatus.PAID:
        assert not picked and not forced
    assert not picked or forced  # forcing only ever adds invoices
    # the attempt count never changes the answer
    assert is_eligible(replace(state, fetch_attempts=0), request, TODAY) is picked
    # naming the invoice only ever adds to what its cohort's run picks
    by_cohort = is_eligible(state, RunRequest(cohort=state.cohort, force=force), TODAY)
    by_id = is_eligible(state, RunRequest(invoice_ids=(state.invoice_id,), force=force), TODAY)
    assert not by_cohort or by_id
    if picked and not force:
        assert state.available_from <= TODAY
        assert state.fetch_status in RETRYABLE_STATUSES or (
            state.fetch_status is FetchStatus.GAVE_UP and is_explicit(request))


def _cand(invoice_id: int, due: date, last: datetime | None) -> Candidate:
    return Candidate(invoice_id=invoice_id, contract_id=1, contract_number="C1", cohort="2026-01", number=1,
                     due_date=due, expected_amount=None, fetch_status=FetchStatus.PENDING, fetch_attempts=0,
                     last_fetch_at=last)


def test_job_order_puts_new_work_first_then_the_longest_waiting_retries() -> None:
    early, late = TODAY - timedelta(days=20), TODAY - timedelta(days=2)
    jobs = {
        "retry, waited least": [_cand(1, early, NOW - timedelta(hours=1))],
        "new, due late": [_cand(2, late, None)],
        "retry, waited most": [_cand(3, late, NOW - timedelta(days=3)), _cand(4, early, NOW - timedelta(hours=2))],
        "new, due early (with a retry sibling)": [_cand(9, early, None), _cand(5, early, NOW - timedelta(days=9))],
    }
    order = sorted(jobs, key=lambda name: job_order(jobs[name]))
    assert order == ["new, due early (with a retry sibling)", "new, due late", "retry, waited most",
                     "retry, waited least"]
